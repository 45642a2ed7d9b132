"""Statements on threads: the touch every path that writes a message makes, and the previews
of the conversation lists."""

from __future__ import annotations

from datetime import datetime

from db.tables import Thread

#: New activity: the thread moves to the top and comes back from the archive.
TOUCH_THREAD_SQL = "UPDATE thread SET last_activity_at = {}, archived_at = NULL WHERE id = {}"


async def touch_thread(thread_id: int, now: datetime) -> None:
    await Thread.raw(TOUCH_THREAD_SQL, now, thread_id)


async def thread_previews(thread_ids: list[int], *, billing: bool = True) -> dict[int, str]:
    """The last message of each thread (one query, on the `message (thread, created_at)`
    index). Blocked and billing text is shown to the owner, who sees everything; without
    `billing` the last message that is not a billing one."""
    if not thread_ids:
        return {}
    marks = ", ".join("{}" for _ in thread_ids)
    sql = (  # only "{}" placeholders are formatted in: the ids travel as parameters
        "SELECT t.id AS id, (SELECT m.body FROM message m WHERE m.thread = t.id "  # noqa: S608
        + ("" if billing else "AND NOT m.billing ")
        + "ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS body "
        "FROM thread t WHERE t.id IN (" + marks + ")"
    )
    rows = await Thread.raw(sql, *thread_ids)
    return {row["id"]: row["body"] or "" for row in rows}
