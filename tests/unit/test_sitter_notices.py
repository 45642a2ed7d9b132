"""R5: when a sitter is texted that a client wrote (the pure rule)."""

from datetime import UTC, datetime, timedelta

from domain.sitter_notices import NOTIFY_EVERY, PRESENT_FOR, Attention, should_text_sitter

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def texted(last_seen=None, read=None, notified=None, unread_since=NOW) -> bool:
    return should_text_sitter(Attention(last_seen, read, notified), unread_since, NOW)


def test_R5_a_sitter_away_who_was_never_told_is_texted():
    assert texted()


def test_R5_no_text_while_the_sitters_page_is_open():
    assert not texted(last_seen=NOW - MINUTE / 6)


def test_R5_a_page_not_heard_from_lately_counts_as_closed():
    assert texted(last_seen=NOW - PRESENT_FOR - MINUTE / 60)


def test_R5_no_text_for_a_message_the_sitter_has_already_read():
    arrived = NOW - 5 * MINUTE
    assert not texted(read=NOW - MINUTE, unread_since=arrived)
    assert not texted(read=arrived, unread_since=arrived)


def test_R5_once_per_ten_minutes_while_unread():
    assert not texted(notified=NOW - 9 * MINUTE)
    assert texted(notified=NOW - NOTIFY_EVERY)
    assert texted(notified=NOW - 11 * MINUTE)


def test_R5_texted_again_after_reading_the_thread():
    assert texted(read=NOW - 2 * MINUTE, notified=NOW - 3 * MINUTE)
    assert not texted(read=NOW - 3 * MINUTE, notified=NOW - 2 * MINUTE)
