"""An inbound SMS, from its arrival to its routing decision (SPEC section 5).

`receive_sms` runs in one transaction: identify the org by the `To` number, find or create the
sender's contact and thread, store the message once per provider sid (R3: a retried webhook
changes nothing), decide the route with the pure rule, scan the body, and queue what answers
the sender (auto-responses, the anti-poaching warning). Webhook plumbing stays in `web/`.
The common path's statements are written out in `db.queries.inbound` (it is the hottest path).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db import live
from db.engine import reading_before_writing, transaction
from db.queries import inbound as queries
from db.queries.inbound import Recipient, Sender, Stored
from db.tables import Client, Org, PoolLease
from domain import antipoaching, model, texts
from domain.attachments import Attachment
from domain.model import MessageKind, NumberClass, RouteCode, RouteTarget, SenderRole
from domain.policy import sitter_messaging_off
from domain.routing import decide_route, to_owner_instead
from domain.windows import active_windows
from services import allow_list, consent, records
from services.escalation import record_attempt
from services.notifications import notify_sitter
from services.outbox import enqueue, opted_out
from services.staff_texts import from_sitter_phone
from services.threads import ensure_thread, touch

NEW_CONTACT_NAME = "New contact"
ANSWER_REASON = (
    "An automatic answer leaves from the number the sender texted, "
    "or from the front desk when that number is out of service."
)


@dataclass(frozen=True, slots=True)
class Received:
    message: Stored
    decision: model.RouteDecision | None  # None for a duplicate (already handled)
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class Sms:
    """One inbound SMS as the webhook gives it."""

    to_e164: str
    from_e164: str
    body: str
    provider_sid: str
    opt_out_type: str = ""
    media: tuple[Attachment, ...] = ()


async def receive_sms(
    *,
    to_e164: str,
    from_e164: str,
    body: str,
    provider_sid: str,
    now: datetime,
    opt_out_type: str = "",
    public_base_url: str = "",
    media: tuple[Attachment, ...] = (),
    flags: model.MessagingFlags | None = None,
) -> Received | None:
    """Store and route one inbound SMS. None when `to_e164` is not a number of any org.

    What the decision needs is read first, then the message, its decision and the answers are
    written in one transaction (on SQLite the reads stay outside its write lock: see
    `db.engine.reading_before_writing`). An MMS's attachments are stored `checking` with it;
    the sitter hears of it once the worker has screened them (`services.media_inbound`).
    """
    sms = Sms(to_e164, from_e164, body, provider_sid, opt_out_type, media)
    async with reading_before_writing():
        context = await queries.context(provider_sid, from_e164, to_e164)
        if context is None:
            return None
        if context.duplicate_id is not None:
            return Received(await queries.stored(context.duplicate_id), None, duplicate=True)
        if context.staff_sitter_id is not None:
            async with transaction():
                staff = await from_sitter_phone(context, body, provider_sid, public_base_url, now)
            if staff is None:
                return Received(Stored(None, None, False, True), None, duplicate=True)
            return Received(*staff)
        windows = context.windows
        verdict = await _scan(body, context.org_id)  # every client text: its verdict is stored
        blocks = verdict.blocked and _scan_needed(context.number, windows, now)
        decision = await _decide(context, windows, blocks, now)
        decision, recipient = await _to_sitter(decision, context, flags, now)
        async with transaction():
            return await _store(sms, context, decision, verdict, recipient, public_base_url, now)


async def _decide(
    context: queries.Context,
    windows: tuple[model.Window, ...],
    blocks: bool,
    now: datetime,
) -> model.RouteDecision:
    number = context.number
    leaseholder = None
    if number.number_class is NumberClass.POOL:
        leaseholder = await _leaseholder(number.id, now)
    inbound = model.Inbound(
        to_number=number,
        client_id=context.sender.client_id if context.sender else None,
        thread_windows=windows,
        pool_leaseholder_id=leaseholder,
        anti_poaching_blocked=blocks,
    )
    return decide_route(inbound, now)


async def _to_sitter(
    decision: model.RouteDecision,
    context: queries.Context,
    flags: model.MessagingFlags | None,
    now: datetime,
) -> tuple[model.RouteDecision, Recipient | None]:
    """A text routed to a sitter goes to the owner instead when the flags are off, the sitter
    is not on the allow-list, or locked (and the sitter gets no notification); otherwise, who
    R5 notifies."""
    if decision.target is not RouteTarget.SITTER:
        return decision, None
    routed = await queries.routed_sitter(decision.sitter_id, context.org_id, context.thread_id, now)
    if routed is None:
        return decision, None
    why = None if flags is None else sitter_messaging_off(flags, routed.sitter)
    if why is not None:
        return to_owner_instead(decision, why), None
    return decision, routed.recipient


async def _store(
    sms: Sms,
    context: queries.Context,
    decision: model.RouteDecision,
    verdict: antipoaching.Verdict,
    recipient: Recipient | None,
    base_url: str,
    now: datetime,
) -> Received:
    """The writes of `receive_sms`, in its transaction."""
    org_id = context.org_id
    sender = context.sender or Sender.of(await _new_contact(org_id, sms.from_e164, now))
    thread_id = context.thread_id
    if thread_id is None:
        thread_id = (await ensure_thread(org_id, sender.client_id, now)).id
    needs_owner = decision.target is RouteTarget.OWNER_INBOX
    message = await queries.insert_message(
        org_id=org_id,
        thread_id=thread_id,
        body=sms.body,
        from_e164=sms.from_e164,
        to_e164=sms.to_e164,
        number_id=context.number.id,
        provider_sid=sms.provider_sid,
        blocked=decision.blocked,
        needs_owner=needs_owner,
        scanned_clean=not verdict.blocked,
        now=now,
    )
    if message is None:  # the same sid, stored a moment ago by a concurrent request
        return Received(Stored(None, thread_id, decision.blocked, needs_owner), None, True)
    await queries.insert_decision(org_id, message, decision, now)
    if sms.media:
        await queries.insert_media(org_id, message.id, sms.media, now)
        recipient = None  # told once the attachments are screened clean
    await touch(thread_id, now)
    keyword = consent.Keyword(sms.body, sms.opt_out_type, sms.from_e164, context.number)
    await consent.apply(org_id, sender, keyword, now)
    if decision.blocked:
        bound_for = decision.row_sitter_id or context.number.assigned_sitter_id
        await record_attempt(
            org_id, message.id, thread_id, SenderRole.CLIENT, bound_for, verdict, now
        )
    await answer_sender(org_id, thread_id, context.number, sms.from_e164, decision, now)
    if recipient is not None:
        await notify_sitter(recipient, org_id, thread_id, sender, base_url, now)
    await _signal(org_id, thread_id, decision, to_sitter=not sms.media)
    return Received(message, decision)


async def _signal(
    org_id: int, thread_id: int, decision: model.RouteDecision, *, to_sitter: bool = True
) -> None:
    """Live updates for the pages that show this message (R5's live half for the sitter)."""
    events = [f"thread-{thread_id}", "threads", "messages"]
    if decision.target is RouteTarget.OWNER_INBOX:
        events.append("inbox")
    if decision.blocked:
        events.append("blocked")
    for event in events:
        await live.signal(live.org_channel(org_id), event)
    if to_sitter and decision.target is RouteTarget.SITTER and decision.sitter_id is not None:
        for event in (f"thread-{thread_id}", "threads"):
            await live.signal(live.sitter_channel(decision.sitter_id), event)


def _scan_needed(number: model.BusinessNumber, windows: tuple[model.Window, ...], now) -> bool:
    """A client→sitter text is blocked when the scan trips: to a sitter number, or while a
    window is active. (Every text is scanned; one to the owner only keeps its verdict, so that
    a sitter never sees it later unless it was clean.)"""
    return number.number_class is NumberClass.SITTER or bool(active_windows(windows, now))


async def _scan(body: str, org_id: int) -> antipoaching.Verdict:
    """The scan of a client's text, with the org's allow list (read only when the text would be
    blocked without it)."""
    if not body.strip():
        return antipoaching.ALLOWED
    verdict = antipoaching.scan(body)
    if not verdict.blocked:
        return verdict  # the list only lets through what would be blocked: no need to read it
    return antipoaching.scan(body, await allow_list.for_org(org_id))


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


async def answer_sender(
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
        kind = MessageKind.WARNING
    elif decision.code in (RouteCode.POOL_MISMATCH, RouteCode.NUMBER_INACTIVE):
        kind = MessageKind.AUTO_RESPONSE
    else:
        return
    if await opted_out(org_id, to):
        return  # R4: nothing more to a client who texted STOP
    org = await Org.objects().where(Org.id == org_id).first()
    desk = await records.active_front_desk(org_id)
    leaves_from = number
    if decision.row_code is RouteCode.NUMBER_INACTIVE:
        leaves_from = records.number_record(desk) if desk else None
    if leaves_from is None:
        return
    if kind is MessageKind.WARNING:
        body = texts.blocked_warning(org.name)
    else:
        body = texts.redirect(org.name, desk.e164 if desk else "the front desk")
    await enqueue(
        org_id=org_id,
        thread_id=thread_id,
        to_e164=to,
        choice=model.NumberChoice(leaves_from, ANSWER_REASON),
        kind=kind,
        body=body,
        now=now,
    )
