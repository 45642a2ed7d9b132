"""/api/numbers (SPEC section 9)."""

from litestar import Controller

from web.auth import owner_guard


class NumberController(Controller):
    path = "/api/numbers"
    guards = [owner_guard]
