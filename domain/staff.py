"""Staff accounts (SPEC O5): what each role may do, when an invitation can still be used, and
the rule that an org never loses its last owner.

Rules chosen where the SPEC is silent:
- A manager may do everything an owner does except the three owner-only areas: billing
  (sending billing messages or payment links, and reading billing messages' text), staff
  (the staff page, invitations, roles) and numbers (the numbers page and its actions).
- An invitation link works once, until it expires (`INVITE_LIFETIME` after it was sent; the
  end is exclusive), and not after the owner revoked it.
- An org keeps at least one owner: the last owner can be neither removed nor made a manager.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from enum import StrEnum

from domain.errors import Invalid
from domain.states import StaffRole

INVITE_LIFETIME = timedelta(hours=72)


class Area(StrEnum):
    """What a request touches, for `role_may`."""

    OPERATIONS = "operations"  # messages, bookings, sitters, settings...: everything else
    BILLING = "billing"
    STAFF = "staff"
    NUMBERS = "numbers"


OWNER_ONLY = frozenset({Area.BILLING, Area.STAFF, Area.NUMBERS})


def role_may(role: StaffRole | str | None, area: Area) -> bool:
    """An owner may do everything; a manager everything but billing, staff and numbers; an
    unknown or missing role nothing."""
    if role == StaffRole.OWNER:
        return True
    if role == StaffRole.MANAGER:
        return area not in OWNER_ONLY
    return False


class InviteState(StrEnum):
    USABLE = "usable"
    USED = "used"
    REVOKED = "revoked"
    EXPIRED = "expired"


def invite_state(
    *, expires_at: datetime, used_at: datetime | None, revoked_at: datetime | None, now: datetime
) -> InviteState:
    """Used beats revoked beats expired: the first thing that happened to the link."""
    if used_at is not None:
        return InviteState.USED
    if revoked_at is not None:
        return InviteState.REVOKED
    if now >= expires_at:
        return InviteState.EXPIRED
    return InviteState.USABLE


#: What the invitation page says when a link cannot be used.
INVITE_REFUSALS = {
    InviteState.USED: "This invitation link was already used. Sign in instead.",
    InviteState.REVOKED: "This invitation was withdrawn. Ask the owner for a new one.",
    InviteState.EXPIRED: "This invitation link has expired. Ask the owner for a new one.",
}

MIN_PASSWORD = 8


def check_password(password: str) -> None:
    """A new password has at least `MIN_PASSWORD` characters (at most 200: argon2 hashes the
    whole thing)."""
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"Choose a password of at least {MIN_PASSWORD} characters.", field="password")
    if len(password) > 200:
        raise Invalid("That password is too long (at most 200 characters).", field="password")


def invite_email(*, business: str, inviter: str, role: StaffRole, link: str) -> tuple[str, str]:
    """The invitation email's subject and text."""
    subject = f"{inviter} invited you to {business} on Snout"
    text = (
        f"{inviter} invited you to join {business} on Snout as {role.value}.\n\n"
        f"Open this link to choose your name and password:\n{link}\n\n"
        f"The link works once, for {INVITE_LIFETIME.days * 24} hours. "
        "If you did not expect this email, ignore it.\n"
    )
    return subject, text


def leaves_an_owner(owner_ids: Collection[int], user_id: int, new_role: StaffRole | None) -> bool:
    """Whether the org still has an owner after `user_id` gets `new_role` (None: removed)."""
    remaining = {owner for owner in owner_ids if owner != user_id}
    if new_role == StaffRole.OWNER:
        remaining.add(user_id)
    return bool(remaining)
