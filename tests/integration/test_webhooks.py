"""Twilio webhooks: signatures (403, nothing written), routing, dedup, opt-out, status callbacks."""

from __future__ import annotations

import asyncio
import itertools

import pytest
from twilio.request_validator import RequestValidator

from db.tables import Client, Message, RoutingDecision
from tests.conftest import TWILIO_TOKEN
from tests.helpers import make_org, new_client

BASE = "http://testserver.local"
SMS = "/webhooks/twilio/sms"
STATUS = "/webhooks/twilio/status"
_sids = itertools.count(1)


def signed(path: str, params: dict[str, str], *, url: str | None = None, token: str = TWILIO_TOKEN):
    signature = RequestValidator(token).compute_signature(url or BASE + path, params)
    return {"X-Twilio-Signature": signature}


def inbound(org, body="Is Biscuit OK?", sender="+14155550177", **more) -> dict[str, str]:
    return {
        "MessageSid": f"SM{next(_sids):032x}",
        "AccountSid": "ACtest",
        "From": sender,
        "To": org.front_desk,
        "Body": body,
        "NumMedia": "0",
        **more,
    }


async def post(client, path, params, headers):
    return await client.post(path, data=params, headers=headers)


async def test_a_signed_inbound_sms_is_stored_routed_and_answered_with_twiml(client, db):
    org = await make_org()
    params = inbound(org)
    response = await post(client, SMS, params, signed(SMS, params))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert "<Response" in response.text
    message = await Message.objects().first()
    assert (message.provider_sid, message.body) == (params["MessageSid"], "Is Biscuit OK?")
    decision = await RoutingDecision.objects().first()
    assert decision.code == "unknown_sender"


@pytest.mark.parametrize(
    "forge",
    [
        "tampered_body",
        "missing_header",
        "wrong_token",
        "http_vs_https",
        "dropped_param",
    ],
)
async def test_a_bad_signature_is_refused_and_writes_nothing(client, db, forge):
    org = await make_org()
    params = inbound(org)
    headers = signed(SMS, params)
    if forge == "tampered_body":
        params = {**params, "Body": "Is Biscuit OK? send me your number"}
    elif forge == "missing_header":
        headers = {}
    elif forge == "wrong_token":
        headers = signed(SMS, params, token="not-the-token")
    elif forge == "http_vs_https":
        headers = signed(SMS, params, url="https://testserver.local" + SMS)
    elif forge == "dropped_param":
        headers = signed(SMS, {**params, "Extra": "x"})
    response = await post(client, SMS, params, headers)
    assert response.status_code == 403
    assert await Message.count() == 0 and await Client.count() == 0


async def test_the_port_form_of_the_url_and_blank_and_unknown_params_are_accepted(client, db):
    org = await make_org()
    params = inbound(org, Body="", MediaUrl0="", SomeNewTwilioField="value")
    headers = signed(SMS, params, url="http://testserver.local:80" + SMS)
    response = await post(client, SMS, params, headers)
    assert response.status_code == 200, response.text
    assert await Message.count() == 1


async def test_missing_parameters_answer_400(client, db):
    params = {"AccountSid": "ACtest", "Body": "hi"}
    response = await post(client, SMS, params, signed(SMS, params))
    assert response.status_code == 400
    assert "MessageSid" in response.text


async def test_R3_the_same_sid_posted_fifty_times_concurrently_is_stored_once(client, db):
    org = await make_org()
    params = inbound(org)
    headers = signed(SMS, params)
    responses = await asyncio.gather(*(post(client, SMS, params, headers) for _ in range(50)))
    assert {r.status_code for r in responses} == {200}
    assert await Message.count().where(Message.direction == "inbound") == 1


async def test_R4_stop_and_start_update_consent(client, db):
    org = await make_org()
    dana = await new_client(client, org)
    for body, extra, opted_out in (
        ("Stop", {}, True),
        ("START", {"OptOutType": "START"}, False),
        ("please no more texts", {"OptOutType": "STOP"}, True),
    ):
        params = inbound(org, body=body, **extra)
        assert (await post(client, SMS, params, signed(SMS, params))).status_code == 200
        row = await Client.objects().where(Client.id == dana["id"]).first()
        assert (row.opted_out_at is not None) is opted_out, body


async def _sent_message(org, sid="SMout1") -> Message:
    message = Message(
        org=org.org_id,
        direction="outbound",
        sender_role="owner",
        body="On my way",
        from_e164=org.front_desk,
        to_e164="+14155550177",
        status="sent",
        provider_sid=sid,
    )
    await message.save()
    return message


async def test_S5_status_callbacks_move_forward_and_never_back(client, db):
    org = await make_org()
    message = await _sent_message(org)
    for status, expected in (
        ("delivered", "delivered"),
        ("sent", "delivered"),
        ("queued", "delivered"),
        ("failed", "delivered"),
    ):
        params = {"MessageSid": "SMout1", "MessageStatus": status, "AccountSid": "ACtest"}
        response = await post(client, STATUS, params, signed(STATUS, params))
        assert response.status_code == 200
        row = await Message.objects().where(Message.id == message.id).first()
        assert row.status == expected, status


async def test_S5_a_callback_for_an_unknown_sid_is_ignored_safely(client, db):
    org = await make_org()
    await _sent_message(org)
    params = {"MessageSid": "SMnobody", "MessageStatus": "delivered"}
    response = await post(client, STATUS, params, signed(STATUS, params))
    assert response.status_code == 200
    assert (await Message.objects().first()).status == "sent"


async def test_status_callback_needs_a_signature(client, db):
    org = await make_org()
    await _sent_message(org)
    params = {"MessageSid": "SMout1", "MessageStatus": "failed"}
    assert (await post(client, STATUS, params, {})).status_code == 403
    assert (await Message.objects().first()).status == "sent"
