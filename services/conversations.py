"""The Conversations tab of the owner's Messages page: every thread of the org, last activity
first, searchable by client name.

Keyset-paged on the `thread (org, last_activity_at)` index, so its cost does not grow with the
number of threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.queries.threads import thread_previews
from db.scope import contains
from db.tables import Client, Thread

PAGE_SIZE = 50
SEARCH_CLIENTS = 500


@dataclass(frozen=True, slots=True)
class ThreadRow:
    """One line of the Conversations tab."""

    id: int
    last_activity_at: datetime
    meet_and_greet: str
    client_name: str | None
    client_phone: str | None
    sitter_name: str | None
    preview: str = ""


@dataclass(frozen=True)
class ThreadPage:
    rows: list[ThreadRow]
    next_cursor: str | None
    query: str = ""
    archived: bool = False


def _cursor(row: ThreadRow) -> str:
    return f"{row.last_activity_at.isoformat()}_{row.id}"


def _parse_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor:
        return None
    at, _, thread_id = cursor.rpartition("_")
    try:
        return datetime.fromisoformat(at), int(thread_id)
    except ValueError:
        return None


async def conversations(
    org_id: int,
    *,
    query: str = "",
    cursor: str | None = None,
    archived: bool = False,
    billing: bool = True,
) -> ThreadPage:
    """All threads that are not archived (or, with `archived`, those that are), last activity
    first, PAGE_SIZE at a time (keyset paging: `cursor` is the last row of the previous page).
    `query` searches client names. Without `billing` (a manager) no preview is a billing text."""
    select = Thread.select(
        Thread.id,
        Thread.last_activity_at,
        Thread.meet_and_greet,
        Thread.client.name.as_alias("client_name"),
        Thread.client.phone_e164.as_alias("client_phone"),
        Thread.assigned_sitter.name.as_alias("sitter_name"),
    ).where(
        (Thread.org == org_id)
        & (Thread.archived_at.is_not_null() if archived else Thread.archived_at.is_null())
    )
    query = query.strip()
    after = _parse_cursor(cursor)
    if after is not None:
        at, last_id = after
        select = select.where(
            (Thread.last_activity_at < at)
            | ((Thread.last_activity_at == at) & (Thread.id < last_id))
        )
    # Ordering by activity, a database walks every thread of the org to find a rare name's few
    # (SQLite always; PostgreSQL whenever its estimate of the matches is too high, which the
    # statistics of a name column often give): look up the clients first (on PostgreSQL through
    # the trigram index on client.name, for terms of 3 characters or more) and their threads
    # through the (org, client) index. Measured with benchmarks/inbox.py.
    clients = await _clients_named(org_id, query) if query else None
    if clients is not None:
        found = await select.where(Thread.client.is_in(clients or [0]))
        found.sort(key=lambda row: (row["last_activity_at"], row["id"]), reverse=True)
        rows = found[: PAGE_SIZE + 1]
    else:
        if query:  # a common name: walking in activity order finds a page's worth quickly
            select = select.where(contains(Thread.client.name, query))
        rows = (
            await select.order_by(Thread.last_activity_at, ascending=False)
            .order_by(Thread.id, ascending=False)
            .limit(PAGE_SIZE + 1)
        )
    return await _page_of(rows, query, archived, billing)


async def _page_of(rows: list[dict], query: str, archived: bool, billing: bool) -> ThreadPage:
    """At most PAGE_SIZE of the rows (one more says there is a next page), with previews."""
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    previews = await thread_previews([row["id"] for row in rows], billing=billing)
    page = [ThreadRow(**row, preview=previews.get(row["id"], "")) for row in rows]
    return ThreadPage(page, _cursor(page[-1]) if more and page else None, query, archived)


async def _clients_named(org_id: int, query: str) -> list[int] | None:
    """The ids of the org's clients whose name contains `query`, or None when there are more
    than SEARCH_CLIENTS of them."""
    rows = (
        await Client.select(Client.id)
        .where((Client.org == org_id) & contains(Client.name, query))
        .limit(SEARCH_CLIENTS + 1)
    )
    return [row["id"] for row in rows] if len(rows) <= SEARCH_CLIENTS else None
