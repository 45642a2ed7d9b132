"""Delivery status of outbound messages (S5): it only ever moves forward
(`domain.delivery.moves_forward`)."""

from __future__ import annotations

from datetime import datetime

from db import live
from db.engine import transaction
from db.tables import Message
from domain.delivery import moves_forward, our_status
from domain.model import MessageStatus


async def apply_status_callback(
    *, provider_sid: str, status: str, error_code: str, now: datetime
) -> Message | None:
    """Record Twilio's status for a message we sent; an unknown sid is ignored (None)."""
    status = our_status(status)
    async with transaction():
        message = await Message.objects().where(Message.provider_sid == provider_sid).first()
        if message is None or not moves_forward(message.status, status):
            return None
        message.status = status
        if error_code:
            message.last_error = f"Twilio error {error_code}"
        if status == MessageStatus.SENT and message.sent_at is None:
            message.sent_at = now
        await message.save()
        await live.message_changed(message)
    return message
