"""The one way an outbound message is queued (SPEC S5): a `message` row the worker delivers.

Every outbound text (owner and sitter sends, automations, auto-responses, warnings, sitter
notifications, sign-in codes) is written here, in the caller's transaction, with the number it
leaves from and why. A blocked sitter message is stored the same way, never queued (A3).
"""

from __future__ import annotations

from datetime import datetime

from db.tables import Message
from domain import model
from domain.model import Direction, MessageKind, MessageStatus, SenderRole
from domain.segments import count_segments


async def enqueue(
    *,
    org_id: int,
    to_e164: str,
    choice: model.NumberChoice,
    kind: MessageKind,
    body: str,
    now: datetime,
    thread_id: int | None = None,
    billing: bool = False,
    sender_role: SenderRole = SenderRole.SYSTEM,
    sender_user_id: int | None = None,
    sender_sitter_id: int | None = None,
    client_key: str | None = None,
    blocked: bool = False,
) -> Message:
    """Store the message `queued` (due now), or `blocked` when the scan stopped it, with the
    number of SMS segments its body costs (O6)."""
    message = Message(
        org=org_id,
        thread=thread_id,
        direction=Direction.OUTBOUND,
        sender_role=sender_role,
        sender_user=sender_user_id,
        sender_sitter=sender_sitter_id,
        kind=kind,
        body=body,
        from_e164=choice.number.e164,
        to_e164=to_e164,
        number=choice.number.id,
        number_reason=choice.reason,
        status=MessageStatus.BLOCKED if blocked else MessageStatus.QUEUED,
        billing=billing,
        blocked=blocked,
        client_key=client_key,
        segments=count_segments(body).segments,
        next_attempt_at=None if blocked else now,
        created_at=now,
    )
    await message.save()
    return message
