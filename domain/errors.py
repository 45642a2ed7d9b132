"""Errors the services raise; the web layer maps each to one HTTP status."""


class DomainError(Exception):
    """Base: `status` is the HTTP status the web layer answers with; the message is for people."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    """Unknown id, or another org's id: the two are indistinguishable on purpose."""

    status = 404


class Forbidden(DomainError):
    """Known, but not allowed for this user now (a sitter outside the window, a locked sitter)."""

    status = 403


class Conflict(DomainError):
    status = 409


class Invalid(DomainError):
    status = 422


class TooManyAttempts(DomainError):
    status = 429
