"""The rollout flags: ENABLE_MESSAGING_V1=false sends nothing (webhooks still verified, stored
and answered; the owner sees a banner); ENABLE_SITTER_MESSAGES_V1=false, a sitter not on the
allow-list, or a locked sitter: their clients' texts go to the owner, with no notification."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from db.tables import Message, RoutingDecision, Sitter, Thread
from services.sending import owner_send
from sms.providers import SimulatorProvider
from sms.worker import run_forever
from tests.helpers import book, confirm, login, make_org, new_client, new_sitter
from tests.integration.test_webhooks import SMS, inbound, post, signed
from tests.sitter_helpers import SAM_PHONE, sitter_login

BANNER = "Messaging is off: nothing is being sent"


async def sams_client(client, org):
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    await confirm(client, org, await book(client, org, dana, sitter=sam))
    return dana, sam


async def test_messaging_off_the_worker_sends_nothing_and_queued_rows_stay_queued(client, db):
    org = await make_org()
    dana, _ = await sams_client(client, org)
    thread = await Thread.objects().where(Thread.client == dana["id"]).first()
    await owner_send(
        org_id=org.org_id,
        user_id=None,
        thread_id=thread.id,
        body="Hello",
        billing=False,
        now=datetime.now(UTC),
    )
    task = asyncio.create_task(
        run_forever(SimulatorProvider(), "http://x/cb", idle=0.01, messaging_on=False)
    )
    await asyncio.sleep(0.3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    statuses = {m.status for m in await Message.objects().where(Message.direction == "outbound")}
    assert statuses == {"queued"}


async def test_messaging_off_webhooks_are_still_stored_and_answered_and_owner_sees_a_banner(
    make_client, db
):
    client = await make_client(enable_messaging_v1=False)
    org = await make_org()
    params = inbound(org)
    response = await post(client, SMS, params, signed(SMS, params))
    assert response.status_code == 200 and "<Response" in response.text
    assert await Message.exists().where(Message.provider_sid == params["MessageSid"])
    assert (await login(client, org.email, org.password)).status_code == 303
    for page in ("/", "/messages", "/bookings", "/settings"):
        assert BANNER in (await client.get(page)).text, page
    normal = await make_client()
    await login(normal, org.email, org.password)
    assert BANNER not in (await normal.get("/")).text


@pytest.mark.parametrize(
    "flags",
    [
        {"enable_sitter_messages_v1": False},
        {"enable_messaging_v1": False},
        {"sitter_messages_allowlist": frozenset({999})},
        "locked",
    ],
)
async def test_sitter_messaging_off_routes_client_texts_to_the_owner_without_notification(
    client, make_client, db, flags
):
    org = await make_org()
    _, sam = await sams_client(client, org)
    if flags == "locked":
        await Sitter.update({Sitter.locked_at: datetime.now(UTC)}).where(Sitter.id == sam["id"])
        flags = {}
    app = await make_client(**flags)
    params = inbound(org, body="Is Biscuit OK?", To="+14155550200")
    assert (await post(app, SMS, params, signed(SMS, params))).status_code == 200
    decision = await RoutingDecision.objects().first()
    assert (decision.target, decision.code) == ("owner_inbox", "sitter_messaging_off")
    assert "the owner answers" in decision.reason
    assert not await Message.exists().where(Message.to_e164 == SAM_PHONE)


async def test_sitter_messaging_on_still_routes_to_the_sitter(client, db):
    org = await make_org()
    await sams_client(client, org)
    params = inbound(org, body="Is Biscuit OK?", To="+14155550200")
    assert (await post(client, SMS, params, signed(SMS, params))).status_code == 200
    decision = await RoutingDecision.objects().first()
    assert (decision.target, decision.code) == ("sitter", "active_window")


async def test_sitter_pages_say_messaging_is_not_on(client, make_client, db):
    org = await make_org()
    await sams_client(client, org)
    phone = await make_client(enable_sitter_messages_v1=False)
    await sitter_login(phone, SAM_PHONE)
    page = await phone.get("/sitter")
    assert "Messaging from the sitter app is turned off for now." in page.text
