"""R5: a sitter is told by text when a client writes to them (from the front desk).

When is the pure rule of `domain.sitter_notices`; what it needs (their page, what they have
read, their last text about the thread) is read with the sitter in one statement
(`db.queries.inbound.routed_sitter`). The text carries a link to the thread and never the
client's number.
"""

from __future__ import annotations

from datetime import datetime

from db.queries import inbound as queries
from db.queries.inbound import Recipient, Sender
from db.tables import Message, Thread
from domain import model, texts
from domain.model import MessageKind, NumberClass
from domain.sitter_notices import should_text_sitter
from services.outbox import enqueue
from services.threads import client_of

REASON = "Sitter notifications leave from the front desk."


async def notify_sitter(
    recipient: Recipient,
    org_id: int,
    thread_id: int,
    sender: Sender,
    base_url: str,
    now: datetime,
    unread_since: datetime | None = None,
) -> None:
    """Queue the notification of a message that arrived at `unread_since` (default `now`),
    when R5 says so (`domain.sitter_notices.should_text_sitter`)."""
    if not should_text_sitter(recipient.attention, unread_since or now, now):
        return
    desk = model.BusinessNumber(recipient.desk_id, recipient.desk_e164, NumberClass.FRONT_DESK)
    await enqueue(
        org_id=org_id,
        thread_id=thread_id,
        to_e164=recipient.sitter_phone,
        choice=model.NumberChoice(desk, REASON),
        kind=MessageKind.NOTIFICATION,
        body=texts.sitter_notification(sender.name, sender.pet_name, base_url, thread_id),
        now=now,
    )


async def notify_routed(
    message: Message,
    sitter_id: int,
    base_url: str,
    now: datetime,
    unread_since: datetime | None = None,
) -> None:
    """R5 for a client's text that reaches a sitter after it arrived: the owner routed or
    released it, or its photos were screened."""
    recipient = await queries.sitter_recipient(sitter_id, message.org, message.thread, now)
    if recipient is None:
        return
    thread = await Thread.objects().where(Thread.id == message.thread).first()
    assert thread is not None
    sender = Sender.of(await client_of(thread))
    await notify_sitter(recipient, message.org, thread.id, sender, base_url, now, unread_since)
