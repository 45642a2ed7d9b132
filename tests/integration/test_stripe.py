"""Stripe payments confirm bookings (S6): verified, deduplicated, replay-safe."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time

import pytest

from db.tables import AutomationRun, Booking, ProcessedWebhookEvent, Thread
from tests.conftest import STRIPE_SECRET
from tests.helpers import book, make_org, new_client

PATH = "/webhooks/stripe"


def stripe_request(event: dict, *, secret: str = STRIPE_SECRET, at: int | None = None):
    payload = json.dumps(event)
    timestamp = int(time.time()) if at is None else at
    signature = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    headers = {
        "Stripe-Signature": f"t={timestamp},v1={signature}",
        "Content-Type": "application/json",
    }
    return payload, headers


def payment(booking_id: int, event_id: str = "evt_1", kind: str = "payment_intent.succeeded"):
    return {
        "id": event_id,
        "object": "event",
        "type": kind,
        "data": {
            "object": {
                "id": "pi_1",
                "object": "payment_intent",
                "metadata": {"bookingId": str(booking_id)},
            }
        },
    }


async def test_S6_a_verified_payment_confirms_the_booking(client, db):
    org = await make_org()
    booking = await book(client, org, await new_client(client, org))
    payload, headers = stripe_request(payment(booking["id"]))
    response = await client.post(PATH, content=payload, headers=headers)
    assert response.status_code == 200 and response.json() == {"outcome": "confirmed"}
    assert (await Booking.objects().first()).status == "confirmed"
    assert await Thread.count() == 1 and await AutomationRun.count() == 1


async def test_S6_checkout_session_completed_also_confirms(client, db):
    org = await make_org()
    booking = await book(client, org, await new_client(client, org))
    payload, headers = stripe_request(payment(booking["id"], kind="checkout.session.completed"))
    assert (await client.post(PATH, content=payload, headers=headers)).json()[
        "outcome"
    ] == "confirmed"


async def test_S6_an_event_replayed_twenty_times_confirms_once(client, db):
    org = await make_org()
    booking = await book(client, org, await new_client(client, org))
    payload, headers = stripe_request(payment(booking["id"]))
    responses = await asyncio.gather(
        *(client.post(PATH, content=payload, headers=headers) for _ in range(20))
    )
    assert {r.status_code for r in responses} == {200}
    assert sorted(r.json()["outcome"] for r in responses) == ["confirmed"] + ["duplicate"] * 19
    assert await ProcessedWebhookEvent.count() == 1 and await AutomationRun.count() == 1


@pytest.mark.parametrize("forge", ["wrong_secret", "stale", "tampered", "missing"])
async def test_S6_bad_or_stale_signatures_answer_400_and_write_nothing(client, db, forge):
    org = await make_org()
    booking = await book(client, org, await new_client(client, org))
    event = payment(booking["id"])
    if forge == "wrong_secret":
        payload, headers = stripe_request(event, secret="whsec_other")
    elif forge == "stale":
        payload, headers = stripe_request(event, at=int(time.time()) - 301)
    else:
        payload, headers = stripe_request(event)
        if forge == "tampered":
            payload = payload.replace("evt_1", "evt_2")
        else:
            headers.pop("Stripe-Signature")
    response = await client.post(PATH, content=payload, headers=headers)
    assert response.status_code == 400
    assert await ProcessedWebhookEvent.count() == 0
    assert (await Booking.objects().first()).status == "requested"


async def test_S6_other_events_are_recorded_and_ignored(client, db):
    org = await make_org()
    await book(client, org, await new_client(client, org))
    payload, headers = stripe_request(
        {"id": "evt_9", "type": "customer.created", "data": {"object": {"metadata": {}}}}
    )
    assert (await client.post(PATH, content=payload, headers=headers)).json() == {
        "outcome": "ignored"
    }
    assert (await Booking.objects().first()).status == "requested"
