"""What a screened attachment does to its message (SPEC M2): hold, block, or release it.

A message with attachments is hidden from the sitter until none is being checked
(`domain.attachments.released`). A blocked photo blocks the whole message the way a blocked
client text is blocked when it arrives (A3-A5: kept from the sitter, flagged in the owner's
inbox, the attempt recorded, the client warned; the owner can override or dismiss it), by the
same code (`services.escalation.record_attempt`, `services.inbound.answer_sender`). Once every
attachment is settled and nothing blocked it, a message bound for a sitter reaches them: the
live update and R5's notification that the webhook held back.
"""

from __future__ import annotations

from datetime import datetime

from db import live
from db.engine import is_sqlite
from db.tables import BusinessNumber, Media, Message, RoutingDecision
from domain import antipoaching, model
from domain.attachments import block_applies, released
from domain.model import RouteCode, RouteTarget, SenderRole
from services import records
from services.escalation import record_attempt
from services.inbound import answer_sender
from services.notifications import notify_routed

BLOCKED_REASON = "Anti-poaching: a photo was blocked and the message held for the owner ({})."


async def locked_message(message_id: int) -> Message:
    """The message, its row locked until the transaction ends (PostgreSQL), so the attachments
    of one message settled at the same time see each other's outcome."""
    query = Message.objects().where(Message.id == message_id)
    if not is_sqlite():
        query = query.lock_rows("UPDATE")
    message = await query.first()
    assert message is not None
    return message


async def after_screening(
    message: Message, verdict: antipoaching.Verdict | None, base_url: str, now: datetime
) -> None:
    """Apply one attachment's outcome (`verdict` None: it failed) to its message."""
    decision = await RoutingDecision.objects().where(RoutingDecision.message == message.id).first()
    if verdict is not None and verdict.blocked and not message.blocked and decision is not None:
        if block_applies(decision.target, decision.code):
            await _block(message, decision, verdict, now)
            return
    statuses = await Media.select(Media.status).where(Media.message == message.id)
    for event in (f"thread-{message.thread}", "messages"):  # the thread, the demo's phones
        await live.signal(live.org_channel(message.org), event)
    if message.blocked or not released(row["status"] for row in statuses):
        return
    if decision is not None and decision.target == RouteTarget.SITTER and decision.sitter:
        await _reach_sitter(message, decision.sitter, base_url, now)


async def _block(
    message: Message, decision: RoutingDecision, verdict: antipoaching.Verdict, now: datetime
) -> None:
    """The message becomes blocked, as if its text had been (`domain.routing.decide_route`)."""
    message.blocked, message.needs_owner_attention = True, True
    await message.save([Message.blocked, Message.needs_owner_attention])
    row_code = RouteCode(decision.row_code or decision.code)
    decision.reason = BLOCKED_REASON.format(decision.reason.rstrip("."))
    decision.code = RouteCode.ANTI_POACHING_BLOCKED.value
    decision.target, decision.sitter = RouteTarget.OWNER_INBOX.value, None
    await decision.save()
    await record_attempt(
        message.org, message.id, message.thread, SenderRole.CLIENT, None, verdict, now
    )
    number = await BusinessNumber.objects().where(BusinessNumber.id == message.number).first()
    if number is not None:
        blocked = model.RouteDecision(
            target=RouteTarget.OWNER_INBOX,
            sitter_id=None,
            code=RouteCode.ANTI_POACHING_BLOCKED,
            reason=decision.reason,
            row_code=row_code,
        )
        await answer_sender(
            message.org,
            message.thread,
            records.number_record(number),
            message.from_e164,
            blocked,
            now,
        )
    for event in (f"thread-{message.thread}", "threads", "messages", "inbox", "blocked"):
        await live.signal(live.org_channel(message.org), event)


async def _reach_sitter(message: Message, sitter_id: int, base_url: str, now: datetime) -> None:
    await notify_routed(message, sitter_id, base_url, now)
    for event in (f"thread-{message.thread}", "threads"):
        await live.signal(live.sitter_channel(sitter_id), event)
