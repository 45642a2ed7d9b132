"""The statements of an inbound SMS's common path, and the records their rows become.

The webhook path is the hottest in Snout, so its common case runs hand-written statements:
Piccolo spends 0.16-0.24 ms building each query (measured in benchmarks/webhook.py's setting,
against 0.05 ms for the same statement written out), and this path used to run eleven of them.
Rare branches (a new contact, a STOP, a blocked text, an auto-response) keep Piccolo queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.queries.numbers import number_record
from db.tables import Client, Media, Message, RoutingDecision, Sitter
from domain import model
from domain.attachments import Attachment
from domain.model import MediaStatus
from domain.sitter_notices import NOTIFY_EVERY, Attention

#: The number texted, whether this sid is already stored, the sender's client and thread, and
#: the thread's windows: one row per window (or one row with no window).
CONTEXT_SQL = """
SELECT n.id, n.org, n.e164, n.number_class, n.status, n.assigned_sitter, n.was_sitter_identity,
       n.quarantined_until, n.cooldown_until,
       (SELECT m.id FROM message m WHERE m.provider_sid = {}) AS duplicate_id,
       c.id AS client_id, c.name AS client_name, c.pet_name, c.opted_out_at,
       t.id AS thread_id,
       (SELECT s.id FROM sitter s
        WHERE s.org = n.org AND s.phone_e164 = {} AND s.status = 'active'
        ORDER BY s.id LIMIT 1) AS staff_sitter_id,
       w.id AS window_id, w.booking AS booking_id, w.sitter AS sitter_id, w.starts_at, w.ends_at,
       w.closed_at
FROM business_number n
LEFT JOIN client c ON c.org = n.org AND c.phone_e164 = {}
LEFT JOIN thread t ON t.org = n.org AND t.client = c.id
LEFT JOIN assignment_window w ON w.thread = t.id
WHERE n.e164 = {}
"""
#: The sitter a text is routed to: whether they may get it (their state), who R5 notifies
#: (their own phone, and the org's front desk it is texted from, when one is in service), and
#: what R5 knows of them and the thread: when they last read it, and their last text about it
#: since the given time.
ROUTED_SITTER_SQL = """
SELECT s.id AS sitter_id, s.status, s.locked_at, s.phone_e164 AS sitter_phone, s.last_seen_at,
       d.id AS desk_id, d.e164 AS desk_e164, r.read_at, m.created_at AS last_notified_at
FROM sitter s
LEFT JOIN business_number d
  ON d.org = s.org AND d.number_class = 'front_desk' AND d.status = 'active'
LEFT JOIN sitter_thread_read r ON r.sitter = s.id AND r.thread = {}
LEFT JOIN message m ON m.id = (
  SELECT n.id FROM message n
  WHERE n.thread = {} AND n.kind = 'notification' AND n.to_e164 = s.phone_e164
    AND n.created_at > {}
  ORDER BY n.created_at DESC LIMIT 1)
WHERE s.id = {} AND s.org = {}
"""
#: R3: the provider sid is unique, so a concurrent duplicate inserts nothing.
INSERT_MESSAGE_SQL = """
INSERT INTO message (org, thread, direction, sender_role, kind, body, from_e164, to_e164, number,
                     provider_sid, status, blocked, needs_owner_attention, scanned_clean,
                     created_at)
VALUES ({}, {}, 'inbound', 'client', 'chat', {}, {}, {}, {}, {}, 'received', {}, {}, {}, {})
ON CONFLICT (provider_sid) DO NOTHING
RETURNING id
"""
#: An MMS's attachments, one row each, written `checking` in the message's transaction.
INSERT_MEDIA_SQL = """
INSERT INTO media (org, message, position, status, source_url, declared_type, next_attempt_at,
                   created_at)
VALUES {}
"""
INSERT_DECISION_SQL = """
INSERT INTO routing_decision (org, message, thread, target, sitter, code, reason, row_code,
                              row_sitter, created_at)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {})
