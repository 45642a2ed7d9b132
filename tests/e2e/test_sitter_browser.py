"""The sitter's phone in a real browser (headless Chromium at 360×740) and the live stream over
a real socket, against `python app.py serve` delivering through a fake Twilio."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import httpx
import pytest
from twilio.request_validator import RequestValidator

from db.tables import Message, Sitter
from tests.conftest import ARTIFACTS, TWILIO_TOKEN, serving
from tests.fake_twilio import FakeTwilio
from tests.helpers import api
from tests.integration.test_sitter_pages import assert_no_client_number
from tests.sitter_helpers import DANA, ELI, FAY, SAM_PHONE, latest_code, sitter_world

PHONE_VIEWPORT = {"width": 360, "height": 740}


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    with FakeTwilio() as fake:
        yield fake


@pytest.fixture
def sitter_server(settings, db, fake_twilio) -> Iterator[str]:
    """The app and its worker, sending through the fake Twilio, sitter messaging on."""
    with serving(
        settings,
        SMS_PROVIDER="twilio",
        TWILIO_ACCOUNT_SID="ACtest",
        TWILIO_API_BASE_URL=fake_twilio.base_url,
        ENABLE_SITTER_MESSAGES_V1="true",
        LIVE_CHECK_SECONDS="1",
    ) as base_url:
        yield base_url


async def texted_code(fake: FakeTwilio, phone: str, seconds: float = 15) -> str:
    """The code in the newest text the fake Twilio accepted for `phone`."""
    for _ in range(int(seconds * 10)):
        for message in reversed(fake.accepted):
            match = re.search(r"\b(\d{6})\b is your Snout sign-in code", message["body"])
            if message["to"] == phone and match:
                return match.group(1)
        await asyncio.sleep(0.1)
    raise AssertionError(f"no sign-in code reached {phone}")


async def client_texts_over_http(base_url: str, org, sender: str, body: str, sid: str) -> None:
    url = base_url + "/webhooks/twilio/sms"
    params = {"MessageSid": sid, "From": sender, "To": org.front_desk, "Body": body}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(url, data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200, response.text


@pytest.mark.browser
async def test_sitter_signs_in_by_code_sends_in_the_window_and_sees_the_rules(
    browser, sitter_server, fake_twilio, client
):
    world = await sitter_world(client)
    threads = world["threads"]
    ARTIFACTS.mkdir(exist_ok=True)
    page = await browser.new_page(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    errors: list[str] = []  # CSP violations and script errors
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Sign in with the code the fake Twilio received from the worker.
    await page.goto(f"{sitter_server}/sitter/threads/{threads[DANA]}")
    await page.wait_for_selector("input[name=phone]")  # signed out: the sign-in page
    await page.screenshot(path=str(ARTIFACTS / "sitter-login.png"))
    await page.fill("input[name=phone]", "(415) 555-0190")
    await page.click("button[type=submit]")
    await page.wait_for_selector("input[name=code]")
    await page.fill("input[name=code]", await texted_code(fake_twilio, SAM_PHONE))
    await page.click("button[type=submit]")
    await page.wait_for_selector("text=Active window:")  # back at the thread it was sent to
    await page.goto(f"{sitter_server}/sitter")
    await page.wait_for_selector("h1:has-text('Conversations')")
    await page.wait_for_selector("text=Biscuit")
    await page.screenshot(path=str(ARTIFACTS / "sitter-conversations.png"), full_page=True)
    assert await page.locator("text=Pepper").count() == 0  # another sitter's client

    # A thread in its window: send, and see a client's reply arrive without reload.
    await page.click(f"a.thread-row[href='/sitter/threads/{threads[DANA]}']")
    await page.wait_for_selector("text=Active window:")
    send = page.locator("#composer button[type=submit]")
    assert (await send.bounding_box())["height"] >= 44
    await page.fill("#composer textarea", "On my way with the leash!")
    await send.dblclick()  # an impatient double tap sends once: the button waits for the answer
    await page.wait_for_selector("#messages .bubble-mine:has-text('On my way with the leash!')")
    await page.wait_for_function("document.querySelector('#composer textarea').value === ''")
    assert await Message.count().where(Message.body == "On my way with the leash!") == 1
    await client_texts_over_http(sitter_server, world["org"], DANA, "Biscuit is ready!", "SMb1")
    await page.wait_for_selector(
        "#messages .bubble-in:has-text('Biscuit is ready!')", timeout=15000
    )
    await page.screenshot(path=str(ARTIFACTS / "sitter-thread.png"))

    # A blocked send: the friendly warning only.
    await page.fill("#composer textarea", "venmo me at @sam-walks")
    await page.locator("#composer button[type=submit]").click()
    await page.wait_for_selector("#composer .alert-warn")
    assert "keep contact details and payments inside" in await page.inner_text("#composer")
    assert await page.locator("#messages:has-text('venmo')").count() == 0
    await page.screenshot(path=str(ARTIFACTS / "sitter-blocked.png"))

    # Outside the window: the composer is disabled and says when the next window starts.
    await page.goto(f"{sitter_server}/sitter/threads/{threads[ELI]}")
    await page.wait_for_selector("text=Next window:")
    assert await page.is_disabled("#composer textarea")
    assert await page.is_disabled("#composer button[type=submit]")
    assert "Your next window starts" in await page.inner_text("#composer")
    await page.screenshot(path=str(ARTIFACTS / "sitter-disabled.png"))

    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_VIEWPORT["width"]  # nothing wider than the phone
    assert errors == []
    assert_no_client_number([await _page_response(page, sitter_server, threads[DANA])])


async def _page_response(page, base_url: str, thread_id: int) -> httpx.Response:
    """The thread page's bytes as the browser gets them (with its cookies)."""
    cookies = {c["name"]: c["value"] for c in await page.context.cookies()}
    async with httpx.AsyncClient(cookies=cookies, timeout=10) as http:
        return await http.get(f"{base_url}/sitter/threads/{thread_id}")


