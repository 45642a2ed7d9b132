"""When automations are due (SPEC S4). Pure: times in, times out.

- Night-before reminder: 18:00 in the org's time zone on the calendar day before the booking
  starts; due from then until the booking starts.
- Payment reminder: 24 hours after the payment link, while the booking is still unpaid
  (not confirmed) and has not started.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

REMINDER_LOCAL_TIME = time(18, 0)
PAYMENT_REMINDER_AFTER = timedelta(hours=24)


def night_before_at(starts_at: datetime, time_zone: str) -> datetime:
    """18:00 local on the day before the local start date (DST-safe: built in local time)."""
    zone = ZoneInfo(time_zone)
    day_before = starts_at.astimezone(zone).date() - timedelta(days=1)
    return datetime.combine(day_before, REMINDER_LOCAL_TIME, tzinfo=zone)


def night_before_due(starts_at: datetime, time_zone: str, now: datetime) -> bool:
    return night_before_at(starts_at, time_zone) <= now < starts_at


def payment_reminder_due(link_sent_at: datetime, starts_at: datetime, now: datetime) -> bool:
    return link_sent_at + PAYMENT_REMINDER_AFTER <= now < starts_at
