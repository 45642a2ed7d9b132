"""What the webhook and load benchmarks seed alike: a weekly client whose booking with a sitter
is under way, so texts from that client route to the sitter."""

from __future__ import annotations

from datetime import datetime, timedelta

from db.tables import Client
from domain.model import ServiceType
from services.bookings import confirm_booking, create_booking
from services.clients import create_client


async def client_in_active_window(
    *,
    org_id: int,
    actor: str,
    sitter_id: int,
    name: str,
    phone: str,
    now: datetime,
    hours_left: int,
    pet_name: str = "",
) -> Client:
    """A recurring client with a confirmed house-sitting booking from an hour ago to
    `hours_left` hours from `now` (its window is active)."""
    client = await create_client(
        org_id=org_id,
        actor=actor,
        name=name,
        phone=phone,
        pet_name=pet_name,
        recurring=True,
        now=now,
    )
    booking = await create_booking(
        org_id=org_id,
        actor=actor,
        client_id=client.id,
        service_type=ServiceType.HOUSE_SITTING,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=hours_left),
        sitter_id=sitter_id,
        recurring=True,
        proactive=False,
        now=now,
    )
    await confirm_booking(org_id=org_id, actor=actor, booking_id=booking.id, now=now)
    return client
