"""A working sitter texts a business number from their own phone (usually answering R5's
notification): a staff message for the owner, never a client.

No client or thread is created. The text is stored for the owner's inbox (sender role
`sitter`, routed `sitter_phone`), and the sitter is asked, at most once a day, to reply in the
app, from the number they texted (the front desk when that number is out of service).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from db import live
from db.queries import inbound as queries
from db.queries.inbound import Context, Stored
from db.tables import Message, Org, Sitter
from domain import model, texts
from domain.model import (
    Direction,
    MessageKind,
    MessageStatus,
    RouteCode,
    RouteTarget,
    SenderRole,
)
from domain.numbers import is_in_service
from services import records
from services.outbox import enqueue

ANSWER_EVERY = timedelta(days=1)
ANSWER_REASON = "A sitter's own phone is answered from the number it texted."


async def from_sitter_phone(
    context: Context, body: str, provider_sid: str, base_url: str, now: datetime
) -> tuple[Stored, model.RouteDecision] | None:
    """Store the sitter's text for the owner and answer it, in the caller's transaction; None
    when a concurrent request stored the same provider sid a moment ago."""
    sitter = await Sitter.objects().where(Sitter.id == context.staff_sitter_id).first()
    decision = model.RouteDecision(
        target=RouteTarget.OWNER_INBOX,
        sitter_id=None,
        code=RouteCode.SITTER_PHONE,
        reason=f"Text from sitter {sitter.name}'s own phone: a staff message, not a client.",
        row_code=RouteCode.SITTER_PHONE,
    )
    message_id = await _store(context, sitter, body, provider_sid, now)
    if message_id is None:
        return None
    stored = Stored(message_id, None, False, True)
    await queries.insert_decision(context.org_id, stored, decision, now)
    await _answer(context, sitter, base_url, now)
    for event in ("inbox", "messages"):
        await live.signal(live.org_channel(context.org_id), event)
    return stored, decision


async def _answer(context: Context, sitter: Sitter, base_url: str, now: datetime) -> None:
    """Ask the sitter to reply in the app, unless they were asked so in the last day."""
    asked = await Message.exists().where(
        (Message.org == context.org_id)
        & (Message.to_e164 == sitter.phone_e164)
        & (Message.kind == MessageKind.AUTO_RESPONSE)
        & (Message.created_at > now - ANSWER_EVERY)
    )
    if asked:
        return
    leaves_from = context.number
    if not is_in_service(leaves_from, now):
        desk = await records.active_front_desk(context.org_id)
        if desk is None:
            return
        leaves_from = records.number_record(desk)
    org = await Org.objects().where(Org.id == context.org_id).first()
    await enqueue(
        org_id=context.org_id,
        to_e164=sitter.phone_e164,
        choice=model.NumberChoice(leaves_from, ANSWER_REASON),
        kind=MessageKind.AUTO_RESPONSE,
        body=texts.reply_in_app(org.name, f"{base_url}/sitter"),
        sender_role=SenderRole.SYSTEM,
        now=now,
    )


async def _store(
    context: Context, sitter: Sitter, body: str, provider_sid: str, now: datetime
) -> int | None:
    """The sitter's text, for the owner's inbox, once per provider sid."""
    inserted = await (
        Message.insert(
            Message(
                org=context.org_id,
                thread=None,
                direction=Direction.INBOUND,
                sender_role=SenderRole.SITTER,
                sender_sitter=sitter.id,
                kind=MessageKind.CHAT,
                body=body,
                from_e164=sitter.phone_e164,
                to_e164=context.number.e164,
                number=context.number.id,
                provider_sid=provider_sid,
                status=MessageStatus.RECEIVED,
                needs_owner_attention=True,
                created_at=now,
            )
        )
        .on_conflict(target=Message.provider_sid, action="DO NOTHING")
        .returning(Message.id)
    )
    return inserted[0]["id"] if inserted else None
