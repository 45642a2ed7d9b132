"""The attachments of messages, as pages and the API show them (never their bytes)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from db.tables import Media
from domain.attachments import released
from domain.model import MediaStatus


@dataclass(frozen=True, slots=True)
class Attached:
    id: int
    message_id: int
    position: int
    status: MediaStatus
    content_type: str
    size: int
    reason: str
    read_text: str

    @property
    def url(self) -> str:
        return f"/media/{self.id}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


async def media_by_message(message_ids: Iterable[int]) -> dict[int, list[Attached]]:
    """Each message's attachments in order; a message without any is absent."""
    ids = list(message_ids)
    if not ids:
        return {}
    rows = (
        await Media.select(
            Media.id,
            Media.message,
            Media.position,
            Media.status,
            Media.content_type,
            Media.size,
            Media.reason,
            Media.read_text,
        )
        .where(Media.message.is_in(ids))
        .order_by(Media.message)
        .order_by(Media.position)
    )
    found: dict[int, list[Attached]] = {}
    for row in rows:
        found.setdefault(row["message"], []).append(
            Attached(
                id=row["id"],
                message_id=row["message"],
                position=row["position"],
                status=MediaStatus(row["status"]),
                content_type=row["content_type"],
                size=row["size"],
                reason=row["reason"],
                read_text=row["read_text"],
            )
        )
    return found


def held(items: list[Attached]) -> bool:
    """Whether these attachments keep their message from a sitter (`domain.attachments`)."""
    return not released(item.status for item in items)


def clean(items: list[Attached]) -> list[Attached]:
    return [item for item in items if item.status is MediaStatus.CLEAN]
