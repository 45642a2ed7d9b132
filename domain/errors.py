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


# --------------------------------------------------------------------------------------------
# The rules' errors: the web layer answers 409 (Conflict) or 422 (Invalid) with the
# message, which is written for a person.


class InvalidQuarantine(Invalid, ValueError):
    """N5: a quarantine duration outside 1/3/7/14/30/90/custom(1-365)."""


class OnlyFrontDesk(Conflict):
    """N1: the only active front-desk number cannot be quarantined or retired."""


class SecondFrontDesk(Conflict):
    """N1: an org already has its one active front-desk number."""


class DuplicateNumber(Conflict):
    """The org already has this E.164 number."""


class NotRecyclable(Conflict):
    """N4: a number may be recycled only after its 90-day cooldown has ended."""


class NoFrontDesk(Conflict):
    """Section 4: every fallback is the front desk, and the org has no active one."""


class InvalidBookingTimes(Invalid, ValueError):
    """A booking must end after it starts, with timezone-aware times."""
