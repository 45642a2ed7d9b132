"""SPEC O3: the owner is told away from the desk, by SMS from the front desk to their verified
phone and by email over a real SMTP server, once per item, never with a client's number."""

from __future__ import annotations

import asyncio
import re
import socket
from datetime import timedelta
from email import message_from_bytes
from itertools import count

from db.tables import Message, OwnerNotification, Thread, User
from domain.clock import utcnow
from domain.model import MessageKind, MessagingFlags
from services import enforcement, inbound, notification_settings
from services.mailer import Mailer
from services.owner_notifications import Channels, notify_owners
from tests.helpers import book, confirm, make_org, new_client, new_sitter

OWNER_PHONE = "+14155550142"
CLIENT_PHONE = "+14155550177"
CLIENT_FORMATS = (
    "+14155550177", "14155550177", "4155550177", "(415) 555-0177", "415-555-0177",
    "415 555 0177", "415.555.0177", "555-0177", "5550177",
)  # fmt: skip
BASE = "http://testserver.local"
_sids = count(1)


def channels(smtp) -> Channels:
    return Channels(BASE, Mailer(smtp.url, "snout@example.com", timeout=5))


async def owner_of(org) -> User:
    return await User.objects().where(User.email == org.email).first()


async def texted_code(to: str) -> str:
    sms = (
        await Message.objects()
        .where(Message.to_e164 == to)
        .order_by(Message.id, ascending=False)
        .first()
    )
    return re.match(r"\d{6}", sms.body).group(0)


async def verified_owner(org, phone: str = OWNER_PHONE) -> User:
    owner = await owner_of(org)
    now = utcnow()
    await notification_settings.request_phone_code(
        org_id=org.org_id, user_id=owner.id, phone=phone, now=now
    )
    code = await texted_code(phone)
    await notification_settings.verify_phone_code(
        org_id=org.org_id, user_id=owner.id, actor=f"user:{owner.id}", code=code, now=now
    )
    return owner


async def owner_texts(phone: str = OWNER_PHONE) -> list[Message]:
    return await Message.objects().where(
        (Message.to_e164 == phone) & (Message.kind == MessageKind.NOTIFICATION)
    )


async def second_offense(client, org):
    """A sitter's second blocked message in 30 days raises a high alert (A4)."""
    sam = await new_sitter(client, org)
    dana = await new_client(client, org, recurring=True, phone=CLIENT_PHONE)
    await confirm(client, org, await book(client, org, dana, sitter=sam))
    thread = await Thread.objects().where(Thread.client == dana["id"]).first()
    for _ in range(2):
        await enforcement.sitter_send(
            org_id=org.org_id,
            sitter_id=sam["id"],
            thread_id=thread.id,
            body=f"call me, or text the client back at {CLIENT_PHONE}",
            flags=MessagingFlags(messaging_v1=True, sitter_messages_v1=True),
            now=utcnow(),
        )


async def client_writes(org, body="Is anyone there?", sender=CLIENT_PHONE, now=None):
    """A known client with no booking writes to the front desk: the owner inbox."""
    return await inbound.receive_sms(
        to_e164=org.front_desk,
        from_e164=sender,
        body=body,
        provider_sid=f"SMnotify{next(_sids):026d}",
        now=now or utcnow(),
    )


def assert_no_client_number(*texts: str | bytes) -> None:
    for text in texts:
        raw = text if isinstance(text, bytes) else text.encode()
        digits = re.sub(rb"\D", b"", raw)
        for shown in CLIENT_FORMATS:
            assert shown.encode() not in raw, shown
        assert b"5550177" not in digits.replace(b"4155550142", b"")  # even spread out


def email_text(source: bytes) -> str:
    return message_from_bytes(source).get_payload(decode=True).decode()


async def test_O3_an_owner_is_told_of_a_high_alert_by_sms_and_email_once_each(client, db, smtp):
    org = await make_org()
    await verified_owner(org)
    await second_offense(client, org)
    assert await notify_owners(utcnow(), channels(smtp)) == 1
    [sms] = await owner_texts()
    assert sms.from_e164 == org.front_desk and sms.status == "queued"
    assert sms.body.startswith("Snout alert: Sam's message was blocked")
    assert f"{BASE}/messages?tab=alerts" in sms.body
    [(to, source)] = smtp.received
    assert to == [org.email]
    assert email_text(source).strip() == sms.body
    assert_no_client_number(sms.body, source)
    assert await notify_owners(utcnow() + timedelta(minutes=5), channels(smtp)) == 0
    assert len(await owner_texts()) == 1 and len(smtp.received) == 1


