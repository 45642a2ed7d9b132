"""Automations (S4): night-before reminder, payment link and payment reminder.

Each goes at most once per (booking, kind): the `automation_run` row is inserted with
ON CONFLICT DO NOTHING in the same transaction as the queued message, so two schedulers
running at once send one. None goes to an opted-out client (R4). Billing ones leave from the
front desk (section 4 rule 1), through the same send pipeline as every message.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from db.engine import transaction
from db.scope import get_in_org
from db.tables import AutomationRun, Booking, Client, Org
from domain.automations import night_before_due, payment_reminder_due
from domain.errors import Conflict, Invalid
from domain.policy import clock_time
from services.sending import queue_to_client
from services.threads import ensure_thread


async def _send_once(
    booking: Booking, kind: str, body: str, now: datetime, *, billing: bool = False
) -> bool:
    """Queue `body` to the booking's client unless `kind` was sent already (in a transaction)."""
    client = await Client.objects().where(Client.id == booking.client).first()
    if client is None or client.opted_out_at is not None:
        return False
    inserted = await AutomationRun.insert(
        AutomationRun(org=booking.org, booking=booking.id, kind=kind, created_at=now)
    ).on_conflict(target=(AutomationRun.booking, AutomationRun.kind), action="DO NOTHING")
    if not inserted:
        return False
    thread = await ensure_thread(booking.org, booking.client, now)
    message = await queue_to_client(
        thread, body=body, now=now, kind="automation", billing=billing, sender_role="system"
    )
    await AutomationRun.update({AutomationRun.message: message.id}).where(
        AutomationRun.id == inserted[0]["id"]
    )
    return True


async def run_due_automations(now: datetime) -> int:
    """Send every automation that is due now. Returns how many were queued."""
    sent = 0
    soon = await Booking.objects().where(
        (Booking.status == "confirmed")
        & (Booking.starts_at > now)
        & (Booking.starts_at <= now + timedelta(days=2))
    )
    for booking in soon:
        org = await Org.objects().where(Org.id == booking.org).first()
        if not night_before_due(booking.starts_at, org.time_zone, now):
            continue
        client = await Client.objects().where(Client.id == booking.client).first()
        pet = client.pet_name or "your pet"
        body = (
            f"Reminder: {pet}'s {booking.service_type.replace('_', ' ')} is tomorrow at "
            f"{clock_time(booking.starts_at.astimezone(ZoneInfo(org.time_zone)))}. – {org.name}"
        )
        async with transaction():
            sent += await _send_once(booking, "night_before_reminder", body, now)

    links = await AutomationRun.objects().where(
        (AutomationRun.kind == "payment_link")
        & (AutomationRun.created_at <= now - timedelta(hours=24))
    )
    for link in links:
        booking = await Booking.objects().where(Booking.id == link.booking).first()
        if booking.status != "requested" or not payment_reminder_due(
            link.created_at, booking.starts_at, now
        ):
            continue
        org = await Org.objects().where(Org.id == booking.org).first()
        body = f"A friendly reminder: your booking is waiting for payment. – {org.name}"
        async with transaction():
            sent += await _send_once(booking, "payment_reminder", body, now, billing=True)
    return sent


async def send_payment_link(*, org_id: int, booking_id: int, url: str, now: datetime) -> None:
    """The owner sends the booking's payment link (billing: always from the front desk)."""
    if not url.startswith("https://"):
        raise Invalid("The payment link must be an https:// address.", field="url")
    async with transaction():
        booking = await get_in_org(Booking, org_id, booking_id, what="booking")
        org = await Org.objects().where(Org.id == org_id).first()
        body = f"Here is the payment link for your booking: {url} – {org.name}"
        if not await _send_once(booking, "payment_link", body, now, billing=True):
            raise Conflict("The payment link was already sent, or the client has opted out.")
