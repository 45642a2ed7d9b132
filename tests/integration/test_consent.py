"""R4 and O1: one consent per client. A STOP on any business number refuses every send from
every number until START; HELP is answered; every change is recorded and shown to the owner."""

from __future__ import annotations

from db.tables import Booking, ConsentEvent, Message, Thread
from domain import texts
from domain.clock import utcnow
from domain.model import AutomationKind, MessagingFlags
from services import enforcement
from services.automations import send_once
from tests.helpers import api, book, confirm, csrf_from, login, make_org, new_client, new_sitter
from tests.integration.test_webhooks import SMS, inbound, signed
from tests.sitter_helpers import sitter_login

DANA = "+14155550177"
SAM_PHONE = "+14155550190"
SAM_NUMBER = "+14155550200"


async def stop_world(client, org):
    dana = await new_client(client, org, recurring=True, phone=DANA)
    sam = await new_sitter(client, org, number=SAM_NUMBER, phone=SAM_PHONE)
    booking = await book(client, org, dana, sitter=sam)
    await confirm(client, org, booking)  # its confirmation is queued, not yet sent
    thread = await Thread.objects().where(Thread.client == dana["id"]).first()
    return dana, sam, booking, thread


async def webhook(client, org, body, to, **more):
    params = {**inbound(org, body=body, sender=DANA, **more), "To": to}
    response = await client.post(SMS, data=params, headers=signed(SMS, params))
    assert response.status_code == 200


async def test_R4_O1_a_stop_to_a_sitter_number_refuses_every_send_from_every_number(
    client, make_client, db
):
    org = await make_org()
    _, _, booking, thread = await stop_world(client, org)
    sitter_phone = await make_client()
    await sitter_login(sitter_phone, SAM_PHONE)
    await webhook(client, org, "STOP", SAM_NUMBER)
    # The queue's pending messages to Dana are cancelled.
    [confirmation] = await Message.objects().where(Message.kind == "automation")
    assert (confirmation.status, confirmation.last_error) == ("failed", "client opted out")
    # The owner's send: 409 with a clear message, nothing queued.
    path = f"/api/threads/{thread.id}/messages"
    refused = await client.post(path, json={"body": "Are you there?"}, headers=org.auth)
    assert refused.status_code == 409 and "replied STOP" in refused.text
    # The sitter's send: refused with the reason on the page.
    page = await sitter_phone.get(f"/sitter/threads/{thread.id}")
    answer = await sitter_phone.post(
        f"/sitter/threads/{thread.id}/messages",
        data={"body": "Biscuit is fine", "_csrf_token": sitter_phone.cookies["csrftoken"]},
    )
    assert page.status_code == 200 and answer.status_code == 409
    assert texts.opted_out_refusal() in answer.text.replace("&#39;", "'")
    # Automations are skipped.
    row = await Booking.objects().where(Booking.id == booking["id"]).first()
    assert not await send_once(row, AutomationKind.NIGHT_BEFORE_REMINDER, "See you", utcnow())
    chats_and_automations = await Message.count().where(
        (Message.direction == "outbound") & Message.kind.is_in(["chat", "automation"])
    )
    assert chats_and_automations == 1  # the cancelled confirmation only
    # START on the front desk lifts it for every number.
    await webhook(client, org, "start", org.front_desk)
    await api(client, org, "POST", path, json={"body": "Welcome back"})
    events = await ConsentEvent.objects().order_by(ConsentEvent.id)
    assert [(e.business_e164, e.words, e.opted_out) for e in events] == [
        (SAM_NUMBER, "STOP", True),
        (org.front_desk, "start", False),
    ]


async def test_R4_the_owner_composer_shows_the_refusal_and_the_header_the_history(client, db):
    org = await make_org()
    _, _, _, thread = await stop_world(client, org)
    await webhook(client, org, "please stop", "+14155550200", OptOutType="STOP")
    assert (await login(client, org.email, org.password)).status_code in (302, 303)
    page = await client.get(f"/messages/{thread.id}")
    assert "Opted out" in page.text and "please stop" in page.text and "opted out" in page.text
    sent = await client.post(
        f"/messages/{thread.id}/send",
        data={"kind": "normal", "body": "Hello?", "_csrf_token": csrf_from(page.text)},
    )
    assert sent.status_code == 409
    assert texts.opted_out_refusal() in sent.text.replace("&#39;", "'")


async def test_R4_help_gets_the_business_help_text(client, db):
    org = await make_org("Happy Paws")
    await new_client(client, org, phone=DANA)
    await webhook(client, org, "HELP", org.front_desk)
    [answer] = await Message.objects().where(Message.direction == "outbound")
    assert answer.body == texts.help_text("Happy Paws") and answer.to_e164 == DANA
    assert "Happy Paws" in answer.body and "STOP" in answer.body
    assert await ConsentEvent.count() == 0


async def test_R4_an_override_never_sends_a_blocked_sitter_message_to_an_opted_out_client(
    client, db
):
    org = await make_org()
    _, sam, _, thread = await stop_world(client, org)
    sent = await enforcement.sitter_send(
        org_id=org.org_id,
        sitter_id=sam["id"],
        thread_id=thread.id,
        body="text me on my cell 415 555 0123",
        flags=MessagingFlags(messaging_v1=True, sitter_messages_v1=True),
        now=utcnow(),
    )
    assert sent.blocked
    await webhook(client, org, "STOP", org.front_desk)
    path = f"/api/messages/{sent.message.id}/override"
    refused = await client.post(path, json={"reason": "fine"}, headers=org.auth)
    assert refused.status_code == 409 and "replied STOP" in refused.text
    message = await Message.objects().where(Message.id == sent.message.id).first()
    assert (message.status, message.blocked) == ("blocked", True)
