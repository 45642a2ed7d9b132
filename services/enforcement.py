"""Anti-poaching enforcement (SPEC A3-A5): the sitter's send path, escalation, owner decisions.

The detector (`domain.antipoaching.scan`) and the escalation rule (`domain.policy.escalation`)
are pure; this module loads what they need, applies their answer and records it in one
transaction. Client texts are scanned where they arrive (`services.inbound`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from db import live
from db.engine import transaction
from db.scope import get_in_org, org_time_zone
from db.tables import (
    AntiPoachingAttempt,
    Media,
    Message,
    RoutingDecision,
    Sitter,
    Thread,
)
from domain import antipoaching, model, texts
from domain.errors import Conflict, DomainError, Forbidden
from domain.messages import checked_body
from domain.model import (
    AttemptResolution,
    Direction,
    MediaStatus,
    MessageStatus,
    RouteCode,
    RouteTarget,
    SenderRole,
)
from domain.phones import redact_contacts
from domain.policy import can_sitter_send
from domain.states import ExampleDecision
from services import allow_list, examples, media_outbound, records
from services.audit import audit
from services.escalation import escalate, record_attempt
from services.media_outbound import Photo
from services.notifications import notify_routed
from services.outbox import OptedOut, opted_out
from services.sending import queue_to_client

#: What a sitter sees on the page after a blocked send (A3): no details, no client data.
SITTER_WARNING = (
    "Your message wasn't sent. To keep everyone safe, please keep contact details and "
    "payments inside this conversation."
)


@dataclass(frozen=True, slots=True)
class SitterSent:
    message: Message
    blocked: bool

    @property
    def warning(self) -> str:
        return SITTER_WARNING if self.blocked else ""


async def sitter_send(
    *,
    org_id: int,
    sitter_id: int,
    thread_id: int,
    body: str,
    flags: model.MessagingFlags,
    now: datetime,
    photos: Sequence[Photo] = (),
) -> SitterSent:
    """S2 then A1/A3/A4: a sitter's message to the thread's client.

    Not allowed now (flags, status, lock, no active window of *this* sitter) → `Forbidden`
    (403), nothing written. Blocked by the scan → stored `blocked`, never queued, an attempt
    recorded and the sitter's escalation applied. Otherwise queued from the section 4 number;
    with `photos`, held until the worker has screened them (`services.media_outbound`).
    """
    body = checked_body(body, photos=len(photos))
    async with transaction():
        thread = await get_in_org(Thread, org_id, thread_id, what="thread")
        sitter = await get_in_org(Sitter, org_id, sitter_id, what="sitter")
        permission = can_sitter_send(
            model.Sitter(
                id=sitter.id, status=sitter.status, messaging_locked=sitter.locked_at is not None
            ),
            await records.thread_windows(thread.id),
            flags,
            now,
            await org_time_zone(org_id),  # "Your next window starts …" in the org's time zone
        )
        if not permission.allowed:
            raise Forbidden(permission.explanation)
        verdict = antipoaching.scan(body, await allow_list.for_org(org_id))
        message = await _store(thread, sitter, body, photos, now, blocked=verdict.blocked)
        if not verdict.blocked:
            return SitterSent(message, blocked=False)
        await record_attempt(
            org_id, message.id, thread.id, SenderRole.SITTER, sitter.id, verdict, now
        )
        await escalate(sitter, thread, message, verdict, now)
        for event in ("blocked", "alerts", f"thread-{thread.id}"):
            await live.signal(live.org_channel(org_id), event)
        return SitterSent(message, blocked=True)


async def _store(
    thread: Thread,
    sitter: Sitter,
    body: str,
    photos: Sequence[Photo],
    now: datetime,
    *,
    blocked: bool,
) -> Message:
    """Queued (held while its photos are screened), or blocked: kept with the number it would
    have left from, so an override sends it from there (A5). Its photos go to the worker's
    screening either way (the owner sees what they show)."""
    message = await queue_to_client(
        thread,
        body=body,
        now=now,
        sender_role=SenderRole.SITTER,
        sender_sitter_id=sitter.id,
        blocked=blocked,
        held=bool(photos),
    )
    await media_outbound.attach(message, photos, screen=True, now=now)
    return message


async def override(
    *,
    org_id: int,
    user_id: int | None,
    actor: str,
    message_id: int,
    reason: str,
    now: datetime,
    public_base_url: str = "",
) -> Message:
    """A5: the owner lets a blocked message through, saying why (400 without a reason).

    A sitter's message is queued from the number it would have used; a client's message is
    released to where its route would have taken it (the sitter of an active window, who is
    notified), or stays with the owner.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Say why this message may go through.", field="reason")
    async with transaction():
        message, attempt = await _open_attempt(org_id, message_id)
        message.blocked = False
        message.scanned_clean = True  # the owner judged it: the sitter may see it now
        if message.direction == Direction.OUTBOUND:
            if await opted_out(org_id, message.to_e164):
                raise OptedOut(texts.opted_out_refusal())  # R4: not even an override
            message.status, message.next_attempt_at = MessageStatus.QUEUED, now
            await release_photos(message.id)
        else:
            await _release_inbound(message, reason, public_base_url, now)
        await message.save()
        await examples.keep(message, attempt, ExampleDecision.OVERRIDDEN, reason, user_id, now)
        await _resolve(message, attempt, AttemptResolution.OVERRIDDEN, user_id, actor, reason, now)
        await live.signal(live.org_channel(org_id), f"thread-{message.thread}")
    return message


