"""A client's photo, end to end: a real `serve` and a real `worker` process, Twilio faked on
real sockets (its media behind Basic auth and a redirect to another host)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime

import httpx
from twilio.request_validator import RequestValidator

from db.tables import Media, Message
from services.accounts import start_session
from tests.conftest import ROOT, TWILIO_TOKEN, log_file, server_environment, serving
from tests.fake_twilio import FakeTwilio
from tests.media_helpers import dog_photo
from tests.sitter_helpers import DANA, sitter_world


async def test_M1_a_clients_dog_photo_reaches_the_sitters_page(settings, client, db):
    world = await sitter_world(client)
    thread = world["threads"][DANA]
    photo = dog_photo((640, 480))
    with FakeTwilio() as fake:
        env = {
            "SMS_PROVIDER": "twilio",
            "TWILIO_ACCOUNT_SID": "ACtest",
            "TWILIO_API_BASE_URL": fake.base_url,
            "RUN_WORKER_IN_PROCESS": "false",
        }
        with serving(settings, **env) as base_url:
            worker = subprocess.Popen(
                [sys.executable, "app.py", "worker"],
                cwd=ROOT,
                env=server_environment(settings, PUBLIC_BASE_URL=base_url, **env),
                stdout=log_file("worker-mms"),
                stderr=subprocess.STDOUT,
            )
            try:
                await _photo_arrives_and_is_shown(world, base_url, fake, photo, thread)
            finally:
                worker.terminate()
                worker.wait(timeout=10)
    [stored] = fake.storage.requests
    assert "authorization" not in {name.lower() for name in stored["headers"]}


async def _photo_arrives_and_is_shown(world, base_url, fake, photo, thread) -> None:
    url = base_url + "/webhooks/twilio/sms"
    params = {
        "MessageSid": "MM" + "f" * 32,
        "AccountSid": "ACtest",
        "From": DANA,
        "To": world["org"].front_desk,
        "Body": "Biscuit at the park!",
        "NumMedia": "1",
        "MediaUrl0": fake.add_media(photo, "image/jpeg"),
        "MediaContentType0": "image/jpeg",
    }
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    async with httpx.AsyncClient(timeout=30) as http:
        answer = await http.post(url, data=params, headers={"X-Twilio-Signature": signature})
        assert answer.status_code == 200
        media = None
        for _ in range(300):
            media = await Media.objects().first()
            if media is not None and media.status != "checking":
                break
            await asyncio.sleep(0.1)
        assert media is not None and media.status == "clean", media and media.reason
        # R5: the sitter, who has not read the thread yet, is told once the photo is clean
        # (asked before the page is opened: opening it marks the thread read)
        for _ in range(100):
            if await Message.exists().where(Message.kind == "notification"):
                break
            await asyncio.sleep(0.1)
        assert await Message.exists().where(Message.kind == "notification")
        token = await start_session(
            org_id=world["org"].org_id, sitter_id=world["sam"]["id"], now=datetime.now(UTC)
        )
        http.cookies.set("snout_session", token)
        page = await http.get(f"{base_url}/sitter/threads/{thread}")
        assert page.status_code == 200
        assert "Biscuit at the park!" in page.text
        assert f'src="/media/{media.id}?thumb=1"' in page.text
        full = await http.get(f"{base_url}/media/{media.id}")
        assert full.status_code == 200 and full.content == photo
        assert full.headers["content-type"] == "image/jpeg"
