"""S4: when the automations are due."""

from datetime import UTC, datetime, timedelta

from domain.automations import night_before_at, night_before_due, payment_reminder_due

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
