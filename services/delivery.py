"""Delivery status of outbound messages (S5): it only ever moves forward.

queued → sending → sent → delivered | undelivered | failed. A late or repeated callback that
would move a message backwards (or sideways between final states) changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from db import live
from db.engine import transaction
from db.tables import Message

RANK = {
    "queued": 0,
    "accepted": 0,
    "scheduled": 0,
    "sending": 1,
    "unknown": 1,
    "sent": 2,
    "delivered": 3,
    "undelivered": 3,
    "failed": 3,
    "read": 3,
}
FINAL = {"delivered", "undelivered", "failed"}


def moves_forward(current: str, new: str) -> bool:
    return new in RANK and current in RANK and RANK[new] > RANK[current]


async def apply_status_callback(
    *, provider_sid: str, status: str, error_code: str, now: datetime
) -> Message | None:
    """Record Twilio's status for a message we sent; an unknown sid is ignored (None)."""
    status = "delivered" if status == "read" else status
    async with transaction():
        message = await Message.objects().where(Message.provider_sid == provider_sid).first()
        if message is None or not moves_forward(message.status, status):
            return None
        message.status = status
        if error_code:
            message.last_error = f"Twilio error {error_code}"
        if status == "sent" and message.sent_at is None:
            message.sent_at = now
        await message.save()
        await live.message_changed(message)
    return message
