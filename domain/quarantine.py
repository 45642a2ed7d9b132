"""N5: how long a quarantine lasts, from what the owner picked. Pure."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.errors import InvalidQuarantine

#: N5: the durations the owner may pick, in days; "custom" takes 1-365 days.
QUARANTINE_DURATIONS: tuple[str, ...] = ("1", "3", "7", "14", "30", "90", "custom")
DEFAULT_QUARANTINE_DAYS = 90
CUSTOM_QUARANTINE_DAYS = range(1, 366)


def quarantine_days(duration: str | int | None = None, custom_days: int | str | None = None) -> int:
    """N5: the number of days of a quarantine. ``duration`` is one of "1", "3", "7", "14",
    "30", "90" or "custom" (None means the default, 90). With "custom", ``custom_days`` must
    be a whole number from 1 to 365 (None means 90); it is ignored for the other durations.
    Anything else raises :class:`InvalidQuarantine`."""
    if duration is None:
        return DEFAULT_QUARANTINE_DAYS
    if isinstance(duration, bool):
        raise InvalidQuarantine(_BAD_DURATION)
    text = str(duration).strip()
    if text not in QUARANTINE_DURATIONS:
        raise InvalidQuarantine(_BAD_DURATION)
    if text != "custom":
        return int(text)
    if custom_days is None or (isinstance(custom_days, str) and not custom_days.strip()):
        return DEFAULT_QUARANTINE_DAYS
    days = _whole_number(custom_days)
    if days is None or days not in CUSTOM_QUARANTINE_DAYS:
        raise InvalidQuarantine("A custom quarantine lasts a whole number of days from 1 to 365.")
    return days


def check_quarantine_request(duration: str | int | None, custom_days: int | str | None) -> None:
    """What an owner asks for must say one thing: "custom" comes with its number of days, and
    a fixed duration comes without one (:class:`InvalidQuarantine` otherwise)."""
    custom = str(duration).strip() == "custom"
    if custom and custom_days is None:
        raise InvalidQuarantine("A custom quarantine needs customDays (1 to 365).")
    if not custom and custom_days is not None:
        raise InvalidQuarantine('customDays goes only with the duration "custom".')


def quarantine_until(
    now: datetime, duration: str | int | None = None, custom_days: int | str | None = None
) -> datetime:
    """N5: when a quarantine started at ``now`` ends (see :func:`quarantine_days`)."""
    return now + timedelta(days=quarantine_days(duration, custom_days))


_BAD_DURATION = "Choose a quarantine of 1, 3, 7, 14, 30 or 90 days, or a custom number of days."


def _whole_number(value: int | str) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text.isascii() and text.isdigit():
        return int(text)
    return None
