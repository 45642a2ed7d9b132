"""O2: quiet hours hold automations and notifications until they end; a person's own send is
never held; the night-before reminder goes out the evening before or not at all."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from db.tables import AutomationRun, Booking, Message
from domain.automations import night_before_at
from services.automations import run_due_automations, too_late_to_send
from services.sending import owner_send
from services.threads import ensure_thread
from sms.providers import SimulatorProvider
from sms.worker import claim, run_once
from tests.helpers import api, book, confirm, make_org, new_client, new_sitter

LA = ZoneInfo("America/Los_Angeles")
QUIET = ("21:00", "08:00")


def local_night(days: int = 1) -> datetime:
    """23:40 in the org's zone, `days` from today."""
    today = datetime.now(LA).date() + timedelta(days=days)
    return datetime(today.year, today.month, today.day, 23, 40, tzinfo=LA)


async def test_O2_a_payment_reminder_due_in_quiet_hours_is_held_until_08_00(client, db):
    org = await make_org(quiet=QUIET)
    dana = await new_client(client, org)
    booking = await book(client, org, dana, start=60 * 24 * 5, end=60 * 24 * 5 + 60)
    path = f"/api/bookings/{booking['id']}/payment-link"
    await api(client, org, "POST", path, json={"url": "https://pay.example/abc"})
    night = local_night()
    await AutomationRun.update({AutomationRun.created_at: night - timedelta(hours=25)}).where(
        AutomationRun.kind == "payment_link"
    )
    assert await run_due_automations(night) == 1
    reminder = await Message.objects().where(Message.body.like("A friendly reminder%")).first()
    morning = (night + timedelta(days=1)).replace(hour=8, minute=0)
    assert reminder.next_attempt_at == morning
    assert reminder.id not in [m.id for m in await claim(night + timedelta(hours=8))]
    assert reminder.id in [m.id for m in await claim(morning)]


async def test_O2_a_persons_own_send_is_never_held(client, db):
    org = await make_org(quiet=QUIET)
    dana = await new_client(client, org)
    night = local_night(0)
    thread = await ensure_thread(org.org_id, dana["id"], night)
    message = await owner_send(
        org_id=org.org_id,
        user_id=None,
        thread_id=thread.id,
        body="Late note",
        billing=False,
        now=night,
    )
    assert message.next_attempt_at == night
    assert message.id in [m.id for m in await claim(night)]


async def test_O2_night_before_reminder_is_not_sent_when_confirmed_after_that_evening(client, db):
    org = await make_org(quiet=QUIET)
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    await confirm(
        client, org, await book(client, org, dana, sitter=sam, start=60 * 72, end=60 * 73)
    )
    row = await Booking.objects().first()
    six = night_before_at(row.starts_at, "America/Los_Angeles")
    await Booking.update({Booking.confirmed_at: six + timedelta(hours=5)}).where(
        Booking.id == row.id
    )  # confirmed at 23:00 the day before
    assert await run_due_automations(six + timedelta(hours=5, minutes=5)) == 0
    assert await run_due_automations(row.starts_at - timedelta(hours=2)) == 0
    await Booking.update({Booking.confirmed_at: six + timedelta(minutes=10)}).where(
        Booking.id == row.id
    )  # confirmed at 18:10 the same evening
    assert await run_due_automations(six + timedelta(minutes=20)) == 0


async def test_O2_night_before_reminder_goes_in_the_evening_not_after_quiet_hours_start(client, db):
    org = await make_org(quiet=QUIET)
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    await confirm(
        client, org, await book(client, org, dana, sitter=sam, start=60 * 72, end=60 * 73)
    )
    start = (await Booking.objects().first()).starts_at
    six = night_before_at(start, "America/Los_Angeles")
    assert await run_due_automations(six + timedelta(hours=3, minutes=1)) == 0
    assert await run_due_automations(start - timedelta(hours=1)) == 0
    assert await run_due_automations(six + timedelta(hours=2)) == 1
    [reminder] = await Message.objects().where(Message.body.like("Reminder:%"))
    assert reminder.next_attempt_at == six + timedelta(hours=2)


async def test_O2_a_night_before_reminder_not_sent_in_its_evening_is_never_sent_later(client, db):
    org = await make_org(quiet=QUIET)
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    await confirm(
        client, org, await book(client, org, dana, sitter=sam, start=60 * 72, end=60 * 73)
    )
    start = (await Booking.objects().first()).starts_at
    six = night_before_at(start, "America/Los_Angeles")
    assert await run_due_automations(six + timedelta(minutes=30)) == 1
    [reminder] = await Message.objects().where(Message.body.like("Reminder:%"))
    assert not await too_late_to_send(reminder, six + timedelta(hours=2, minutes=59))
    assert await too_late_to_send(reminder, six + timedelta(hours=3))
    assert await too_late_to_send(reminder, start + timedelta(hours=1))
    # The worker was down until after the booking started: it does not send it then.
    await Booking.update({Booking.starts_at: datetime.now(LA) - timedelta(hours=1)}).where(
        Booking.client == dana["id"]
    )
    await Message.update({Message.next_attempt_at: datetime.now(LA)}).where(
        Message.id == reminder.id
    )
    await run_once(SimulatorProvider(), "http://testserver.local/webhooks/twilio/status")
    row = await Message.objects().where(Message.id == reminder.id).first()
    assert row.status == "failed" and "past its evening" in row.last_error
