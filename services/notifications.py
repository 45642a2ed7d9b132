"""R5: a sitter is told by text when a client writes to them (from the front desk).

Only when their page is not open (`services.presence`; an open page is updated live) and the
thread has a message they have not read. The text carries a link to the thread and never the
client's number; a sitter gets at most one per thread per 10 minutes while it stays unread
(once they read the thread, the next message may be texted again).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from db.queries import inbound as queries
from db.queries.inbound import Recipient, Sender
from db.tables import Message, Thread
from domain import model, texts
from domain.model import MessageKind, NumberClass
from services.outbox import enqueue
from services.presence import is_present
from services.threads import client_of

NOTIFY_EVERY = timedelta(minutes=10)
REASON = "Sitter notifications leave from the front desk."


async def sitter_recipient(sitter_id: int | None, org_id: int) -> Recipient | None:
    """None when there is no such sitter in the org, or no front desk in service."""
    return await queries.sitter_recipient(sitter_id, org_id)


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
    unless the sitter's page is open, they read the thread since, or they were told about it
    lately and have not read it since."""
    if is_present(recipient.last_seen_at, now):
        return
    read_at = await queries.read_at(recipient.sitter_id, thread_id)
    if read_at is not None and read_at >= (unread_since or now):
        return
    since = max(now - NOTIFY_EVERY, read_at) if read_at else now - NOTIFY_EVERY
    if await queries.recently_notified(thread_id, recipient.sitter_phone, since):
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
    recipient = await sitter_recipient(sitter_id, message.org)
    if recipient is None:
        return
    thread = await Thread.objects().where(Thread.id == message.thread).first()
    assert thread is not None
    sender = Sender.of(await client_of(thread))
    await notify_sitter(recipient, message.org, thread.id, sender, base_url, now, unread_since)
