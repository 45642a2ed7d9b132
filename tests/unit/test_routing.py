"""Inbound routing (SPEC section 5, R0-R2) and the outbound number (SPEC section 4)."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.model import (
    BusinessNumber,
    Inbound,
    MeetAndGreet,
    NoFrontDesk,
    NumberClass,
    NumberStatus,
    Outbound,
    RouteCode,
    RouteTarget,
    Window,
)
from domain.routing import OPERATIONAL_CODES, choose_from_number, decide_route

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
CLIENT, OTHER_CLIENT = 50, 51
ANNA, BEN = 7, 8

FRONT_DESK = BusinessNumber(1, "+14155550100", NumberClass.FRONT_DESK)
ANNAS_NUMBER = BusinessNumber(2, "+14155550102", NumberClass.SITTER, assigned_sitter_id=ANNA)
BENS_NUMBER = BusinessNumber(3, "+14155550103", NumberClass.SITTER, assigned_sitter_id=BEN)
POOL = BusinessNumber(4, "+16285550104", NumberClass.POOL)
NUMBERS = (FRONT_DESK, ANNAS_NUMBER, BENS_NUMBER, POOL)


def window(sitter_id, start=NOW - HOUR, end=NOW + HOUR, wid=None, closed_at=None):
    return Window(wid or sitter_id, 1, wid or sitter_id, sitter_id, start, end, closed_at)


def inbound(to=FRONT_DESK, client_id=CLIENT, windows=(), leaseholder=None, blocked=False):
    return Inbound(to, client_id, tuple(windows), leaseholder, blocked)


def out_of_service(number, status):
    return BusinessNumber(
        number.id,
        number.e164,
        number.number_class,
        status,
        assigned_sitter_id=number.assigned_sitter_id,
        quarantined_until=NOW + HOUR if status is NumberStatus.QUARANTINED else None,
    )


# Section 5 rows ------------------------------------------------------------------------------


def test_R_sitter_number_with_that_sitters_active_window_goes_to_the_sitter():
    d = decide_route(inbound(ANNAS_NUMBER, windows=[window(ANNA)]), NOW)
    assert (d.target, d.sitter_id, d.code) == (RouteTarget.SITTER, ANNA, RouteCode.ACTIVE_WINDOW)
    assert "Active assignment window" in d.reason


def test_R_sitter_number_goes_to_its_sitter_even_if_another_sitter_is_also_active():
    d = decide_route(inbound(ANNAS_NUMBER, windows=[window(ANNA), window(BEN)]), NOW)
    assert (d.target, d.sitter_id) == (RouteTarget.SITTER, ANNA)


def test_R_sitter_number_without_that_sitters_active_window_goes_to_the_owner():
    d = decide_route(inbound(ANNAS_NUMBER, windows=[window(BEN)]), NOW)
    assert (d.target, d.sitter_id, d.code) == (
        RouteTarget.OWNER_INBOX,
        None,
        RouteCode.NO_ACTIVE_WINDOW,
    )
    assert "No active assignment window" in d.reason


def test_R_unassigned_sitter_number_goes_to_the_owner():
    spare = BusinessNumber(9, "+14155550109", NumberClass.SITTER)
    d = decide_route(inbound(spare, windows=[window(ANNA)]), NOW)
    assert d.code is RouteCode.NO_ACTIVE_WINDOW


def test_R_front_desk_with_exactly_one_active_window_goes_to_its_sitter():
    d = decide_route(inbound(FRONT_DESK, windows=[window(BEN)]), NOW)
    assert (d.target, d.sitter_id, d.code) == (RouteTarget.SITTER, BEN, RouteCode.ACTIVE_WINDOW)
    assert "Active assignment window" in d.reason


def test_R_matching_pool_lease_with_one_active_window_goes_to_its_sitter():
    d = decide_route(inbound(POOL, windows=[window(BEN)], leaseholder=CLIENT), NOW)
    assert (d.target, d.sitter_id) == (RouteTarget.SITTER, BEN)


def test_R_front_desk_without_active_window_goes_to_the_owner():
    past = window(ANNA, start=NOW - 3 * HOUR, end=NOW)
    d = decide_route(inbound(FRONT_DESK, windows=[past]), NOW)
    assert (d.target, d.code) == (RouteTarget.OWNER_INBOX, RouteCode.NO_ACTIVE_WINDOW)
    assert "No active assignment window" in d.reason


def test_R_closed_window_does_not_route_to_its_sitter():
    d = decide_route(inbound(FRONT_DESK, windows=[window(ANNA, closed_at=NOW - HOUR)]), NOW)
    assert d.code is RouteCode.NO_ACTIVE_WINDOW


def test_R_two_overlapping_active_windows_ask_the_owner_to_pick_the_sitter():
    d = decide_route(inbound(FRONT_DESK, windows=[window(BEN), window(ANNA)]), NOW)
    assert (d.target, d.sitter_id, d.code) == (
        RouteTarget.OWNER_INBOX,
        None,
        RouteCode.OVERLAPPING_WINDOWS,
    )
    assert "Multiple active assignment windows" in d.reason
    assert d.candidate_sitter_ids == (ANNA, BEN)


def test_R_two_active_windows_of_the_same_sitter_are_not_an_overlap():
    windows = [window(ANNA, wid=1), window(ANNA, start=NOW, end=NOW + 2 * HOUR, wid=2)]
    d = decide_route(inbound(FRONT_DESK, windows=windows), NOW)
    assert (d.target, d.sitter_id) == (RouteTarget.SITTER, ANNA)


def test_R_pool_number_texted_by_another_client_is_a_pool_mismatch():
    d = decide_route(inbound(POOL, windows=[window(ANNA)], leaseholder=OTHER_CLIENT), NOW)
    assert (d.target, d.sitter_id, d.code) == (
        RouteTarget.OWNER_INBOX,
        None,
        RouteCode.POOL_MISMATCH,
    )
    assert "Pool number mismatch" in d.reason


def test_R_pool_number_without_a_current_lease_is_a_pool_mismatch():
    d = decide_route(inbound(POOL, leaseholder=None), NOW)
    assert d.code is RouteCode.POOL_MISMATCH


@pytest.mark.parametrize(
    "status", [NumberStatus.COOLDOWN, NumberStatus.QUARANTINED, NumberStatus.RETIRED]
)
def test_R_number_not_in_service_goes_to_the_owner(status):
    d = decide_route(inbound(out_of_service(ANNAS_NUMBER, status), windows=[window(ANNA)]), NOW)
    assert (d.target, d.code) == (RouteTarget.OWNER_INBOX, RouteCode.NUMBER_INACTIVE)
    assert "Number not in service" in d.reason


def test_R_a_number_whose_quarantine_has_ended_routes_normally():
    ended = BusinessNumber(2, ANNAS_NUMBER.e164, "sitter", "quarantined", ANNA, True, NOW)
    d = decide_route(inbound(ended, windows=[window(ANNA)]), NOW)
    assert (d.target, d.sitter_id) == (RouteTarget.SITTER, ANNA)


def test_R_unknown_sender_goes_to_the_owner():
    d = decide_route(inbound(FRONT_DESK, client_id=None), NOW)
    assert (d.target, d.code) == (RouteTarget.OWNER_INBOX, RouteCode.UNKNOWN_SENDER)
    assert "Unknown sender" in d.reason


def test_R_anti_poaching_block_goes_to_the_owner_and_keeps_the_row():
    d = decide_route(inbound(ANNAS_NUMBER, windows=[window(ANNA)], blocked=True), NOW)
    assert (d.target, d.sitter_id, d.code) == (
        RouteTarget.OWNER_INBOX,
        None,
        RouteCode.ANTI_POACHING_BLOCKED,
    )
    assert "Anti-poaching" in d.reason
    assert (d.row_code, d.row_sitter_id) == (RouteCode.ACTIVE_WINDOW, ANNA)
    assert d.blocked


# R0: precedence ------------------------------------------------------------------------------


def test_R0_inactive_number_wins_over_pool_mismatch():
    d = decide_route(inbound(out_of_service(POOL, NumberStatus.RETIRED), leaseholder=99), NOW)
    assert d.code is RouteCode.NUMBER_INACTIVE


def test_R0_pool_mismatch_wins_over_unknown_sender():
    d = decide_route(inbound(POOL, client_id=None, leaseholder=CLIENT), NOW)
    assert d.code is RouteCode.POOL_MISMATCH


def test_R0_unknown_sender_wins_over_the_window_rows():
    d = decide_route(inbound(FRONT_DESK, client_id=None, windows=[window(ANNA)]), NOW)
    assert d.code is RouteCode.UNKNOWN_SENDER


def test_R0_anti_poaching_overrides_every_row_last():
    for row in (
        inbound(out_of_service(POOL, NumberStatus.COOLDOWN), blocked=True),
        inbound(POOL, leaseholder=OTHER_CLIENT, blocked=True),
        inbound(FRONT_DESK, client_id=None, blocked=True),
        inbound(FRONT_DESK, windows=[window(ANNA), window(BEN)], blocked=True),
    ):
        d = decide_route(row, NOW)
        assert (d.target, d.code) == (RouteTarget.OWNER_INBOX, RouteCode.ANTI_POACHING_BLOCKED)
        assert d.row_code is not RouteCode.ANTI_POACHING_BLOCKED


def test_R0_without_a_block_the_row_is_the_decision():
    d = decide_route(inbound(FRONT_DESK, windows=[window(ANNA)]), NOW)
    assert (d.row_code, d.row_sitter_id, d.blocked) == (d.code, d.sitter_id, False)


# R1 / R2 -------------------------------------------------------------------------------------


def test_R1_operational_codes():
    assert {
        RouteCode.NO_ACTIVE_WINDOW,
        RouteCode.OVERLAPPING_WINDOWS,
        RouteCode.POOL_MISMATCH,
        RouteCode.NUMBER_INACTIVE,
    } == OPERATIONAL_CODES


def test_R1_decisions_say_whether_they_are_operational():
    assert decide_route(inbound(FRONT_DESK), NOW).operational
    assert not decide_route(inbound(FRONT_DESK, client_id=None), NOW).operational
    assert not decide_route(inbound(FRONT_DESK, windows=[window(ANNA)]), NOW).operational
    assert not decide_route(inbound(FRONT_DESK, blocked=True), NOW).operational


def test_R2_old_pool_client_on_a_released_number_never_reaches_the_new_leaseholders_sitter():
    # The old client's own thread has no active window; the new leaseholder's sitter is busy.
    d = decide_route(inbound(POOL, client_id=CLIENT, windows=[], leaseholder=OTHER_CLIENT), NOW)
    assert (d.target, d.sitter_id, d.code) == (
        RouteTarget.OWNER_INBOX,
        None,
        RouteCode.POOL_MISMATCH,
    )


# Section 4: the number a message leaves from -------------------------------------------------


def outbound(
    windows=(), one_time=False, billing=False, mng=MeetAndGreet.NONE, lease=None, nums=NUMBERS
):
    return Outbound(tuple(nums), tuple(windows), one_time, billing, mng, lease)


def test_section4_1_billing_always_leaves_from_the_front_desk():
    for one_time in (True, False):
        choice = choose_from_number(
            outbound([window(ANNA)], one_time=one_time, billing=True, lease=POOL.id), NOW
        )
        assert choice.number == FRONT_DESK
        assert "Billing" in choice.reason


@pytest.mark.parametrize("state", [MeetAndGreet.PENDING, MeetAndGreet.FAILED])
def test_section4_2_meet_and_greet_not_approved_uses_the_front_desk(state):
    choice = choose_from_number(outbound([window(ANNA)], mng=state), NOW)
    assert choice.number == FRONT_DESK


def test_section4_2_approved_meet_and_greet_uses_the_sitters_number():
    choice = choose_from_number(outbound([window(ANNA)], mng="approved"), NOW)
    assert choice.number == ANNAS_NUMBER


def test_section4_3_recurring_client_in_one_window_uses_the_sitters_number():
    choice = choose_from_number(outbound([window(ANNA)]), NOW)
    assert choice.number == ANNAS_NUMBER
    assert "sitter's number" in choice.reason


def test_section4_3_recurring_client_falls_back_when_the_sitters_number_is_not_in_service():
    numbers = (FRONT_DESK, out_of_service(ANNAS_NUMBER, NumberStatus.QUARANTINED))
    assert choose_from_number(outbound([window(ANNA)], nums=numbers), NOW).number == FRONT_DESK


def test_section4_3_recurring_client_falls_back_when_the_sitter_has_no_number():
    assert choose_from_number(outbound([window(99)]), NOW).number == FRONT_DESK


def test_section4_3_one_time_client_uses_the_leased_pool_number():
    choice = choose_from_number(outbound([window(ANNA)], one_time=True, lease=POOL.id), NOW)
    assert choice.number == POOL


def test_section4_3_one_time_client_without_a_lease_uses_the_front_desk():
    choice = choose_from_number(outbound([window(ANNA)], one_time=True), NOW)
    assert choice.number == FRONT_DESK


def test_section4_3_one_time_client_with_a_lease_not_in_service_uses_the_front_desk():
    numbers = (FRONT_DESK, out_of_service(POOL, NumberStatus.QUARANTINED))
    choice = choose_from_number(
        outbound([window(ANNA)], one_time=True, lease=POOL.id, nums=numbers), NOW
    )
    assert choice.number == FRONT_DESK


def test_section4_4_no_active_window_uses_the_front_desk():
    later = window(ANNA, start=NOW + HOUR, end=NOW + 2 * HOUR)
    assert choose_from_number(outbound([later]), NOW).number == FRONT_DESK


def test_section4_4_several_active_windows_use_the_front_desk():
    choice = choose_from_number(outbound([window(ANNA), window(BEN)]), NOW)
    assert choice.number == FRONT_DESK
    assert "Several" in choice.reason


def test_section4_the_window_end_instant_is_outside_the_window():
    w = window(ANNA, start=NOW - HOUR, end=NOW)
    assert choose_from_number(outbound([w]), NOW).number == FRONT_DESK
    assert choose_from_number(outbound([w]), NOW - timedelta(microseconds=1)).number == ANNAS_NUMBER


def test_section4_an_org_without_a_front_desk_cannot_send():
    with pytest.raises(NoFrontDesk):
        choose_from_number(outbound(billing=True, nums=(POOL,)), NOW)