"""


@dataclass(frozen=True, slots=True)
class Stored:
    """The stored inbound message, as its callers need it."""

    id: int | None  # None: a concurrent request stored the same sid first
    thread: int | None  # None: a sitter's own phone (no client thread)
    blocked: bool
    needs_owner_attention: bool


@dataclass(frozen=True, slots=True)
class Sender:
    """The client who texted, as R4 (consent) and R5 (the sitter's notification) need them."""

    client_id: int
    name: str
    pet_name: str
    opted_out_at: datetime | None

    @classmethod
    def of(cls, client: Client) -> Sender:
        return cls(client.id, client.name, client.pet_name, client.opted_out_at)


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who R5 notifies, and the front desk the notification leaves from."""

    sitter_phone: str
    desk_id: int
    desk_e164: str
    sitter_id: int
    attention: Attention  # their page, and what they have read of the thread and been told


@dataclass(frozen=True, slots=True)
class RoutedSitter:
    """The sitter a text is routed to, and who R5 notifies (None: no front desk in service)."""

    sitter: model.Sitter
    recipient: Recipient | None


@dataclass(frozen=True, slots=True)
class Context:
    """What the routing decision needs, read in one statement."""

    org_id: int
    number: model.BusinessNumber
    duplicate_id: int | None
    sender: Sender | None  # None: nobody with this phone in the org yet
    thread_id: int | None
    staff_sitter_id: int | None = None  # a working sitter of the org owns this phone
    windows: tuple[model.Window, ...] = ()  # the thread's


async def context(provider_sid: str, from_e164: str, to_e164: str) -> Context | None:
    """None when `to_e164` is not a number of any org."""
    found = await Message.raw(CONTEXT_SQL, provider_sid, from_e164, from_e164, to_e164)
    if not found:
        return None
    row = found[0]
    sender = None
    if row["client_id"]:
        sender = Sender(row["client_id"], row["client_name"], row["pet_name"], row["opted_out_at"])
    windows = tuple(
        model.Window(
            r["window_id"],
            r["thread_id"],
            r["booking_id"],
            r["sitter_id"],
            r["starts_at"],
            r["ends_at"],
            r["closed_at"],
        )
        for r in found
        if r["window_id"] is not None
    )
    return Context(
        row["org"],
        number_record(row),
        row["duplicate_id"],
        sender,
        row["thread_id"],
        row["staff_sitter_id"],
        windows,
    )


async def stored(message_id: int) -> Stored:
    """A message stored earlier (a retried webhook)."""
    existing = await Message.objects().where(Message.id == message_id).first()
    return Stored(existing.id, existing.thread, existing.blocked, existing.needs_owner_attention)


async def routed_sitter(
    sitter_id: int | None, org_id: int, thread_id: int | None, now: datetime
) -> RoutedSitter | None:
    """None when there is no such sitter in the org."""
    if not sitter_id:
        return None
    since = now - NOTIFY_EVERY
    rows = await Sitter.raw(ROUTED_SITTER_SQL, thread_id, thread_id, since, sitter_id, org_id)
    if not rows:
        return None
    row = rows[0]
    sitter = model.Sitter(row["sitter_id"], row["status"], row["locked_at"] is not None)
    if row["desk_id"] is None:
        return RoutedSitter(sitter, None)
    attention = Attention(row["last_seen_at"], row["read_at"], row["last_notified_at"])
    recipient = Recipient(
        row["sitter_phone"], row["desk_id"], row["desk_e164"], row["sitter_id"], attention
    )
    return RoutedSitter(sitter, recipient)


async def sitter_recipient(
    sitter_id: int | None, org_id: int, thread_id: int, now: datetime
) -> Recipient | None:
    """None when there is no such sitter in the org, or no front desk in service."""
    routed = await routed_sitter(sitter_id, org_id, thread_id, now)
    return routed.recipient if routed else None


async def insert_message(
    *,
    org_id: int,
    thread_id: int,
    body: str,
    from_e164: str,
    to_e164: str,
    number_id: int,
    provider_sid: str,
    blocked: bool,
    needs_owner: bool,
    scanned_clean: bool,
    now: datetime,
) -> Stored | None:
    """The inbound message, stored once per provider sid: None when the sid was stored a
    moment ago by a concurrent request."""
    inserted = await Message.raw(
        INSERT_MESSAGE_SQL,
        org_id,
        thread_id,
        body,
        from_e164,
        to_e164,
        number_id,
        provider_sid,
        blocked,
        needs_owner,
        scanned_clean,
        now,
    )
    if not inserted:
        return None
    return Stored(inserted[0]["id"], thread_id, blocked, needs_owner)


async def insert_media(
    org_id: int, message_id: int, attachments: tuple[Attachment, ...], now: datetime
) -> None:
    """One `checking` row per attachment, due for the worker at once (one statement)."""
    rows = ", ".join(["({}, {}, {}, {}, {}, {}, {}, {})"] * len(attachments))
    values = [
        value
        for a in attachments
        for value in (
            org_id,
            message_id,
            a.position,
            MediaStatus.CHECKING.value,
            a.url,
            a.declared_type,
            now,
            now,
        )
    ]
    await Media.raw(INSERT_MEDIA_SQL.format(rows), *values)


async def insert_decision(
    org_id: int, message: Stored, decision: model.RouteDecision, now: datetime
) -> None:
    await RoutingDecision.raw(
        INSERT_DECISION_SQL,
        org_id,
        message.id,
        message.thread,
        decision.target.value,
        decision.sitter_id,
        decision.code.value,
        decision.reason,
        decision.row_code.value,
        decision.row_sitter_id,
        now,
    )
