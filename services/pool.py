"""Pool leases (N6): a one-time client's thread borrows a pool number for a booking.

The lease runs until the booking's window ends (or the booking is cancelled). One lease serves
every booking of the client: confirming another booking extends it, and cancelling one hands it
to the client's booking that still needs it; it ends when none does. A lease whose
end has passed is released the next time a lease is taken, so the unique index "one open lease
per number" always describes who holds a number now.
"""

from __future__ import annotations

from datetime import datetime

from db.tables import Alert, Booking, Client, PoolLease, Thread
from domain import model
from domain.model import BookingStatus, ServiceType
from domain.numbers import choose_pool_number
from domain.windows import lease_keeper, window_for_booking
from services import records
from services.audit import audit, raise_alert

POOL_EXHAUSTED = "pool_exhausted"


async def lease_pool_number(
    booking: Booking, thread: Thread, client: Client, actor: str, now: datetime
) -> PoolLease | None:
    """N6: lease a pool number to a one-time client's thread until the booking's window ends."""
    _, lease_end = window_for_booking(booking.service_type, booking.starts_at, booking.ends_at)
    await _release_ended(booking.org, now)
    current = await records.open_lease(thread.id)
    if current is not None:
        if current.ends_at is None or current.ends_at < lease_end:
            current.ends_at = lease_end
            await current.save()
        return current
    numbers = await records.org_numbers(booking.org)
    leases = await PoolLease.objects().where(PoolLease.org == booking.org)
    chosen = choose_pool_number(
        [n for n in numbers if n.number_class == model.NumberClass.POOL],
        [records.lease_record(row) for row in leases],
        client.id,
        now,
    )
    if chosen is None:
        await _alert_exhausted(booking.org, thread, client, now)
        return None
    lease = PoolLease(
        org=booking.org,
        number=chosen.id,
        client=client.id,
        thread=thread.id,
        booking=booking.id,
        leased_at=now,
        ends_at=lease_end,
    )
    await lease.save()
    payload = {"numberId": chosen.id, "bookingId": booking.id}
    await audit(booking.org, actor, now, "pool.leased", ("pool_lease", lease.id), payload=payload)
    return lease


async def _release_ended(org_id: int, now: datetime) -> None:
    """Leases past their end are released, so "one open lease per number" means held now."""
    await PoolLease.update({PoolLease.released_at: PoolLease.ends_at}).where(
        (PoolLease.org == org_id) & PoolLease.released_at.is_null() & (PoolLease.ends_at <= now)
    )


async def _alert_exhausted(org_id: int, thread: Thread, client: Client, now: datetime) -> None:
    """One open alert per client: confirming again while it is unresolved adds none."""
    if await Alert.exists().where(
        (Alert.org == org_id)
        & (Alert.kind == POOL_EXHAUSTED)
        & (Alert.thread == thread.id)
        & Alert.resolved_at.is_null()
    ):
        return
    await raise_alert(
        org_id=org_id,
        kind=POOL_EXHAUSTED,
        thread_id=thread.id,
        now=now,
        text=f"No pool number was free for {client.name}'s booking; using the front desk.",
    )


async def release_lease(booking: Booking, now: datetime) -> None:
    """`booking` no longer needs the client's lease (cancelled or over): the lease passes to
    the client's confirmed booking that still needs it, or ends now when there is none."""
    lease = (
        await PoolLease.objects()
        .where(
            (PoolLease.org == booking.org)
            & (PoolLease.client == booking.client)
            & PoolLease.released_at.is_null()
        )
        .first()
    )
    if lease is None:
        return
    others = await Booking.objects().where(
        (Booking.org == booking.org)
        & (Booking.client == booking.client)
        & (Booking.id != booking.id)
        & (Booking.status == BookingStatus.CONFIRMED)
        & (Booking.service_type != ServiceType.MEET_AND_GREET)
    )
    ends = [(b.id, window_for_booking(b.service_type, b.starts_at, b.ends_at)[1]) for b in others]
    keeper = lease_keeper(ends, now)
    if keeper is None:
        lease.released_at = now
    else:
        lease.booking, lease.ends_at = keeper
    await lease.save()
