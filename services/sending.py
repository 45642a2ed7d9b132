"""Queueing outbound messages: the number is chosen at send time (SPEC section 4).

Every outbound message is written `queued`, in the caller's transaction, with the number it
leaves from and why; the worker delivers it (S5).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from db import live
from db.engine import transaction
from db.scope import get_in_org, lock_org
from db.tables import BusinessNumber, Message, Sitter, Thread
from domain import model
from domain.delivery import unusable_reason
from domain.errors import Conflict
from domain.messages import check_client_key, checked_body
from domain.model import MessageKind, SenderRole, SitterStatus
from domain.routing import choose_from_number, front_desk_of
from services import media_outbound, records
from services.media_outbound import Photo
from services.outbox import enqueue
from services.threads import client_of, touch


async def number_for_thread(thread: Thread, *, billing: bool, now: datetime) -> model.NumberChoice:
    """Section 4 for this thread now: billing, meet-and-greet, one active window, fallback."""
    client = await client_of(thread)
    lease = await records.open_lease(thread.id)
    return choose_from_number(
        model.Outbound(
            numbers=await records.org_numbers(thread.org),
            thread_windows=await records.thread_windows(thread.id),
            is_one_time_client=client.is_one_time_client,
            billing=billing,
            meet_and_greet=thread.meet_and_greet,
            leased_pool_number_id=lease.number if lease else None,
        ),
        now,
    )


async def recheck_number(message: Message, now: datetime) -> Message:
    """Just before the worker sends: a message queued from a number that is no longer usable
    (cooldown, quarantined, retired, an offboarded sitter's) leaves from the number section 4
    chooses now (the front desk for texts outside a thread), and `number_reason` says why."""
    if message.number is None:
        return message  # nothing was chosen to check (rows written by hand)
    row = await BusinessNumber.objects().where(BusinessNumber.id == message.number).first()
    why = unusable_reason(
        records.number_record(row) if row else None,
        sitter_offboarded=await _offboarded(row.assigned_sitter if row else None),
        now=now,
    )
    if why is None:
        return message
    thread = await Thread.objects().where(Thread.id == message.thread).first()
    if thread is not None:
        choice = await number_for_thread(thread, billing=message.billing, now=now)
    else:
        desk = front_desk_of(await records.org_numbers(message.org))
        choice = model.NumberChoice(desk, "Not part of a conversation: front desk.")
    message.number, message.from_e164 = choice.number.id, choice.number.e164
    message.number_reason = f"{choice.reason} Chosen again at send time: {why}."
    await Message.update(
        {
            Message.number: message.number,
            Message.from_e164: message.from_e164,
            Message.number_reason: message.number_reason,
        }
    ).where(Message.id == message.id)
    return message


async def _offboarded(sitter_id: int | None) -> bool:
    if sitter_id is None:
        return False
    row = await Sitter.select(Sitter.status).where(Sitter.id == sitter_id).first()
    return row is not None and row["status"] == SitterStatus.OFFBOARDED


async def queue_to_client(
    thread: Thread,
    *,
    body: str,
    now: datetime,
    kind: MessageKind = MessageKind.CHAT,
    billing: bool = False,
    sender_role: SenderRole = SenderRole.OWNER,
    sender_user_id: int | None = None,
    sender_sitter_id: int | None = None,
    client_key: str | None = None,
    blocked: bool = False,
    held: bool = False,
    choice: model.NumberChoice | None = None,
) -> Message:
    """Queue a message to the thread's client from the number section 4 chooses now (or the
    given `choice`).

    A `blocked` one is stored with that number, never queued, and signals nothing (the caller
    tells the pages); a `held` one waits for its photos' screening."""
    client = await client_of(thread)
    choice = choice or await number_for_thread(thread, billing=billing, now=now)
    message = await enqueue(
        org_id=thread.org,
        thread_id=thread.id,
        to_e164=client.phone_e164,
        choice=choice,
        kind=kind,
        body=body,
        now=now,
        billing=billing,
        sender_role=sender_role,
        sender_user_id=sender_user_id,
        sender_sitter_id=sender_sitter_id,
        client_key=client_key,
        blocked=blocked,
        held=held,
    )
    await touch(thread.id, now)
    if not blocked:
        await live.message_changed(message)
    return message


async def owner_send(
    *,
    org_id: int,
    user_id: int | None,
    thread_id: int,
    body: str,
    billing: bool,
    now: datetime,
    client_key: str | None = None,
    photos: Sequence[Photo] = (),
) -> Message:
    """S1: the owner sends in any thread at any time, from the number of section 4, with any
    `photos` (normalised by `media_outbound.prepare`; an owner's are not screened, SPEC M3).

    With `client_key` (the sender's idempotency key) a retry of the same send returns the
    message stored the first time and queues nothing; the key reused for another text or
    thread is a conflict."""
    body = checked_body(body, photos=len(photos))
    check_client_key(client_key)
    async with transaction():
        thread = await get_in_org(Thread, org_id, thread_id, what="thread")
        if client_key:
            await lock_org(org_id)  # two retries at once: the second waits, then finds the first
            sent = (
                await Message.objects()
                .where((Message.org == org_id) & (Message.client_key == client_key))
                .first()
            )
            if sent is not None:
                if (sent.thread, sent.body, sent.billing) != (thread.id, body, billing):
                    raise Conflict(
                        "This send was already made with another text; nothing new was sent."
                    )
                return sent
        message = await queue_to_client(
            thread,
            body=body,
            now=now,
            billing=billing,
            sender_role=SenderRole.OWNER,
            sender_user_id=user_id,
            client_key=client_key,
        )
        await media_outbound.attach(message, photos, screen=False, now=now)
        return message
