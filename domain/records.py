"""The frozen records the pure rules take.

Every record is a frozen dataclass whose fields mirror a table's columns, so a service builds
one straight from a row (``from_row(BusinessNumber, row)``); enum fields accept the plain
strings a database returns and turn them into the enum. Every datetime must be timezone-aware
(UTC by convention): comparing naive and aware times is a bug we refuse at the door rather than
deep inside a rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from domain.states import (
    Direction,
    MeetAndGreet,
    NumberClass,
    NumberStatus,
    RouteCode,
    RouteTarget,
    SenderRole,
    SitterStatus,
)

R = TypeVar("R")


def from_row(cls: type[R], row: Mapping[str, Any], **overrides: Any) -> R:
    """Build record ``cls`` from a database row: the row's keys named like the record's fields
    are taken, other keys are ignored, and ``overrides`` fill or rename the rest
    (``from_row(Window, row, sitter_id=row["sitter"])``)."""
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    values = {key: value for key, value in row.items() if key in names}
    values.update(overrides)
    return cls(**values)


def _require_aware(record: object) -> None:
    for f in fields(record):  # type: ignore[arg-type]
        value = getattr(record, f.name)
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise ValueError(
                f"{type(record).__name__}.{f.name} must be timezone-aware (got {value!r})"
            )


def _coerce(record: object, name: str, enum: type[StrEnum]) -> None:
    value = getattr(record, name)
    if not isinstance(value, enum):
        object.__setattr__(record, name, enum(value))


@dataclass(frozen=True, slots=True)
class BusinessNumber:
    """A Twilio number the org owns. ``was_sitter_identity`` is set forever once the number has
    been any sitter's number (N4: such a number is never another sitter's identity)."""

    id: int
    e164: str
    number_class: NumberClass
    status: NumberStatus = NumberStatus.ACTIVE
    assigned_sitter_id: int | None = None
    was_sitter_identity: bool = False
    quarantined_until: datetime | None = None
    cooldown_until: datetime | None = None

    def __post_init__(self) -> None:
        _coerce(self, "number_class", NumberClass)
        _coerce(self, "status", NumberStatus)
        _require_aware(self)


@dataclass(frozen=True, slots=True)
class Window:
    """An assignment window: the span in which ``sitter_id`` serves the thread's client for one
    booking (W1-W3). Active on the half-open interval ``[starts_at, ends_at)`` unless closed;
    ``closed_at`` is set when the window was closed early (unassign, cancel, offboarding)."""

    id: int
    thread_id: int
    booking_id: int
    sitter_id: int
    starts_at: datetime
    ends_at: datetime
    closed_at: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware(self)

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True, slots=True)
class PoolLease:
    """A pool number leased to a one-time client's thread (N6). The lease holds while
    ``released_at`` is unset or still in the future: a service may set ``released_at`` to the
    booking window's end when it leases, and to the cancel time on cancellation."""

    number_id: int
    client_id: int
    leased_at: datetime
    released_at: datetime | None = None
    thread_id: int | None = None
    booking_id: int | None = None

    def __post_init__(self) -> None:
        _require_aware(self)

    def is_current(self, now: datetime) -> bool:
        """Holds at ``now`` when not released yet (``now < released_at``, end exclusive)."""
        return self.released_at is None or now < self.released_at


@dataclass(frozen=True, slots=True)
class Sitter:
    id: int
    status: SitterStatus = SitterStatus.ACTIVE
    messaging_locked: bool = False

    def __post_init__(self) -> None:
        _coerce(self, "status", SitterStatus)


