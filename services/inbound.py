"""An inbound SMS, from its arrival to its routing decision (SPEC section 5).

`receive_sms` runs in one transaction: identify the org by the `To` number, find or create the
sender's contact and thread, store the message once per provider sid (R3: a retried webhook
changes nothing), decide the route with the pure rule, scan the body, and queue what answers
the sender (auto-responses, the anti-poaching warning). Webhook plumbing stays in `web/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from db import live
from db.engine import reading_before_writing, transaction
from db.scope import get_in_org
from db.tables import (
    AntiPoachingAttempt,
    Client,
    Message,
    Org,
    PoolLease,
    RoutingDecision,
    Sitter,
)
from domain import antipoaching, model
from domain.errors import Invalid
from domain.model import NumberClass, RouteCode, RouteTarget
from domain.routing import decide_route
from domain.windows import active_windows
from services import records
from services.audit import audit
from services.threads import ensure_thread

#: What the sender of a message routed `pool_mismatch` / `number_inactive` is told.
REDIRECT_TEXT = "This number is no longer in use for your booking. To reach {org}, text {desk}."
#: The friendly warning (A3): no violation details, no client data.
BLOCKED_TEXT = (
    "Your message wasn't delivered. To keep everyone safe, please keep contact details and "
    "payments inside this conversation. – {org}"
)
NEW_CONTACT_NAME = "New contact"
NOTIFY_EVERY = timedelta(minutes=10)
#: R4: carrier keywords (Twilio also sends `OptOutType` for them).
STOP_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
START_WORDS = frozenset({"START", "UNSTOP", "YES", "OPTIN"})


def consent_change(body: str, opt_out_type: str = "") -> str | None:
    """R4: "stop", "start" or None, from Twilio's `OptOutType` or the keyword alone in the body."""
    kind = opt_out_type.strip().upper()
    word = body.strip().strip(".!").upper()
    if kind == "STOP" or word in STOP_WORDS:
        return "stop"
    if kind == "START" or word in START_WORDS:
        return "start"
    return None


@dataclass(frozen=True, slots=True)
class Stored:
    """The stored inbound message, as its callers need it."""

    id: int | None  # None: a concurrent request stored the same sid first
    thread: int
    blocked: bool
    needs_owner_attention: bool


@dataclass(frozen=True, slots=True)
class Received:
    message: Stored
    decision: model.RouteDecision | None  # None for a duplicate (already handled)
    duplicate: bool = False


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


# The webhook path is the hottest in Snout, so its common case runs hand-written statements:
# Piccolo spends 0.16-0.24 ms building each query (measured in benchmarks/webhook.py's setting,
# against 0.05 ms for the same statement written out), and this path used to run eleven of them.
# Rare branches (a new contact, a STOP, a blocked text, an auto-response) keep Piccolo queries.

