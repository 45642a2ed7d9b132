"""Concurrent confirmations never duplicate threads, windows or confirmations (T1, T3, W3, S4).

On PostgreSQL these are real races over a connection pool; on SQLite writes are serialised.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from db.tables import AssignmentWindow, AutomationRun, Booking, Client, Message, Sitter, Thread
from services.bookings import confirm_booking
from tests.helpers import make_org

NOW = datetime.now(UTC)


async def test_T1_twenty_concurrent_confirmations_of_one_clients_bookings(db):
    org = await make_org()
    client = Client(
        org=org.org_id,
        name="Dana",
        phone_e164="+14155550177",
        is_one_time_client=False,
        created_at=NOW,
    )
    await client.save()
    sitter = Sitter(
        org=org.org_id, name="Sam", phone_e164="+14155550190", status="active", created_at=NOW
    )
    await sitter.save()
    bookings = []
    for day in range(20):
        booking = Booking(
            org=org.org_id,
            client=client.id,
            sitter=sitter.id,
            service_type="dog_walk",
            starts_at=NOW + timedelta(days=day + 1),
            ends_at=NOW + timedelta(days=day + 1, hours=1),
            created_at=NOW,
            updated_at=NOW,
        )
        await booking.save()
        bookings.append(booking)

    await asyncio.gather(
        *(
            confirm_booking(org_id=org.org_id, actor="test", booking_id=b.id, now=NOW)
            for b in bookings
        )
    )
    # ... and the same twenty again, all at once.
    await asyncio.gather(
        *(
            confirm_booking(org_id=org.org_id, actor="test", booking_id=b.id, now=NOW)
            for b in bookings
        )
    )

    assert await Thread.count() == 1
    assert await AssignmentWindow.count() == 20
    assert await AutomationRun.count() == 20
    assert await Message.count().where(Message.kind == "automation") == 20
