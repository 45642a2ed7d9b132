"""Inbound MMS (SPEC M1-M2): the worker's media step against a fake Twilio on real sockets.

The fake's media URLs need Basic auth and redirect to a "media storage" server on another
port, which records the headers it gets: credentials must never follow the redirect.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from db.tables import AntiPoachingAttempt, Media, Message, RoutingDecision
from domain import attachments as rules
from domain.model import MessagingFlags
from services import enforcement
from services.media_inbound import run_media_once
from services.sitter_thread import thread_view
from services.sitter_views import sitter_context
from tests.fake_twilio import FakeTwilio
from tests.media_helpers import client_sends_mms, dog_photo, media_step
from tests.sitter_helpers import DANA, sitter_world

FLAGS = MessagingFlags(messaging_v1=True, sitter_messages_v1=True)
VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana\r\nTEL:+14155550123\r\nEND:VCARD\r\n"


@pytest.fixture
def fake_twilio():
    with FakeTwilio() as fake:
        yield fake


async def sitter_sees(world, message_id: int) -> bool:
    ctx = await sitter_context(world["org"].org_id, world["sam"]["id"])
    view = await thread_view(ctx, world["threads"][DANA], datetime.now(UTC), FLAGS)
    return message_id in {bubble.id for bubble in view.messages}


async def notifications_to_sam() -> int:
    return await Message.count().where(Message.kind == "notification")


async def media_of(message_id: int) -> list[Media]:
    return await Media.objects().where(Media.message == message_id).order_by(Media.position)


async def test_M1_a_clean_photo_is_downloaded_without_credentials_past_the_redirect(
    client, db, fake_twilio
):
    world = await sitter_world(client)
    photo = dog_photo()
    url = fake_twilio.add_media(photo, "image/jpeg")
    received = await client_sends_mms(world["org"], "MM" + "1" * 32, [(url, "image/jpeg")])
    message_id = received.message.id
    [row] = await media_of(message_id)
    assert (row.status, row.source_url, row.declared_type) == ("checking", url, "image/jpeg")
    assert not await sitter_sees(world, message_id)  # held until screened
    assert await notifications_to_sam() == 0

    assert await run_media_once(media_step(fake_twilio)) == 1
    [row] = await media_of(message_id)
    assert row.status == "clean" and row.content_type == "image/jpeg"
    assert (row.size, row.sha256) == (len(photo), hashlib.sha256(photo).hexdigest())
    assert bytes(row.data) == photo and (row.width, row.height) == (64, 48)
    [api_request] = fake_twilio.media_requests
    assert api_request["auth"] == FakeTwilio.basic_auth("ACtest", "token")
    [stored] = fake_twilio.storage.requests
    assert "authorization" not in {name.lower() for name in stored["headers"]}
    assert await sitter_sees(world, message_id)
    assert await notifications_to_sam() == 1  # R5, once the photo is clean


async def test_M1_a_missing_photo_fails_with_a_reason_and_the_text_goes_on(client, db, fake_twilio):
    world = await sitter_world(client)
    url = fake_twilio.add_media(b"", "image/jpeg", answer="not_found")
    received = await client_sends_mms(world["org"], "MM" + "2" * 32, [(url, "image/jpeg")], "Hi!")
    await run_media_once(media_step(fake_twilio))
    [row] = await media_of(received.message.id)
    assert (row.status, row.reason) == ("failed", rules.NOT_FOUND)
    assert row.reason == "The photo could not be downloaded from Twilio (not found)."
    message = await Message.objects().where(Message.id == received.message.id).first()
    assert message.body == "Hi!" and not message.blocked
    assert await sitter_sees(world, message.id)


async def test_M1_a_timeout_is_tried_again_later_then_succeeds(client, db, fake_twilio):
    world = await sitter_world(client)
    url = fake_twilio.add_media(dog_photo(), "image/jpeg", answer=("slow", 3))
    received = await client_sends_mms(world["org"], "MM" + "3" * 32, [(url, "image/jpeg")])
    await run_media_once(media_step(fake_twilio, timeout=0.5))
    [row] = await media_of(received.message.id)
    assert row.status == "checking" and row.attempts == 1
    assert row.next_attempt_at > datetime.now(UTC)  # back-off, as the sends do
    assert await run_media_once(media_step(fake_twilio)) == 0  # not due yet
    await Media.update({Media.next_attempt_at: datetime.now(UTC) - timedelta(seconds=1)}).where(
        Media.id == row.id
    )
    await run_media_once(media_step(fake_twilio, timeout=10))
    [row] = await media_of(received.message.id)
    assert row.status == "clean" and row.attempts == 2


async def test_M1_server_errors_are_transient_and_given_up_after_a_while(client, db, fake_twilio):
    world = await sitter_world(client)
    url = fake_twilio.add_media(dog_photo(), "image/jpeg", answer=("status", 503))
    received = await client_sends_mms(world["org"], "MM" + "4" * 32, [(url, "image/jpeg")])
    await run_media_once(media_step(fake_twilio))
    [row] = await media_of(received.message.id)
    assert row.status == "checking"
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    await Media.update({Media.next_attempt_at: long_ago, Media.created_at: long_ago}).where(
        Media.id == row.id
    )
    await run_media_once(media_step(fake_twilio))
    [row] = await media_of(received.message.id)
    assert row.status == "failed" and "no answer after 2 tries" in row.reason
    assert await sitter_sees(world, received.message.id)


async def test_M1_a_file_larger_than_the_limit_is_not_read_past_it(client, db, fake_twilio):
    world = await sitter_world(client)
    url = fake_twilio.add_media(b"", "image/jpeg", answer="oversize")
    received = await client_sends_mms(world["org"], "MM" + "5" * 32, [(url, "image/jpeg")])
    await run_media_once(media_step(fake_twilio, max_bytes=1_000_000))
    [row] = await media_of(received.message.id)
    assert row.status == "failed" and row.reason == rules.TOO_LARGE.format(limit="1 MB")
    assert row.data is None


async def test_M1_a_url_on_another_host_never_gets_credentials(client, db, fake_twilio):
    world = await sitter_world(client)
    fake_twilio.add_media(dog_photo(), "image/jpeg")
    sid = next(iter(fake_twilio.media))
    path = f"/2010-04-01/Accounts/ACtest/Messages/MMx/Media/{sid}"
    elsewhere = fake_twilio.storage.base_url + path  # the same path on another host
    received = await client_sends_mms(world["org"], "MM" + "6" * 32, [(elsewhere, "image/jpeg")])
    await run_media_once(media_step(fake_twilio))
    [row] = await media_of(received.message.id)
    assert (row.status, row.reason) == ("failed", rules.OTHER_HOST)
    assert fake_twilio.storage.requests == [] and fake_twilio.media_requests == []


async def test_M2_html_is_never_shown_as_a_photo(client, db, fake_twilio):
    world = await sitter_world(client)
    page = b"<!doctype html><html><script>alert(1)</script></html>"
    url = fake_twilio.add_media(page, "image/jpeg")  # lies about its type
    received = await client_sends_mms(world["org"], "MM" + "7" * 32, [(url, "image/jpeg")])
    await run_media_once(media_step(fake_twilio))
    [row] = await media_of(received.message.id)
    assert row.status in ("blocked", "failed") and row.reason
    assert not row.content_type.startswith(("text/", "image/"))


async def test_M2_a_contact_card_blocks_the_message_as_a_blocked_text_would(
    client, db, fake_twilio
):
    world = await sitter_world(client)
    url = fake_twilio.add_media(VCARD, "text/vcard")
    received = await client_sends_mms(world["org"], "MM" + "8" * 32, [(url, "text/vcard")], "Me")
    await run_media_once(media_step(fake_twilio))
    [row] = await media_of(received.message.id)
    assert row.status == "blocked" and row.category and row.reason
    message = await Message.objects().where(Message.id == received.message.id).first()
    assert message.blocked and message.needs_owner_attention
    decision = await RoutingDecision.objects().where(RoutingDecision.message == message.id).first()
    assert (decision.code, decision.target, decision.row_code) == (
        "anti_poaching_blocked",
        "owner_inbox",
        "active_window",
    )
    attempt = (
        await AntiPoachingAttempt.objects().where(AntiPoachingAttempt.message == message.id).first()
    )
    assert attempt.sender_role == "client" and attempt.resolution == "open"
    [warning] = await Message.objects().where(Message.kind == "warning")
    assert warning.to_e164 == DANA and "wasn't delivered" in warning.body
    assert "+1415" not in warning.body
    assert not await sitter_sees(world, message.id)
    assert await notifications_to_sam() == 0

    await enforcement.override(
        org_id=world["org"].org_id,
        user_id=None,
        actor="test",
        message_id=message.id,
        reason="It is the vet's card",
        now=datetime.now(UTC),
    )
    assert await sitter_sees(world, message.id)
    [row] = await media_of(message.id)
    assert row.status == "clean"


async def test_M2_a_text_and_two_photos_wait_for_both(client, db, fake_twilio):
    world = await sitter_world(client)
    urls = [(fake_twilio.add_media(dog_photo(kind="PNG"), "image/png"), "image/png")] * 1
    urls.append((fake_twilio.add_media(dog_photo(), "image/jpeg", ("slow", 4)), "image/jpeg"))
    received = await client_sends_mms(world["org"], "MM" + "9" * 32, urls, "Two pics")
    await run_media_once(media_step(fake_twilio, timeout=1.5))
    statuses = [row.status for row in await media_of(received.message.id)]
    assert statuses == ["clean", "checking"]
    assert not await sitter_sees(world, received.message.id)


async def test_M1_twilio_copy_deleted_when_asked(client, db, fake_twilio):
    world = await sitter_world(client)
    url = fake_twilio.add_media(dog_photo(), "image/jpeg")
    await client_sends_mms(world["org"], "MM" + "a" * 32, [(url, "image/jpeg")])
    await run_media_once(media_step(fake_twilio, delete=True))
    deleted = [r for r in fake_twilio.media_requests if r["method"] == "DELETE"]
    assert [r["path"] for r in deleted] == [url.removeprefix(fake_twilio.base_url)]
    assert deleted[0]["auth"] == FakeTwilio.basic_auth("ACtest", "token")
    assert (await Media.objects().first()).status == "clean"


# -- the webhook ------------------------------------------------------------------------------


async def test_M1_the_webhook_stores_attachments_once_even_when_retried(client, db):
    from tests.integration.test_webhooks import SMS, inbound, signed

    world = await sitter_world(client)
    params = inbound(
        world["org"],
        body="",
        sender=DANA,
        NumMedia="2",
        MediaUrl0="https://api.twilio.com/2010-04-01/Accounts/ACtest/Messages/MM1/Media/ME1",
        MediaContentType0="image/jpeg",
        MediaUrl1="https://api.twilio.com/2010-04-01/Accounts/ACtest/Messages/MM1/Media/ME2",
        MediaContentType1="image/png",
    )
    for _ in range(2):
        response = await client.post(SMS, data=params, headers=signed(SMS, params))
        assert response.status_code == 200
    [message] = await Message.objects().where(Message.provider_sid == params["MessageSid"])
    assert message.body == ""
    rows = await media_of(message.id)
    assert [(r.position, r.declared_type, r.status) for r in rows] == [
        (0, "image/jpeg", "checking"),
        (1, "image/png", "checking"),
    ]
    assert rows[1].source_url == params["MediaUrl1"]


@pytest.mark.parametrize(
    "odd",
    [
        {"NumMedia": "many"},
        {"NumMedia": "-3"},
        {"NumMedia": "2"},  # no URLs at all
        {"NumMedia": "1", "MediaUrl0": "javascript:alert(1)"},
        {"NumMedia": "1", "MediaUrl0": "https://" + "x" * 3000},
        {"NumMedia": "99", **{f"MediaUrl{n}": f"https://api.twilio.com/m/{n}" for n in range(12)}},
    ],
)
async def test_M1_odd_media_parameters_never_fail_the_webhook(client, db, odd):
    from tests.integration.test_webhooks import SMS, inbound, signed

    world = await sitter_world(client)
    params = inbound(world["org"], body="Hello", sender=DANA, **odd)
    response = await client.post(SMS, data=params, headers=signed(SMS, params))
    assert response.status_code == 200
    message = await Message.objects().where(Message.provider_sid == params["MessageSid"]).first()
    assert message.body == "Hello"
    assert await Media.count() == (10 if odd["NumMedia"] == "99" else 0)
