"""Business numbers (SPEC section 1): classes, sitter activation, cooldown, quarantine and the
choice of a pool number. Pure functions over :class:`BusinessNumber` records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from domain.model import (
    BusinessNumber,
    DuplicateNumber,
    NotRecyclable,
    NumberClass,
    NumberStatus,
    OnlyFrontDesk,
    PoolLease,
    SecondFrontDesk,
)
from domain.quarantine import quarantine_until

#: N4: how long a departed sitter's number rests before it may come back (as a pool number).
COOLDOWN = timedelta(days=90)
#: N6: a pool number released by another client within this span is avoided while others
#: are free.
POOL_REUSE_GAP = timedelta(days=30)


# --------------------------------------------------------------------------------------------
# Status


def effective_status(number: BusinessNumber, now: datetime) -> NumberStatus:
    """The status a number has at ``now``: a quarantine ends by itself, so a number whose
    ``quarantined_until <= now`` reads as ``active`` (the end instant is already free). A
    quarantine without an end stays. Every other status reads as stored; a finished cooldown
    still reads ``cooldown`` until the number is recycled (see :func:`is_recyclable`)."""
    if (
        number.status is NumberStatus.QUARANTINED
        and number.quarantined_until is not None
        and number.quarantined_until <= now
    ):
        return NumberStatus.ACTIVE
    return number.status


def is_in_service(number: BusinessNumber, now: datetime) -> bool:
    """A number may be chosen for a send, and inbound to it is routed normally, only while its
    effective status is ``active``."""
    return effective_status(number, now) is NumberStatus.ACTIVE


# --------------------------------------------------------------------------------------------
# N1: registering, and the one front desk


def check_can_register(
    existing_numbers: Iterable[BusinessNumber],
    new_class: NumberClass | str,
    e164: str | None = None,
) -> None:
    """N1: an org has exactly one active front-desk number; registering another while one is
    active (stored status ``active`` or ``quarantined``) raises :class:`SecondFrontDesk`.
    Registering an E.164 the org already has raises :class:`DuplicateNumber`."""
    existing = tuple(existing_numbers)
    if e164 is not None and any(n.e164 == e164 for n in existing):
        raise DuplicateNumber("This number is already registered.")
    if NumberClass(new_class) is NumberClass.FRONT_DESK and any(
        n.number_class is NumberClass.FRONT_DESK
        and n.status in (NumberStatus.ACTIVE, NumberStatus.QUARANTINED)
        for n in existing
    ):
        raise SecondFrontDesk(
            "This business already has an active front-desk number, and a business has one. "
            "To move the front desk to another number, contact Snout support."
        )


def check_can_take_out_of_service(
    number: BusinessNumber, numbers: Iterable[BusinessNumber]
) -> None:
    """N1: quarantining or retiring the only active front-desk number raises
    :class:`OnlyFrontDesk` (``numbers`` are the org's numbers, ``number`` among them)."""
    if (
        number.number_class is not NumberClass.FRONT_DESK
        or number.status is not NumberStatus.ACTIVE
    ):
        return
    others = [
        n
        for n in numbers
        if n.id != number.id
        and n.number_class is NumberClass.FRONT_DESK
        and n.status is NumberStatus.ACTIVE
    ]
    if not others:
        raise OnlyFrontDesk(
            "This is the business's only front-desk number: it cannot be quarantined."
        )


# --------------------------------------------------------------------------------------------
# N2/N3: a sitter's dedicated number


def choose_sitter_number(
    numbers: Iterable[BusinessNumber], sitter_id: int, now: datetime | None = None
) -> BusinessNumber | None:
    """N2: the number a sitter gets on activation.

    1. Idempotent re-activation: the ``sitter`` number already assigned to this sitter, unless
       it is in cooldown or retired (a quarantined one stays theirs, N3).
    2. Else an ``active`` (effectively active when ``now`` is given), unassigned ``sitter``
       number that has never been any sitter's identity, lowest id first.
    3. Else None (the service may buy one, or raise the "sitter without number" alert).
    """
    pool = tuple(numbers)
    for number in sorted(pool, key=lambda n: n.id):
        if (
            number.number_class is NumberClass.SITTER
            and number.assigned_sitter_id == sitter_id
            and number.status in (NumberStatus.ACTIVE, NumberStatus.QUARANTINED)
        ):
            return number
    for number in sorted(pool, key=lambda n: n.id):
        status = number.status if now is None else effective_status(number, now)
        if (
            number.number_class is NumberClass.SITTER
            and status is NumberStatus.ACTIVE
            and number.assigned_sitter_id is None
            and not number.was_sitter_identity
        ):
            return number
    return None


def assign_to_sitter(number: BusinessNumber, sitter_id: int) -> BusinessNumber:
    """The number as it is once it became ``sitter_id``'s identity (marked forever)."""
    return replace(number, assigned_sitter_id=sitter_id, was_sitter_identity=True)


# --------------------------------------------------------------------------------------------
# N4: offboarding and recycling


def cooldown_until(now: datetime) -> datetime:
    """N4: a departed sitter's number rests for 90 days from offboarding."""
    return now + COOLDOWN


def start_cooldown(number: BusinessNumber, now: datetime) -> BusinessNumber:
    """N4: on offboarding the sitter's number goes to ``cooldown`` for 90 days at once. It
    keeps ``assigned_sitter_id`` (whose number it was, for history) and its identity mark."""
    return replace(
        number,
        status=NumberStatus.COOLDOWN,
        cooldown_until=cooldown_until(now),
        was_sitter_identity=True,
    )


def is_recyclable(number: BusinessNumber, now: datetime) -> bool:
    """N4: a number in cooldown is recyclable from ``cooldown_until`` on (that instant
    included)."""
    return (
        number.status is NumberStatus.COOLDOWN
        and number.cooldown_until is not None
        and now >= number.cooldown_until
    )


def recycle_after_cooldown(number: BusinessNumber, now: datetime) -> BusinessNumber:
    """N4: after its cooldown a departed sitter's number comes back **only as a pool number**,
    active, unassigned, and still marked as a former sitter identity (so N2 never hands it to
    another sitter). Raises :class:`NotRecyclable` before the cooldown has ended."""
    if not is_recyclable(number, now):
        raise NotRecyclable("This number is still in its 90-day cooldown.")
    return replace(
        number,
        number_class=NumberClass.POOL,
        status=NumberStatus.ACTIVE,
        assigned_sitter_id=None,
        was_sitter_identity=True,
        cooldown_until=None,
    )


# --------------------------------------------------------------------------------------------
# N5: quarantine


def quarantine(
    number: BusinessNumber,
    numbers: Iterable[BusinessNumber],
    now: datetime,
    duration: str | int | None = None,
    custom_days: int | str | None = None,
) -> BusinessNumber:
    """N5 + N1: the number quarantined until its end; refuses the only front desk."""
    until = quarantine_until(now, duration, custom_days)
    check_can_take_out_of_service(number, numbers)
    return replace(number, status=NumberStatus.QUARANTINED, quarantined_until=until)


# --------------------------------------------------------------------------------------------
# N6: pool leases


def released_recently_by_another_client(
    number_leases: Iterable[PoolLease], client_id: int, now: datetime
) -> bool:
    """N6: one of a number's leases was released by a client other than ``client_id`` less
    than 30 days before ``now`` (released exactly 30 days ago no longer counts)."""
    return any(
        lease.client_id != client_id
        and lease.released_at is not None
        and lease.released_at <= now
        and now - lease.released_at < POOL_REUSE_GAP
        for lease in number_leases
    )


def choose_pool_number(
    pool_numbers: Iterable[BusinessNumber],
    leases: Iterable[PoolLease],
    client_id: int,
    now: datetime,
) -> BusinessNumber | None:
    """N6: the pool number to lease to ``client_id``'s thread at ``now``.

    Candidates are ``pool`` numbers in service at ``now`` that no *other* client currently
    holds (a pool number is never leased to two clients at once).

    1. Sticky: among the client's own past or current leases, newest first, the first whose
       number is a candidate.
    2. Else the least recently used candidate: never-leased numbers first, then by the latest
       of each lease's release (or lease) time; numbers released by a *different* client less
       than 30 days ago (:func:`released_recently_by_another_client`) come last, so they are
       used only when no other number is free. Ties go to the lowest id. (Sticky wins over
       the 30-day avoidance: a client may get back the number it had.)
    3. None when the pool is exhausted (the caller falls back to the front desk and alerts).
    """
    all_leases = tuple(leases)
    candidates = _pool_candidates(pool_numbers, all_leases, client_id, now)
    own = sorted(
        (lease for lease in all_leases if lease.client_id == client_id),
        key=lambda lease: lease.leased_at,
        reverse=True,
    )
    for lease in own:
        if lease.number_id in candidates:
            return candidates[lease.number_id]
    if not candidates:
        return None
    return min(candidates.values(), key=lambda number: _lru_key(number, all_leases, client_id, now))


def _pool_candidates(
    pool_numbers: Iterable[BusinessNumber],
    leases: tuple[PoolLease, ...],
    client_id: int,
    now: datetime,
) -> dict[int, BusinessNumber]:
    """N6: the pool numbers in service at ``now`` that no other client holds, by id."""
    held_by_others = {
        lease.number_id
        for lease in leases
        if lease.client_id != client_id and lease.is_current(now)
    }
    return {
        n.id: n
        for n in pool_numbers
        if n.number_class is NumberClass.POOL
        and is_in_service(n, now)
        and n.id not in held_by_others
    }


def _lru_key(
    number: BusinessNumber, leases: tuple[PoolLease, ...], client_id: int, now: datetime
) -> tuple[bool, bool, float, int]:
    """False sorts first: not recently released by another client, then never leased, then
    the oldest last use, then the lowest id."""
    history = [lease for lease in leases if lease.number_id == number.id]
    recently_other = released_recently_by_another_client(history, client_id, now)
    last_used = max((lease.released_at or lease.leased_at for lease in history), default=None)
    last = last_used.timestamp() if last_used is not None else 0.0
    return recently_other, last_used is not None, last, number.id
