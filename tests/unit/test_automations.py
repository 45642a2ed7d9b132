"""S4: when the automations are due."""

from datetime import UTC, datetime, time, timedelta

from domain.automations import night_before_at, night_before_due, payment_reminder_due
from domain.quiet_hours import QuietHours

LA = "America/Los_Angeles"


def test_S4_night_before_reminder_is_at_18_00_local_the_day_before():
    start = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)  # 09:00 in Los Angeles
    at = night_before_at(start, LA)
    assert at.isoformat() == "2026-11-24T18:00:00-08:00"


def test_S4_night_before_uses_the_local_date_not_the_utc_date():
    start = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # 21:00 on the 24th in Los Angeles
    assert night_before_at(start, LA).isoformat() == "2026-11-23T18:00:00-08:00"


def test_S4_night_before_across_a_dst_change_stays_at_18_00_local():
    start = datetime(2026, 3, 9, 16, 0, tzinfo=UTC)  # the day after the spring change
    assert night_before_at(start, LA).isoformat() == "2026-03-08T18:00:00-07:00"


def test_S4_night_before_is_due_from_18_00_until_the_start():
    start = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    at = night_before_at(start, LA)
    assert not night_before_due(start, LA, at - timedelta(seconds=1))
    assert night_before_due(start, LA, at)
    assert not night_before_due(start, LA, start)


def test_S4_payment_reminder_is_due_a_day_after_the_link_and_before_the_start():
    sent = datetime(2026, 11, 20, 12, tzinfo=UTC)
    start = datetime(2026, 11, 25, 12, tzinfo=UTC)
    assert not payment_reminder_due(sent, start, sent + timedelta(hours=23, minutes=59))
    assert payment_reminder_due(sent, start, sent + timedelta(hours=24))
    assert not payment_reminder_due(sent, start, start)


def test_O2_night_before_reminder_goes_only_in_the_evening_before_until_quiet_hours():
    start = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)  # 09:00 on the 25th in Los Angeles
    at = night_before_at(start, LA)
    assert night_before_due(start, LA, at + timedelta(hours=2, minutes=59))
    assert not night_before_due(start, LA, at + timedelta(hours=3))  # 21:00: quiet hours
    assert not night_before_due(start, LA, at + timedelta(hours=5))  # 23:00
    assert not night_before_due(start, LA, start - timedelta(hours=1))  # the day itself


def test_O2_night_before_reminder_evening_ends_when_the_orgs_quiet_hours_start():
    start = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    at = night_before_at(start, LA)
    late = QuietHours(LA, time(22, 30), time(7, 0))
    assert night_before_due(start, LA, at + timedelta(hours=4), quiet=late)
    assert not night_before_due(start, LA, at + timedelta(hours=4, minutes=30), quiet=late)
    none = QuietHours(LA, time(0, 0), time(0, 0))
    assert night_before_due(start, LA, at + timedelta(hours=5, minutes=59), quiet=none)
    early = QuietHours(LA, time(17, 0), time(8, 0))  # 18:00 already quiet: no evening
    assert not night_before_due(start, LA, at, quiet=early)


def test_O2_night_before_reminder_is_not_sent_when_confirmed_after_18_00_the_day_before():
    start = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    at = night_before_at(start, LA)
    assert night_before_due(start, LA, at + timedelta(hours=1), confirmed_at=at)
    late = at + timedelta(minutes=1)
    assert not night_before_due(start, LA, at + timedelta(hours=1), confirmed_at=late)
    same_day = start - timedelta(hours=3)
    assert not night_before_due(start, LA, same_day, confirmed_at=same_day)


def test_O2_night_before_reminder_expires_when_its_evening_ends():
    from domain.automations import night_before_expired

    start = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    at = night_before_at(start, LA)
    assert not night_before_expired(start, LA, at - timedelta(days=1))
    assert not night_before_expired(start, LA, at + timedelta(hours=2, minutes=59))
    assert night_before_expired(start, LA, at + timedelta(hours=3))
    assert night_before_expired(start, LA, start)
