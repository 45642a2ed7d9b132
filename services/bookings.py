"""Bookings and what follows from them: thread, window, pool lease (SPEC T2-T6, W1-W3, N6).

- T3 `confirm_booking`: ensure the thread, the window (when a sitter is assigned), a pool lease
  for a one-time client, audit, and the confirmation message once per booking, ever. Running
  it twice changes nothing.
- T4: with the proactive flag, assigning a sitter to a recurring client's booking creates the
  thread and window at once; a failure there is logged, never fails the booking update.
- T5 `sync_window`: an existing window always follows its booking (sitter, times, cancel),
  whatever the flags.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from db.engine import transaction
from db.scope import get_in_org, lock_org
from db.tables import (
    AssignmentWindow,
    AutomationRun,
    Booking,
    Client,
    Org,
    Sitter,
    Thread,
)
from domain.errors import Invalid
from domain.model import BookingStatus, MeetAndGreet, ServiceType
from domain.policy import clock_time
from domain.windows import window_for_booking
from services.audit import audit
from services.clients import set_recurring
from services.pool import lease_pool_number, release_lease
from services.sending import queue_to_client
from services.threads import ensure_thread

log = logging.getLogger(__name__)

UNSET: object = object()


@dataclass(frozen=True, slots=True)
class BookingChanges:
    """A PATCH: fields left UNSET are not changed; `sitter_id=None` unassigns."""

    sitter_id: int | object | None = UNSET
    starts_at: datetime | object = UNSET
    ends_at: datetime | object = UNSET
    status: str | object = UNSET


def _service_type(value: str) -> ServiceType:
    try:
        return ServiceType(value)
    except ValueError:
        kinds = ", ".join(t.value for t in ServiceType)
        raise Invalid(
            f"Unknown service type {value!r}; use one of {kinds}.", field="serviceType"
        ) from None


async def _working_sitter(org_id: int, sitter_id: int) -> Sitter:
    sitter = await get_in_org(Sitter, org_id, sitter_id, what="sitter")
    if sitter.status == "offboarded":
        raise Invalid("That sitter has been offboarded.", field="sitterId")
    return sitter


async def create_booking(
    *,
    org_id: int,
    actor: str,
    client_id: int,
    service_type: str,
    starts_at: datetime,
    ends_at: datetime,
    sitter_id: int | None,
    recurring: bool,
    proactive: bool,
    now: datetime,
) -> Booking:
    kind = _service_type(service_type)
    window_for_booking(kind, starts_at, ends_at)  # refuses naive times and end before start
    async with transaction():
        client = await get_in_org(Client, org_id, client_id, what="client")
        if sitter_id is not None:
            await _working_sitter(org_id, sitter_id)
        booking = Booking(
            org=org_id,
            client=client.id,
            sitter=sitter_id,
            service_type=kind.value,
            starts_at=starts_at,
            ends_at=ends_at,
            status=BookingStatus.REQUESTED.value,
            recurring=recurring,
            created_at=now,
            updated_at=now,
        )
        await booking.save()
        await audit(
            org_id=org_id,
            actor=actor,
            action="booking.created",
            target_type="booking",
            target_id=booking.id,
            now=now,
            payload={"serviceType": kind.value, "sitterId": sitter_id, "recurring": recurring},
        )
        if recurring and client.is_one_time_client:
            await set_recurring(
                org_id=org_id,
                actor=actor,
                client_id=client.id,
                recurring=True,
                now=now,
                reason="a booking carries a recurrence",
            )
        if kind is ServiceType.MEET_AND_GREET:
            thread = await ensure_thread(org_id, client.id, now)
            if thread.meet_and_greet == MeetAndGreet.NONE:
                await Thread.update({Thread.meet_and_greet: MeetAndGreet.PENDING.value}).where(
                    Thread.id == thread.id
                )
    if sitter_id is not None and proactive:
        await _proactive_thread(booking, actor, now)
    return booking


async def update_booking(
    *,
    org_id: int,
    actor: str,
    booking_id: int,
    changes: BookingChanges,
    proactive: bool,
    now: datetime,
) -> Booking:
    async with transaction():
        await lock_org(org_id)
        booking = await get_in_org(Booking, org_id, booking_id, what="booking")
        before = {
            "sitterId": booking.sitter,
            "startAt": booking.starts_at.isoformat(),
            "endAt": booking.ends_at.isoformat(),
            "status": booking.status,
        }
        if changes.sitter_id is not UNSET:
            if changes.sitter_id is not None:
                await _working_sitter(org_id, changes.sitter_id)  # type: ignore[arg-type]
            booking.sitter = changes.sitter_id
        if changes.starts_at is not UNSET:
            booking.starts_at = changes.starts_at
        if changes.ends_at is not UNSET:
            booking.ends_at = changes.ends_at
        window_for_booking(booking.service_type, booking.starts_at, booking.ends_at)
        new_status = booking.status if changes.status is UNSET else changes.status
        if new_status not in ("confirmed", "cancelled", "completed", booking.status):
            raise Invalid("Status must be confirmed, cancelled or completed.", field="status")
        if booking.status == "cancelled" and new_status != "cancelled":
            raise Invalid("A cancelled booking cannot change status again.", field="status")
        booking.status = new_status
        booking.updated_at = now
        await booking.save()
        after = {
            "sitterId": booking.sitter,
            "startAt": booking.starts_at.isoformat(),
            "endAt": booking.ends_at.isoformat(),
            "status": booking.status,
        }
        await audit(
            org_id=org_id,
            actor=actor,
            action="booking.updated",
            target_type="booking",
            target_id=booking.id,
            payload={"before": before, "after": after},
            now=now,
        )
        if booking.status == "confirmed":
            await _confirmed(booking, actor, now)
        else:
            await sync_window(booking, now, create=False)
        if booking.status == "cancelled":
            await release_lease(booking, now)
    if proactive and booking.sitter is not None and booking.status == "requested":
        await _proactive_thread(booking, actor, now)
    return booking


async def confirm_booking(*, org_id: int, actor: str, booking_id: int, now: datetime) -> Booking:
    """T3, from anywhere (API, owner page, Stripe payment). Idempotent."""
    async with transaction():
        await lock_org(org_id)
        booking = await get_in_org(Booking, org_id, booking_id, what="booking")
        if booking.status == "cancelled":
            raise Invalid("A cancelled booking cannot be confirmed.", field="status")
        if booking.status != "confirmed":
            booking.status = "confirmed"
            booking.updated_at = now
            await booking.save()
            await audit(
                org_id=org_id,
                actor=actor,
                action="booking.confirmed",
                target_type="booking",
                target_id=booking.id,
                now=now,
            )
        await _confirmed(booking, actor, now)
    return booking


async def _confirmed(booking: Booking, actor: str, now: datetime) -> None:
    """The idempotent body of T3, inside the caller's transaction (which holds the org lock)."""
    thread = await ensure_thread(booking.org, booking.client, now)
    await sync_window(booking, now, create=True)
    client = await Client.objects().where(Client.id == booking.client).first()
    if client.is_one_time_client and booking.service_type != ServiceType.MEET_AND_GREET:
        await lease_pool_number(booking, thread, client, actor, now)
    await _send_confirmation_once(booking, thread, client, now)


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
    sitter = (
        await Sitter.objects().where(Sitter.id == booking.sitter).first()
        if booking.sitter
        else None
    )
    # An offboarded sitter keeps no access (N4), even if a booking still names them.
    open_ = sitter is not None and sitter.status != "offboarded" and booking.status != "cancelled"
    if booking.service_type == ServiceType.MEET_AND_GREET:
        open_ = open_ and thread.meet_and_greet_allow_sitter and thread.meet_and_greet != "failed"
    starts_at, ends_at = window_for_booking(
        booking.service_type, booking.starts_at, booking.ends_at
    )
    if window is None:
        if not (create and open_):
            return None
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
        window = (
            await AssignmentWindow.objects().where(AssignmentWindow.booking == booking.id).first()
        )
    else:
        window.starts_at, window.ends_at = starts_at, ends_at
        if booking.sitter is not None:
            window.sitter = booking.sitter
        window.closed_at = None if open_ else (window.closed_at or now)
        await window.save()
    if open_:
        await Thread.update({Thread.assigned_sitter: booking.sitter}).where(Thread.id == thread.id)
    return window


