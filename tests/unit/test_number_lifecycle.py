"""A number's end of life and a bought number's search (SPEC N1, N2, O7)."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import Conflict, DuplicateNumber, Invalid, OnlyFrontDesk
from domain.model import BusinessNumber, NumberClass, NumberStatus, PoolLease
from domain.number_lifecycle import (
    AlreadyRetired,
    SitterNumberInUse,
    area_code,
    check_can_retire,
    checked_retire_reason,
    front_desk_to_replace,
    lease_ends_with_retirement,
    purchase_name,
    retire,
)

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
DESK = BusinessNumber(1, "+14155550100", NumberClass.FRONT_DESK)


def number(klass=NumberClass.POOL, status=NumberStatus.ACTIVE, sitter=None, **more):
    return BusinessNumber(7, "+14155550107", klass, status, assigned_sitter_id=sitter, **more)


def test_O7_checked_retire_reason_requires_a_reason():
    for missing in (None, "", "   "):
        with pytest.raises(Invalid, match="why"):
            checked_retire_reason(missing)
    with pytest.raises(Invalid, match="500"):
        checked_retire_reason("x" * 501)
    assert checked_retire_reason("  carrier spam flag ") == "carrier spam flag"


def test_O7_check_can_retire_refuses_the_front_desk_and_points_to_replacing_it():
    with pytest.raises(OnlyFrontDesk, match="Replace the front desk"):
        check_can_retire(DESK)


def test_O7_check_can_retire_refuses_a_sitters_number_still_assigned():
    for status in (NumberStatus.ACTIVE, NumberStatus.QUARANTINED):
        with pytest.raises(SitterNumberInUse, match="Offboard the sitter first"):
            check_can_retire(number(NumberClass.SITTER, status, sitter=3))


def test_O7_check_can_retire_refuses_a_retired_number():
    with pytest.raises(AlreadyRetired):
        check_can_retire(number(status=NumberStatus.RETIRED))


def test_O7_check_can_retire_allows_pool_free_sitter_and_cooled_down_numbers():
    check_can_retire(number())
    check_can_retire(number(NumberClass.POOL, NumberStatus.QUARANTINED))
    check_can_retire(number(NumberClass.SITTER))
    check_can_retire(
        number(NumberClass.SITTER, NumberStatus.COOLDOWN, sitter=3, cooldown_until=NOW)
    )


def test_O7_retire_keeps_history_and_drops_the_time_limits():
    cooled = number(
        NumberClass.SITTER,
        NumberStatus.COOLDOWN,
        sitter=3,
        was_sitter_identity=True,
        cooldown_until=NOW + timedelta(days=5),
    )
    retired = retire(cooled)
    assert retired.status is NumberStatus.RETIRED
    assert (retired.assigned_sitter_id, retired.was_sitter_identity) == (3, True)
    assert retired.cooldown_until is None and retired.quarantined_until is None


def test_O7_lease_ends_with_retirement_only_for_current_leases_of_that_number():
    pool = number()
    current = PoolLease(7, 20, NOW - timedelta(hours=1), NOW + timedelta(hours=1))
    open_ended = PoolLease(7, 21, NOW - timedelta(hours=1))
    over = PoolLease(7, 22, NOW - timedelta(days=2), NOW - timedelta(days=1))
    elsewhere = PoolLease(8, 23, NOW - timedelta(hours=1))
    assert lease_ends_with_retirement(current, pool, NOW)
    assert lease_ends_with_retirement(open_ended, pool, NOW)
    assert not lease_ends_with_retirement(over, pool, NOW)
    assert not lease_ends_with_retirement(elsewhere, pool, NOW)


def test_O7_front_desk_to_replace_is_the_current_front_desk():
    assert front_desk_to_replace([DESK, number()], "+14155550199") == DESK
    quarantined = BusinessNumber(
        2, "+14155550102", NumberClass.FRONT_DESK, NumberStatus.QUARANTINED
    )
    assert front_desk_to_replace([quarantined], "+14155550199") == quarantined


def test_O7_front_desk_to_replace_refuses_a_number_already_registered():
    with pytest.raises(DuplicateNumber):
        front_desk_to_replace([DESK, number()], "+14155550107")
    with pytest.raises(DuplicateNumber):
        front_desk_to_replace([DESK], DESK.e164)


def test_O7_front_desk_to_replace_needs_a_front_desk():
    retired = BusinessNumber(2, "+14155550102", NumberClass.FRONT_DESK, NumberStatus.RETIRED)
    with pytest.raises(Conflict, match="register one"):
        front_desk_to_replace([retired, number()], "+14155550199")


def test_O7_area_code_is_the_front_desks_north_american_area_code():
    assert area_code("+14155550100") == "415"
    assert area_code("+16285550101") == "628"
    assert area_code("+442071838750") is None
    assert area_code("not a number") is None


def test_O7_purchase_name_names_the_org_and_the_sitter():
    assert purchase_name(4, 12) == "snout-org4-sitter12"
    assert purchase_name(4, 12) != purchase_name(4, 1)
