"""Photos an owner or a sitter sends (SPEC M3): normalised, stored, and for a sitter screened.

`prepare` normalises the uploads (`media.images.normalise_all`: upright, no EXIF/GPS, at most
1600 px, re-encoded; refused with a person's message otherwise) before anything is written.
`attach` stores them with their message, in the caller's transaction: an owner's photos are
`clean` at once; a sitter's are `checking`, and their message is held (queued, not due) while
the worker screens them like inbound ones (`services.media_inbound`), honouring the org's
allow list. `after_screening` then releases the message to the outbox, or blocks it exactly
as a blocked sitter text is blocked (A3-A5: a warning to the sitter, the owner's flag and
alert, escalation, override).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from db import live
from db.tables import Media, Message, Sitter, Thread
from domain import antipoaching
from domain.attachments import released
from domain.errors import DomainError
from domain.media import UNREADABLE
from domain.model import MediaStatus, MessageStatus, SenderRole
from media.images import MediaError, normalise_all
from services.escalation import escalate, record_attempt
from services.media_store import STORE


@dataclass(frozen=True, slots=True)
class Photo:
    data: bytes
    content_type: str
    width: int
    height: int


class PhotoRefused(DomainError):
    """An upload that is not a photo we send (413 too large, 415 not a photo, 422 damaged)."""

    def __init__(self, error: MediaError) -> None:
        super().__init__(error.message, field="files")
        self.status = error.status


async def prepare(files: Sequence[bytes]) -> list[Photo]:
    """The uploads, normalised for sending (none: an empty list); `PhotoRefused` otherwise."""
    files = [data for data in files if data]
    if not files:
        return []
    try:
        photos = await asyncio.to_thread(normalise_all, files)
    except MediaError as error:
        raise PhotoRefused(error) from None
    return [Photo(*photo) for photo in photos]


async def attach(message: Message, photos: Sequence[Photo], *, screen: bool, now: datetime) -> None:
    """Store the photos of an outbound message (`screen`: a sitter's, checked by the worker)."""
    for position, photo in enumerate(photos):
        stored = await STORE.put(message.org, photo.data)
        await Media(
            org=message.org,
            message=message.id,
            position=position,
            status=MediaStatus.CHECKING if screen else MediaStatus.CLEAN,
            content_type=photo.content_type,
            size=len(photo.data),
            sha256=hashlib.sha256(photo.data).hexdigest(),
            data=stored.data,
            storage_key=stored.key,
            width=photo.width,
            height=photo.height,
            next_attempt_at=now if screen else None,
            created_at=now,
            screened_at=None if screen else now,
        ).save()


def screened_fields(verdict: antipoaching.Verdict, text: str) -> dict:
    """What the worker records for a stored outbound photo it screened (one it could not read,
    which normalising should make impossible, is dropped from the send: never an offense)."""
    if verdict.category == UNREADABLE:
        return {Media.status: MediaStatus.FAILED, Media.reason: verdict.reason}
    return {
        Media.status: MediaStatus.BLOCKED if verdict.blocked else MediaStatus.CLEAN,
        Media.category: verdict.category or "",
        Media.reason: verdict.reason,
        Media.read_text: text[:2000] if verdict.blocked else "",
    }


async def after_screening(
    message: Message, verdict: antipoaching.Verdict | None, now: datetime
) -> None:
    """One photo of a held outbound message was screened: block the message, or once every
    photo is clean, let the worker send it now."""
    if message.blocked or message.status != MessageStatus.QUEUED:
        return
    if verdict is not None and verdict.blocked:
        await _block(message, verdict, now)
        return
    statuses = await Media.select(Media.status).where(Media.message == message.id)
    if released(row["status"] for row in statuses):
        await Message.update({Message.next_attempt_at: now}).where(Message.id == message.id)
        await live.message_changed(message)


async def _block(message: Message, verdict: antipoaching.Verdict, now: datetime) -> None:
    await Message.update(
        {
            Message.blocked: True,
            Message.status: MessageStatus.BLOCKED,
            Message.next_attempt_at: None,
        }
    ).where(Message.id == message.id)
    message.blocked, message.status = True, MessageStatus.BLOCKED
    await record_attempt(
        message.org, message.id, message.thread, SenderRole.SITTER, message.sender_sitter,
        verdict, now,
    )  # fmt: skip
    sitter = await Sitter.objects().where(Sitter.id == message.sender_sitter).first()
    thread = await Thread.objects().where(Thread.id == message.thread).first()
    if sitter is not None and thread is not None:
        await escalate(sitter, thread, message, verdict, now)
        await live.signal(live.sitter_channel(sitter.id), f"thread-{thread.id}")
    for event in ("blocked", "alerts", f"thread-{message.thread}"):
        await live.signal(live.org_channel(message.org), event)