async def _send_confirmation_once(
    booking: Booking, thread: Thread, client: Client, now: datetime
) -> None:
    """S4: the booking confirmation goes once per booking, ever; never to an opted-out client."""
    if client.opted_out_at is not None:
        return
    inserted = await AutomationRun.insert(
        AutomationRun(
            org=booking.org, booking=booking.id, kind="booking_confirmation", created_at=now
        )
    ).on_conflict(target=(AutomationRun.booking, AutomationRun.kind), action="DO NOTHING")
    if not inserted:
        return
    org = await Org.objects().where(Org.id == booking.org).first()
    message = await queue_to_client(
        thread,
        body=confirmation_text(booking, client, org),
        now=now,
        kind="automation",
        sender_role="system",
    )
    await AutomationRun.update({AutomationRun.message: message.id}).where(
        (AutomationRun.booking == booking.id) & (AutomationRun.kind == "booking_confirmation")
    )


def confirmation_text(booking: Booking, client: Client, org: Org) -> str:
    """The booking confirmation, with the time in the org's time zone."""
    when = booking.starts_at.astimezone(ZoneInfo(org.time_zone))
    service = {"care_24_7": "24/7 care"}.get(booking.service_type, booking.service_type)
    first_name = (client.name.split() or ["there"])[0]
    return (
        f"Hi {first_name}! Your {service.replace('_', ' ')} on {when:%a %b} {when.day} at "
        f"{clock_time(when)} is confirmed. Reply here anytime. – {org.name}"
    )


