"""Outbound photos on Twilio's side of the wire (SPEC M3): the token URLs a send carries, and
the file a token names.

The worker asks `MediaLinks.urls` for a message's clean photos just before it sends, so each
URL works for `MEDIA_URL_TTL_HOURS` from then (Twilio fetches at once; a retry gets fresh
ones). `served` answers the bytes of exactly the file a valid token names, or `NotFound`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from db.tables import Media
from domain.errors import NotFound
from domain.media_links import media_of_token, media_token, media_url
from domain.model import Direction, MediaStatus
from services.media_access import Served
from services.media_store import STORE


@dataclass(frozen=True, slots=True)
class MediaLinks:
    base_url: str
    secret: str
    ttl: timedelta

    @classmethod
    def from_settings(cls, settings) -> MediaLinks:
        return cls(
            base_url=settings.public_base_url,
            secret=settings.secret_key,
            ttl=timedelta(hours=settings.media_url_ttl_hours),
        )

    async def urls(self, message_id: int, now: datetime) -> list[str]:
        """The URLs of the message's clean photos, in order (none for a text-only message)."""
        rows = (
            await Media.select(Media.id)
            .where((Media.message == message_id) & (Media.status == MediaStatus.CLEAN))
            .order_by(Media.position)
        )
        expires = now + self.ttl
        return [
            media_url(self.base_url, media_token(row["id"], expires, self.secret)) for row in rows
        ]


async def served(token: str, secret: str, now: datetime) -> Served:
    """The outbound photo the token names while it is valid; `NotFound` otherwise."""
    media_id = media_of_token(token, secret, now)
    if media_id is None:
        raise NotFound("No such file.")
    media = (
        await Media.objects()
        .where(
            (Media.id == media_id)
            & (Media.status == MediaStatus.CLEAN)
            & (Media.message.direction == Direction.OUTBOUND)
        )
        .first()
    )
    if media is None or not media.size:
        raise NotFound("No such file.")
    return Served(await STORE.get(media), media.content_type or "application/octet-stream")
