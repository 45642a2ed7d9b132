"""Automations (S4): booking confirmation, night-before reminder, payment link and reminder.

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
from db.tables import AutomationRun, Booking, Client, Message, Org
from domain import texts
from domain.automations import night_before_due, night_before_expired, payment_reminder_due
from domain.errors import Conflict, Invalid
from domain.model import AutomationKind, BookingStatus, MessageKind, SenderRole
from domain.quiet_hours import QuietHours
from services.sending import queue_to_client
from services.threads import ensure_thread


async def send_once(
    booking: Booking, kind: AutomationKind, body: str, now: datetime, *, billing: bool = False
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
        thread,
        body=body,
        now=now,
        kind=MessageKind.AUTOMATION,
        billing=billing,
        sender_role=SenderRole.SYSTEM,
    )
    await AutomationRun.update({AutomationRun.message: message.id}).where(
        AutomationRun.id == inserted[0]["id"]
    )
    return True


async def run_due_automations(now: datetime) -> int:
    """Send every automation that is due now. Returns how many were queued."""
    return await _night_before_reminders(now) + await _payment_reminders(now)


async def _night_before_reminders(now: datetime) -> int:
    sent = 0
    soon = await Booking.objects().where(
        (Booking.status == BookingStatus.CONFIRMED)
        & (Booking.starts_at > now)
        & (Booking.starts_at <= now + timedelta(days=2))
    )
    for booking in soon:
        org = await Org.objects().where(Org.id == booking.org).first()
        quiet = QuietHours.of(org.time_zone, org.quiet_hours_start, org.quiet_hours_end)
        if not night_before_due(
            booking.starts_at, org.time_zone, now, confirmed_at=booking.confirmed_at, quiet=quiet
        ):
            continue
        client = await Client.objects().where(Client.id == booking.client).first()
        when = booking.starts_at.astimezone(ZoneInfo(org.time_zone))
        body = texts.night_before_reminder(client.pet_name, booking.service_type, when, org.name)
        async with transaction():
            sent += await send_once(booking, AutomationKind.NIGHT_BEFORE_REMINDER, body, now)
    return sent


async def too_late_to_send(message: Message, now: datetime) -> bool:
    """O2: a night-before reminder that did not leave in its evening is never sent later (a
    worker that was down, a long Twilio outage): "…is tomorrow" would be wrong by then."""
    if message.kind != MessageKind.AUTOMATION:
        return False
    run = (
        await AutomationRun.objects()
        .where(
            (AutomationRun.message == message.id)
            & (AutomationRun.kind == AutomationKind.NIGHT_BEFORE_REMINDER)
        )
        .first()
    )
    if run is None:
        return False
    booking = await Booking.objects().where(Booking.id == run.booking).first()
    org = await Org.objects().where(Org.id == booking.org).first()
    quiet = QuietHours.of(org.time_zone, org.quiet_hours_start, org.quiet_hours_end)
    return night_before_expired(booking.starts_at, org.time_zone, now, quiet)


async def _payment_reminders(now: datetime) -> int:
    sent = 0
    links = await AutomationRun.objects().where(
        (AutomationRun.kind == AutomationKind.PAYMENT_LINK)
        & (AutomationRun.created_at <= now - timedelta(hours=24))
    )
    for link in links:
        booking = await Booking.objects().where(Booking.id == link.booking).first()
        if booking.status != BookingStatus.REQUESTED or not payment_reminder_due(
            link.created_at, booking.starts_at, now
        ):
            continue
        org = await Org.objects().where(Org.id == booking.org).first()
        body = texts.payment_reminder(org.name)
        async with transaction():
            sent += await send_once(
                booking, AutomationKind.PAYMENT_REMINDER, body, now, billing=True
            )
    return sent


async def send_payment_link(*, org_id: int, booking_id: int, url: str, now: datetime) -> None:
    """The owner sends the booking's payment link (billing: always from the front desk)."""
    if not url.startswith("https://"):
        raise Invalid("The payment link must be an https:// address.", field="url")
    async with transaction():
        booking = await get_in_org(Booking, org_id, booking_id, what="booking")
        org = await Org.objects().where(Org.id == org_id).first()
        body = texts.payment_link(url, org.name)
        if not await send_once(booking, AutomationKind.PAYMENT_LINK, body, now, billing=True):
            raise Conflict("The payment link was already sent, or the client has opted out.")
