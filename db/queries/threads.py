"""Statements on threads shared by every path that writes a message."""

from __future__ import annotations

from datetime import datetime

from db.tables import Thread

#: New activity: the thread moves to the top and comes back from the archive.
TOUCH_THREAD_SQL = "UPDATE thread SET last_activity_at = {}, archived_at = NULL WHERE id = {}"


async def touch_thread(thread_id: int, now: datetime) -> None:
    await Thread.raw(TOUCH_THREAD_SQL, now, thread_id)
