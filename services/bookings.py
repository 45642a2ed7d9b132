"""Bookings and what follows from them: thread, window, pool lease (SPEC T2-T6, W1-W3, N6).

- T3 `confirm_booking`: ensure the thread, the window (when a sitter is assigned), a pool lease
  for a one-time client, audit, and the confirmation message once per booking, ever. Running
  it twice changes nothing.
- T4 and T5, the booking's window: see `services.booking_windows`.
- Which status changes are allowed: `domain.bookings`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.engine import transaction
from db.scope import get_in_org, lock_org
from db.tables import Booking, Client, Sitter, Thread
from domain.bookings import (
    check_booking_times,
    check_confirmable,
    status_change,
    tells_client_of_new_sitter,
)
from domain.errors import Invalid
from domain.model import BookingStatus, MeetAndGreet, ServiceType, SitterStatus
from services.audit import audit
from services.booking_texts import send_confirmation, tell_new_sitter
from services.booking_windows import close_failed_sitter_windows, proactive_thread, sync_window
from services.clients import set_recurring
from services.pool import lease_pool_number, release_lease
from services.threads import ensure_thread

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
    if sitter.status == SitterStatus.OFFBOARDED:
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
    check_booking_times(starts_at, ends_at, now)
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
            status=BookingStatus.REQUESTED,
            recurring=recurring,
            created_at=now,
            updated_at=now,
        )
        await booking.save()
        await _created(booking, client, actor, now)
    if sitter_id is not None and proactive:
        await proactive_thread(booking, actor, now)
    return booking


async def _created(booking: Booking, client: Client, actor: str, now: datetime) -> None:
    """What a new booking changes besides itself: the audit, a recurring client, and the
    pending meet-and-greet on the client's thread."""
    payload = {
        "serviceType": booking.service_type,
        "sitterId": booking.sitter,
        "recurring": booking.recurring,
    }
    await audit(
        booking.org, actor, now, "booking.created", ("booking", booking.id), payload=payload
    )
    if booking.recurring and client.is_one_time_client:
        await set_recurring(
            org_id=booking.org,
            actor=actor,
            client_id=client.id,
            recurring=True,
            now=now,
            reason="a booking carries a recurrence",
        )
    if booking.service_type == ServiceType.MEET_AND_GREET:
        thread = await ensure_thread(booking.org, client.id, now)
        if thread.meet_and_greet == MeetAndGreet.NONE:
            await Thread.update({Thread.meet_and_greet: MeetAndGreet.PENDING}).where(
                Thread.id == thread.id
            )


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
        before = _audited(booking)
        was_confirmed = booking.status == BookingStatus.CONFIRMED
        await _apply(booking, changes, org_id, now)
        booking.updated_at = now
        await booking.save()
        after = _audited(booking)
        payload = {"before": before, "after": after}
        await audit(org_id, actor, now, "booking.updated", ("booking", booking.id), payload=payload)
        if booking.status == BookingStatus.CONFIRMED:
            await _confirmed(booking, actor, now)
        else:
            await sync_window(booking, now, create=False)
        if booking.status == BookingStatus.CANCELLED:
            await release_lease(booking, now)
        if tells_client_of_new_sitter(
            was_confirmed=was_confirmed and booking.status == BookingStatus.CONFIRMED,
            old_sitter_id=before["sitterId"],
            new_sitter_id=booking.sitter,
            ends_at=booking.ends_at,
            now=now,
        ):
            await tell_new_sitter(booking, now)
    if proactive and booking.sitter is not None and booking.status == BookingStatus.REQUESTED:
        await proactive_thread(booking, actor, now)
    return booking


async def _apply(booking: Booking, changes: BookingChanges, org_id: int, now: datetime) -> None:
    """The PATCH on the row (not saved): a working sitter, valid times, an allowed status."""
    if changes.sitter_id is not UNSET:
        if changes.sitter_id is not None:
            await _working_sitter(org_id, changes.sitter_id)  # type: ignore[arg-type]
        booking.sitter = changes.sitter_id
    if changes.starts_at is not UNSET:
        booking.starts_at = changes.starts_at
    if changes.ends_at is not UNSET:
        booking.ends_at = changes.ends_at
    if changes.starts_at is not UNSET or changes.ends_at is not UNSET:
        check_booking_times(booking.starts_at, booking.ends_at, now)
    requested = booking.status if changes.status is UNSET else changes.status
    booking.status = status_change(booking.status, requested)  # type: ignore[arg-type]


def _audited(booking: Booking) -> dict:
    """The fields a booking update's audit shows before and after."""
    return {
        "sitterId": booking.sitter,
        "startAt": booking.starts_at.isoformat(),
        "endAt": booking.ends_at.isoformat(),
        "status": booking.status,
    }


async def confirm_booking(*, org_id: int, actor: str, booking_id: int, now: datetime) -> Booking:
    """T3, from anywhere (API, owner page, Stripe payment). Idempotent."""
    async with transaction():
        await lock_org(org_id)
        booking = await get_in_org(Booking, org_id, booking_id, what="booking")
        check_confirmable(booking.status)
        if booking.status != BookingStatus.CONFIRMED:
            booking.status = BookingStatus.CONFIRMED
            booking.updated_at = now
            await booking.save()
            await audit(org_id, actor, now, "booking.confirmed", ("booking", booking.id))
        await _confirmed(booking, actor, now)
    return booking


async def _confirmed(booking: Booking, actor: str, now: datetime) -> None:
    """The idempotent body of T3, inside the caller's transaction (which holds the org lock)."""
    if booking.confirmed_at is None:
        booking.confirmed_at = now
        await Booking.update({Booking.confirmed_at: now}).where(Booking.id == booking.id)
    thread = await ensure_thread(booking.org, booking.client, now)
    await sync_window(booking, now, create=True)
    client = await Client.objects().where(Client.id == booking.client).first()
    if client.is_one_time_client and booking.service_type != ServiceType.MEET_AND_GREET:
        await lease_pool_number(booking, thread, client, actor, now)
    await send_confirmation(booking, now)


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
    if outcome not in (None, MeetAndGreet.APPROVED, MeetAndGreet.FAILED):
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
            thread.meet_and_greet = MeetAndGreet.PENDING
        if outcome == MeetAndGreet.FAILED:
            thread.meet_and_greet_allow_sitter = False
            thread.assigned_sitter = None
        await thread.save()
        if outcome == MeetAndGreet.FAILED:
            await close_failed_sitter_windows(booking, thread, now)
        await sync_window(booking, now, create=booking.status == BookingStatus.CONFIRMED)
        payload = {"allowSitter": allow_sitter, "outcome": outcome, "threadId": thread.id}
        await audit(
            org_id, actor, now, "meet_and_greet.updated", ("booking", booking.id), payload=payload
        )
    return thread
