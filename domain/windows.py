"""Assignment windows (SPEC section 3).

A window is the booking's time widened by a buffer on each side (W1); it is active on the
half-open interval ``[starts_at, ends_at)`` unless it was closed (W2). All times are aware.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from domain.model import InvalidBookingTimes, ServiceType, Window

#: W1: (before the start, after the end) per service type. The one table of defaults.
DEFAULT_BUFFERS: Mapping[ServiceType, tuple[timedelta, timedelta]] = {
    ServiceType.DROP_IN: (timedelta(minutes=60), timedelta(minutes=60)),
    ServiceType.DOG_WALK: (timedelta(minutes=60), timedelta(minutes=60)),
    ServiceType.HOUSE_SITTING: (timedelta(hours=2), timedelta(hours=2)),
    ServiceType.CARE_24_7: (timedelta(hours=2), timedelta(hours=2)),
    ServiceType.MEET_AND_GREET: (timedelta(minutes=30), timedelta(minutes=30)),
}


def window_for_booking(
    service_type: ServiceType | str,
    starts_at: datetime,
    ends_at: datetime,
    buffers: Mapping[ServiceType, tuple[timedelta, timedelta]] = DEFAULT_BUFFERS,
) -> tuple[datetime, datetime]:
    """W1: the window of a booking is ``(starts_at - before, ends_at + after)`` with the
    buffers of its service type. Refuses naive times and a booking that does not end after
    it starts (:class:`InvalidBookingTimes`)."""
    if starts_at.utcoffset() is None or ends_at.utcoffset() is None:
        raise InvalidBookingTimes("Booking times must include a time zone offset.")
    if ends_at <= starts_at:
        raise InvalidBookingTimes("A booking must end after it starts.")
    before, after = buffers[ServiceType(service_type)]
    return starts_at - before, ends_at + after


def is_active(window: Window, now: datetime) -> bool:
    """W2: active at ``now`` when ``starts_at <= now < ends_at`` and the window is not closed
    (the end instant itself is already outside)."""
    return window.closed_at is None and window.starts_at <= now < window.ends_at


def active_windows(windows: Iterable[Window], now: datetime) -> tuple[Window, ...]:
    """The windows active at ``now``, earliest start first."""
    return tuple(sorted((w for w in windows if is_active(w, now)), key=_start_key))


def active_sitter_ids(windows: Iterable[Window], now: datetime) -> tuple[int, ...]:
    """The distinct sitters with a window active at ``now``, in ascending id order."""
    return tuple(sorted({w.sitter_id for w in windows if is_active(w, now)}))


def windows_overlap(a: Window, b: Window) -> bool:
    """Two open windows overlap when their half-open spans share an instant (a window that
    ends exactly when the other starts does not overlap it). Closed windows overlap nothing."""
    if a.closed or b.closed:
        return False
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def overlapping_pairs(windows: Iterable[Window]) -> tuple[tuple[Window, Window], ...]:
    """Every pair of distinct open windows that overlap, each pair once (earlier start first)."""
    ordered = sorted((w for w in windows if not w.closed), key=_start_key)
    pairs: list[tuple[Window, Window]] = []
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            pairs.append((first, second))
    return tuple(pairs)


def next_window(windows: Iterable[Window], now: datetime) -> Window | None:
    """The earliest open window that starts strictly after ``now`` (None when there is none).
    A window already active at ``now`` is not a *next* window."""
    upcoming = [w for w in windows if w.closed_at is None and w.starts_at > now]
    return min(upcoming, key=_start_key, default=None)


def _start_key(window: Window) -> tuple[datetime, datetime, int]:
    return window.starts_at, window.ends_at, window.id


def lease_keeper(
    booking_ends: Iterable[tuple[int, datetime]], now: datetime
) -> tuple[int, datetime] | None:
    """N6: which of a client's bookings still needs their pool lease, given each booking's id
    and window end: the one whose window ends last, if that is after `now`; None when no
    booking needs the number any more (the lease ends)."""
    running = [(end, booking_id) for booking_id, end in booking_ends if end > now]
    if not running:
        return None
    end, booking_id = max(running)
    return booking_id, end
