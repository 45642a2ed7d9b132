"""Queueing outbound messages: the number is chosen at send time (SPEC section 4).

Every outbound message is written `queued`, in the caller's transaction, with the number it
leaves from and why; the worker delivers it (S5).
"""

from __future__ import annotations

from datetime import datetime

from db import live
from db.engine import transaction
from db.scope import get_in_org, lock_org
from db.tables import Message, Thread
from domain import model
from domain.errors import Conflict, Invalid
from domain.routing import choose_from_number
from services import records
from services.threads import client_of, touch

MAX_BODY = 1600  # Twilio's limit for one message (it splits it into segments itself)
MAX_CLIENT_KEY = 64


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


async def queue_to_client(
    thread: Thread,
    *,
    body: str,
    now: datetime,
    kind: str = "chat",
    billing: bool = False,
    sender_role: str = "owner",
    sender_user_id: int | None = None,
    sender_sitter_id: int | None = None,
    client_key: str | None = None,
) -> Message:
    """Queue a message to the thread's client from the number section 4 chooses now."""
    client = await client_of(thread)
    choice = await number_for_thread(thread, billing=billing, now=now)
    message = Message(
        org=thread.org,
        thread=thread.id,
        direction="outbound",
        sender_role=sender_role,
        sender_user=sender_user_id,
        sender_sitter=sender_sitter_id,
        kind=kind,
        body=body,
        from_e164=choice.number.e164,
        to_e164=client.phone_e164,
        number=choice.number.id,
        number_reason=choice.reason,
        status="queued",
        billing=billing,
        client_key=client_key,
        next_attempt_at=now,
        created_at=now,
    )
    await message.save()
    await touch(thread, now)
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
) -> Message:
    """S1: the owner sends in any thread at any time, from the number of section 4.

    With `client_key` (the sender's idempotency key) a retry of the same send returns the
    message stored the first time and queues nothing; the key reused for another text or
    thread is a conflict."""
    body = body.strip()
    if not body:
        raise Invalid("Write a message first.", field="body")
    if len(body) > MAX_BODY:
        raise Invalid(f"Messages are limited to {MAX_BODY} characters.", field="body")
    if client_key is not None and not 0 < len(client_key) <= MAX_CLIENT_KEY:
        raise Invalid(f"An idempotency key has 1 to {MAX_CLIENT_KEY} characters.")
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
        return await queue_to_client(
            thread,
            body=body,
            now=now,
            billing=billing,
            sender_role="owner",
            sender_user_id=user_id,
            client_key=client_key,
        )
