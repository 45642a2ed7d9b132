"""The one clock. Rules take `now` as an argument; only the edges (handlers, worker) call this."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