#: The number texted, whether this sid is already stored, the sender's client and thread.
CONTEXT_SQL = """
SELECT n.id, n.org, n.e164, n.number_class, n.status, n.assigned_sitter, n.was_sitter_identity,
       n.quarantined_until, n.cooldown_until,
       (SELECT m.id FROM message m WHERE m.provider_sid = {}) AS duplicate_id,
       c.id AS client_id, c.name AS client_name, c.pet_name, c.opted_out_at,
       t.id AS thread_id
FROM business_number n
LEFT JOIN client c ON c.org = n.org AND c.phone_e164 = {}
LEFT JOIN thread t ON t.org = n.org AND t.client = c.id
WHERE n.e164 = {}
"""
#: The thread's windows, named as `model.Window`'s fields.
WINDOWS_SQL = """
SELECT id, thread AS thread_id, booking AS booking_id, sitter AS sitter_id, starts_at, ends_at,
       closed_at
FROM assignment_window WHERE thread = {}
"""
#: Who R5 notifies: the sitter's own phone, and the org's front desk it is texted from.
RECIPIENT_SQL = """
SELECT s.phone_e164 AS sitter_phone, d.id AS desk_id, d.e164 AS desk_e164
FROM sitter s
JOIN business_number d ON d.org = s.org AND d.number_class = 'front_desk' AND d.status = 'active'
WHERE s.id = {} AND s.org = {}
"""
#: R5's pace: was this sitter already notified about this thread lately?
RECENTLY_NOTIFIED_SQL = """
SELECT 1 FROM message
WHERE thread = {} AND kind = 'notification' AND to_e164 = {} AND created_at > {}
LIMIT 1
"""
#: R3: the provider sid is unique, so a concurrent duplicate inserts nothing.
INSERT_MESSAGE_SQL = """
INSERT INTO message (org, thread, direction, sender_role, kind, body, from_e164, to_e164, number,
                     provider_sid, status, blocked, needs_owner_attention, created_at)
VALUES ({}, {}, 'inbound', 'client', 'chat', {}, {}, {}, {}, {}, 'received', {}, {}, {})
ON CONFLICT (provider_sid) DO NOTHING
RETURNING id
"""
INSERT_DECISION_SQL = """
INSERT INTO routing_decision (org, message, thread, target, sitter, code, reason, row_code,
                              created_at)
VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {})
"""
TOUCH_THREAD_SQL = "UPDATE thread SET last_activity_at = {}, archived_at = NULL WHERE id = {}"


async def receive_sms(
    *,
    to_e164: str,
    from_e164: str,
    body: str,
    provider_sid: str,
    now: datetime,
    opt_out_type: str = "",
    public_base_url: str = "",
) -> Received | None:
    """Store and route one inbound SMS. None when `to_e164` is not a number of any org.

    What the decision needs is read first, then the message, its decision and the answers are
    written in one transaction (on SQLite the reads stay outside its write lock: see
    `db.engine.reading_before_writing`).
    """
    async with reading_before_writing():
        found = await Message.raw(CONTEXT_SQL, provider_sid, from_e164, to_e164)
        if not found:
            return None
        context = found[0]
        if context["duplicate_id"] is not None:
            existing = await Message.objects().where(Message.id == context["duplicate_id"]).first()
            stored = Stored(
                existing.id, existing.thread, existing.blocked, existing.needs_owner_attention
            )
            return Received(stored, None, duplicate=True)
        org_id, number = context["org"], _number(context)
        known = context["client_id"]
        thread_id = context["thread_id"]
        rows = await Message.raw(WINDOWS_SQL, thread_id) if thread_id is not None else []
        windows = tuple(model.Window(**row) for row in rows)
        blocked = _scan_needed(number, windows, now) and antipoaching.scan(body)
        decision = decide_route(
            model.Inbound(
                to_number=number,
                client_id=known,
                thread_windows=windows,
                pool_leaseholder_id=(
                    await _leaseholder(number.id, now)
                    if number.number_class is NumberClass.POOL
                    else None
                ),
                anti_poaching_blocked=bool(blocked and blocked.blocked),
            ),
            now,
        )
        recipient = await _recipient(decision, org_id)
        async with transaction():
            if known:
                sender = Sender(
                    known, context["client_name"], context["pet_name"], context["opted_out_at"]
                )
            else:
                sender = Sender.of(await _new_contact(org_id, from_e164, now))
            if thread_id is None:
                thread_id = (await ensure_thread(org_id, sender.client_id, now)).id
            needs_owner = decision.target is RouteTarget.OWNER_INBOX
            inserted = await Message.raw(
                INSERT_MESSAGE_SQL,
                org_id,
                thread_id,
                body,
                from_e164,
                to_e164,
                number.id,
                provider_sid,
                decision.blocked,
                needs_owner,
                now,
            )
            if not inserted:  # the same sid, stored a moment ago by a concurrent request
                return Received(Stored(None, thread_id, decision.blocked, needs_owner), None, True)
            message = Stored(inserted[0]["id"], thread_id, decision.blocked, needs_owner)
            await Message.raw(
                INSERT_DECISION_SQL,
                org_id,
                message.id,
                thread_id,
                decision.target.value,
                decision.sitter_id,
                decision.code.value,
                decision.reason,
                decision.row_code.value,
                now,
            )
            await Message.raw(TOUCH_THREAD_SQL, now, thread_id)
            await _update_consent(org_id, sender, consent_change(body, opt_out_type), now)
            if decision.blocked and blocked:
                await AntiPoachingAttempt(
                    org=org_id,
                    message=message.id,
                    thread=thread_id,
                    sender_role="client",
                    sitter=None,
                    category=blocked.category or "",
                    reason=blocked.reason,
                    created_at=now,
                ).save()
            await _answer_sender(org_id, thread_id, number, from_e164, decision, now)
            if recipient is not None:
                await notify_sitter(recipient, org_id, thread_id, sender, public_base_url, now)
            await _signal(org_id, thread_id, decision)
            return Received(message, decision)


