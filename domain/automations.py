"""When automations are due (SPEC S4). Pure: times in, times out.

- Night-before reminder (O2): in the evening before only, from 18:00 in the org's time zone on
  the calendar day before the booking starts until that evening's quiet hours start (21:00 by
  default; midnight when quiet hours do not start that evening; never when 18:00 is already
  quiet), and never after the booking starts. A booking confirmed after 18:00 the day before
  gets none: its confirmation already said when.
- Payment reminder: 24 hours after the payment link, while the booking is still unpaid
  (not confirmed) and has not started.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.quiet_hours import QuietHours, evening_end

REMINDER_LOCAL_TIME = time(18, 0)
PAYMENT_REMINDER_AFTER = timedelta(hours=24)


def night_before_at(starts_at: datetime, time_zone: str) -> datetime:
    """18:00 local on the day before the local start date (DST-safe: built in local time)."""
    zone = ZoneInfo(time_zone)
    day_before = starts_at.astimezone(zone).date() - timedelta(days=1)
    return datetime.combine(day_before, REMINDER_LOCAL_TIME, tzinfo=zone)


def night_before_due(
    starts_at: datetime,
    time_zone: str,
    now: datetime,
    *,
    confirmed_at: datetime | None = None,
    quiet: QuietHours | None = None,
) -> bool:
    """Due in the evening before only; not at all when confirmed after 18:00 the day before
    (`confirmed_at` None: confirmed before there was a record of it, so long ago)."""
    at = night_before_at(starts_at, time_zone)
    if confirmed_at is not None and confirmed_at > at:
        return False
    end = evening_end(quiet or QuietHours(zone=time_zone), at)
    return at <= now < min(end, starts_at)


def night_before_expired(
    starts_at: datetime, time_zone: str, now: datetime, quiet: QuietHours | None = None
) -> bool:
    """The reminder's evening is over (or the booking started): one not yet sent never is."""
    at = night_before_at(starts_at, time_zone)
    return now >= min(evening_end(quiet or QuietHours(zone=time_zone), at), starts_at)


def payment_reminder_due(link_sent_at: datetime, starts_at: datetime, now: datetime) -> bool:
    return link_sent_at + PAYMENT_REMINDER_AFTER <= now < starts_at
