"""A booking's assignment window follows its booking (SPEC T4-T5, W1-W3).

- T5 `sync_window`: an existing window always follows its booking (sitter, times, cancel),
  whatever the flags; a window is created only where T3/T4 ask for one. The thread's
  `assigned_sitter` names the sitter of the thread's current or next open window: when a
  window closes it becomes the sitter of another still-running booking, or nobody.
- T6: after a failed meet-and-greet, that sitter's windows on the thread stay closed.
- T4 `proactive_thread`: with the proactive flag, assigning a sitter to a recurring client's
  booking creates the thread and window at once; a failure there is logged, never fails the
  booking update.
"""

from __future__ import annotations

import logging
from datetime import datetime

from db.engine import transaction
from db.tables import AssignmentWindow, Booking, Client, Sitter, Thread
from domain.model import BookingStatus, MeetAndGreet, ServiceType, SitterStatus
from domain.windows import window_for_booking
from services.audit import audit
from services.threads import ensure_thread

log = logging.getLogger(__name__)


async def sync_window(booking: Booking, now: datetime, *, create: bool) -> AssignmentWindow | None:
    """T5: make the booking's window match the booking. Creates one only when `create`.

    Open when the booking has a sitter and is not cancelled (for a meet-and-greet, only while
    the owner allows the sitter and it has not failed); closed otherwise.
    """
    window = await AssignmentWindow.objects().where(AssignmentWindow.booking == booking.id).first()
    thread = (
        await Thread.objects()
        .where((Thread.org == booking.org) & (Thread.client == booking.client))
        .first()
    )
    if thread is None:
        return None
    open_ = await _stays_open(booking, thread)
    starts_at, ends_at = window_for_booking(
        booking.service_type, booking.starts_at, booking.ends_at
    )
    if window is None:
        if not (create and open_):
            return None
        window = await _new_window(booking, thread, starts_at, ends_at, now)
    else:
        window.starts_at, window.ends_at = starts_at, ends_at
        if booking.sitter is not None:
            window.sitter = booking.sitter
        window.closed_at = None if open_ else (window.closed_at or now)
        await window.save()
    sitter = booking.sitter if open_ else await _running_sitter(thread.id, now)
    await Thread.update({Thread.assigned_sitter: sitter}).where(Thread.id == thread.id)
    return window


async def _running_sitter(thread_id: int, now: datetime) -> int | None:
    """The sitter of the thread's open window that is running or starts next, if any."""
    row = (
        await AssignmentWindow.select(AssignmentWindow.sitter)
        .where(
            (AssignmentWindow.thread == thread_id)
            & AssignmentWindow.closed_at.is_null()
            & (AssignmentWindow.ends_at > now)
        )
        .order_by(AssignmentWindow.starts_at)
        .first()
    )
    return row["sitter"] if row else None


async def _stays_open(booking: Booking, thread: Thread) -> bool:
    sitter = (
        await Sitter.objects().where(Sitter.id == booking.sitter).first()
        if booking.sitter
        else None
    )
    # An offboarded sitter keeps no access (N4), even if a booking still names them.
    open_ = (
        sitter is not None
        and sitter.status != SitterStatus.OFFBOARDED
        and booking.status != BookingStatus.CANCELLED
    )
    if booking.service_type == ServiceType.MEET_AND_GREET:
        open_ = (
            open_
            and thread.meet_and_greet_allow_sitter
            and thread.meet_and_greet != MeetAndGreet.FAILED
        )
    if open_ and thread.meet_and_greet == MeetAndGreet.FAILED:
        open_ = not await failed_meet_and_greet_sitter(thread, booking.sitter)
    return open_


async def failed_meet_and_greet_sitter(thread: Thread, sitter_id: int) -> bool:
    """T6: whether `sitter_id` did this thread's meet-and-greet, which failed."""
    return thread.meet_and_greet == MeetAndGreet.FAILED and await Booking.exists().where(
        (Booking.org == thread.org)
        & (Booking.client == thread.client)
        & (Booking.service_type == ServiceType.MEET_AND_GREET)
        & (Booking.sitter == sitter_id)
    )


async def close_failed_sitter_windows(booking: Booking, thread: Thread, now: datetime) -> None:
    """T6: a failed meet-and-greet ends its sitter's access to the thread: every open window
    of that sitter on the thread closes (those made during the meet-and-greet stage)."""
    if booking.sitter is None:
        return
    await AssignmentWindow.update({AssignmentWindow.closed_at: now}).where(
        (AssignmentWindow.thread == thread.id)
        & (AssignmentWindow.sitter == booking.sitter)
        & AssignmentWindow.closed_at.is_null()
    )


async def _new_window(
    booking: Booking, thread: Thread, starts_at: datetime, ends_at: datetime, now: datetime
) -> AssignmentWindow | None:
    await AssignmentWindow.insert(
        AssignmentWindow(
            org=booking.org,
            thread=thread.id,
            booking=booking.id,
            sitter=booking.sitter,
            starts_at=starts_at,
            ends_at=ends_at,
            created_at=now,
        )
    ).on_conflict(target=AssignmentWindow.booking, action="DO NOTHING")
    return await AssignmentWindow.objects().where(AssignmentWindow.booking == booking.id).first()


async def proactive_thread(booking: Booking, actor: str, now: datetime) -> None:
    """T4: thread and window at once for a recurring client's booking with a sitter."""
    try:
        async with transaction():
            client = await Client.objects().where(Client.id == booking.client).first()
            if client.is_one_time_client:
                return
            await ensure_thread(booking.org, booking.client, now)
            window = await sync_window(booking, now, create=True)
            await audit(
                booking.org,
                actor,
                now,
                "thread.proactive",
                ("booking", booking.id),
                payload={"windowId": window.id if window else None},
            )
    except Exception:
        log.exception("proactive thread creation failed for booking %s", booking.id)
