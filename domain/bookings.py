"""Which booking status changes are allowed (SPEC T2-T3), and which times a booking may have."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.errors import Invalid, InvalidBookingTimes
from domain.model import BookingStatus

#: The statuses an update may ask for (a booking is created `requested`).
SETTABLE = (BookingStatus.CONFIRMED, BookingStatus.CANCELLED, BookingStatus.COMPLETED)


def status_change(current: str, requested: str) -> BookingStatus:
    """The status after an update asking for `requested`: confirmed, cancelled, completed or
    unchanged. A cancelled booking stays cancelled."""
    if requested not in (*SETTABLE, current):
        raise Invalid("Status must be confirmed, cancelled or completed.", field="status")
    if current == BookingStatus.CANCELLED and requested != BookingStatus.CANCELLED:
        raise Invalid("A cancelled booking cannot change status again.", field="status")
    return BookingStatus(requested)


def check_confirmable(current: str) -> None:
    """T3 confirms any booking that is not cancelled."""
    if current == BookingStatus.CANCELLED:
        raise Invalid("A cancelled booking cannot be confirmed.", field="status")


#: How far from now a booking may start, and how long it may last.
EARLIEST_START = timedelta(days=365)
LATEST_START = timedelta(days=2 * 365)
LONGEST = timedelta(days=60)


def check_booking_times(starts_at: datetime, ends_at: datetime, now: datetime) -> None:
    """Refuse times no real booking has (`InvalidBookingTimes`, a 422): a start more than a
    year in the past or more than two years ahead, an end not after the start, or a booking
    longer than 60 days. Times must carry a time zone."""
    if starts_at.utcoffset() is None or ends_at.utcoffset() is None:
        raise InvalidBookingTimes("Booking times must include a time zone offset.")
    if starts_at < now - EARLIEST_START:
        raise InvalidBookingTimes("A booking cannot start more than a year in the past.")
    if starts_at > now + LATEST_START:
        raise InvalidBookingTimes("A booking cannot start more than two years ahead.")
    if ends_at <= starts_at:
        raise InvalidBookingTimes("A booking must end after it starts.")
    if ends_at - starts_at > LONGEST:
        raise InvalidBookingTimes("A booking cannot last longer than 60 days.")


def tells_client_of_new_sitter(
    *,
    was_confirmed: bool,
    old_sitter_id: int | None,
    new_sitter_id: int | None,
    ends_at: datetime,
    now: datetime,
) -> bool:
    """O8, who's coming: a booking that was already confirmed (its confirmation went out) and
    is not over (``now < ends_at``) gets another sitter → the client is told the new sitter's
    name. Not when the sitter is unchanged or removed (nobody to name), and not when the same
    update confirms the booking (its confirmation names the sitter)."""
    return (
        was_confirmed
        and new_sitter_id is not None
        and new_sitter_id != old_sitter_id
        and now < ends_at
    )