async def sign_in_sam(phone: httpx.AsyncClient) -> None:
    """Sam signs in on `phone` with the code texted to him."""
    await phone.get("/sitter/login")
    token = phone.cookies["csrftoken"]
    await phone.post("/sitter/login", data={"phone": SAM_PHONE, "_csrf_token": token})
    verified = await phone.post(
        "/sitter/login/verify",
        data={"phone": SAM_PHONE, "code": await latest_code(SAM_PHONE), "_csrf_token": token},
    )
    assert verified.status_code == 303


async def test_live_events_to_the_sitter_carry_no_client_number_and_only_their_threads(
    sitter_server, client
):
    world = await sitter_world(client)
    threads = world["threads"]
    async with httpx.AsyncClient(base_url=sitter_server, timeout=10) as phone:
        await sign_in_sam(phone)
        received = bytearray()
        wanted = f"event: thread-{threads[DANA]}".encode()

        async def read_stream() -> None:
            async with phone.stream("GET", "/sitter/live") as stream:
                assert stream.status_code == 200
                async for chunk in stream.aiter_bytes():
                    received.extend(chunk)
                    if wanted in received:
                        return

        reader = asyncio.create_task(read_stream())
        await asyncio.sleep(0.5)  # subscribed
        await client_texts_over_http(sitter_server, world["org"], FAY, "Pepper is fine", "SMl1")
        await client_texts_over_http(sitter_server, world["org"], DANA, "Door is open", "SMl2")
        await asyncio.wait_for(reader, 15)
        fragment = await phone.get(f"/sitter/threads/{threads[DANA]}/messages")
        assert "Door is open" in fragment.text
    stream = httpx.Response(
        200, content=bytes(received), request=httpx.Request("GET", "http://sse/sitter/live")
    )
    assert_no_client_number([stream, fragment])
    assert f"thread-{threads[FAY]}".encode() not in received  # Kim's thread: not Sam's channel
    assert b"Door is open" not in received  # events are names only


