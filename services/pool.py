"""Pool leases (N6): a one-time client's thread borrows a pool number for a booking.

The lease runs until the booking's window ends (or the booking is cancelled). A lease whose
end has passed is released the next time a lease is taken, so the unique index "one open lease
per number" always describes who holds a number now.
"""

from __future__ import annotations

from datetime import datetime

from db.tables import Booking, Client, PoolLease, Thread
from domain import model
from domain.numbers import choose_pool_number
from domain.windows import window_for_booking
from services import records
from services.audit import audit, raise_alert


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
    await audit(
        org_id=booking.org,
        actor=actor,
        action="pool.leased",
        target_type="pool_lease",
        target_id=lease.id,
        now=now,
        payload={"numberId": chosen.id, "bookingId": booking.id},
    )
    return lease


async def _release_ended(org_id: int, now: datetime) -> None:
    """Leases past their end are released, so "one open lease per number" means held now."""
    await PoolLease.update({PoolLease.released_at: PoolLease.ends_at}).where(
        (PoolLease.org == org_id) & PoolLease.released_at.is_null() & (PoolLease.ends_at <= now)
    )


async def _alert_exhausted(org_id: int, thread: Thread, client: Client, now: datetime) -> None:
    await raise_alert(
        org_id=org_id,
        kind="pool_exhausted",
        thread_id=thread.id,
        now=now,
        text=f"No pool number was free for {client.name}'s booking; using the front desk.",
    )


async def release_lease(booking: Booking, now: datetime) -> None:
    await PoolLease.update({PoolLease.released_at: now}).where(
        (PoolLease.booking == booking.id) & PoolLease.released_at.is_null()
    )
