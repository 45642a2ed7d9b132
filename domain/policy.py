"""Who may send and see what (SPEC S2, S3 and the sitter screens of section 8)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.model import (
    Direction,
    Message,
    MessagingFlags,
    Permission,
    Sitter,
    SitterStatus,
    Window,
)
from domain.windows import active_windows, next_window

NO_WINDOW_HEADER = "No active window – messaging disabled"
MESSAGING_OFF = "Messaging from the sitter app is turned off for now."
NOT_ON_ALLOWLIST = "Messaging from the sitter app is not enabled for your account yet."
OFFENSE_PERIOD = timedelta(days=30)


class Escalation(StrEnum):
    """A4: what a sitter's blocked message leads to."""

    FLAG = "flag"  # 1st in 30 days: warning + owner flag
    HIGH_ALERT = "high_alert"  # 2nd: an owner alert of high severity
    LOCK = "lock"  # 3rd and later: messaging locked pending owner review


def escalation(
    offense_times: Iterable[datetime], now: datetime, cleared_at: datetime | None = None
) -> Escalation:
    """A4, for a sitter whose offenses (the newest included) happened at `offense_times`.

    An offense counts while it is less than 30 days old (one exactly 30 days old no longer
    does) and only when it is later than the owner's last unlock (`cleared_at`).
    """
    since = now - OFFENSE_PERIOD
    if cleared_at is not None and cleared_at > since:
        since = cleared_at
    count = sum(1 for t in offense_times if since < t <= now)
    if count >= 3:
        return Escalation.LOCK
    return Escalation.HIGH_ALERT if count == 2 else Escalation.FLAG


def can_sitter_send(
    sitter: Sitter,
    thread_windows: Iterable[Window],
    flags: MessagingFlags,
    now: datetime,
    tz: tzinfo | str = "UTC",
) -> Permission:
    """S2: a sitter may send in a thread only when, in this order,

    1. ``ENABLE_MESSAGING_V1`` and ``ENABLE_SITTER_MESSAGES_V1`` are on and, when an allow-list
       is set, the sitter is on it;
    2. the sitter is ``active`` (not inactive, not offboarded);
    3. the sitter's messaging is not locked (A4);
    4. one of **this sitter's** windows on the thread is active at ``now`` (W2).

    Otherwise the explanation is friendly text for the disabled composer (no rule names, no
    client data) and ``next_window`` is this sitter's next window on the thread, if any.
    """
    own = tuple(w for w in thread_windows if w.sitter_id == sitter.id)
    upcoming = next_window(own, now)
    if not (flags.messaging_v1 and flags.sitter_messages_v1):
        return Permission(False, MESSAGING_OFF, upcoming)
    if flags.sitter_allowlist is not None and sitter.id not in flags.sitter_allowlist:
        return Permission(False, NOT_ON_ALLOWLIST, upcoming)
    if sitter.status is not SitterStatus.ACTIVE:
        return Permission(False, "Your sitter account is not active.", None)
    if sitter.messaging_locked:
        return Permission(
            False,
            "Your messaging is paused until the business reviews your account.",
            upcoming,
        )
    if active_windows(own, now):
        return Permission(True, "You can message this client during your window.", None)
    if upcoming is None:
        return Permission(
            False, "You can message this client only during your visit windows.", None
        )
    return Permission(
        False,
        "You can message this client only during your visit windows. "
        f"Your next window starts {_when(upcoming.starts_at, _zone(tz))}.",
        upcoming,
    )


def sitter_messaging_off(flags: MessagingFlags, sitter: Sitter) -> str | None:
    """Why a client's text for this sitter goes to the owner instead (S2's flags and
    allow-list, or the sitter's lock), worded for the routing reason; None when it may go."""
    if not (flags.messaging_v1 and flags.sitter_messages_v1):
        return "Sitter messaging is turned off, so the owner answers."
    if flags.sitter_allowlist is not None and sitter.id not in flags.sitter_allowlist:
        return "This sitter is not on the sitter messaging allow-list, so the owner answers."
    if sitter.messaging_locked:
        return "This sitter's messaging is locked, so the owner answers."
    return None


def sitter_messaging_note(flags: MessagingFlags, sitter: Sitter) -> str:
    """What the sitter's pages say when messaging is not on for them ('' when it is; a lock
    has its own note)."""
    if not (flags.messaging_v1 and flags.sitter_messages_v1):
        return MESSAGING_OFF
    if flags.sitter_allowlist is not None and sitter.id not in flags.sitter_allowlist:
        return NOT_ON_ALLOWLIST
    return ""


def visible_to_sitter(message: Message, sitter_windows: Iterable[Window]) -> bool:
    """S3 + section 8: a sitter sees a message only when it is not billing, not blocked, and
    its ``created_at`` falls inside one of the sitter's own open windows on the message's
    thread (``starts_at <= created_at < ends_at``). ``sitter_windows`` must be that sitter's
    windows. A closed window grants nothing (T5: a sitter never keeps access to a booking
    that is no longer theirs). A message with attachments waits until they are screened
    clean (SPEC M2); a client text the scan did not pass on arrival is never shown."""
    if message.billing or message.blocked or not message.attachments_released:
        return False
    if message.direction is Direction.INBOUND and not message.scanned_clean:
        return False
    return any(
        w.thread_id == message.thread_id
        and w.closed_at is None
        and w.starts_at <= message.created_at < w.ends_at
        for w in sitter_windows
    )


def window_header(windows: Iterable[Window], now: datetime, tz: tzinfo | str) -> str:
    """Section 8 thread header, in the org's time zone ``tz``:

    - ``Active window: Sat Nov 21 9:00 AM – 11:00 AM`` when a window is active at ``now``
      (several active windows read as one span from the earliest start to the latest end; the
      end shows its date only when it falls on another day);
    - else ``Next window: Sun Nov 22 8:00 AM`` for the next window starting after ``now``;
    - else ``No active window – messaging disabled``.
    """
    zone = _zone(tz)
    pool = tuple(windows)
    active = active_windows(pool, now)
    if active:
        start = min(w.starts_at for w in active).astimezone(zone)
        end = max(w.ends_at for w in active).astimezone(zone)
        end_text = clock_time(end) if end.date() == start.date() else _when(end, zone)
        return f"Active window: {_when(start, zone)} – {end_text}"
    upcoming = next_window(pool, now)
    if upcoming is not None:
        return f"Next window: {_when(upcoming.starts_at, zone)}"
    return NO_WINDOW_HEADER


def _zone(tz: tzinfo | str) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def when_text(moment: datetime, tz: tzinfo | str) -> str:
    """`Sat Nov 21 3:41 PM`: an instant as the org reads it, in its time zone `tz`."""
    return _when(moment, _zone(tz))


def _when(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a %b} {local.day} {clock_time(local)}"


def clock_time(local: datetime) -> str:
    """`9:05 AM`: the time of day as people read it (of an already-local datetime)."""
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M} {'AM' if local.hour < 12 else 'PM'}"