async def test_O3_a_client_waiting_15_minutes_is_told_once_without_their_number(client, db, smtp):
    org = await make_org()
    await verified_owner(org)
    await new_client(client, org, phone=CLIENT_PHONE, name="Dana Reyes")
    wrote_at = utcnow()
    received = await client_writes(org, body=f"call me on {CLIENT_PHONE}", now=wrote_at)
    assert received.decision.target == "owner_inbox"
    assert await notify_owners(wrote_at + timedelta(minutes=14), channels(smtp)) == 0
    assert await notify_owners(wrote_at + timedelta(minutes=15), channels(smtp)) == 1
    [sms] = await owner_texts()
    assert sms.body == (
        "Snout: Dana Reyes has waited 15 min in your owner inbox. "
        f"Open: {BASE}/messages/{received.message.thread}"
    )
    [(_, source)] = smtp.received
    assert_no_client_number(sms.body, source)
    assert await notify_owners(wrote_at + timedelta(minutes=40), channels(smtp)) == 0
    assert len(smtp.received) == 1


async def test_O3_an_answered_or_done_inbox_message_is_not_a_waiting_client(client, db, smtp):
    org = await make_org()
    await verified_owner(org)
    await new_client(client, org, phone=CLIENT_PHONE)
    wrote_at = utcnow()
    received = await client_writes(org, now=wrote_at)
    await Message.update({Message.needs_owner_attention: False}).where(
        Message.id == received.message.id
    )
    assert await notify_owners(wrote_at + timedelta(minutes=20), channels(smtp)) == 0


async def test_O3_several_due_at_once_go_as_one_digest(client, db, smtp):
    org = await make_org()
    await verified_owner(org)
    await second_offense(client, org)
    wrote_at = utcnow()
    for n in range(3):
        await client_writes(org, body="hello?", sender=f"+1415555030{n}", now=wrote_at)
    assert await notify_owners(wrote_at + timedelta(minutes=16), channels(smtp)) == 1
    [sms] = await owner_texts()
    assert sms.body == (
        f"4 things need you in Snout: 1 high alert, 3 clients waiting. Open: {BASE}/messages"
    )
    [(_, source)] = smtp.received
    assert b"4 things need you in Snout" in source
    assert await OwnerNotification.count() == 4


async def test_O3_two_workers_at_once_tell_the_owner_once(client, db, smtp):
    org = await make_org()
    await verified_owner(org)
    await second_offense(client, org)
    now = utcnow()
    told = await asyncio.gather(
        notify_owners(now, Channels(BASE)), notify_owners(now, Channels(BASE))
    )
    assert sum(told) == 1 and len(await owner_texts()) == 1


async def test_O3_an_unverified_phone_gets_no_sms_but_email_still_goes(client, db, smtp):
    org = await make_org()
    owner = await owner_of(org)
    await notification_settings.request_phone_code(
        org_id=org.org_id, user_id=owner.id, phone=OWNER_PHONE, now=utcnow()
    )  # never typed back
    await second_offense(client, org)
    assert await notify_owners(utcnow(), channels(smtp)) == 1
    assert await owner_texts() == [] and len(smtp.received) == 1


async def test_O3_without_smtp_and_without_a_phone_nothing_is_sent_or_recorded(client, db):
    org = await make_org()
    await second_offense(client, org)
    assert await notify_owners(utcnow(), Channels(BASE)) == 0
    assert await OwnerNotification.count() == 0


async def test_O3_an_unreachable_smtp_server_does_not_fail_the_round(client, db):
    org = await make_org()
    await verified_owner(org)
    await second_offense(client, org)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    down = Channels(BASE, Mailer(f"smtp://127.0.0.1:{closed}", "snout@example.com", timeout=2))
    assert await notify_owners(utcnow(), down) == 1
    assert len(await owner_texts()) == 1  # the SMS still goes
