"""/api/bookings (SPEC section 9)."""

from litestar import Controller

from web.auth import owner_guard


class BookingController(Controller):
    path = "/api/bookings"
    guards = [owner_guard]
