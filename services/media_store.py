"""Where the bytes of photos and files live: a small interface, one implementation.

`put(org_id, data) -> key` keeps the bytes and answers a storage key; `get(media) -> bytes`
gives them back. `DatabaseStore` (the default) keeps them in the `media.data` column, on SQLite
and PostgreSQL alike: its key is empty and the caller writes `data` with the row. Another
store (files, a bucket) would answer a key and leave `data` empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from db.tables import Media


@dataclass(frozen=True, slots=True)
class Stored:
    """What the media row records: `data` (None when the store keeps the bytes elsewhere)
    and the store's key."""

    data: bytes | None
    key: str


class MediaStore(Protocol):
    async def put(self, org_id: int, data: bytes) -> Stored: ...

    async def get(self, media: Media) -> bytes: ...


class DatabaseStore:
    """The bytes in the row itself."""

    async def put(self, org_id: int, data: bytes) -> Stored:
        return Stored(data=data, key="")

    async def get(self, media: Media) -> bytes:
        if media.data is not None:
            return bytes(media.data)
        row = await Media.select(Media.data).where(Media.id == media.id).first()
        return bytes(row["data"]) if row and row["data"] is not None else b""


STORE: MediaStore = DatabaseStore()
