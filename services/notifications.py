"""R5: a sitter is told by text when a client writes to them (from the front desk).

The text carries a link to the thread and never the client's number; a sitter gets at most one
per thread per 10 minutes. (An open sitter page is updated live as well.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from db.queries import inbound as queries
from db.queries.inbound import Recipient, Sender
from domain import model, texts
from domain.model import MessageKind, NumberClass
from services.outbox import enqueue

NOTIFY_EVERY = timedelta(minutes=10)
REASON = "Sitter notifications leave from the front desk."


async def sitter_recipient(sitter_id: int | None, org_id: int) -> Recipient | None:
    """None when there is no such sitter in the org, or no front desk in service."""
    return await queries.sitter_recipient(sitter_id, org_id)


async def notify_sitter(
    recipient: Recipient, org_id: int, thread_id: int, sender: Sender, base_url: str, now: datetime
) -> None:
    """Queue the notification, unless this sitter was told about this thread lately."""
    if await queries.recently_notified(thread_id, recipient.sitter_phone, now - NOTIFY_EVERY):
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
