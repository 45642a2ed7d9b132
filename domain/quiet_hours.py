"""Quiet hours (SPEC O2): an org setting, by default 21:00–08:00 in the org's time zone.

What no person sent (automations, payment reminders, notifications, auto-responses, warnings)
is held while quiet hours last and goes out when they end. A person's own send (a `chat` by
the owner or a sitter) is never held, only warned about; a sign-in code is never held (a
person just asked for it). Start equal to end means no quiet hours. Pure: times in, times out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain import texts
from domain.model import MessageKind

DEFAULT_START = time(21, 0)
DEFAULT_END = time(8, 0)

#: Kinds a person sends or asked for this moment: never held.
NEVER_HELD = frozenset({MessageKind.CHAT, MessageKind.LOGIN_CODE})


@dataclass(frozen=True, slots=True)
class QuietHours:
    """Local clock times: quiet from `start` (inclusive) until `end` (exclusive), in `zone`."""

    zone: str = "America/Los_Angeles"
    start: time = DEFAULT_START
    end: time = DEFAULT_END

    @classmethod
    def of(cls, zone: str, start: str, end: str) -> QuietHours:
        """From the org's columns ("21:00", "08:00")."""
        return cls(zone, parse_clock(start), parse_clock(end))


def parse_clock(value: str) -> time:
    """`HH:MM` (24-hour) to a time; ValueError when it is not one."""
    parsed = time.fromisoformat(value.strip())
    if len(value.strip()) != 5 or parsed.second or parsed.microsecond:
        raise ValueError(f"not an HH:MM time: {value!r}")
    return parsed


def is_quiet(quiet: QuietHours, now: datetime) -> bool:
    """Whether `now` falls in quiet hours (which may run across midnight)."""
    if quiet.start == quiet.end:
        return False
    local = now.astimezone(ZoneInfo(quiet.zone)).time()
    if quiet.start < quiet.end:
        return quiet.start <= local < quiet.end
    return local >= quiet.start or local < quiet.end


def quiet_ends_at(quiet: QuietHours, now: datetime) -> datetime:
    """The first end of quiet hours after `now` (built in local time, so DST-safe)."""
    zone = ZoneInfo(quiet.zone)
    local = now.astimezone(zone)
    end = datetime.combine(local.date(), quiet.end, tzinfo=zone)
    return (
        end
        if end > local
        else datetime.combine(local.date() + timedelta(days=1), quiet.end, tzinfo=zone)
    )


def held_until(kind: MessageKind | str, quiet: QuietHours, now: datetime) -> datetime | None:
    """When a message of `kind` queued at `now` may leave: None for at once, else the end of
    the quiet hours it was queued in."""
    if MessageKind(kind) in NEVER_HELD or not is_quiet(quiet, now):
        return None
    return quiet_ends_at(quiet, now)


def composer_warning(quiet: QuietHours, now: datetime, client_name: str) -> str:
    """What a person's composer says during quiet hours (their send is never held)."""
    if not is_quiet(quiet, now):
        return ""
    first = (client_name or "").split()
    return texts.quiet_hours_warning(
        first[0] if first else "the client", now.astimezone(ZoneInfo(quiet.zone))
    )


def evening_end(quiet: QuietHours, day: datetime) -> datetime:
    """Where the evening of `day` (a local 18:00) ends for reminders: when quiet hours start
    that evening, or midnight when they do not start before it; 18:00 itself when 18:00 is
    already quiet (then there is no evening to send in)."""
    zone = ZoneInfo(quiet.zone)
    if is_quiet(quiet, day):
        return day
    midnight = datetime.combine(day.date() + timedelta(days=1), time(0), tzinfo=zone)
    start = datetime.combine(day.date(), quiet.start, tzinfo=zone)
    return start if day < start < midnight and quiet.start != quiet.end else midnight
