"""Who may send and see what: SPEC S2, S3 and the sitter thread header of section 8."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.model import (
    Message,
    MessagingFlags,
    SenderRole,
    Sitter,
    SitterStatus,
    Window,
)
from domain.policy import can_sitter_send, visible_to_sitter, window_header

NOW = datetime(2026, 11, 21, 17, 0, tzinfo=UTC)  # 9:00 AM in Los Angeles
HOUR = timedelta(hours=1)
LA = ZoneInfo("America/Los_Angeles")
ANNA, BEN = 7, 8
ON = MessagingFlags(messaging_v1=True, sitter_messages_v1=True)


def window(sitter_id=ANNA, start=NOW - HOUR, end=NOW + HOUR, thread_id=1, wid=1, closed_at=None):
    return Window(wid, thread_id, wid, sitter_id, start, end, closed_at)


def message(at=NOW, thread_id=1, billing=False, blocked=False):
    return Message(1, thread_id, at, "inbound", "client", billing, blocked)


ANNA_SITTER = Sitter(ANNA)


# S2 ------------------------------------------------------------------------------------------


def test_S2_sitter_may_send_inside_their_own_active_window():
    permission = can_sitter_send(ANNA_SITTER, [window()], ON, NOW)
    assert permission.allowed


@pytest.mark.parametrize(
    "flags",
    [
        MessagingFlags(messaging_v1=False, sitter_messages_v1=True),
        MessagingFlags(messaging_v1=True, sitter_messages_v1=False),
        MessagingFlags(),
    ],
)
def test_S2_both_messaging_flags_must_be_on(flags):
    permission = can_sitter_send(ANNA_SITTER, [window()], flags, NOW)
    assert not permission.allowed
    assert "turned off" in permission.explanation


def test_S2_the_allow_list_limits_sitter_messaging():
    listed = MessagingFlags(True, True, sitter_allowlist=frozenset({ANNA}))
    unlisted = MessagingFlags(True, True, sitter_allowlist=frozenset({BEN}))
    assert can_sitter_send(ANNA_SITTER, [window()], listed, NOW).allowed
    assert not can_sitter_send(ANNA_SITTER, [window()], unlisted, NOW).allowed


def test_S2_a_locked_sitter_cannot_send():
    locked = Sitter(ANNA, messaging_locked=True)
    permission = can_sitter_send(locked, [window()], ON, NOW)
    assert not permission.allowed
    assert "paused" in permission.explanation


@pytest.mark.parametrize("status", [SitterStatus.OFFBOARDED, SitterStatus.INACTIVE])
def test_S2_an_offboarded_or_inactive_sitter_cannot_send(status):
    permission = can_sitter_send(Sitter(ANNA, status), [window()], ON, NOW)
    assert not permission.allowed
    assert "not active" in permission.explanation


def test_S2_another_sitters_active_window_does_not_let_this_sitter_send():
    assert not can_sitter_send(ANNA_SITTER, [window(sitter_id=BEN)], ON, NOW).allowed


def test_S2_the_window_end_instant_disables_the_composer():
    w = window(start=NOW - HOUR, end=NOW)
    assert not can_sitter_send(ANNA_SITTER, [w], ON, NOW).allowed
    assert can_sitter_send(ANNA_SITTER, [w], ON, NOW - timedelta(microseconds=1)).allowed


def test_S2_the_window_start_instant_enables_the_composer():
    w = window(start=NOW, end=NOW + HOUR)
    assert can_sitter_send(ANNA_SITTER, [w], ON, NOW).allowed


def test_S2_a_closed_window_disables_the_composer():
    assert not can_sitter_send(ANNA_SITTER, [window(closed_at=NOW - HOUR)], ON, NOW).allowed


def test_S2_outside_the_window_the_explanation_gives_the_next_window():
    upcoming = window(start=NOW + 24 * HOUR, end=NOW + 26 * HOUR, wid=2)
    others = window(sitter_id=BEN, start=NOW + 2 * HOUR, end=NOW + 3 * HOUR, wid=3)
    permission = can_sitter_send(ANNA_SITTER, [others, upcoming], ON, NOW, LA)
    assert not permission.allowed
    assert permission.next_window == upcoming
    assert "Sun Nov 22 9:00 AM" in permission.explanation


def test_S2_without_any_upcoming_window_the_explanation_is_still_friendly():
    permission = can_sitter_send(ANNA_SITTER, [], ON, NOW)
    assert (permission.allowed, permission.next_window) == (False, None)
    assert "only during your visit windows" in permission.explanation


# S3 / section 8: what a sitter sees ----------------------------------------------------------


def test_S3_sitters_never_see_billing_messages():
    assert not visible_to_sitter(message(billing=True), [window()])


def test_S3_sitters_never_see_blocked_messages():
    assert not visible_to_sitter(message(blocked=True), [window()])


def test_section8_sitters_never_see_a_client_text_not_scanned_clean():
    unscanned = Message(1, 1, NOW, "inbound", "client", scanned_clean=False)
    assert not visible_to_sitter(unscanned, [window()])
    own = Message(2, 1, NOW, "outbound", "sitter", scanned_clean=False)  # outbound: not scanned
    assert visible_to_sitter(own, [window()])


def test_S3_sitters_see_service_messages_inside_their_own_windows():
    assert visible_to_sitter(message(), [window()])


def test_S3_visibility_window_start_is_inclusive_and_end_exclusive():
    w = window(start=NOW - HOUR, end=NOW)
    assert visible_to_sitter(message(at=NOW - HOUR), [w])
    assert not visible_to_sitter(message(at=NOW), [w])


def test_S3_a_window_on_another_thread_grants_nothing():
    assert not visible_to_sitter(message(thread_id=2), [window(thread_id=1)])


def test_S3_messages_outside_every_window_are_hidden():
    later = window(start=NOW + HOUR, end=NOW + 2 * HOUR)
    assert not visible_to_sitter(message(), [later])
    assert not visible_to_sitter(message(), [])


def test_S3_a_closed_window_grants_no_access_to_its_messages():
    assert not visible_to_sitter(message(at=NOW - HOUR / 2), [window(closed_at=NOW)])


def test_S3_system_messages_that_are_not_billing_are_visible():
    system = Message(1, 1, NOW, "outbound", SenderRole.SYSTEM)
    assert visible_to_sitter(system, [window()])


# Section 8: the sitter's thread header -------------------------------------------------------


def test_section8_header_shows_the_active_window_in_the_orgs_time_zone():
    assert window_header([window()], NOW, LA) == "Active window: Sat Nov 21 8:00 AM – 10:00 AM"


def test_section8_header_shows_the_end_date_when_the_window_ends_another_day():
    overnight = window(start=NOW - HOUR, end=NOW + 24 * HOUR)
    assert window_header([overnight], NOW, "America/Los_Angeles") == (
        "Active window: Sat Nov 21 8:00 AM – Sun Nov 22 9:00 AM"
    )


def test_section8_header_shows_the_next_window_when_none_is_active():
    upcoming = window(start=NOW + 6 * HOUR, end=NOW + 7 * HOUR)
    assert window_header([upcoming], NOW, LA) == "Next window: Sat Nov 21 3:00 PM"


def test_section8_header_says_messaging_is_disabled_without_any_window():
    past = window(start=NOW - 3 * HOUR, end=NOW)
    assert window_header([past], NOW, LA) == "No active window – messaging disabled"
    assert window_header([], NOW, LA) == "No active window – messaging disabled"


def test_section8_header_merges_several_active_windows_into_one_span():
    a = window(start=NOW - HOUR, end=NOW + HOUR, wid=1)
    b = window(start=NOW - HOUR / 2, end=NOW + 3 * HOUR, wid=2)
    assert window_header([a, b], NOW, LA) == "Active window: Sat Nov 21 8:00 AM – 12:00 PM"


def test_section8_header_uses_the_time_zone_not_utc():
    midnight_utc = datetime(2026, 11, 22, 0, 30, tzinfo=UTC)
    upcoming = window(start=midnight_utc, end=midnight_utc + HOUR)
    assert window_header([upcoming], NOW, LA) == "Next window: Sat Nov 21 4:30 PM"
    assert window_header([upcoming], NOW, UTC) == "Next window: Sun Nov 22 12:30 AM"