async def _proactive_thread(booking: Booking, actor: str, now: datetime) -> None:
    """T4: thread and window at once for a recurring client's booking with a sitter."""
    try:
        async with transaction():
            client = await Client.objects().where(Client.id == booking.client).first()
            if client.is_one_time_client:
                return
            await ensure_thread(booking.org, booking.client, now)
            window = await sync_window(booking, now, create=True)
            await audit(
                org_id=booking.org,
                actor=actor,
                action="thread.proactive",
                target_type="booking",
                target_id=booking.id,
                now=now,
                payload={"windowId": window.id if window else None},
            )
    except Exception:
        log.exception("proactive thread creation failed for booking %s", booking.id)


async def meet_and_greet(
    *,
    org_id: int,
    actor: str,
    booking_id: int,
    allow_sitter: bool | None,
    outcome: str | None,
    now: datetime,
) -> Thread:
    """T6: the owner allows the sitter during the meet-and-greet, then approves or fails it."""
    if outcome not in (None, "approved", "failed"):
        raise Invalid("Outcome must be approved or failed.", field="outcome")
    async with transaction():
        booking = await get_in_org(Booking, org_id, booking_id, what="booking")
        if booking.service_type != ServiceType.MEET_AND_GREET:
            raise Invalid("That booking is not a meet-and-greet.", field="bookingId")
        thread = await ensure_thread(org_id, booking.client, now)
        if allow_sitter is not None:
            thread.meet_and_greet_allow_sitter = allow_sitter
        if outcome is not None:
            thread.meet_and_greet = outcome
        elif thread.meet_and_greet == MeetAndGreet.NONE:
            thread.meet_and_greet = MeetAndGreet.PENDING.value
        if outcome == "failed":
            thread.meet_and_greet_allow_sitter = False
            thread.assigned_sitter = None
        await thread.save()
        await sync_window(booking, now, create=booking.status == "confirmed")
        await audit(
            org_id=org_id,
            actor=actor,
            action="meet_and_greet.updated",
            target_type="booking",
            target_id=booking.id,
            now=now,
            payload={"allowSitter": allow_sitter, "outcome": outcome, "threadId": thread.id},
        )
    return thread
