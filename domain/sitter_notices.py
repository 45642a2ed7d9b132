"""R5: when a sitter is texted that a client wrote to them.

Only when their page is not open (an open page is updated live), the thread has a message they
have not read, and they were not texted about this thread lately while it stayed unread: at
most one text per thread per `NOTIFY_EVERY`, and once they read the thread, the next message
may be texted again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

NOTIFY_EVERY = timedelta(minutes=10)
#: A sitter's live page stamps them seen every 15 seconds; a stamp older than two of those
#: (a stream that died without closing) counts as absent.
PRESENT_FOR = timedelta(seconds=30)


@dataclass(frozen=True, slots=True)
class Attention:
    """What R5 knows of a sitter and one thread."""

    last_seen_at: datetime | None  # their live page, last heard
    read_at: datetime | None  # when they last read the thread
    last_notified_at: datetime | None  # their last text about the thread


def is_present(last_seen_at: datetime | None, now: datetime) -> bool:
    """The sitter's page is open: it was heard from within `PRESENT_FOR`."""
    return last_seen_at is not None and last_seen_at > now - PRESENT_FOR


def should_text_sitter(attention: Attention, unread_since: datetime, now: datetime) -> bool:
    """R5 for a message that arrived at `unread_since`."""
    if is_present(attention.last_seen_at, now):
        return False
    read_at = attention.read_at
    if read_at is not None and read_at >= unread_since:
        return False
    since = max(now - NOTIFY_EVERY, read_at) if read_at else now - NOTIFY_EVERY
    last = attention.last_notified_at
    return last is None or last <= since
