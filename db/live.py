"""Live-update signals: "something changed here", sent to open pages when the change commits.

A signal is a channel (`org_7` for the owner's pages of org 7, `sitter_3` for sitter 3's
pages) and an event name: `inbox`, `threads`, `thread-12`, `messages` (any message of the
org), `blocked`, `alerts`. It carries no data: a page that hears
it fetches the fragment it shows through its normal, authorised GET, so what a sitter may see
is decided in one place and no message body or number ever travels in a live event.

On PostgreSQL a signal is a `NOTIFY` inside the transaction that made the change: PostgreSQL
delivers it at commit (and never on rollback) to every process that listens. On SQLite it is
handed to this process's channels once the outermost `transaction()` has committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from piccolo.engine.sqlite import SQLiteEngine

from db.tables import Org

log = logging.getLogger(__name__)

Sink = Callable[[str, str], None]

_sink: Sink | None = None
_pending: ContextVar[list[tuple[str, str]] | None] = ContextVar("pending_signals", default=None)


def org_channel(org_id: int) -> str:
    return f"org_{org_id}"


def sitter_channel(sitter_id: int) -> str:
    return f"sitter_{sitter_id}"


async def message_changed(message: object) -> None:
    """A message was stored or changed status: the org's `messages` listeners refresh, and
    its thread pages (the sitter's too when it is the sitter's own message)."""
    org = message.org  # type: ignore[attr-defined]
    await signal(org_channel(org), "messages")
    thread = getattr(message, "thread", None)
    if thread is None:
        return
    await signal(org_channel(org), f"thread-{thread}")
    sitter = getattr(message, "sender_sitter", None)
    if sitter is not None:
        await signal(sitter_channel(sitter), f"thread-{thread}")


def set_sink(sink: Sink | None) -> None:
    """Where this process's signals go on SQLite (the web app's channels plugin)."""
    global _sink
    _sink = sink


async def signal(channel: str, event: str) -> None:
    """Tell the pages listening on `channel` that `event` happened (once the change commits).

    Inside a unit of work the signal is collected (once per channel and event) and sent when
    the work ends: see `db.engine.transaction`."""
    pending = _pending.get()
    if pending is None:
        await notify([(channel, event)])
    elif (channel, event) not in pending:
        pending.append((channel, event))


async def notify(signals: list[tuple[str, str]]) -> None:
    """Send signals: on PostgreSQL one `NOTIFY` statement for all of them (inside the current
    transaction, if any, so they leave at commit); on SQLite to this process's channels."""
    if not signals:
        return
    if isinstance(Org._meta.db, SQLiteEngine):  # the installed engine (db.engine.install)
        for channel, event in signals:
            _deliver(channel, event)
        return
    rows = ", ".join("({}, {})" for _ in signals)  # placeholders only: the values are parameters
    values = [part for pair in signals for part in pair]
    await Org.raw(f"SELECT pg_notify(c, e) FROM (VALUES {rows}) AS s (c, e)", *values)  # noqa: S608


@contextmanager
def collected() -> Iterator[list[tuple[str, str]]]:
    """Hold back the signals raised inside a unit of work (see `db.engine.transaction`)."""
    pending: list[tuple[str, str]] = []
    token = _pending.set(pending)
    try:
        yield pending  # the very list `signal` appends to (an empty list is falsy: no `or`)
    finally:
        _pending.reset(token)


def _deliver(channel: str, event: str) -> None:
    """Hand a committed change's signal over; a page that misses it is never worth failing
    the request that made the change (its data is already committed)."""
    if _sink is None:
        return
    try:
        _sink(channel, event)
    except Exception:
        log.warning("live signal %s on %s not delivered", event, channel, exc_info=True)
