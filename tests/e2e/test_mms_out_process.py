"""A sitter's photo, end to end: a real `serve` and a real `worker` process, Twilio faked on
real sockets. The sitter uploads a phone photo with GPS in its EXIF; the worker screens it,
sends the message with a `MediaUrl`, the fake Twilio fetches that URL from the server and gets
the photo without EXIF or GPS, and the URL stops working once its (short) time is up."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import time
from datetime import UTC, datetime

import httpx
from PIL import Image

from services.accounts import start_session
from tests.conftest import ROOT, log_file, server_environment, serving
from tests.fake_twilio import FakeTwilio, fetch_media
from tests.sitter_helpers import DANA, sitter_world
from tests.unit.test_media_screening import photo_with_gps

TTL_HOURS = 0.002  # 7.2 seconds


async def test_M3_a_sitters_photo_goes_out_without_gps_by_a_url_that_expires(settings, client, db):
    world = await sitter_world(client)
    with FakeTwilio() as fake:
        env = {
            "SMS_PROVIDER": "twilio",
            "TWILIO_ACCOUNT_SID": "ACtest",
            "TWILIO_API_BASE_URL": fake.base_url,
            "RUN_WORKER_IN_PROCESS": "false",
            "MEDIA_URL_TTL_HOURS": str(TTL_HOURS),
        }
        with serving(settings, **env) as base_url:
            worker = subprocess.Popen(
                [sys.executable, "app.py", "worker"],
                cwd=ROOT,
                env=server_environment(settings, PUBLIC_BASE_URL=base_url, **env),
                stdout=log_file("worker-mms-out"),
                stderr=subprocess.STDOUT,
            )
            try:
                fetched = await _sitter_sends_a_photo(world, base_url, fake)
            finally:
                worker.terminate()
                worker.wait(timeout=10)
            assert fetched["status"] == 200 and fetched["content_type"] == "image/jpeg"
            image = Image.open(io.BytesIO(fetched["data"]))
            assert dict(image.getexif()) == {} and not image.getexif().get_ifd(0x8825)
            assert b"PhoneMaker" not in fetched["data"]
            assert image.size == (400, 200)
            await asyncio.sleep(max(0.0, fetched["at"] + TTL_HOURS * 3600 + 0.5 - time.time()))
            assert (await asyncio.to_thread(fetch_media, fetched["url"]))["status"] == 404


async def _sitter_sends_a_photo(world, base_url: str, fake: FakeTwilio) -> dict:
    thread = world["threads"][DANA]
    token = await start_session(
        org_id=world["org"].org_id, sitter_id=world["sam"]["id"], now=datetime.now(UTC)
    )
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        http.cookies.set("snout_session", token)
        assert (await http.get(f"/sitter/threads/{thread}")).status_code == 200
        answer = await http.post(
            f"/sitter/threads/{thread}/messages",
            data={"body": "Biscuit at the park"},
            files=[("files", ("IMG_0001.jpg", photo_with_gps(1), "image/jpeg"))],
            headers={"x-csrftoken": http.cookies["csrftoken"], "hx-request": "true"},
        )
        assert answer.status_code == 200, answer.text
    for _ in range(300):
        if fake.fetched:
            break
        await asyncio.sleep(0.1)
    assert fake.fetched, "the fake Twilio never fetched a photo"
    [sent] = [r["form"] for r in fake.requests if r["form"].get("Body") == "Biscuit at the park"]
    assert sent["MediaUrl"] == [fake.fetched[0]["url"]]
    assert sent["MediaUrl"][0].startswith(f"{base_url}/media/t/")
    again = await asyncio.to_thread(fetch_media, sent["MediaUrl"][0])
    assert again["status"] == 200  # still valid
    return {**fake.fetched[0], "at": time.time()}
