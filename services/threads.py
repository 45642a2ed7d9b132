"""Threads: one per client per org (T1), created idempotently, shown with their windows."""

from __future__ import annotations

from datetime import datetime

from db.queries.threads import touch_thread
from db.tables import Client, Thread


async def ensure_thread(org_id: int, client_id: int, now: datetime) -> Thread:
    """The client's thread, created if missing. Safe under concurrency: the insert does nothing
    when another request created the thread first (unique index on org and client)."""
    query = Thread.objects().where((Thread.org == org_id) & (Thread.client == client_id))
    thread = await query.first()
    if thread is None:
        await Thread.insert(
            Thread(org=org_id, client=client_id, last_activity_at=now, created_at=now)
        ).on_conflict(target=(Thread.org, Thread.client), action="DO NOTHING")
        thread = await query.first()
    assert thread is not None
    return thread


async def touch(thread_id: int, now: datetime) -> None:
    """New activity: the thread moves to the top and comes back from the archive."""
    await touch_thread(thread_id, now)


async def client_of(thread: Thread) -> Client:
    client = await Client.objects().where(Client.id == thread.client).first()
    assert client is not None
    return client
