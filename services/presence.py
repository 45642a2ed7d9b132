"""R5: whether a sitter's page is open, and what they have read.

A sitter is present while their live stream (`/sitter/live`) is connected: the stream stamps
`sitter.last_seen_at` when it opens and every `REFRESH_EVERY` seconds, and clears it when it
closes. The stamp is in the database, so any process (web or worker, on PostgreSQL) can tell;
a stamp older than `PRESENT_FOR` (a stream that died without closing) counts as absent.
A sitter has read a thread up to the last time they opened its page or its fragment refreshed.
"""

from __future__ import annotations

from datetime import datetime

from db.tables import Sitter, SitterThreadRead
from domain.sitter_notices import PRESENT_FOR

REFRESH_EVERY = PRESENT_FOR.total_seconds() / 2  # seconds


async def seen(sitter_id: int, now: datetime) -> None:
    await Sitter.update({Sitter.last_seen_at: now}).where(Sitter.id == sitter_id)


async def left(sitter_id: int) -> None:
    await Sitter.update({Sitter.last_seen_at: None}).where(Sitter.id == sitter_id)


async def mark_read(org_id: int, sitter_id: int, thread_id: int, now: datetime) -> None:
    """The sitter has seen this thread as it is now (one row per sitter and thread)."""
    await SitterThreadRead.insert(
        SitterThreadRead(org=org_id, sitter=sitter_id, thread=thread_id, read_at=now)
    ).on_conflict(
        target=(SitterThreadRead.sitter, SitterThreadRead.thread),
        action="DO UPDATE",
        values=[SitterThreadRead.read_at],
    )
