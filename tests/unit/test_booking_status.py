"""Which booking status changes are allowed, and which times a booking may have
(domain.bookings)."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.bookings import check_booking_times, check_confirmable, status_change
from domain.errors import Invalid, InvalidBookingTimes
from domain.model import BookingStatus


@pytest.mark.parametrize("new", ["confirmed", "cancelled", "completed"])
def test_status_change_a_requested_booking_may_be_confirmed_cancelled_or_completed(new):
    assert status_change("requested", new) == BookingStatus(new)


def test_status_change_keeping_the_same_status_is_allowed():
    assert status_change("requested", "requested") is BookingStatus.REQUESTED


def test_status_change_back_to_requested_is_refused():
    with pytest.raises(Invalid, match="Status must be confirmed, cancelled or completed"):
        status_change("confirmed", "requested")


def test_status_change_to_an_unknown_status_is_refused():
    with pytest.raises(Invalid) as refused:
        status_change("requested", "paid")
    assert refused.value.field == "status"


@pytest.mark.parametrize("new", ["confirmed", "completed"])
def test_status_change_a_cancelled_booking_stays_cancelled(new):
    with pytest.raises(Invalid, match="A cancelled booking cannot change status again"):
        status_change("cancelled", new)
    assert status_change("cancelled", "cancelled") is BookingStatus.CANCELLED


def test_check_confirmable_refuses_only_a_cancelled_booking():
    for status in ("requested", "confirmed", "completed"):
        check_confirmable(status)
    with pytest.raises(Invalid, match="A cancelled booking cannot be confirmed"):
        check_confirmable("cancelled")


# -- which times a booking may have (domain.bookings.check_booking_times) ----------------------

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (datetime(1970, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC), "year in the past"),
        (NOW + timedelta(days=800), NOW + timedelta(days=801), "two years ahead"),
        (NOW, NOW, "end after it starts"),
        (NOW, NOW - timedelta(hours=1), "end after it starts"),
        (NOW, NOW + timedelta(days=61), "longer than 60 days"),
        (datetime(2026, 12, 1, 10), datetime(2026, 12, 1, 11), "time zone"),
    ],
)
def test_absurd_booking_times_are_refused(start, end, words):
    with pytest.raises(InvalidBookingTimes, match=words):
        check_booking_times(start, end, NOW)


def test_booking_times_within_the_limits_are_accepted():
    check_booking_times(NOW - timedelta(days=364), NOW - timedelta(days=304), NOW)
    check_booking_times(NOW + timedelta(days=729), NOW + timedelta(days=789), NOW)