def _number(row: dict) -> model.BusinessNumber:
    return model.BusinessNumber(
        id=row["id"],
        e164=row["e164"],
        number_class=row["number_class"],
        status=row["status"],
        assigned_sitter_id=row["assigned_sitter"],
        was_sitter_identity=bool(row["was_sitter_identity"]),
        quarantined_until=row["quarantined_until"],
        cooldown_until=row["cooldown_until"],
    )


async def _signal(org_id: int, thread_id: int, decision: model.RouteDecision) -> None:
    """Live updates for the pages that show this message (R5's live half for the sitter)."""
    events = [f"thread-{thread_id}", "threads", "messages"]
    if decision.target is RouteTarget.OWNER_INBOX:
        events.append("inbox")
    if decision.blocked:
        events.append("blocked")
    for event in events:
        await live.signal(live.org_channel(org_id), event)
    if decision.target is RouteTarget.SITTER and decision.sitter_id is not None:
        for event in (f"thread-{thread_id}", "threads"):
            await live.signal(live.sitter_channel(decision.sitter_id), event)


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who R5 notifies, and the front desk the notification leaves from."""

    sitter_phone: str
    desk_id: int
    desk_e164: str


async def sitter_recipient(sitter_id: int | None, org_id: int) -> Recipient | None:
    """None when there is no such sitter in the org, or no front desk in service."""
    rows = await Sitter.raw(RECIPIENT_SQL, sitter_id, org_id) if sitter_id else []
    return Recipient(**rows[0]) if rows else None


async def _recipient(decision: model.RouteDecision, org_id: int) -> Recipient | None:
    if decision.target is not RouteTarget.SITTER:
        return None
    return await sitter_recipient(decision.sitter_id, org_id)


async def notify_sitter(
    recipient: Recipient, org_id: int, thread_id: int, sender: Sender, base_url: str, now: datetime
) -> None:
    """R5: a text from the front desk to the sitter's own phone, with a link and never the
    client's number; at most one per thread per 10 minutes. (An open sitter page is updated
    live as well: see `_signal`.)"""
    if await Message.raw(
        RECENTLY_NOTIFIED_SQL, thread_id, recipient.sitter_phone, now - NOTIFY_EVERY
    ):
        return
    who = sender.name.split()[0] if sender.name.split() else "A client"
    pet = f" ({sender.pet_name})" if sender.pet_name else ""
    await Message(
        org=org_id,
        thread=thread_id,
        direction="outbound",
        sender_role="system",
        kind="notification",
        body=f"New message from {who}{pet}. Open: {base_url}/sitter/threads/{thread_id}",
        from_e164=recipient.desk_e164,
        to_e164=recipient.sitter_phone,
        number=recipient.desk_id,
        number_reason="Sitter notifications leave from the front desk.",
        status="queued",
        next_attempt_at=now,
        created_at=now,
    ).save()


def _scan_needed(number: model.BusinessNumber, windows: tuple[model.Window, ...], now) -> bool:
    """Client→sitter texts are scanned: to a sitter number, or while a window is active."""
    return number.number_class is NumberClass.SITTER or bool(active_windows(windows, now))


async def _update_consent(org_id: int, sender: Sender, change: str | None, now: datetime) -> None:
    if change is None or (change == "stop") == (sender.opted_out_at is not None):
        return
    opted_out_at = now if change == "stop" else None
    await Client.update({Client.opted_out_at: opted_out_at}).where(Client.id == sender.client_id)
    await audit(
        org_id=org_id,
        actor="client",
        action=f"client.opt_{'out' if change == 'stop' else 'in'}",
        target_type="client",
        target_id=sender.client_id,
        now=now,
    )


async def _new_contact(org_id: int, phone: str, now: datetime) -> Client:
    await Client.insert(
        Client(org=org_id, name=NEW_CONTACT_NAME, phone_e164=phone, created_at=now)
    ).on_conflict(target=(Client.org, Client.phone_e164), action="DO NOTHING")
    return (
        await Client.objects().where((Client.org == org_id) & (Client.phone_e164 == phone)).first()
    )


async def _leaseholder(number_id: int, now: datetime) -> int | None:
    rows = await PoolLease.objects().where(
        (PoolLease.number == number_id) & PoolLease.released_at.is_null()
    )
    current = [r for r in rows if records.lease_record(r).is_current(now)]
    return current[0].client if current else None


async def _answer_sender(
    org_id: int,
    thread_id: int,
    number: model.BusinessNumber,
    to: str,
    decision: model.RouteDecision,
    now: datetime,
) -> None:
    """Queue the auto-response or the warning.

    It leaves from the number the sender texted, except when that number is out of service
    (never used for anything, N5): then from the front desk.
    """
    if decision.blocked:
        template = BLOCKED_TEXT
    elif decision.code in (RouteCode.POOL_MISMATCH, RouteCode.NUMBER_INACTIVE):
        template = REDIRECT_TEXT
    else:
        return
    org = await Org.objects().where(Org.id == org_id).first()
    desk = await records.active_front_desk(org_id)
    sender = desk if decision.row_code is RouteCode.NUMBER_INACTIVE else number
    if sender is None:
        return
    await Message(
        org=org_id,
        thread=thread_id,
        direction="outbound",
        sender_role="system",
        kind="warning" if decision.blocked else "auto_response",
        body=template.format(org=org.name, desk=desk.e164 if desk else "the front desk"),
        from_e164=sender.e164,
        to_e164=to,
        number=sender.id,
        number_reason="An automatic answer leaves from the number the sender texted, "
        "or from the front desk when that number is out of service.",
        status="queued",
        next_attempt_at=now,
        created_at=now,
    ).save()


async def route_to_sitter(
    *, org_id: int, actor: str, message_id: int, sitter_id: int, now: datetime
) -> RoutingDecision:
    """The owner answers the overlap prompt: the message goes to one of the sitters whose
    window is active on the thread now (any other choice is refused)."""
    async with transaction():
        message = await get_in_org(Message, org_id, message_id, what="message")
        decision = (
            await RoutingDecision.objects().where(RoutingDecision.message == message.id).first()
        )
        if decision is None or decision.code != RouteCode.OVERLAPPING_WINDOWS:
            raise Invalid("Only a message that arrived during overlapping windows can be routed.")
        windows = await records.thread_windows(message.thread)
        if sitter_id not in {w.sitter_id for w in active_windows(windows, now)}:
            raise Invalid("That sitter has no active window on this thread now.", field="sitterId")
        decision.target, decision.sitter = RouteTarget.SITTER.value, sitter_id
        decision.reason += f" The owner routed it to sitter {sitter_id}."
        await decision.save()
        await Message.update({Message.needs_owner_attention: False}).where(Message.id == message.id)
        await audit(
            org_id=org_id,
            actor=actor,
            action="message.routed",
            target_type="message",
            target_id=message.id,
            payload={"sitterId": sitter_id},
            now=now,
        )
        await live.signal(live.org_channel(org_id), "inbox")
        for event in (f"thread-{message.thread}", "threads"):
            await live.signal(live.sitter_channel(sitter_id), event)
    return decision
