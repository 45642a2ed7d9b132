"""Stripe events (S6): a verified payment whose metadata names a booking confirms it (T3).

Each event is handled once: its id is inserted into `processed_webhook_event` (unique per
provider and id) in the same transaction as the confirmation, so a replay changes nothing and
a failed confirmation leaves the event unprocessed for Stripe's retry.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from db.engine import transaction
from db.tables import Booking, ProcessedWebhookEvent
from domain.model import BookingStatus
from services.bookings import confirm_booking

CONFIRMING_EVENTS = {"payment_intent.succeeded", "checkout.session.completed"}


class Outcome(StrEnum):
    """What handling a Stripe event did."""

    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    CONFIRMED = "confirmed"


async def handle_stripe_event(event: dict[str, Any], now: datetime) -> Outcome:
    """Returns what happened: a duplicate, an event ignored, or a booking confirmed."""
    metadata = (event.get("data", {}).get("object", {}) or {}).get("metadata") or {}
    booking_id = str(metadata.get("bookingId", ""))
    async with transaction():
        inserted = await ProcessedWebhookEvent.insert(
            ProcessedWebhookEvent(provider="stripe", event_id=str(event["id"]), processed_at=now)
        ).on_conflict(
            target=(ProcessedWebhookEvent.provider, ProcessedWebhookEvent.event_id),
            action="DO NOTHING",
        )
        if not inserted:
            return Outcome.DUPLICATE
        if event.get("type") not in CONFIRMING_EVENTS or not booking_id.isdigit():
            return Outcome.IGNORED
        booking = await Booking.objects().where(Booking.id == int(booking_id)).first()
        if booking is None or booking.status == BookingStatus.CANCELLED:
            return Outcome.IGNORED
        await ProcessedWebhookEvent.update({ProcessedWebhookEvent.org: booking.org}).where(
            (ProcessedWebhookEvent.provider == "stripe")
            & (ProcessedWebhookEvent.event_id == str(event["id"]))
        )
        await confirm_booking(org_id=booking.org, actor="stripe", booking_id=booking.id, now=now)
    return Outcome.CONFIRMED
