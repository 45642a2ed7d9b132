"""The one way an outbound message is queued (SPEC S5): a `message` row the worker delivers.

Every outbound text (owner and sitter sends, automations, auto-responses, warnings, sitter
notifications, sign-in codes) is written here, in the caller's transaction, with the number it
leaves from and why. A blocked sitter message is stored the same way, never queued (A3).
What no person sent is held during the org's quiet hours (O2): it is due when they end, so the
worker sends held messages then, in the order they were queued. Nothing is ever queued to a
client who texted STOP (R4, O1), except the answer to a keyword.
"""

from __future__ import annotations

from datetime import datetime

from db.tables import Client, Message, Org
from domain import model, texts
from domain.errors import Conflict
from domain.model import Direction, MessageKind, MessageStatus, SenderRole
from domain.quiet_hours import QuietHours, held_until
from domain.segments import count_segments

#: What a message that will never be sent to an opted-out client says (`last_error`).
OPTED_OUT_ERROR = "client opted out"
#: Kinds that go to clients (notifications and sign-in codes go to sitters).
TO_CLIENTS = frozenset(
    {MessageKind.CHAT, MessageKind.AUTOMATION, MessageKind.AUTO_RESPONSE, MessageKind.WARNING}
)


class OptedOut(Conflict):
    """The client texted STOP: nothing may be sent to them until START (409)."""


async def opted_out(org_id: int, phone: str) -> bool:
    """Whether this phone is a client of the org who texted STOP."""
    return await Client.exists().where(
        (Client.org == org_id) & (Client.phone_e164 == phone) & Client.opted_out_at.is_not_null()
    )


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
    keyword_answer: bool = False,
    held: bool = False,
) -> Message:
    """Store the message `queued` (due now, or when quiet hours end for what no person sent),
    or `blocked` when the scan stopped it, with the number of SMS segments its body costs (O6).

    `OptedOut` when it goes to a client who texted STOP (unless it answers a keyword). A `held`
    one is queued but not due: its photos are being checked (`services.media_outbound`)."""
    if kind in TO_CLIENTS and not keyword_answer and await opted_out(org_id, to_e164):
        raise OptedOut(texts.opted_out_refusal())
    due = None if blocked or held else await _due(org_id, kind, now)
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
        next_attempt_at=due,
        created_at=now,
    )
    await message.save()
    return message


async def _due(org_id: int, kind: MessageKind, now: datetime) -> datetime:
    org = await Org.objects().where(Org.id == org_id).first()
    quiet = QuietHours.of(org.time_zone, org.quiet_hours_start, org.quiet_hours_end)
    return held_until(kind, quiet, now) or now
