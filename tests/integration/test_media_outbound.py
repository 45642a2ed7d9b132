"""Outbound photos (SPEC M3): the owner's multipart send, a sitter's photos screened before they
leave, the token URLs Twilio fetches them from (sent by the real SDK to the fake Twilio)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image

from db.tables import AntiPoachingAttempt, Media, Message
from domain.media_links import media_token
from domain.model import MediaStatus, MessageStatus
from media.limits import MB
from services.media_inbound import run_media_once
from services.media_links import MediaLinks
from sms.worker import run_once
from tests.conftest import TEST_SECRET
from tests.fake_twilio import FakeTwilio
from tests.integration.test_media_serving import as_owner, as_sitter
from tests.integration.test_worker import CALLBACK, provider
from tests.media_helpers import client_sends_mms, dog_photo, media_step
from tests.sitter_helpers import DANA, sitter_world
from tests.unit.test_media_screening import jpeg, photo_with_gps, text_image

LINKS = MediaLinks("http://testserver.local", TEST_SECRET, timedelta(hours=24))
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><text>hi</text></svg>'


@pytest.fixture
def fake_twilio():
    with FakeTwilio() as fake:
        yield fake


def sent_with(fake: FakeTwilio, body: str) -> dict:
    """The one send the fake Twilio got with this body (other texts go out in any order)."""
    [form] = [r["form"] for r in fake.requests if r["form"].get("Body") == body]
    return form


def csrf(http) -> dict:
    return {"x-csrftoken": http.cookies["csrftoken"]}


async def api_send(http, org, thread_id: int, files: list[tuple[str, bytes]], body: str = "Hi"):
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    return await http.post(
        f"/api/threads/{thread_id}/messages", data={"body": body}, files=parts, headers=org.auth
    )


async def sitter_send(http, thread_id: int, photo: bytes, body: str = "Biscuit at the park"):
    await http.get(f"/sitter/threads/{thread_id}")
    return await http.post(
        f"/sitter/threads/{thread_id}/messages",
        data={"body": body},
        files=[("files", ("photo.jpg", photo, "image/jpeg"))],
        headers={**csrf(http), "hx-request": "true"},
    )


async def test_M3_the_owner_sends_photos_through_the_api_and_twilio_fetches_them(
    make_client, db, fake_twilio
):
    http = await make_client()
    world = await sitter_world(http)
    org, thread_id = world["org"], world["threads"][DANA]
    answer = await api_send(
        http, org, thread_id, [("a.jpg", photo_with_gps(6)), ("b.png", dog_photo(kind="PNG"))]
    )
    assert answer.status_code == 201, answer.text
    sent = answer.json()
    assert [m["status"] for m in sent["media"]] == ["clean", "clean"]
    assert [m["contentType"] for m in sent["media"]] == ["image/jpeg", "image/jpeg"]

    await run_once(provider(fake_twilio), CALLBACK, links=LINKS)
    form = sent_with(fake_twilio, "Hi")
    assert len(form["MediaUrl"]) == 2
    anonymous = await make_client()
    for url in form["MediaUrl"]:
        assert url.startswith("http://testserver.local/media/t/")
        fetched = await anonymous.get(url.removeprefix("http://testserver.local"))
        assert fetched.status_code == 200 and fetched.headers["content-type"] == "image/jpeg"
        image = Image.open(io.BytesIO(fetched.content))
        assert dict(image.getexif()) == {} and b"PhoneMaker" not in fetched.content
    first = Image.open(io.BytesIO((await anonymous.get(form["MediaUrl"][0][23:])).content))
    assert first.size == (200, 400)  # the EXIF orientation was applied, then dropped


async def test_M3_a_token_url_serves_only_its_file_until_it_expires(make_client, db):
    http = await make_client()
    world = await sitter_world(http)
    answer = await api_send(http, world["org"], world["threads"][DANA], [("a.jpg", dog_photo())])
    media_id = answer.json()["media"][0]["id"]
    now = datetime.now(UTC)
    anonymous = await make_client()
    valid = media_token(media_id, now + timedelta(minutes=5), TEST_SECRET)
    assert (await anonymous.get(f"/media/t/{valid}")).status_code == 200
    expired = media_token(media_id, now - timedelta(seconds=1), TEST_SECRET)
    forged = media_token(media_id, now + timedelta(minutes=5), "another-secret-0123456789")
    media_part, expiry, signature = valid.split(".")
    for token in (
        expired,
        forged,
        f"{int(media_part) + 1}.{expiry}.{signature}",  # another id under the same signature
        f"{media_part}.{int(expiry) + 3600}.{signature}",  # a later expiry
        "not-a-token",
    ):
        answer = await anonymous.get(f"/media/t/{token}")
        assert answer.status_code == 404, token
    # the owner's session route stays as it was: a stranger gets 404
    assert (await anonymous.get(f"/media/{media_id}")).status_code == 404


@pytest.mark.parametrize(
    ("files", "status", "words"),
    [
        ([("x.svg", SVG)], 415, "SVG drawings are not accepted"),
        ([("x.txt", b"call me at 415 555 0123")], 415, "This file is not a photo."),
        ([("x.jpg", dog_photo()[:200])], 422, "damaged or incomplete"),
        ([("x.jpg", dog_photo())] * 11, 413, "At most 10 photos"),
        ([("x.jpg", b"\xff\xd8\xff\xe0" + bytes(31 * MB))], 413, "The file is too large"),
        ([("x.jpg", b"\xff\xd8\xff\xe0" + bytes(41 * MB))], 413, "The upload is too large"),
    ],
)
async def test_M3_refused_uploads_answer_a_human_message_and_store_nothing(
    make_client, db, files, status, words
):
    http = await make_client()
    world = await sitter_world(http)
    before = await Message.count(), await Media.count()
    answer = await api_send(http, world["org"], world["threads"][DANA], files)
    assert answer.status_code == status, answer.text
    assert words in answer.json()["detail"]
    assert (await Message.count(), await Media.count()) == before


async def test_M3_a_sitters_photo_is_held_until_screened_then_sent(make_client, db, fake_twilio):
    http = await make_client()
    world = await sitter_world(http)
    sam = await as_sitter(make_client, world, "sam")
    answer = await sitter_send(sam, world["threads"][DANA], photo_with_gps(1))
    assert answer.status_code == 200, answer.text
    message = await Message.objects().order_by(Message.id, ascending=False).first()
    media = await Media.objects().where(Media.message == message.id).first()
    assert (message.status, message.next_attempt_at) == (MessageStatus.QUEUED, None)
    assert media.status == MediaStatus.CHECKING and b"PhoneMaker" not in bytes(media.data)
    await run_once(provider(fake_twilio), CALLBACK, links=LINKS)
    assert not any(r["form"].get("Body") == "Biscuit at the park" for r in fake_twilio.requests)

    await run_media_once(media_step(fake_twilio))
    await run_once(provider(fake_twilio), CALLBACK, links=LINKS)
    assert len(sent_with(fake_twilio, "Biscuit at the park")["MediaUrl"]) == 1
    assert (await Media.objects().where(Media.id == media.id).first()).status == MediaStatus.CLEAN


async def test_A3_a_sitters_photo_of_a_number_is_blocked_flagged_and_can_be_overridden(
    make_client, db, fake_twilio
):
    http = await make_client()
    world = await sitter_world(http)
    sam = await as_sitter(make_client, world, "sam")
    card = jpeg(text_image(["Kim Lee, dog walker", "Call me: (415) 555-0123"]))
    assert (await sitter_send(sam, world["threads"][DANA], card, "here")).status_code == 200
    assert (
        "Photo being checked" in (await sam.get(f"/sitter/threads/{world['threads'][DANA]}")).text
    )
    await run_media_once(media_step(fake_twilio))
    message = await Message.objects().order_by(Message.id, ascending=False).first()
    assert message.blocked and message.status == MessageStatus.BLOCKED
    page = await sam.get(f"/sitter/threads/{world['threads'][DANA]}")
    assert "Not sent: a photo showed contact details" in page.text and "555-0123" not in page.text
    attempt = (
        await AntiPoachingAttempt.objects().where(AntiPoachingAttempt.message == message.id).first()
    )
    assert attempt is not None and attempt.sitter == world["sam"]["id"]
    media = await Media.objects().where(Media.message == message.id).first()
    assert media.status == MediaStatus.BLOCKED and "415" in media.read_text

    owner = await as_owner(make_client, world)
    thread_page = await owner.get(f"/messages/{world['threads'][DANA]}")
    assert "Blocked" in thread_page.text
    released = await http.post(
        f"/api/messages/{message.id}/override",
        json={"reason": "Our office card"},
        headers=world["org"].auth,
    )
    assert released.status_code == 200, released.text
    await run_once(provider(fake_twilio), CALLBACK, links=LINKS)
    assert len(sent_with(fake_twilio, "here")["MediaUrl"]) == 1


async def allow_the_vet(http, org) -> None:
    added = await http.post(
        "/api/allow-list",
        json={"kind": "phone", "value": "(415) 555-0123", "label": "The vet"},
        headers=org.auth,
    )
    assert added.status_code == 201, added.text


async def test_O4_an_inbound_photo_of_an_allowed_number_reaches_the_sitter(
    make_client, db, fake_twilio
):
    http = await make_client()
    world = await sitter_world(http)
    await allow_the_vet(http, world["org"])
    url = fake_twilio.add_media(jpeg(text_image(["Vet: (415) 555-0123"])), "image/jpeg")
    received = await client_sends_mms(world["org"], "MM" + "d" * 32, [(url, "image/jpeg")])
    await run_media_once(media_step(fake_twilio))
    media = await Media.objects().where(Media.message == received.message.id).first()
    message = await Message.objects().where(Message.id == received.message.id).first()
    assert media.status == MediaStatus.CLEAN and not message.blocked


async def test_O4_a_photo_of_an_allowed_number_goes_through(make_client, db, fake_twilio):
    http = await make_client()
    world = await sitter_world(http)
    org = world["org"]
    await allow_the_vet(http, org)
    sam = await as_sitter(make_client, world, "sam")
    note = jpeg(text_image(["Vet: (415) 555-0123"]))
    assert (await sitter_send(sam, world["threads"][DANA], note, "the vet")).status_code == 200
    await run_media_once(media_step(fake_twilio))
    message = await Message.objects().order_by(Message.id, ascending=False).first()
    assert not message.blocked and message.next_attempt_at is not None