async def dismiss(
    *,
    org_id: int,
    user_id: int | None,
    actor: str,
    message_id: int,
    reason: str,
    now: datetime,
    not_contact: bool = False,
) -> Message:
    """The message stays undelivered and the attempt is closed: the owner agrees with the
    block, or (`not_contact`) says the text holds no contact detail, and the message is kept
    as a labelled example of the detector's mistake."""
    reason = (reason or "").strip()
    if not_contact and not reason:
        reason = examples.NOT_A_CONTACT_DETAIL
    async with transaction():
        message, attempt = await _open_attempt(org_id, message_id)
        if not_contact:
            decision = ExampleDecision.DISMISSED_NOT_CONTACT
            await examples.keep(message, attempt, decision, reason, user_id, now)
        if message.needs_owner_attention:
            message.needs_owner_attention = False
            await message.save()
        payload = {"notContact": True} if not_contact else None
        resolution = AttemptResolution.DISMISSED
        await _resolve(message, attempt, resolution, user_id, actor, reason, now, payload)
    return message


async def _open_attempt(org_id: int, message_id: int) -> tuple[Message, AntiPoachingAttempt]:
    message = await get_in_org(Message, org_id, message_id, what="message")
    attempt = (
        await AntiPoachingAttempt.objects().where(AntiPoachingAttempt.message == message.id).first()
    )
    if attempt is None or not message.blocked:
        raise Conflict("This message was not blocked.")
    if attempt.resolution != AttemptResolution.OPEN:
        raise Conflict(f"This blocked message was already {attempt.resolution}.")
    return message, attempt


async def _resolve(
    message: Message,
    attempt: AntiPoachingAttempt,
    resolution: AttemptResolution,
    user_id: int | None,
    actor: str,
    reason: str,
    now: datetime,
    payload: dict | None = None,
) -> None:
    """Close the attempt as the owner decided, audit it ("antipoaching.overridden" or
    "antipoaching.dismissed") and refresh the owner's Blocked and inbox tabs."""
    attempt.resolution, attempt.resolved_by = resolution, user_id
    attempt.resolution_reason = reason
    await attempt.save()
    await audit(
        message.org,
        actor,
        now,
        f"antipoaching.{resolution}",
        ("message", message.id),
        reason=reason,
        payload=payload,
    )
    for event in ("blocked", "inbox"):
        await live.signal(live.org_channel(message.org), event)


async def release_photos(message_id: int) -> None:
    """The owner let the message through: its blocked photos go with it (what they showed
    stays in `reason`)."""
    await Media.update({Media.status: MediaStatus.CLEAN}).where(
        (Media.message == message_id) & (Media.status == MediaStatus.BLOCKED)
    )


async def _release_inbound(message: Message, reason: str, base_url: str, now: datetime) -> None:
    """Route a released client message as its row said when it arrived (without the block):
    to the sitter that row chose (stored with the decision), or it stays with the owner. Its
    blocked photos are released with it (what they showed stays in `reason`)."""
    await release_photos(message.id)
    decision = await RoutingDecision.objects().where(RoutingDecision.message == message.id).first()
    sitter_id = None
    if decision is not None and decision.row_code == RouteCode.ACTIVE_WINDOW:
        sitter_id = decision.row_sitter
    message.needs_owner_attention = sitter_id is None
    if decision is not None:
        decision.reason += f" Released by the owner: {redact_contacts(reason)}"
        if sitter_id is not None:
            decision.target, decision.sitter = RouteTarget.SITTER.value, sitter_id
            decision.code = decision.row_code
        await decision.save()
    if sitter_id is not None:
        await notify_routed(message, sitter_id, base_url, now)
        await live.signal(live.sitter_channel(sitter_id), f"thread-{message.thread}")