async def test_a_page_opened_after_another_closed_still_hears_its_events(sitter_server, client):
    """Leaving a page closes its stream; the next page's stream on the same channel must
    still get events (on PostgreSQL the closing stream used to take the LISTEN with it)."""
    world = await sitter_world(client)
    wanted = f"event: thread-{world['threads'][DANA]}".encode()
    async with httpx.AsyncClient(base_url=sitter_server, timeout=10) as phone:
        await sign_in_sam(phone)

        async def hear(sid: str) -> bytes:
            received = bytearray()

            async def read() -> None:
                async with phone.stream("GET", "/sitter/live") as stream:
                    async for chunk in stream.aiter_bytes():
                        received.extend(chunk)
                        if wanted in received:
                            return

            reader = asyncio.create_task(read())
            await asyncio.sleep(0.5)
            await client_texts_over_http(sitter_server, world["org"], DANA, "hello", sid)
            await asyncio.wait_for(reader, 10)
            return bytes(received)

        assert wanted in await hear("SMr1")  # the first page, closed when it has heard
        await asyncio.sleep(0.3)
        assert wanted in await hear("SMr2")  # the next page


async def test_an_offboarded_sitters_open_live_page_stops_hearing_events(sitter_server, client):
    """Offboarding ends the sitter's sessions; a live stream opened before ends too, at its
    next session check (every second here, LIVE_CHECK_SECONDS)."""
    world = await sitter_world(client)
    async with httpx.AsyncClient(base_url=sitter_server, timeout=10) as phone:
        await sign_in_sam(phone)
        received = bytearray()

        async def read_until_closed() -> None:
            async with phone.stream("GET", "/sitter/live") as stream:
                async for chunk in stream.aiter_bytes():
                    received.extend(chunk)

        reader = asyncio.create_task(read_until_closed())
        await asyncio.sleep(0.5)
        await api(
            client,
            world["org"],
            "PATCH",
            f"/api/sitters/{world['sam']['id']}",
            json={"offboard": True},
        )
        await asyncio.wait_for(reader, 10)  # the server ended the stream
        assert b"connected" in received
        assert (await phone.get("/sitter/live")).status_code in (401, 303)


async def test_R5_an_open_live_page_makes_the_sitter_present_and_spares_them_a_text(
    sitter_server, client
):
    """R5 across processes: the server's stream stamps the sitter present in the database, the
    webhook (any process) reads it; after the page closes a new message is texted."""
    world = await sitter_world(client)
    sam_id = world["sam"]["id"]

    async def notices() -> int:
        return await Message.count().where(
            (Message.kind == "notification") & (Message.to_e164 == SAM_PHONE)
        )

    async with httpx.AsyncClient(base_url=sitter_server, timeout=10) as phone:
        await sign_in_sam(phone)
        received = bytearray()
        wanted = f"event: thread-{world['threads'][DANA]}".encode()

        async def read() -> None:
            async with phone.stream("GET", "/sitter/live") as stream:
                async for chunk in stream.aiter_bytes():
                    received.extend(chunk)
                    if wanted in received:
                        return

        reader = asyncio.create_task(read())
        await asyncio.sleep(0.5)
        assert (await Sitter.objects().where(Sitter.id == sam_id).first()).last_seen_at
        await client_texts_over_http(sitter_server, world["org"], DANA, "Is he OK?", "SMp1")
        await asyncio.wait_for(reader, 10)
        assert await notices() == 0  # the page heard it live
    for _ in range(50):  # the closed stream clears the stamp
        if (await Sitter.objects().where(Sitter.id == sam_id).first()).last_seen_at is None:
            break
        await asyncio.sleep(0.1)
    await client_texts_over_http(sitter_server, world["org"], DANA, "Hello?", "SMp2")
    assert await notices() == 1
