"""Business numbers: SPEC section 1 (N1-N6)."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.model import (
    BusinessNumber,
    DuplicateNumber,
    InvalidQuarantine,
    NotRecyclable,
    NumberClass,
    NumberStatus,
    OnlyFrontDesk,
    PoolLease,
    SecondFrontDesk,
)
from domain.numbers import (
    COOLDOWN,
    assign_to_sitter,
    check_can_register,
    check_can_take_out_of_service,
    choose_pool_number,
    choose_sitter_number,
    cooldown_until,
    effective_status,
    is_in_service,
    is_recyclable,
    quarantine,
    recycle_after_cooldown,
    released_recently_by_another_client,
    start_cooldown,
)
from domain.quarantine import check_quarantine_request, quarantine_days, quarantine_until

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
FRONT_DESK = BusinessNumber(1, "+14155550100", NumberClass.FRONT_DESK)


def sitter_number(nid, sitter_id=None, status=NumberStatus.ACTIVE, was_identity=None):
    return BusinessNumber(
        nid,
        f"+1415555{nid:04d}",
        NumberClass.SITTER,
        status,
        assigned_sitter_id=sitter_id,
        was_sitter_identity=sitter_id is not None if was_identity is None else was_identity,
    )


def pool(nid, status=NumberStatus.ACTIVE, quarantined_until=None):
    return BusinessNumber(
        nid, f"+1628555{nid:04d}", NumberClass.POOL, status, quarantined_until=quarantined_until
    )


def lease(number_id, client_id, leased_days_ago, released_days_ago=None):
    released = None if released_days_ago is None else NOW - released_days_ago * DAY
    return PoolLease(number_id, client_id, NOW - leased_days_ago * DAY, released)


# N1 ------------------------------------------------------------------------------------------


def test_N1_registering_a_second_active_front_desk_is_refused():
    with pytest.raises(SecondFrontDesk, match="already has an active front-desk number") as refused:
        check_can_register([FRONT_DESK], NumberClass.FRONT_DESK)
    # there is no retire operation: the refusal names something the owner can do today
    assert "retire" not in str(refused.value) and "contact Snout support" in str(refused.value)


def test_N1_a_front_desk_may_be_registered_when_the_old_one_is_retired():
    retired = BusinessNumber(1, "+14155550100", "front_desk", "retired")
    check_can_register([retired], "front_desk")


def test_N1_sitter_and_pool_numbers_register_freely():
    check_can_register([FRONT_DESK], NumberClass.SITTER)
    check_can_register([FRONT_DESK], NumberClass.POOL)


def test_N1_the_same_number_cannot_be_registered_twice():
    with pytest.raises(DuplicateNumber):
        check_can_register([FRONT_DESK], NumberClass.POOL, e164=FRONT_DESK.e164)


def test_N1_the_only_front_desk_cannot_be_quarantined():
    with pytest.raises(OnlyFrontDesk, match="only front-desk number"):
        quarantine(FRONT_DESK, [FRONT_DESK, pool(2)], NOW, "7")


def test_N1_the_only_front_desk_cannot_be_retired():
    with pytest.raises(OnlyFrontDesk):
        check_can_take_out_of_service(FRONT_DESK, [FRONT_DESK])


def test_N1_other_numbers_can_be_taken_out_of_service():
    check_can_take_out_of_service(pool(2), [FRONT_DESK, pool(2)])


# N2 / N3 -------------------------------------------------------------------------------------


def test_N2_activation_takes_a_free_sitter_number_never_used_as_identity():
    used = sitter_number(2, sitter_id=None, was_identity=True)
    taken = sitter_number(3, sitter_id=9)
    free = sitter_number(4)
    assert choose_sitter_number([FRONT_DESK, used, taken, free, pool(5)], sitter_id=7) == free


def test_N2_activation_skips_numbers_not_in_service():
    quarantined = sitter_number(2, status=NumberStatus.QUARANTINED)
    cooling = sitter_number(3, status=NumberStatus.COOLDOWN)
    assert choose_sitter_number([quarantined, cooling], sitter_id=7) is None


def test_N2_activation_may_take_a_number_whose_quarantine_ended_when_given_now():
    ended = BusinessNumber(2, "+14155550102", "sitter", "quarantined", quarantined_until=NOW)
    assert choose_sitter_number([ended], sitter_id=7) is None
    assert choose_sitter_number([ended], sitter_id=7, now=NOW) == ended


def test_N2_no_free_sitter_number_gives_none():
    assert choose_sitter_number([FRONT_DESK, pool(2), sitter_number(3, sitter_id=9)], 7) is None


def test_N2_reactivation_is_idempotent_and_keeps_the_same_number():
    mine = sitter_number(5, sitter_id=7)
    assert choose_sitter_number([sitter_number(2), mine], sitter_id=7) == mine


def test_N2_assigning_marks_the_number_as_a_sitter_identity_for_ever():
    assigned = assign_to_sitter(sitter_number(2), 7)
    assert (assigned.assigned_sitter_id, assigned.was_sitter_identity) == (7, True)


def test_N3_the_sitters_number_persists_even_while_quarantined():
    mine = sitter_number(5, sitter_id=7, status=NumberStatus.QUARANTINED)
    assert choose_sitter_number([sitter_number(2), mine], sitter_id=7) == mine


# N4 ------------------------------------------------------------------------------------------


def test_N4_cooldown_lasts_90_days():
    assert COOLDOWN == timedelta(days=90)
    assert cooldown_until(NOW) == NOW + 90 * DAY


def test_N4_offboarding_puts_the_number_in_cooldown_at_once():
    cooled = start_cooldown(sitter_number(5, sitter_id=7), NOW)
    assert cooled.status is NumberStatus.COOLDOWN
    assert cooled.cooldown_until == NOW + 90 * DAY
    assert not is_in_service(cooled, NOW)


def test_N4_a_number_in_cooldown_is_not_given_back_on_reactivation():
    cooled = start_cooldown(sitter_number(5, sitter_id=7), NOW)
    fresh = sitter_number(6)
    assert choose_sitter_number([cooled, fresh], sitter_id=7) == fresh


def test_N4_recycling_is_refused_one_instant_before_the_90th_day():
    cooled = start_cooldown(sitter_number(5, sitter_id=7), NOW)
    edge = NOW + 90 * DAY
    assert not is_recyclable(cooled, edge - timedelta(microseconds=1))
    with pytest.raises(NotRecyclable, match="cooldown"):
        recycle_after_cooldown(cooled, edge - timedelta(microseconds=1))
    assert is_recyclable(cooled, edge)


def test_N4_offboarded_number_is_recycled_only_as_pool():
    cooled = start_cooldown(sitter_number(5, sitter_id=7), NOW)
    recycled = recycle_after_cooldown(cooled, NOW + 90 * DAY)
    assert recycled.number_class is NumberClass.POOL
    assert recycled.status is NumberStatus.ACTIVE
    assert recycled.assigned_sitter_id is None
    assert recycled.was_sitter_identity


def test_N4_a_recycled_number_is_never_another_sitters_identity():
    cooled = start_cooldown(sitter_number(5, sitter_id=7), NOW)
    recycled = recycle_after_cooldown(cooled, NOW + 100 * DAY)
    back_as_sitter = BusinessNumber(5, recycled.e164, "sitter", was_sitter_identity=True)
    assert choose_sitter_number([recycled, back_as_sitter], sitter_id=8) is None


def test_N4_only_numbers_in_cooldown_are_recyclable():
    with pytest.raises(NotRecyclable):
        recycle_after_cooldown(sitter_number(5, sitter_id=7), NOW)


# N5 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("duration", ["1", "3", "7", "14", "30", "90"])
def test_N5_quarantine_durations_in_days(duration):
    assert quarantine_until(NOW, duration) == NOW + int(duration) * DAY


def test_N5_quarantine_defaults_to_90_days():
    assert quarantine_days() == 90
    assert quarantine_days("custom") == 90


@pytest.mark.parametrize("days", [1, 365, "1", "365", " 30 "])
def test_N5_custom_quarantine_accepts_1_to_365_days(days):
    assert quarantine_days("custom", days) == int(str(days).strip())


@pytest.mark.parametrize("days", [0, 366, -1, "abc", "1.5", 2.5, True])
def test_N5_custom_quarantine_outside_1_to_365_is_refused(days):
    with pytest.raises(InvalidQuarantine, match="from 1 to 365"):
        quarantine_days("custom", days)


@pytest.mark.parametrize("duration", ["2", "0", "forever", "", True])
def test_N5_unknown_quarantine_durations_are_refused(duration):
    with pytest.raises(InvalidQuarantine, match="1, 3, 7, 14, 30 or 90 days"):
        quarantine_until(NOW, duration)


def test_N5_invalid_quarantine_is_a_value_error_for_the_web_layer():
    assert issubclass(InvalidQuarantine, ValueError)


@pytest.mark.parametrize(
    ("duration", "custom_days"), [("custom", None), ("1", 50), (None, 10), ("90", "3")]
)
def test_N5_a_quarantine_request_says_one_thing(duration, custom_days):
    with pytest.raises(InvalidQuarantine):
        check_quarantine_request(duration, custom_days)
    check_quarantine_request("custom", 10)
    check_quarantine_request("7", None)
    check_quarantine_request(None, None)


def test_N5_custom_days_are_ignored_for_a_fixed_duration():
    assert quarantine_days("7", 400) == 7


def test_N5_quarantine_sets_status_and_end():
    q = quarantine(pool(2), [FRONT_DESK, pool(2)], NOW, "custom", 10)
    assert (q.status, q.quarantined_until) == (NumberStatus.QUARANTINED, NOW + 10 * DAY)


def test_N5_a_quarantined_number_is_out_of_service_until_its_end():
    q = quarantine(pool(2), [FRONT_DESK, pool(2)], NOW, "1")
    assert effective_status(q, NOW + DAY - timedelta(microseconds=1)) is NumberStatus.QUARANTINED
    assert not is_in_service(q, NOW + DAY - timedelta(microseconds=1))


def test_N5_quarantine_returns_to_active_by_itself_at_its_end():
    q = quarantine(pool(2), [FRONT_DESK, pool(2)], NOW, "1")
    assert effective_status(q, NOW + DAY) is NumberStatus.ACTIVE
    assert is_in_service(q, NOW + DAY)


def test_N5_a_cooldown_still_reads_cooldown_after_its_end_until_recycled():
    cooled = start_cooldown(sitter_number(5, sitter_id=7), NOW)
    assert effective_status(cooled, NOW + 200 * DAY) is NumberStatus.COOLDOWN
    assert is_recyclable(cooled, NOW + 200 * DAY)


def test_N5_a_retired_number_is_never_in_service():
    assert not is_in_service(pool(2, status=NumberStatus.RETIRED), NOW)


# N6 ------------------------------------------------------------------------------------------


def test_N6_pool_choice_is_sticky_for_the_same_client():
    leases = [lease(2, client_id=50, leased_days_ago=60, released_days_ago=59)]
    assert choose_pool_number([pool(2), pool(3)], leases, client_id=50, now=NOW) == pool(2)


def test_N6_sticky_prefers_the_clients_most_recent_free_number():
    leases = [
        lease(2, client_id=50, leased_days_ago=90, released_days_ago=89),
        lease(3, client_id=50, leased_days_ago=20, released_days_ago=19),
    ]
    assert choose_pool_number([pool(2), pool(3)], leases, 50, NOW) == pool(3)


def test_N6_sticky_number_held_by_another_client_is_not_taken():
    leases = [
        lease(2, client_id=50, leased_days_ago=60, released_days_ago=59),
        lease(2, client_id=51, leased_days_ago=1),
    ]
    assert choose_pool_number([pool(2), pool(3)], leases, 50, NOW) == pool(3)


def test_N6_a_client_already_holding_a_lease_keeps_that_number():
    leases = [lease(2, client_id=50, leased_days_ago=1)]
    assert choose_pool_number([pool(3), pool(2)], leases, 50, NOW) == pool(2)


def test_N6_never_leased_numbers_come_first():
    leases = [lease(2, client_id=51, leased_days_ago=300, released_days_ago=299)]
    assert choose_pool_number([pool(2), pool(3)], leases, 50, NOW) == pool(3)


def test_N6_least_recently_used_free_number_is_chosen():
    leases = [
        lease(2, client_id=51, leased_days_ago=100, released_days_ago=40),
        lease(3, client_id=52, leased_days_ago=200, released_days_ago=150),
    ]
    assert choose_pool_number([pool(2), pool(3)], leases, 50, NOW) == pool(3)


def test_N6_a_number_released_by_another_client_within_30_days_is_avoided():
    leases = [
        lease(2, client_id=51, leased_days_ago=40, released_days_ago=29),
        lease(3, client_id=52, leased_days_ago=10, released_days_ago=1),
        lease(4, client_id=53, leased_days_ago=35, released_days_ago=31),
    ]
    assert choose_pool_number([pool(2), pool(3), pool(4)], leases, 50, NOW) == pool(4)


def test_N6_the_30_day_avoidance_ends_exactly_at_30_days():
    at_30_days = [lease(2, client_id=51, leased_days_ago=40, released_days_ago=30)]
    inside = [PoolLease(2, 51, NOW - 40 * DAY, NOW - 30 * DAY + timedelta(microseconds=1))]
    assert not released_recently_by_another_client(at_30_days, client_id=50, now=NOW)
    assert released_recently_by_another_client(inside, client_id=50, now=NOW)


def test_N6_the_30_day_avoidance_only_concerns_a_different_client():
    own = [lease(2, client_id=50, leased_days_ago=10, released_days_ago=1)]
    assert not released_recently_by_another_client(own, client_id=50, now=NOW)


def test_N6_sticky_wins_over_the_30_day_avoidance():
    leases = [
        lease(2, client_id=50, leased_days_ago=90, released_days_ago=80),
        lease(2, client_id=51, leased_days_ago=10, released_days_ago=1),
    ]
    assert choose_pool_number([pool(2), pool(3)], leases, 50, NOW) == pool(2)


def test_N6_recently_released_numbers_are_used_when_nothing_else_is_free():
    leases = [
        lease(2, client_id=51, leased_days_ago=10, released_days_ago=2),
        lease(3, client_id=52, leased_days_ago=10, released_days_ago=5),
    ]
    assert choose_pool_number([pool(2), pool(3)], leases, 50, NOW) == pool(3)


def test_N6_a_pool_number_is_never_leased_to_two_clients_at_once():
    leases = [lease(2, client_id=51, leased_days_ago=1)]
    assert choose_pool_number([pool(2)], leases, 50, NOW) is None


def test_N6_a_lease_ending_later_still_holds_and_frees_at_its_end():
    future_end = PoolLease(2, 51, NOW - DAY, released_at=NOW + DAY)
    assert choose_pool_number([pool(2)], [future_end], 50, NOW) is None
    assert choose_pool_number([pool(2)], [future_end], 50, NOW + DAY) == pool(2)


def test_N6_only_active_pool_numbers_are_chosen():
    numbers = [
        FRONT_DESK,
        sitter_number(2),
        pool(3, status=NumberStatus.QUARANTINED, quarantined_until=NOW + DAY),
        pool(4, status=NumberStatus.RETIRED),
        pool(5, status=NumberStatus.COOLDOWN),
    ]
    assert choose_pool_number(numbers, [], 50, NOW) is None


def test_N6_a_pool_number_whose_quarantine_ended_is_chosen_again():
    ended = pool(3, status=NumberStatus.QUARANTINED, quarantined_until=NOW)
    assert choose_pool_number([ended], [], 50, NOW) == ended


def test_N6_pool_exhausted_gives_none():
    assert choose_pool_number([], [], 50, NOW) is None


def test_N6_ties_go_to_the_lowest_id():
    assert choose_pool_number([pool(9), pool(4), pool(6)], [], 50, NOW) == pool(4)


def test_numbers_accept_the_strings_a_database_returns():
    n = BusinessNumber(1, "+14155550100", "pool", "quarantined")
    assert (n.number_class, n.status) == (NumberClass.POOL, NumberStatus.QUARANTINED)
