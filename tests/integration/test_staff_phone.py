"""A working sitter texting a business number from their own phone is staff, not a client:
the text goes to the owner's inbox and the sitter is asked once a day to reply in the app."""

from __future__ import annotations

from datetime import UTC, datetime

from db.tables import Client, Message, RoutingDecision, Thread
from domain import texts
from services.inbound import receive_sms
from tests.helpers import login, make_org, new_sitter
from tests.integration.test_inbound_routing import text

ANNA_PHONE = "+14155550190"


async def test_R_sitter_phone_a_sitters_own_phone_is_a_staff_message_for_the_owner(client, db):
    org = await make_org()
    anna = await new_sitter(client, org, phone=ANNA_PHONE, name="Anna")
    clients_before = await Client.count()
    received = await text(org.front_desk, ANNA_PHONE, "On my way to Rex now")
    assert await Client.count() == clients_before and await Thread.count() == 0
    message = await Message.objects().where(Message.id == received.message.id).first()
    assert (message.sender_role, message.sender_sitter, message.thread) == (
        "sitter",
        anna["id"],
        None,
    )
    assert message.needs_owner_attention is True
    decision = await RoutingDecision.objects().where(RoutingDecision.message == message.id).first()
    assert (decision.target, decision.code) == ("owner_inbox", "sitter_phone")
    assert "Text from sitter Anna's own phone" in decision.reason
    await receive_sms(
        to_e164=org.front_desk,
        from_e164=ANNA_PHONE,
        body="Also the gate was open",
        provider_sid="SMstaff2",
        now=datetime.now(UTC),
        public_base_url="http://testserver.local",
    )
    [answer] = await Message.objects().where(Message.to_e164 == ANNA_PHONE)
    assert answer.body == texts.reply_in_app("Happy Paws", "/sitter")  # the first text's link
    assert answer.body.startswith("Please reply in the Snout app: ")
    assert answer.from_e164 == org.front_desk and answer.kind == "auto_response"
    assert await login(client, org.email, org.password)
    page = (await client.get("/messages?tab=inbox")).text
    assert "On my way to Rex now" in page and "Anna (sitter, own phone)" in page
    assert "Text from sitter Anna&#39;s own phone" in page
