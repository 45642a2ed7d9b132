"""/api/threads and /api/messages (SPEC section 9)."""

from litestar import Controller

from web.auth import owner_guard


class ThreadController(Controller):
    path = "/api/threads"
    guards = [owner_guard]


class MessageController(Controller):
    path = "/api/messages"
    guards = [owner_guard]
