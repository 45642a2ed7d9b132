"""SPEC O5: roles `owner` (everything) and `manager` (no billing, staff or numbers), one-time
invitations, and an org that never loses its last owner."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import Invalid
from domain.staff import (
    INVITE_LIFETIME,
    Area,
    InviteState,
    check_password,
    invite_email,
    invite_state,
    leaves_an_owner,
    role_may,
)
from domain.states import StaffRole

SENT = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def test_O5_role_may_an_owner_do_everything():
    assert all(role_may(StaffRole.OWNER, area) for area in Area)


def test_O5_role_may_a_manager_do_everything_but_billing_staff_and_numbers():
    assert role_may(StaffRole.MANAGER, Area.OPERATIONS)
    assert not role_may(StaffRole.MANAGER, Area.BILLING)
    assert not role_may(StaffRole.MANAGER, Area.STAFF)
    assert not role_may(StaffRole.MANAGER, Area.NUMBERS)


def test_O5_role_may_nothing_without_a_known_role():
    assert not any(role_may(None, area) for area in Area)
    assert not any(role_may("admin", area) for area in Area)


def state_at(now, *, used=None, revoked=None):
    expires_at = SENT + INVITE_LIFETIME
    return invite_state(expires_at=expires_at, used_at=used, revoked_at=revoked, now=now)


def test_O5_invite_state_is_usable_until_72_hours_after_it_was_sent_exclusive():
    assert INVITE_LIFETIME == timedelta(hours=72)
    assert state_at(SENT) == InviteState.USABLE
    assert state_at(SENT + INVITE_LIFETIME - timedelta(seconds=1)) == InviteState.USABLE
    assert state_at(SENT + INVITE_LIFETIME) == InviteState.EXPIRED


def test_O5_invite_state_used_once_is_used_for_good():
    assert state_at(SENT, used=SENT) == InviteState.USED
    assert state_at(SENT + timedelta(days=9), used=SENT) == InviteState.USED


def test_O5_invite_state_revoked_is_not_usable():
    assert state_at(SENT, revoked=SENT) == InviteState.REVOKED


def test_O5_leaves_an_owner_refuses_removing_or_demoting_the_last_owner():
    assert not leaves_an_owner({1}, 1, None)
    assert not leaves_an_owner({1}, 1, StaffRole.MANAGER)
    assert leaves_an_owner({1}, 1, StaffRole.OWNER)


def test_O5_leaves_an_owner_allows_it_when_another_owner_stays():
    assert leaves_an_owner({1, 2}, 1, None)
    assert leaves_an_owner({1, 2}, 1, StaffRole.MANAGER)
    assert leaves_an_owner({1}, 5, None)  # a manager leaving changes no owner


def test_O5_invite_email_names_the_business_the_inviter_the_role_and_how_long_the_link_works():
    subject, text = invite_email(
        business="Happy Paws", inviter="Jo", role=StaffRole.MANAGER, link="https://x/join/abc"
    )
    assert subject == "Jo invited you to Happy Paws on Snout"
    assert "as manager" in text and "https://x/join/abc" in text and "72 hours" in text


def test_O5_check_password_wants_8_to_200_characters():
    check_password("12345678")
    for bad in ("1234567", "x" * 201):
        with pytest.raises(Invalid):
            check_password(bad)
