"""Which booking status changes are allowed (domain.bookings)."""

import pytest

from domain.bookings import check_confirmable, status_change
from domain.errors import Invalid
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
