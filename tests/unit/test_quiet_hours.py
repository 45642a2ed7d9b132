"""O2: quiet hours hold what no person sent until they end; a person's own send never."""

from datetime import UTC, datetime, time

import pytest

from domain.model import MessageKind
from domain.quiet_hours import QuietHours, held_until, is_quiet, parse_clock, quiet_ends_at

LA = "America/Los_Angeles"
DEFAULT = QuietHours(LA)


def la(day: int, hour: int, minute: int = 0) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(2026, 11, day, hour, minute, tzinfo=ZoneInfo(LA))


def test_O2_default_quiet_hours_are_21_00_to_08_00_in_the_orgs_zone():
    assert not is_quiet(DEFAULT, la(24, 20, 59))
    assert is_quiet(DEFAULT, la(24, 21))
    assert is_quiet(DEFAULT, la(25, 2))
    assert is_quiet(DEFAULT, la(25, 7, 59))
    assert not is_quiet(DEFAULT, la(25, 8))
    assert is_quiet(DEFAULT, datetime(2026, 11, 25, 6, 0, tzinfo=UTC))  # 22:00 the 24th in LA


def test_O2_automations_reminders_and_notifications_are_held_until_quiet_hours_end():
    for kind in (
        MessageKind.AUTOMATION,
        MessageKind.NOTIFICATION,
        MessageKind.AUTO_RESPONSE,
        MessageKind.WARNING,
    ):
        assert held_until(kind, DEFAULT, la(24, 23, 40)) == la(25, 8)
        assert held_until(kind, DEFAULT, la(25, 6)) == la(25, 8)
        assert held_until(kind, DEFAULT, la(25, 9)) is None


def test_O2_a_persons_own_send_and_a_sign_in_code_are_never_held():
    assert held_until(MessageKind.CHAT, DEFAULT, la(24, 23, 40)) is None
    assert held_until(MessageKind.LOGIN_CODE, DEFAULT, la(24, 23, 40)) is None


def test_O2_quiet_hours_within_one_day_and_none_when_start_equals_end():
    naps = QuietHours(LA, time(13, 0), time(15, 0))
    assert is_quiet(naps, la(24, 14)) and not is_quiet(naps, la(24, 16))
    assert quiet_ends_at(naps, la(24, 14)) == la(24, 15)
    assert not is_quiet(QuietHours(LA, time(0), time(0)), la(24, 23))


def test_O2_quiet_hours_end_at_local_time_across_a_dst_change():
    from zoneinfo import ZoneInfo

    night = datetime(2026, 3, 7, 23, 0, tzinfo=ZoneInfo(LA))  # spring change on the 8th
    end = quiet_ends_at(DEFAULT, night)
    assert end.isoformat() == "2026-03-08T08:00:00-07:00"


def test_O2_quiet_hours_setting_is_hh_mm():
    assert parse_clock("21:00") == time(21, 0)
    for bad in ("9pm", "25:00", "21:00:00", ""):
        with pytest.raises(ValueError):
            parse_clock(bad)
