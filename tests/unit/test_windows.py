"""Assignment windows: SPEC section 3 (W1-W3)."""

from datetime import UTC, datetime, timedelta

import pytest

from domain.model import InvalidBookingTimes, ServiceType, Window, from_row
from domain.windows import (
    DEFAULT_BUFFERS,
    active_sitter_ids,
    active_windows,
    is_active,
    next_window,
    overlapping_pairs,
    window_for_booking,
    windows_overlap,
)

T0 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def window(wid=1, sitter_id=7, start=T0, hours=2.0, closed_at=None, thread_id=1):
    return Window(
        id=wid,
        thread_id=thread_id,
        booking_id=wid,
        sitter_id=sitter_id,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        closed_at=closed_at,
    )


@pytest.mark.parametrize("service", [ServiceType.DROP_IN, ServiceType.DOG_WALK])
def test_W1_drop_in_and_dog_walk_windows_add_60_minutes_each_side(service):
    assert window_for_booking(service, T0, T0 + HOUR) == (T0 - HOUR, T0 + 2 * HOUR)


@pytest.mark.parametrize("service", [ServiceType.HOUSE_SITTING, ServiceType.CARE_24_7])
def test_W1_house_sitting_and_24_7_care_windows_add_2_hours_each_side(service):
    end = T0 + timedelta(days=3)
    assert window_for_booking(service, T0, end) == (T0 - 2 * HOUR, end + 2 * HOUR)


def test_W1_meet_and_greet_window_adds_30_minutes_each_side():
    half = timedelta(minutes=30)
    assert window_for_booking("meet_and_greet", T0, T0 + HOUR) == (T0 - half, T0 + HOUR + half)


def test_W1_every_service_type_has_its_buffers_in_one_table():
    assert set(DEFAULT_BUFFERS) == set(ServiceType)


def test_W1_buffers_come_from_the_settings_table_passed_in():
    buffers = {**DEFAULT_BUFFERS, ServiceType.DOG_WALK: (timedelta(0), timedelta(minutes=15))}
    start, end = window_for_booking(ServiceType.DOG_WALK, T0, T0 + HOUR, buffers)
    assert (start, end) == (T0, T0 + timedelta(minutes=75))


def test_W1_a_booking_must_end_after_it_starts():
    with pytest.raises(InvalidBookingTimes, match="end after it starts"):
        window_for_booking(ServiceType.DROP_IN, T0, T0)


def test_W1_booking_times_must_carry_a_time_zone():
    with pytest.raises(InvalidBookingTimes, match="time zone"):
        window_for_booking(ServiceType.DROP_IN, T0.replace(tzinfo=None), T0 + HOUR)


def test_W1_unknown_service_type_is_refused():
    with pytest.raises(ValueError, match="grooming"):
        window_for_booking("grooming", T0, T0 + HOUR)


def test_W2_window_start_is_inclusive():
    w = window()
    assert is_active(w, T0)
    assert not is_active(w, T0 - timedelta(microseconds=1))


def test_W2_window_end_is_exclusive():
    w = window(hours=2)
    assert is_active(w, T0 + 2 * HOUR - timedelta(microseconds=1))
    assert not is_active(w, T0 + 2 * HOUR)


def test_W2_a_closed_window_is_never_active():
    assert not is_active(window(closed_at=T0), T0 + HOUR)


def test_W2_active_windows_lists_only_the_active_ones_earliest_first():
    late = window(1, start=T0 + HOUR)
    early = window(2, start=T0)
    past = window(3, start=T0 - 5 * HOUR)
    closed = window(4, closed_at=T0)
    assert active_windows([late, early, past, closed], T0 + 90 * timedelta(minutes=1)) == (
        early,
        late,
    )


def test_W2_active_sitter_ids_are_distinct():
    windows = [window(1, sitter_id=7), window(2, sitter_id=7), window(3, sitter_id=3)]
    assert active_sitter_ids(windows, T0) == (3, 7)


def test_window_refuses_naive_times():
    with pytest.raises(ValueError, match="timezone-aware"):
        window(start=T0.replace(tzinfo=None))


def test_overlapping_windows_share_an_instant():
    a, b = window(1, start=T0), window(2, start=T0 + HOUR)
    assert windows_overlap(a, b)
    assert overlapping_pairs([b, a]) == ((a, b),)


def test_windows_that_touch_end_to_start_do_not_overlap():
    a, b = window(1, start=T0, hours=1), window(2, start=T0 + HOUR)
    assert not windows_overlap(a, b)
    assert overlapping_pairs([a, b]) == ()


def test_a_closed_window_overlaps_nothing():
    assert not windows_overlap(window(1), window(2, closed_at=T0))


def test_overlapping_pairs_lists_every_pair_once():
    a, b, c = window(1, hours=5), window(2, start=T0 + HOUR), window(3, start=T0 + 2 * HOUR)
    assert overlapping_pairs([c, b, a]) == ((a, b), (a, c), (b, c))


def test_next_window_is_the_earliest_open_window_starting_after_now():
    soon, later = window(1, start=T0 + HOUR), window(2, start=T0 + 3 * HOUR)
    closed = window(3, start=T0 + timedelta(minutes=30), closed_at=T0)
    assert next_window([later, closed, soon], T0) == soon


def test_next_window_is_never_the_one_active_now_nor_one_starting_exactly_now():
    assert next_window([window(1, start=T0 - HOUR), window(2, start=T0)], T0) is None


def test_next_window_is_none_when_nothing_is_upcoming():
    assert next_window([], T0) is None


def test_records_build_from_database_rows_ignoring_other_columns():
    row = {
        "id": 3,
        "org": 1,
        "thread_id": 4,
        "booking_id": 5,
        "sitter": 7,
        "starts_at": T0,
        "ends_at": T0 + HOUR,
        "closed_at": None,
    }
    assert from_row(Window, row, sitter_id=row["sitter"]) == Window(3, 4, 5, 7, T0, T0 + HOUR)


def test_N6_a_lease_is_kept_by_the_booking_that_ends_last_and_ends_when_none_runs():
    from domain.windows import lease_keeper

    now = datetime(2026, 11, 21, 12, tzinfo=UTC)
    later, latest = now + timedelta(hours=1), now + timedelta(days=1)
    assert lease_keeper([(1, later), (2, latest)], now) == (2, latest)
    assert lease_keeper([(1, now - timedelta(minutes=1)), (2, later)], now) == (2, later)
    assert lease_keeper([(1, now)], now) is None
    assert lease_keeper([], now) is None
