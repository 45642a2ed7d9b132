"""O8, who's coming: when a reassignment tells the client the new sitter's name."""

from datetime import UTC, datetime, timedelta

from domain.bookings import tells_client_of_new_sitter

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=2)


def told(*, was_confirmed=True, old=1, new=2, ends_at=LATER):
    return tells_client_of_new_sitter(
        was_confirmed=was_confirmed, old_sitter_id=old, new_sitter_id=new, ends_at=ends_at, now=NOW
    )


def test_tells_client_of_new_sitter_when_a_confirmed_booking_gets_another_sitter():
    assert told()
    assert told(old=None)  # a sitter assigned after the confirmation: the client learns who


def test_tells_client_of_new_sitter_not_when_the_sitter_is_unchanged_or_removed():
    assert not told(old=2, new=2)
    assert not told(new=None)


def test_tells_client_of_new_sitter_not_before_confirmation_nor_after_the_booking():
    assert not told(was_confirmed=False)  # the confirmation will name the sitter
    assert not told(ends_at=NOW)
