"""The outbound worker against a fake Twilio on a real socket, through the real SDK (S5)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from db.tables import Client, ConsentEvent, Message
from sms.providers import SimulatorProvider, TwilioProvider
from sms.worker import GIVE_UP_AFTER, claim, run_once
from tests.fake_twilio import FakeTwilio
from tests.helpers import make_org

CALLBACK = "http://testserver.local/webhooks/twilio/status"


@pytest.fixture
def fake_twilio():
    with FakeTwilio() as fake:
        yield fake


def provider(fake: FakeTwilio, timeout: float = 5) -> TwilioProvider:
    return TwilioProvider(
        account_sid="ACtest", auth_token="token", base_url=fake.base_url, timeout=timeout
    )


async def queued_message(body: str = "Biscuit had a great walk!") -> Message:
    org = await make_org()
    client = Client(
        org=org.org_id, name="Dana", phone_e164="+14155550177", created_at=datetime.now(UTC)
    )
    await client.save()
    message = Message(
        org=org.org_id,
        direction="outbound",
        sender_role="owner",
        body=body,
        from_e164=org.front_desk,
        to_e164="+14155550177",
        status="queued",
        next_attempt_at=datetime.now(UTC) - timedelta(seconds=1),
        created_at=datetime.now(UTC),
    )
    await message.save()
    return message


async def reload(message: Message) -> Message:
    return await Message.objects().where(Message.id == message.id).first()


async def time_passes() -> None:
    """Whatever waits for later (back-off, claim deadline) is due now."""
    await Message.update({Message.next_attempt_at: datetime.now(UTC) - timedelta(seconds=1)}).where(
        Message.next_attempt_at.is_not_null()
    )


async def test_S5_a_queued_message_is_sent_through_the_sdk(db, fake_twilio):
    message = await queued_message()
    assert await run_once(provider(fake_twilio), CALLBACK) == 1
    [request] = fake_twilio.requests
    assert request["path"] == "/2010-04-01/Accounts/ACtest/Messages.json"
    assert request["form"]["To"] == "+14155550177"
    assert request["form"]["StatusCallback"] == CALLBACK
    assert request["auth"].startswith("Basic ")
    row = await reload(message)
    assert row.status == "sent" and row.provider_sid == fake_twilio.accepted[0]["sid"]


async def test_S5_two_500s_then_success_sends_once(db, fake_twilio):
    message = await queued_message()
    fake_twilio.answers.extend([(500, 20500), (500, 20500)])
    for _ in range(3):
        await run_once(provider(fake_twilio), CALLBACK)
        await time_passes()
    assert len(fake_twilio.requests) == 3 and len(fake_twilio.accepted) == 1
    row = await reload(message)
    assert (row.status, row.attempts) == ("sent", 3)


async def test_S5_429_is_retried_later_with_back_off(db, fake_twilio):
    message = await queued_message()
    fake_twilio.answers.append((429, 20429))
    await run_once(provider(fake_twilio), CALLBACK)
    row = await reload(message)
    assert row.status == "queued" and row.next_attempt_at > datetime.now(UTC)
    assert await run_once(provider(fake_twilio), CALLBACK) == 0  # not yet due
    await time_passes()
    await run_once(provider(fake_twilio), CALLBACK)
    assert (await reload(message)).status == "sent"


async def test_S5_21610_marks_the_client_opted_out_and_is_not_retried(db, fake_twilio):
    message = await queued_message()
    fake_twilio.answers.append((400, 21610))
    await run_once(provider(fake_twilio), CALLBACK)
    await time_passes()
    await run_once(provider(fake_twilio), CALLBACK)
    assert len(fake_twilio.requests) == 1
    assert (await reload(message)).status == "failed"
    client = await Client.objects().first()
    assert client.opted_out_at is not None
    [event] = await ConsentEvent.objects()  # R4: the owner sees why in the thread header
    assert (event.client, event.opted_out, event.business_e164) == (
        client.id,
        True,
        message.from_e164,
    )


async def test_S5_a_worker_killed_between_claim_and_send_still_sends_exactly_once(db, fake_twilio):
    message = await queued_message()
    claimed = await claim(datetime.now(UTC))  # ... and the process dies here
    assert [m.id for m in claimed] == [message.id]
    assert (await reload(message)).status == "sending"
    await run_once(provider(fake_twilio), CALLBACK)  # a restarted worker: claim not expired
    assert fake_twilio.requests == []
    await time_passes()  # the claim deadline passes
    await run_once(provider(fake_twilio), CALLBACK)
    await run_once(provider(fake_twilio), CALLBACK)
    assert len(fake_twilio.accepted) == 1
    assert (await reload(message)).status == "sent"


async def test_S5_a_timeout_after_sending_is_reconciled_not_resent(db, fake_twilio):
    message = await queued_message()
    fake_twilio.answers.append(("slow", 1.5))
    await run_once(provider(fake_twilio, timeout=0.5), CALLBACK)
    assert (await reload(message)).status == "unknown"
    await asyncio.sleep(1.2)  # Twilio finishes handling the slow request meanwhile
    await time_passes()
    await run_once(provider(fake_twilio), CALLBACK)
    assert len(fake_twilio.requests) == 1  # found at Twilio: never sent twice
    row = await reload(message)
    assert row.status == "sent" and row.provider_sid == fake_twilio.accepted[0]["sid"]


async def test_S5_a_connection_closed_without_an_answer_is_reconciled_not_resent(db, fake_twilio):
    message = await queued_message()
    fake_twilio.answers.append("drop")  # Twilio took the message; the connection broke
    await run_once(provider(fake_twilio), CALLBACK)
    assert (await reload(message)).status == "unknown"
    await time_passes()
    await run_once(provider(fake_twilio), CALLBACK)
    assert len(fake_twilio.requests) == 1
    row = await reload(message)
    assert row.status == "sent" and row.provider_sid == fake_twilio.accepted[0]["sid"]


async def test_S5_twilio_down_is_retried_until_it_is_back(db):
    message = await queued_message()
    with FakeTwilio() as fake:
        down = provider(fake)
    await run_once(down, CALLBACK)  # connection refused: the server is gone
    assert (await reload(message)).status == "queued"
    with FakeTwilio() as fake:
        await time_passes()
        await run_once(provider(fake), CALLBACK)
        assert len(fake.accepted) == 1
    assert (await reload(message)).status == "sent"


async def test_the_simulator_stores_and_marks_delivered(db):
    message = await queued_message()
    await run_once(SimulatorProvider(), CALLBACK)
    row = await reload(message)
    assert row.status == "delivered" and row.provider_sid.startswith("SM")


async def test_S5_two_workers_at_once_send_each_message_once(db, fake_twilio):
    for n in range(10):
        await queued_message(f"Update {n}")
    twilio = provider(fake_twilio)
    for _ in range(3):
        await asyncio.gather(run_once(twilio, CALLBACK), run_once(twilio, CALLBACK))
    bodies = sorted(m["body"] for m in fake_twilio.accepted)
    assert bodies == sorted(f"Update {n}" for n in range(10))
    assert {m.status for m in await Message.objects()} == {"sent"}


async def test_S5_transient_failures_are_retried_for_a_day_then_fail(db, fake_twilio):
    message = await queued_message()
    fake_twilio.answers.extend([(503, 20500)] * 12)  # a long outage: far past 8 attempts
    for _ in range(12):
        await run_once(provider(fake_twilio), CALLBACK)
        await time_passes()
    row = await reload(message)
    assert (row.status, row.attempts) == ("queued", 12)  # delayed, not failed
    day_old = datetime.now(UTC) - GIVE_UP_AFTER - timedelta(minutes=1)
    await Message.update({Message.created_at: day_old}).where(Message.id == message.id)
    fake_twilio.answers.append((503, 20500))
    await run_once(provider(fake_twilio), CALLBACK)
    assert (await reload(message)).status == "failed"
