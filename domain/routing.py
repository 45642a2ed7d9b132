"""Inbound routing (SPEC section 5) and the number an outbound message leaves from (section 4).

Both are pure decisions over records the service layer loads; ``now`` is always passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from domain.model import (
    OPERATIONAL_CODES,
    BusinessNumber,
    Inbound,
    MeetAndGreet,
    NoFrontDesk,
    NumberChoice,
    NumberClass,
    NumberStatus,
    Outbound,
    RouteCode,
    RouteDecision,
    RouteTarget,
)
from domain.numbers import effective_status, is_in_service
from domain.windows import active_sitter_ids, active_windows

__all__ = ["OPERATIONAL_CODES", "choose_from_number", "decide_route", "front_desk_of"]


# --------------------------------------------------------------------------------------------
# Section 5: inbound


def decide_route(inbound: Inbound, now: datetime) -> RouteDecision:
    """Route one inbound client SMS at ``now``, by the precedence of R0:

    1. ``to_number`` not in service at ``now`` (cooldown, quarantined, retired)
       → owner inbox, ``number_inactive`` ("Number not in service").
    2. A ``pool`` number texted by anyone but its current leaseholder (unknown sender, old
       client, released lease) → owner inbox, ``pool_mismatch`` ("Pool number mismatch").
    3. Sender unknown to the org → owner inbox, ``unknown_sender`` ("Unknown sender").
    4. The window rows, over the windows of the sender's thread active at ``now`` (W2):

       - a ``sitter`` number: its sitter has an active window → that sitter, ``active_window``;
         otherwise → owner inbox, ``no_active_window``;
       - the front desk or the sender's own pool lease: the active windows belong to exactly
         one sitter → that sitter, ``active_window``; none → owner inbox, ``no_active_window``;
         two or more sitters → owner inbox, ``overlapping_windows`` with the candidates.
         Several active windows of the *same* sitter are one sitter, not an overlap.

    Finally, when the body tripped anti-poaching, the target becomes the owner inbox whatever
    the row said: ``code`` is ``anti_poaching_blocked`` and ``row_code``/``row_sitter_id`` keep
    the row.
    """
    row = _row(inbound, now)
    if not inbound.anti_poaching_blocked:
        return row
    return RouteDecision(
        target=RouteTarget.OWNER_INBOX,
        sitter_id=None,
        code=RouteCode.ANTI_POACHING_BLOCKED,
        reason=f"Anti-poaching: the message was blocked and held for the owner ({row.reason}).",
        row_code=row.code,
        row_sitter_id=row.sitter_id,
        candidate_sitter_ids=row.candidate_sitter_ids,
    )


def _row(inbound: Inbound, now: datetime) -> RouteDecision:
    number = inbound.to_number
    status = effective_status(number, now)
    if status is not NumberStatus.ACTIVE:
        return _owner(RouteCode.NUMBER_INACTIVE, f"Number not in service ({status}).")

    if number.number_class is NumberClass.POOL and (
        inbound.client_id is None or inbound.client_id != inbound.pool_leaseholder_id
    ):
        return _owner(
            RouteCode.POOL_MISMATCH,
            "Pool number mismatch: the sender is not this number's current leaseholder.",
        )

    if inbound.client_id is None:
        return _owner(RouteCode.UNKNOWN_SENDER, "Unknown sender: a new contact thread was created.")

    if number.number_class is NumberClass.SITTER:
        sitter_id = number.assigned_sitter_id
        if sitter_id is not None and any(
            w.sitter_id == sitter_id for w in active_windows(inbound.thread_windows, now)
        ):
            return _to_sitter(sitter_id, "Active assignment window of this number's sitter.")
        return _owner(
            RouteCode.NO_ACTIVE_WINDOW,
            "No active assignment window for this number's sitter on the client's thread.",
        )

    sitters = active_sitter_ids(inbound.thread_windows, now)
    if len(sitters) == 1:
        return _to_sitter(sitters[0], "Active assignment window on the client's thread.")
    if not sitters:
        return _owner(
            RouteCode.NO_ACTIVE_WINDOW, "No active assignment window on the client's thread."
        )
    return RouteDecision(
        target=RouteTarget.OWNER_INBOX,
        sitter_id=None,
        code=RouteCode.OVERLAPPING_WINDOWS,
        reason="Multiple active assignment windows: the owner picks the sitter.",
        row_code=RouteCode.OVERLAPPING_WINDOWS,
        candidate_sitter_ids=sitters,
    )


def to_owner_instead(decision: RouteDecision, why: str) -> RouteDecision:
    """A text the row sends to a sitter who may not get messages now goes to the owner inbox;
    `row_code`/`row_sitter_id` still say what the row said."""
    return RouteDecision(
        RouteTarget.OWNER_INBOX,
        None,
        RouteCode.SITTER_MESSAGING_OFF,
        f"{decision.reason} {why}",
        decision.row_code,
        decision.row_sitter_id,
    )


def _owner(code: RouteCode, reason: str) -> RouteDecision:
    return RouteDecision(RouteTarget.OWNER_INBOX, None, code, reason, code)


def _to_sitter(sitter_id: int, reason: str) -> RouteDecision:
    return RouteDecision(
        RouteTarget.SITTER,
        sitter_id,
        RouteCode.ACTIVE_WINDOW,
        reason,
        RouteCode.ACTIVE_WINDOW,
        row_sitter_id=sitter_id,
    )


# --------------------------------------------------------------------------------------------
# Section 4: outbound


def front_desk_of(numbers: Iterable[BusinessNumber]) -> BusinessNumber:
    """The org's active front-desk number (lowest id if data ever holds two); raises
    :class:`NoFrontDesk` when there is none, since every fallback needs it."""
    desks = [
        n
        for n in numbers
        if n.number_class is NumberClass.FRONT_DESK and n.status is NumberStatus.ACTIVE
    ]
    if not desks:
        raise NoFrontDesk("This business has no active front-desk number to send from.")
    return min(desks, key=lambda n: n.id)


def choose_from_number(outbound: Outbound, now: datetime) -> NumberChoice:
    """Section 4, in order, decided at send time:

    1. Billing (payment links, invoices, billing reminders) → front desk. Always.
    2. Meet-and-greet ``pending`` or ``failed`` (anything but ``none``/``approved``) → front desk.
    3. Exactly one active window on the thread (W2; several active windows of the same sitter
       count as one, as in :func:`decide_route`) →
       recurring client: that window's sitter's ``sitter`` number if in service, else front
       desk; one-time client: the thread's leased ``pool`` number if in service, else front desk.
    4. Otherwise (no active window, or several) → front desk.
    """
    desk = front_desk_of(outbound.numbers)
    if outbound.billing:
        return NumberChoice(desk, "Billing messages always leave from the front desk.")
    if outbound.meet_and_greet in (MeetAndGreet.PENDING, MeetAndGreet.FAILED):
        return NumberChoice(desk, "Meet-and-greet not approved: front desk.")

    sitters = active_sitter_ids(outbound.thread_windows, now)
    if not sitters:
        return NumberChoice(desk, "No active assignment window: front desk.")
    if len(sitters) > 1:
        return NumberChoice(desk, "Several active assignment windows: front desk.")

    if not outbound.is_one_time_client:
        for number in sorted(outbound.numbers, key=lambda n: n.id):
            if (
                number.number_class is NumberClass.SITTER
                and number.assigned_sitter_id == sitters[0]
                and is_in_service(number, now)
            ):
                return NumberChoice(number, "Active window of a recurring client: sitter's number.")
        return NumberChoice(
            desk, "Active window, but the sitter has no number in service: front desk."
        )

    for number in outbound.numbers:
        if (
            number.id == outbound.leased_pool_number_id
            and number.number_class is NumberClass.POOL
            and is_in_service(number, now)
        ):
            return NumberChoice(number, "Active window of a one-time client: leased pool number.")
    return NumberChoice(desk, "Active window, but no pool number in service is leased: front desk.")
