"""Automations (S4): once per booking and kind, never to opted-out clients, billing from the
front desk."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from db.tables import AutomationRun, Booking, Client, Message
from domain.automations import night_before_at
from services.automations import run_due_automations
from tests.helpers import api, book, confirm, make_org, new_client, new_sitter


async def tomorrow_walk(client, org, *, recurring=True):
    dana = await new_client(client, org, recurring=recurring)
    sam = await new_sitter(client, org)
    booking = await confirm(
        client, org, await book(client, org, dana, sitter=sam, start=60 * 72, end=60 * 73)
    )
    return dana, booking


def evening_before(start: datetime) -> datetime:
    """Half past six in the evening before `start`, in the test org's zone (O2)."""
    return night_before_at(start, "America/Los_Angeles") + timedelta(minutes=30)


async def test_S4_night_before_reminder_is_sent_once_even_by_two_schedulers(client, db):
    org = await make_org()
    await tomorrow_walk(client, org)
    start = (await Booking.objects().first()).starts_at
    evening = evening_before(start)
    counts = await asyncio.gather(run_due_automations(evening), run_due_automations(evening))
    assert sum(counts) == 1
    assert await run_due_automations(evening + timedelta(minutes=5)) == 0
    reminders = await Message.objects().where(Message.body.like("Reminder:%"))
    assert len(reminders) == 1 and "Biscuit" in reminders[0].body


async def test_S4_nothing_is_due_before_18_00_the_day_before(client, db):
    org = await make_org()
    await tomorrow_walk(client, org)
    start = (await Booking.objects().first()).starts_at
    assert await run_due_automations(start - timedelta(days=2)) == 0


async def test_S4_R4_no_automation_goes_to_an_opted_out_client(client, db):
    org = await make_org()
    dana, _ = await tomorrow_walk(client, org)
    await Client.update({Client.opted_out_at: datetime.now(UTC)}).where(Client.id == dana["id"])
    start = (await Booking.objects().first()).starts_at
    assert await run_due_automations(evening_before(start)) == 0


async def test_S4_S3_payment_link_is_billing_from_the_front_desk_and_sent_once(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    booking = await book(client, org, dana, sitter=sam, start=-10, end=30)
    await api(client, org, "PATCH", f"/api/bookings/{booking['id']}", json={"sitterId": sam["id"]})
    path = f"/api/bookings/{booking['id']}/payment-link"
    await api(client, org, "POST", path, json={"url": "https://pay.example/abc"})
    again = await client.post(path, json={"url": "https://pay.example/abc"}, headers=org.auth)
    assert again.status_code == 409
    [link] = await Message.objects().where(Message.billing.eq(True))
    assert link.from_e164 == org.front_desk and "https://pay.example/abc" in link.body
    bad = await client.post(path, json={"url": "javascript:alert(1)"}, headers=org.auth)
    assert bad.status_code == 422


async def test_S4_payment_reminder_follows_an_unpaid_link_after_a_day(client, db):
    org = await make_org()
    dana = await new_client(client, org)
    booking = await book(client, org, dana, start=60 * 24 * 3, end=60 * 24 * 3 + 60)
    path = f"/api/bookings/{booking['id']}/payment-link"
    await api(client, org, "POST", path, json={"url": "https://pay.example/abc"})
    now = datetime.now(UTC)
    assert await run_due_automations(now) == 0
    later = now + timedelta(hours=25)
    await AutomationRun.update({AutomationRun.created_at: now - timedelta(hours=25)}).where(
        AutomationRun.kind == "payment_link"
    )
    assert await run_due_automations(now) == 1
    assert await run_due_automations(later) == 0
    reminder = await Message.objects().where(Message.body.like("A friendly reminder%")).first()
    assert reminder.billing and reminder.from_e164 == org.front_desk
