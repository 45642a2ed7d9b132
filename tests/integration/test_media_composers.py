"""Photos from the pages (SPEC M3, section 11): the owner's composer uploads them (multipart,
CSRF), shows a refusal beside the field, and the demo phones attach a bundled picture and show
the photos they receive."""

from __future__ import annotations

from datetime import timedelta

from db.tables import Media, Message
from domain.model import MediaStatus
from media.images import sniff
from services.media_links import MediaLinks
from sms.providers import SimulatorProvider
from sms.worker import run_once
from tests.conftest import ROOT, TEST_SECRET
from tests.integration.test_demo import client_id, seeded
from tests.integration.test_media_outbound import SVG
from tests.integration.test_media_serving import as_owner
from tests.integration.test_worker import CALLBACK
from tests.media_helpers import dog_photo
from tests.sitter_helpers import DANA, sitter_world
from web import demo
from web import dev_phones as demo_phones

LINKS = MediaLinks("http://testserver.local", TEST_SECRET, timedelta(hours=24))


async def composer_send(http, thread_id: int, name: str, data: bytes, body="", htmx=True):
    headers = {"x-csrftoken": http.cookies["csrftoken"]}
    return await http.post(
        f"/messages/{thread_id}/send",
        data={"body": body, "kind": "normal", "client_key": "", "booking_id": ""},
        files=[("files", (name, data, "image/jpeg"))],
        headers={**headers, "hx-request": "true"} if htmx else headers,
    )


async def test_M3_the_owners_composer_sends_a_photo_alone(make_client, db):
    http = await make_client()
    world = await sitter_world(http)
    owner = await as_owner(make_client, world)
    await owner.get("/")
    thread = world["threads"][DANA]
    answer = await composer_send(owner, thread, "dog.png", dog_photo(kind="PNG"))
    assert answer.status_code == 200, answer.text
    message = await Message.objects().order_by(Message.id, ascending=False).first()
    media = await Media.objects().where(Media.message == message.id).first()
    assert message.thread == thread and message.body == "" and message.sender_role == "owner"
    assert (media.status, media.content_type) == (MediaStatus.CLEAN, "image/jpeg")
    page = await owner.get(f"/messages/{thread}")
    assert f'src="/media/{media.id}?thumb=1"' in page.text
    assert 'type="file" name="files" accept="image/*" multiple' in page.text


async def test_M3_the_owners_composer_says_why_a_file_was_refused(make_client, db):
    http = await make_client()
    world = await sitter_world(http)
    owner = await as_owner(make_client, world)
    await owner.get("/")
    before = await Message.count()
    thread = world["threads"][DANA]
    answer = await composer_send(owner, thread, "x.svg", SVG, body="look")  # the fragment
    assert answer.status_code == 200
    assert "SVG drawings are not accepted" in answer.text and 'id="composer"' in answer.text
    page = await composer_send(owner, thread, "x.svg", SVG, body="look", htmx=False)
    assert page.status_code == 415 and "SVG drawings are not accepted" in page.text
    assert await Message.count() == before


async def test_M3_a_demo_phone_attaches_a_picture_and_shows_the_photos_it_receives(
    make_client, settings, db
):
    http, _ = await seeded(make_client, settings)
    dana = await client_id(demo.DANA.phone)
    page = await http.get(f"/dev/phones?client={dana}")
    assert 'name="picture"' in page.text and "A business card with a number" in page.text
    for name in demo_phones.DEMO_PICTURES:  # bundled with the static files
        assert (
            sniff((ROOT / "web" / "static" / "demo" / f"{name}.jpg").read_bytes()) == "image/jpeg"
        )
    response = await http.post(
        f"/dev/phones/client/{dana}",
        data={
            "to": demo.MAYA.number,
            "body": "",
            "picture": "dog",
            "_csrf_token": http.cookies["csrftoken"],
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    inbound = await Message.objects().order_by(Message.id, ascending=False).first()
    media = await Media.objects().where(Media.message == inbound.id).first()
    assert media.source_url == "http://testserver.local/static/demo/dog.jpg"

    answer = await composer_send(http, inbound.thread, "dog.jpg", dog_photo(), body="Thanks!")
    assert answer.status_code == 200, answer.text
    await run_once(SimulatorProvider(), CALLBACK, links=LINKS)
    sent = await Message.objects().where(Message.body == "Thanks!").first()
    photo = await Media.objects().where(Media.message == sent.id).first()
    page = await http.get(f"/dev/phones?client={dana}")
    assert f'src="/media/{photo.id}?thumb=1"' in page.text
