"""Who's coming (SPEC O8): the booking confirmation names the sitter, and a confirmed booking
that gets another sitter tells the client the new sitter's first name, from the front desk.

Both are automations: never to a client who texted STOP, held during quiet hours (O2) by
`services.outbox.enqueue`. The confirmation goes once per booking, ever (S4); the new-sitter
text once per reassignment (the rule: `domain.bookings.tells_client_of_new_sitter`).
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from db.tables import Booking, Client, Org, Sitter
from domain import texts
from domain.model import AutomationKind, MessageKind, NumberChoice, SenderRole
from services import records
from services.automations import send_once
from services.sending import queue_to_client
from services.threads import ensure_thread

log = logging.getLogger(__name__)

NEW_SITTER_REASON = "Who's coming: a change of sitter is told from the front desk."


async def _parts(booking: Booking) -> tuple[Client, Org, str, datetime]:
    """The client, the org, the assigned sitter's name ("" without one) and the local start."""
    client = await Client.objects().get(Client.id == booking.client)
    org = await Org.objects().get(Org.id == booking.org)
    sitter_name = ""
    if booking.sitter is not None:
        row = await Sitter.select(Sitter.name).where(Sitter.id == booking.sitter).first()
        sitter_name = row["name"] if row else ""
    return client, org, sitter_name, booking.starts_at.astimezone(ZoneInfo(org.time_zone))


async def send_confirmation(booking: Booking, now: datetime) -> bool:
    """T3's confirmation, naming the sitter when one is assigned; once per booking (S4)."""
    client, org, sitter_name, when = await _parts(booking)
    body = texts.booking_confirmation(
        client.name,
        booking.service_type,
        when,
        org.name,
        sitter_name=sitter_name,
        pet_name=client.pet_name,
    )
    return await send_once(booking, AutomationKind.BOOKING_CONFIRMATION, body, now)


async def tell_new_sitter(booking: Booking, now: datetime) -> bool:
    """O8: queue the new sitter's first name to the client, from the front desk, in the
    caller's transaction. Skipped (False) for a client who texted STOP or an org without an
    active front desk."""
    client, org, sitter_name, when = await _parts(booking)
    desk = await records.active_front_desk(booking.org)
    if client.opted_out_at is not None or desk is None:
        return False
    thread = await ensure_thread(booking.org, booking.client, now)
    body = texts.new_sitter(
        client.name, sitter_name, booking.service_type, client.pet_name, when, org.name
    )
    await queue_to_client(
        thread,
        body=body,
        now=now,
        kind=MessageKind.AUTOMATION,
        sender_role=SenderRole.SYSTEM,
        choice=NumberChoice(records.number_record(desk), NEW_SITTER_REASON),
    )
    return True
