"""`GET /media/{id}` (SPEC M3 for people): the owner of the org, or a sitter who sees the
message on their thread page, once its photos are clean; everyone else gets 404."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from db.tables import Media
from services.accounts import start_session
from services.media_inbound import run_media_once
from tests.fake_twilio import FakeTwilio
from tests.helpers import login
from tests.integration.test_media_inbound import VCARD
from tests.media_helpers import client_sends_mms, dog_photo, media_step
from tests.sitter_helpers import DANA, sitter_world


@pytest.fixture
def fake_twilio():
    with FakeTwilio() as fake:
        yield fake


async def as_sitter(make_client, world, name: str):
    http = await make_client()
    token = await start_session(
        org_id=world["org"].org_id, sitter_id=world[name]["id"], now=datetime.now(UTC)
    )
    http.cookies.set("snout_session", token)
    return http


async def as_owner(make_client, world):
    http = await make_client()
    assert (await login(http, world["org"].email, world["org"].password)).status_code == 303
    return http


async def test_M3_the_owner_and_the_right_sitter_get_a_clean_photo(make_client, db, fake_twilio):
    api_client = await make_client()
    world = await sitter_world(api_client)
    photo = dog_photo((800, 600))
    url = fake_twilio.add_media(photo, "image/jpeg")
    received = await client_sends_mms(world["org"], "MM" + "b" * 32, [(url, "image/jpeg")], "Hi")
    media = await Media.objects().where(Media.message == received.message.id).first()
    path = f"/media/{media.id}"
    owner, sam = await as_owner(make_client, world), await as_sitter(make_client, world, "sam")
    kim = await as_sitter(make_client, world, "kim")
    assert (await sam.get(path)).status_code == 404  # still being checked
    assert (await owner.get(path)).status_code == 404  # no bytes yet

    await run_media_once(media_step(fake_twilio))
    for http in (owner, sam):
        response = await http.get(path)
        assert response.status_code == 200 and response.content == photo
        assert response.headers["content-type"] == "image/jpeg"
        assert response.headers["content-disposition"] == "inline"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "private"
    thumb = await sam.get(path + "?thumb=1")
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.content)).size) <= 320

    anonymous = await make_client()
    for http in (kim, anonymous):
        assert (await http.get(path)).status_code == 404
    bearer = await anonymous.get(path, headers=world["org"].auth)
    assert bearer.status_code == 404  # the API token is not a session


async def test_M3_a_blocked_file_is_the_owners_only(make_client, db, fake_twilio):
    api_client = await make_client()
    world = await sitter_world(api_client)
    url = fake_twilio.add_media(VCARD, "text/vcard")
    received = await client_sends_mms(world["org"], "MM" + "c" * 32, [(url, "text/vcard")])
    await run_media_once(media_step(fake_twilio))
    media = await Media.objects().where(Media.message == received.message.id).first()
    assert media.status == "blocked"
    owner, sam = await as_owner(make_client, world), await as_sitter(make_client, world, "sam")
    response = await owner.get(f"/media/{media.id}")
    assert response.status_code == 200 and response.content == VCARD
    assert response.headers["content-type"].startswith("text/vcard")
    assert (await sam.get(f"/media/{media.id}")).status_code == 404


async def test_M1_pages_and_the_api_show_photos_as_their_checks_go(make_client, db, fake_twilio):
    api_client = await make_client()
    world = await sitter_world(api_client)
    org, thread = world["org"], world["threads"][DANA]
    good = fake_twilio.add_media(dog_photo(), "image/jpeg")
    gone = fake_twilio.add_media(b"", "image/png", answer="not_found")
    sent = [(good, "image/jpeg"), (gone, "image/png")]
    received = await client_sends_mms(org, "MM" + "d" * 32, sent, "Look at Biscuit")
    owner, sam = await as_owner(make_client, world), await as_sitter(make_client, world, "sam")
    page = (await owner.get(f"/messages/{thread}")).text
    assert "Look at Biscuit" in page and "Being checked" in page
    assert "Look at Biscuit" not in (await sam.get(f"/sitter/threads/{thread}")).text

    await run_media_once(media_step(fake_twilio))
    first, second = (
        await Media.objects().where(Media.message == received.message.id).order_by(Media.position)
    )
    page = (await owner.get(f"/messages/{thread}")).text
    assert "Being checked" not in page
    assert f'src="/media/{first.id}?thumb=1"' in page and f'href="/media/{first.id}"' in page
    assert "The photo could not be downloaded from Twilio (not found)." in page
    sitter_page = (await sam.get(f"/sitter/threads/{thread}")).text
    assert "Look at Biscuit" in sitter_page and f'src="/media/{first.id}?thumb=1"' in sitter_page
    assert f"/media/{second.id}" not in sitter_page

    detail = await api_client.get(f"/api/threads/{thread}", headers=org.auth)
    [message] = [m for m in detail.json()["messages"] if m["id"] == received.message.id]
    assert message["media"] == [
        {
            "id": first.id,
            "contentType": "image/jpeg",
            "size": first.size,
            "status": "clean",
            "url": f"/media/{first.id}",
        },
        {
            "id": second.id,
            "contentType": "",
            "size": 0,
            "status": "failed",
            "url": f"/media/{second.id}",
        },
    ]
    schema = (await api_client.get("/api/schema/openapi.json")).json()
    assert "media" in schema["components"]["schemas"]["MessageOut"]["properties"]


async def test_M2_the_blocked_tab_shows_what_a_photo_matched(make_client, db, fake_twilio):
    api_client = await make_client()
    world = await sitter_world(api_client)
    url = fake_twilio.add_media(VCARD, "text/vcard")
    received = await client_sends_mms(world["org"], "MM" + "e" * 32, [(url, "text/vcard")])
    await run_media_once(media_step(fake_twilio))
    media = await Media.objects().where(Media.message == received.message.id).first()
    owner = await as_owner(make_client, world)
    page = (await owner.get("/messages?tab=blocked")).text
    assert f'href="/media/{media.id}"' in page and f"Matched: {media.reason}" in page
    assert "Override" in page
