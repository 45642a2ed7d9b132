"""Which booking status changes are allowed (SPEC T2-T3)."""

from __future__ import annotations

from domain.errors import Invalid
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
