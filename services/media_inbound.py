"""Inbound MMS media (SPEC M1-M2): the worker's step that downloads, stores and screens them;
it also screens a sitter's outbound photos, stored at upload (`services.media_outbound`).

The webhook stored one `checking` row per attachment. Each round, due rows are claimed (their
`next_attempt_at` pushed past a claim deadline, `FOR UPDATE SKIP LOCKED` on PostgreSQL, so
several workers share them and a dead worker's claim expires), downloaded
(`sms.media_download`), their real type read from the bytes, stored (`services.media_store`)
and screened (`media.screening.screen`):

- transient download failures (timeouts, 5xx, 429) are tried again with the sends' back-off
  (`domain.delivery.backoff`), for `GIVE_UP_AFTER`; then, and on permanent failures (404, too
  large, another host, a file the screening refuses), the row is `failed` with a reason the
  owner can read. The message itself never fails: its text goes on.
- clean → `clean`; blocked → `blocked` with category and reason, and its message is blocked
  (`services.media_release`).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from PIL import Image

from db.engine import is_sqlite, transaction
from db.tables import Media
from domain import antipoaching
from domain.attachments import GAVE_UP
from domain.clock import utcnow
from domain.delivery import backoff
from domain.media import UNREADABLE
from domain.model import Direction, MediaStatus
from media.limits import MAX_DOWNLOAD_BYTES
from media.screening import screen_and_read
from services import allow_list, media_outbound, media_release
from services.media_store import STORE, MediaStore
from sms.media_download import DownloadFailed, MediaClient

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(seconds=60)
#: A photo that still cannot be downloaded this long after it arrived is given up.
GIVE_UP_AFTER = timedelta(hours=1)
BATCH = 10


@dataclass(frozen=True, slots=True)
class MediaStep:
    """What the step needs from the settings."""

    client: MediaClient
    public_base_url: str
    delete_from_twilio: bool = False
    store: MediaStore = STORE

    @classmethod
    def from_settings(cls, settings) -> MediaStep:
        return cls(
            client=MediaClient.from_settings(settings),
            public_base_url=settings.public_base_url,
            delete_from_twilio=settings.twilio_delete_media,
        )


async def claim(now: datetime, limit: int = BATCH) -> list[Media]:
    async with transaction():
        query = (
            Media.objects()
            .where((Media.status == MediaStatus.CHECKING) & (Media.next_attempt_at <= now))
            .order_by(Media.next_attempt_at)
            .limit(limit)
        )
        if not is_sqlite():
            query = query.lock_rows("UPDATE", skip_locked=True)
        rows = await query
        for row in rows:
            row.attempts += 1
        if rows:
            await Media.update(
                {Media.attempts: Media.attempts + 1, Media.next_attempt_at: now + CLAIM_TIMEOUT}
            ).where(Media.id.is_in([row.id for row in rows]))
    return rows


async def run_media_once(step: MediaStep) -> int:
    """One round: every due attachment, a few at a time. Returns how many were handled."""
    rows = await claim(utcnow())
    await asyncio.gather(*(_guarded(row, step) for row in rows))
    return len(rows)


async def _guarded(media: Media, step: MediaStep) -> None:
    try:
        await handle(media, step)
    except Exception:  # one attachment must not hold up the others: its claim expires
        log.exception("could not handle media %s; trying again later", media.id)


async def handle(media: Media, step: MediaStep) -> None:
    """Download, store and screen one claimed attachment (an outbound one, stored at upload,
    is only screened)."""
    allowed = await allow_list.for_org(media.org)
    if not media.source_url:
        data = await step.store.get(media)
        verdict, text = await asyncio.to_thread(
            screen_and_read, data, media.content_type, len(data), allowed
        )
        fields = media_outbound.screened_fields(verdict, text)
        failed = fields[Media.status] == MediaStatus.FAILED
        await _settle(media, fields, None if failed else verdict, step)
        return
    try:
        data = await step.client.download(media.source_url)
    except DownloadFailed as failure:
        await _download_failed(media, failure, step, utcnow())
        return
    verdict, text = await asyncio.to_thread(
        screen_and_read, data, media.declared_type, MAX_DOWNLOAD_BYTES, allowed
    )
    if verdict.category == UNREADABLE:  # a damaged or refused file is no offense: it failed
        await _settle(
            media, {Media.status: MediaStatus.FAILED, Media.reason: verdict.reason}, None, step
        )
        return
    stored = await step.store.put(media.org, data)
    await _settle(media, _stored_fields(data, stored, verdict, text), verdict, step)
    if step.delete_from_twilio and not await step.client.delete(media.source_url):
        log.warning("could not delete media %s from Twilio", media.id)


def _stored_fields(data: bytes, stored, verdict: antipoaching.Verdict, text: str) -> dict:
    content_type, width, height = sniff(data)
    status = MediaStatus.BLOCKED if verdict.blocked else MediaStatus.CLEAN
    return {
        Media.status: status,
        Media.content_type: content_type,
        Media.size: len(data),
        Media.sha256: hashlib.sha256(data).hexdigest(),
        Media.data: stored.data,
        Media.storage_key: stored.key,
        Media.width: width,
        Media.height: height,
        Media.category: verdict.category or "",
        Media.reason: verdict.reason,
        Media.read_text: text[:2000] if verdict.blocked else "",
    }


def sniff(data: bytes) -> tuple[str, int, int]:
    """The type the bytes really are (never the declared one), with an image's size."""
    if data.startswith(b"%PDF-"):
        return "application/pdf", 0, 0
    if data[:64].lstrip().lower().startswith(b"begin:vcard"):
        return "text/vcard", 0, 0
    try:
        with Image.open(io.BytesIO(data)) as image:
            return Image.MIME.get(image.format or "", "application/octet-stream"), *image.size
    except Exception:  # not an image Pillow knows: served as bytes, never rendered
        return "application/octet-stream", 0, 0


async def _download_failed(
    media: Media, failure: DownloadFailed, step: MediaStep, now: datetime
) -> None:
    if failure.transient and now - media.created_at < GIVE_UP_AFTER:
        log.info("media %s download failed, trying again later: %s", media.id, failure.reason)
        async with transaction():
            await Media.update(
                {Media.next_attempt_at: now + backoff(media.attempts), Media.reason: failure.reason}
            ).where((Media.id == media.id) & (Media.status == MediaStatus.CHECKING))
        return
    reason = GAVE_UP.format(attempts=media.attempts) if failure.transient else failure.reason
    await _settle(media, {Media.status: MediaStatus.FAILED, Media.reason: reason}, None, step)


async def _settle(
    media: Media, changes: dict, verdict: antipoaching.Verdict | None, step: MediaStep
) -> None:
    """Record the outcome and apply it to the message, in one transaction."""
    now = utcnow()
    async with transaction():
        message = await media_release.locked_message(media.message)
        updated = (
            await Media.update({**changes, Media.next_attempt_at: None, Media.screened_at: now})
            .where((Media.id == media.id) & (Media.status == MediaStatus.CHECKING))
            .returning(Media.id)
        )
        if not updated:  # settled meanwhile by another worker
            return
        if message.direction == Direction.OUTBOUND:
            await media_outbound.after_screening(message, verdict, now)
        else:
            await media_release.after_screening(message, verdict, step.public_base_url, now)
