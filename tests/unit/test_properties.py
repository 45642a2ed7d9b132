"""Properties of the routing and number rules over generated windows, numbers and leases."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.model import (
    BusinessNumber,
    Inbound,
    MeetAndGreet,
    NumberClass,
    NumberStatus,
    Outbound,
    PoolLease,
    RouteCode,
    RouteTarget,
    Window,
)
from domain.numbers import choose_pool_number, is_in_service
from domain.routing import choose_from_number, decide_route
from domain.windows import is_active

T0 = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)
FRONT_DESK = BusinessNumber(1, "+14155550100", NumberClass.FRONT_DESK)
SITTERS = st.integers(min_value=1, max_value=3)
CLIENTS = st.sampled_from([50, 51, 52])
MOMENTS = st.integers(min_value=-720, max_value=720).map(lambda m: T0 + m * MINUTE)
QUICK = settings(max_examples=75, database=None, deadline=None)

REASON_WORDS = {
    RouteCode.ACTIVE_WINDOW: "Active assignment window",
    RouteCode.NO_ACTIVE_WINDOW: "No active assignment window",
    RouteCode.OVERLAPPING_WINDOWS: "Multiple active assignment windows",
    RouteCode.POOL_MISMATCH: "Pool number mismatch",
    RouteCode.NUMBER_INACTIVE: "Number not in service",
    RouteCode.UNKNOWN_SENDER: "Unknown sender",
    RouteCode.ANTI_POACHING_BLOCKED: "Anti-poaching",
}


def _windows(rows):
    return tuple(
        Window(wid, 1, wid, sitter, T0 + start * MINUTE, T0 + (start + length) * MINUTE, closed)
        for wid, (sitter, start, length, closed) in enumerate(rows, start=1)
    )


WINDOW_ROWS = st.tuples(
    SITTERS,
    st.integers(min_value=-720, max_value=720),
    st.integers(min_value=1, max_value=600),
    st.one_of(st.none(), MOMENTS),
)


def windows():
    return st.lists(WINDOW_ROWS, max_size=5).map(_windows)


def _number(number_id, number_class, status, sitter, until):
    return BusinessNumber(
        number_id,
        f"+1415555{number_id:04d}",
        number_class,
        status,
        sitter if number_class is NumberClass.SITTER else None,
        False,
        until if status is NumberStatus.QUARANTINED else None,
    )


def business_numbers(number_id=2):
    return st.builds(
        _number,
        st.just(number_id),
        st.sampled_from(list(NumberClass)),
        st.sampled_from(list(NumberStatus)),
        st.one_of(st.none(), SITTERS),
        st.one_of(st.none(), MOMENTS),
    )


def inbounds():
    return st.builds(
        Inbound,
        business_numbers(),
        st.one_of(st.none(), CLIENTS),
        windows(),
        st.one_of(st.none(), CLIENTS),
        st.booleans(),
    )


@QUICK
@given(inbounds(), MOMENTS)
def test_R_a_sitter_is_chosen_only_when_that_sitter_alone_has_an_active_window(inbound, now):
    decision = decide_route(inbound, now)
    active = [w for w in inbound.thread_windows if is_active(w, now)]
    assert (decision.target is RouteTarget.SITTER) == (decision.sitter_id is not None)
    if decision.target is RouteTarget.SITTER:
        assert not inbound.anti_poaching_blocked
        assert is_in_service(inbound.to_number, now)
        assert any(w.sitter_id == decision.sitter_id for w in active)
        if inbound.to_number.number_class is NumberClass.SITTER:
            assert decision.sitter_id == inbound.to_number.assigned_sitter_id
        else:
            assert {w.sitter_id for w in active} == {decision.sitter_id}


@QUICK
@given(inbounds(), MOMENTS)
def test_R_every_decision_explains_itself_with_the_words_of_its_code(inbound, now):
    decision = decide_route(inbound, now)
    assert REASON_WORDS[decision.code] in decision.reason
    assert decision.blocked == inbound.anti_poaching_blocked
    if decision.code is not RouteCode.ACTIVE_WINDOW:
        assert decision.target is RouteTarget.OWNER_INBOX


@QUICK
@given(inbounds(), MOMENTS)
def test_R0_a_pool_number_never_reaches_a_sitter_for_anyone_but_its_leaseholder(inbound, now):
    decision = decide_route(inbound, now)
    number = inbound.to_number
    if number.number_class is NumberClass.POOL and (
        inbound.client_id is None or inbound.client_id != inbound.pool_leaseholder_id
    ):
        assert decision.target is RouteTarget.OWNER_INBOX
        assert decision.row_code in (RouteCode.POOL_MISMATCH, RouteCode.NUMBER_INACTIVE)


def _lease(number_id, client_id, leased_minute, released_after):
    leased = T0 + leased_minute * MINUTE
    released = None if released_after is None else leased + released_after * MINUTE
    return PoolLease(number_id, client_id, leased, released)


NUMBER_IDS = st.integers(min_value=2, max_value=6)
LEASES = st.lists(
    st.builds(
        _lease,
        NUMBER_IDS,
        CLIENTS,
        st.integers(min_value=-720, max_value=720),
        st.one_of(st.none(), st.integers(min_value=0, max_value=1440)),
    ),
    max_size=8,
)
POOL_NUMBERS = st.lists(
    st.builds(
        _number,
        NUMBER_IDS,
        st.sampled_from(list(NumberClass)),
        st.sampled_from(list(NumberStatus)),
        st.none(),
        st.one_of(st.none(), MOMENTS),
    ),
    max_size=5,
    unique_by=lambda n: n.id,
)


@QUICK
@given(POOL_NUMBERS, LEASES, CLIENTS, MOMENTS)
def test_N6_a_pool_number_is_never_chosen_while_leased_to_another_client(
    numbers, all_leases, client_id, now
):
    chosen = choose_pool_number(numbers, all_leases, client_id, now)
    held = {
        lease.number_id
        for lease in all_leases
        if lease.client_id != client_id and lease.is_current(now)
    }
    free = [
        n
        for n in numbers
        if n.number_class is NumberClass.POOL and is_in_service(n, now) and n.id not in held
    ]
    if chosen is None:
        assert free == []
    else:
        assert chosen in free


@QUICK
@given(
    st.lists(business_numbers(number_id=2), max_size=4),
    windows(),
    st.booleans(),
    st.sampled_from(list(MeetAndGreet)),
    st.one_of(st.none(), st.integers(min_value=1, max_value=6)),
    MOMENTS,
)
def test_section4_a_billing_message_always_leaves_from_the_front_desk(
    others, thread_windows, one_time, meet_and_greet, lease, now
):
    numbers = (FRONT_DESK, *(n for n in others if n.number_class is not NumberClass.FRONT_DESK))
    outbound = Outbound(numbers, thread_windows, one_time, True, meet_and_greet, lease)
    assert choose_from_number(outbound, now).number == FRONT_DESK


@QUICK
@given(st.lists(business_numbers(number_id=2), max_size=4), windows(), st.booleans(), MOMENTS)
def test_section4_a_message_never_leaves_from_a_number_out_of_service(
    others, thread_windows, one_time, now
):
    numbers = (FRONT_DESK, *(n for n in others if n.number_class is not NumberClass.FRONT_DESK))
    outbound = Outbound(numbers, thread_windows, one_time, False, MeetAndGreet.NONE, 2)
    assert is_in_service(choose_from_number(outbound, now).number, now)
