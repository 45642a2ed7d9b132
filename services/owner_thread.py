"""One conversation as the owner sees it: on its page (`thread_view`) and through the JSON API
(`message_page`, the read both share).

A thread's messages are read a page at a time on the `message (thread, created_at)` index: the
latest `THREAD_MESSAGES`, or with `before` (a message of the thread) the ones just older than
it, so a long conversation costs the same as a short one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from db.scope import get_in_org
from db.tables import (
    AssignmentWindow,
    Booking,
    BusinessNumber,
    Client,
    Message,
    RoutingDecision,
    Thread,
)
from domain.errors import NotFound
from domain.model import (
    BookingStatus,
    Direction,
    MessageKind,
    MessageStatus,
    NumberClass,
    RouteCode,
    SenderRole,
    ServiceType,
)
from domain.policy import window_header
from domain.windows import active_windows
from services import consent, records, sending
from services.message_media import Attached, media_by_message
from services.owner_views import Choice, decisions_for, org_of, sitter_names

THREAD_MESSAGES = 200
THREAD_BOOKINGS = 20


@dataclass(frozen=True, slots=True)
class MessagePage:
    """Oldest first; `has_older` when messages older than the first one exist."""

    messages: list[Message]
    decisions: dict[int, RoutingDecision]
    has_older: bool
    media: dict[int, list[Attached]] = field(default_factory=dict)  # by message id


async def message_page(
    org_id: int, thread_id: int, before: int | None = None, *, billing: bool = True
) -> MessagePage:
    """The latest `THREAD_MESSAGES` messages of a thread of the org, or with `before` the ones
    just older than that message (404 unless it belongs to the thread). Without `billing`
    (a manager, SPEC O5), billing messages are left out."""
    query = Message.objects().where(Message.thread == thread_id)
    if not billing:
        query = query.where(Message.billing.eq(False))
    if before is not None:
        anchor = await get_in_org(Message, org_id, before, what="message")
        if anchor.thread != thread_id:
            raise NotFound("No such message in this conversation.")
        query = query.where(
            (Message.created_at < anchor.created_at)
            | ((Message.created_at == anchor.created_at) & (Message.id < anchor.id))
        )
    rows = (
        await query.order_by(Message.created_at, ascending=False)
        .order_by(Message.id, ascending=False)
        .limit(THREAD_MESSAGES + 1)
    )
    page = rows[:THREAD_MESSAGES]
    page.reverse()
    ids = [row.id for row in page]
    return MessagePage(
        page, await decisions_for(ids), len(rows) > len(page), await media_by_message(ids)
    )


@dataclass(frozen=True, slots=True)
class ThreadMessage:
    """A message on the thread page: who sent it, from which class of number, and why it was
    routed where it was."""

    id: int
    direction: Direction
    kind: MessageKind
    status: MessageStatus
    body: str
    from_e164: str
    to_e164: str
    billing: bool
    blocked: bool
    needs_owner_attention: bool
    created_at: datetime
    sender: str
    number_class: NumberClass | None
    decision: RoutingDecision | None
    media: list[Attached] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class WindowLine:
    sitter_name: str
    starts_at: datetime
    ends_at: datetime
    closed: bool
    active: bool


@dataclass(frozen=True, slots=True)
class BookingChoice:
    """A booking of the thread's client, for the composer's payment link."""

    id: int
    service_type: ServiceType
    starts_at: datetime


@dataclass
class ThreadView:
    thread: Thread
    client: Client
    header: str
    number_class: NumberClass
    number_e164: str
    number_reason: str
    messages: list[ThreadMessage]
    windows: list[WindowLine]
    before: int | None = None  # showing the messages older than this one
    has_older: bool = False
    overlap_sitters: list[Choice] = field(default_factory=list)
    bookings: list[BookingChoice] = field(default_factory=list)
    consent_events: list[dict] = field(default_factory=list)  # R4, O1: newest first


async def thread_view(
    org_id: int, thread_id: int, now: datetime, before: int | None = None, *, billing: bool = True
) -> ThreadView:
    """The conversation with everything the owner needs to act on it (another org's id 404):
    its latest messages, or with `before` the ones just older than that message; billing
    messages only with `billing`."""
    org = await org_of(org_id)
    thread = await get_in_org(Thread, org_id, thread_id, what="thread")
    client = await Client.objects().where(Client.id == thread.client).first()
    assert client is not None
    names = await sitter_names(org_id)
    window_rows = await AssignmentWindow.objects().where(AssignmentWindow.thread == thread.id)
    window_records = [records.window_record(w) for w in window_rows]
    active_sitters = {w.sitter_id for w in active_windows(window_records, now)}
    choice = await sending.number_for_thread(thread, billing=False, now=now)
    page = await message_page(org_id, thread.id, before, billing=billing)
    messages = await _thread_messages(org_id, page, names)
    overlap = any(
        m.decision is not None
        and m.decision.code == RouteCode.OVERLAPPING_WINDOWS
        and m.needs_owner_attention
        for m in messages
    )
    return ThreadView(
        thread=thread,
        client=client,
        header=window_header(window_records, now, org.time_zone),
        number_class=choice.number.number_class,
        number_e164=choice.number.e164,
        number_reason=choice.reason,
        messages=messages,
        before=before,
        has_older=page.has_older,
        windows=_window_lines(window_rows, names, active_sitters, now),
        overlap_sitters=(
            [Choice(s, names.get(s, f"Sitter {s}")) for s in sorted(active_sitters)]
            if overlap
            else []
        ),
        bookings=await _open_bookings(client.id),
        consent_events=await consent.history(client.id),
    )


async def _thread_messages(
    org_id: int, page: MessagePage, names: dict[int, str]
) -> list[ThreadMessage]:
    number_classes = {
        row["id"]: NumberClass(row["number_class"])
        for row in await BusinessNumber.select(
            BusinessNumber.id, BusinessNumber.number_class
        ).where(BusinessNumber.org == org_id)
    }
    return [
        ThreadMessage(
            id=row.id,
            direction=Direction(row.direction),
            kind=MessageKind(row.kind),
            status=MessageStatus(row.status),
            body=row.body,
            from_e164=row.from_e164,
            to_e164=row.to_e164,
            billing=row.billing,
            blocked=row.blocked,
            needs_owner_attention=row.needs_owner_attention,
            created_at=row.created_at,
            sender=_sender(row, names),
            number_class=number_classes.get(row.number),
            decision=page.decisions.get(row.id),
            media=page.media.get(row.id, []),
        )
        for row in page.messages
    ]


def _window_lines(
    rows: list[AssignmentWindow], names: dict[int, str], active_sitters: set[int], now: datetime
) -> list[WindowLine]:
    return [
        WindowLine(
            sitter_name=names.get(w.sitter, f"Sitter {w.sitter}"),
            starts_at=w.starts_at,
            ends_at=w.ends_at,
            closed=w.closed_at is not None,
            active=w.sitter in active_sitters
            and w.closed_at is None
            and w.starts_at <= now < w.ends_at,
        )
        for w in sorted(rows, key=lambda w: w.starts_at)
    ]


async def _open_bookings(client_id: int) -> list[BookingChoice]:
    rows = (
        await Booking.select(Booking.id, Booking.service_type, Booking.starts_at)
        .where((Booking.client == client_id) & (Booking.status != BookingStatus.CANCELLED))
        .order_by(Booking.starts_at, ascending=False)
        .limit(THREAD_BOOKINGS)
    )
    return [
        BookingChoice(row["id"], ServiceType(row["service_type"]), row["starts_at"]) for row in rows
    ]


def _sender(row: Message, names: dict[int, str]) -> str:
    role = row.sender_role
    if role == SenderRole.CLIENT:
        return "Client"
    if role == SenderRole.SITTER:
        return names.get(row.sender_sitter, "Sitter")
    if role == SenderRole.OWNER:
        return "You"
    return "Snout"
