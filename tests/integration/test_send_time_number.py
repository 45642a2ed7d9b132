"""N4 and section 4 at send time: a message queued before its number stopped being usable
leaves from the number chosen again when the worker sends it, with the reason recorded."""

from __future__ import annotations

from datetime import UTC, datetime

from db.tables import BusinessNumber, Message, Thread
from services.sending import owner_send
from sms.providers import SimulatorProvider
from sms.worker import run_once
from tests.helpers import api, book, confirm, make_org, new_client, new_sitter

CALLBACK = "http://testserver.local/webhooks/twilio/status"


async def test_N4_a_message_queued_before_offboarding_leaves_from_the_front_desk(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    await confirm(client, org, await book(client, org, dana, sitter=sam))
    thread = await Thread.objects().where(Thread.client == dana["id"]).first()
    queued = await owner_send(
        org_id=org.org_id,
        user_id=None,
        thread_id=thread.id,
        body="Sam is on the way",
        billing=False,
        now=datetime.now(UTC),
    )
    assert queued.from_e164 == "+14155550200"  # Sam's number, while his window runs
    await api(client, org, "PATCH", f"/api/sitters/{sam['id']}", json={"offboard": True})
    assert await run_once(SimulatorProvider(), CALLBACK) >= 1
    sent = await Message.objects().where(Message.id == queued.id).first()
    assert sent.status == "delivered" and sent.from_e164 == org.front_desk
    assert "Chosen again at send time: its number is cooldown" in sent.number_reason


async def test_N5_a_message_queued_before_a_quarantine_is_sent_from_another_number(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    await confirm(client, org, await book(client, org, dana, sitter=sam))
    thread = await Thread.objects().where(Thread.client == dana["id"]).first()
    queued = await owner_send(
        org_id=org.org_id,
        user_id=None,
        thread_id=thread.id,
        body="Back soon",
        billing=False,
        now=datetime.now(UTC),
    )
    number = await BusinessNumber.objects().where(BusinessNumber.e164 == queued.from_e164).first()
    quarantine = {"duration": "custom", "customDays": 7}
    await api(client, org, "POST", f"/api/numbers/{number.id}/quarantine", json=quarantine)
    await run_once(SimulatorProvider(), CALLBACK)
    sent = await Message.objects().where(Message.id == queued.id).first()
    assert sent.from_e164 == org.front_desk and "quarantined" in sent.number_reason