@dataclass(frozen=True, slots=True)
class MessagingFlags:
    """S2 feature flags. ``sitter_allowlist`` None means every sitter; a set limits sitter
    messaging to those sitter ids."""

    messaging_v1: bool = False
    sitter_messages_v1: bool = False
    sitter_allowlist: frozenset[int] | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """What the visibility rule needs to know about a stored message."""

    id: int
    thread_id: int
    created_at: datetime
    direction: Direction = Direction.INBOUND
    sender_role: SenderRole = SenderRole.CLIENT
    billing: bool = False
    blocked: bool = False
    scanned_clean: bool = True  # inbound: the anti-poaching scan passed it on arrival
    #: False while an attachment is being checked or was blocked (`domain.attachments`).
    attachments_released: bool = True

    def __post_init__(self) -> None:
        _coerce(self, "direction", Direction)
        _coerce(self, "sender_role", SenderRole)
        _require_aware(self)


@dataclass(frozen=True, slots=True)
class Inbound:
    """Everything :func:`domain.routing.decide_route` needs about one inbound SMS.

    - ``to_number``: the business number the client texted.
    - ``client_id``: the sender's client id in this org, or None when the sender is unknown.
    - ``thread_windows``: every window (any sitter, open or closed) of the sender's thread.
    - ``pool_leaseholder_id``: the client currently holding ``to_number``'s pool lease, if any.
    - ``anti_poaching_blocked``: the body tripped the anti-poaching detector.
    """

    to_number: BusinessNumber
    client_id: int | None
    thread_windows: tuple[Window, ...] = ()
    pool_leaseholder_id: int | None = None
    anti_poaching_blocked: bool = False


@dataclass(frozen=True, slots=True)
class RouteDecision:
    """Where an inbound message goes and why (SPEC section 5).

    ``code``/``reason`` are the final ones; ``row_code``/``row_sitter_id`` are what the table
    row said before an anti-poaching block overrode it (equal to ``code``/``sitter_id`` when
    nothing was blocked). ``sitter_id`` is set exactly when ``target`` is ``sitter``.
    ``candidate_sitter_ids`` lists the sitters of the overlap prompt ("route to which sitter?").
    """

    target: RouteTarget
    sitter_id: int | None
    code: RouteCode
    reason: str
    row_code: RouteCode
    row_sitter_id: int | None = None
    candidate_sitter_ids: tuple[int, ...] = field(default=())

    @property
    def blocked(self) -> bool:
        return self.code is RouteCode.ANTI_POACHING_BLOCKED

    @property
    def operational(self) -> bool:
        """R1: counted in ``ownerInboxRoutedOperational``."""
        return self.code in OPERATIONAL_CODES


#: R1: owner-inbox routes caused by how numbers and windows are set up, not by the sender.
OPERATIONAL_CODES: frozenset[RouteCode] = frozenset(
    {
        RouteCode.NO_ACTIVE_WINDOW,
        RouteCode.OVERLAPPING_WINDOWS,
        RouteCode.POOL_MISMATCH,
        RouteCode.NUMBER_INACTIVE,
    }
)


@dataclass(frozen=True, slots=True)
class Outbound:
    """Everything :func:`domain.routing.choose_from_number` needs about one outbound message.

    - ``numbers``: the org's business numbers (all of them; the rule picks).
    - ``thread_windows``: every window of the thread.
    - ``is_one_time_client``: the thread's client classification (T2).
    - ``billing``: payment link, invoice or billing reminder.
    - ``meet_and_greet``: the thread's meet-and-greet state.
    - ``leased_pool_number_id``: the pool number currently leased to the thread, if any.
    """

    numbers: tuple[BusinessNumber, ...]
    thread_windows: tuple[Window, ...] = ()
    is_one_time_client: bool = True
    billing: bool = False
    meet_and_greet: MeetAndGreet = MeetAndGreet.NONE
    leased_pool_number_id: int | None = None

    def __post_init__(self) -> None:
        _coerce(self, "meet_and_greet", MeetAndGreet)


@dataclass(frozen=True, slots=True)
class NumberChoice:
    """The number a message leaves from and a short sentence saying why (stored with it)."""

    number: BusinessNumber
    reason: str


@dataclass(frozen=True, slots=True)
class Permission:
    """S2: may the sitter send? ``explanation`` is friendly text for the disabled composer."""

    allowed: bool
    explanation: str
    next_window: Window | None = None
