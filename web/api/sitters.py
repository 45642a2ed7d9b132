"""/api/sitters (SPEC section 9)."""

from litestar import Controller

from web.auth import owner_guard


class SitterController(Controller):
    path = "/api/sitters"
    guards = [owner_guard]
