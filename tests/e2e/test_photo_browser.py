"""A sitter attaches a photo on a phone-sized page (headless Chromium, 360 px wide) and it
appears in the owner's open thread live, once the worker has screened it (SPEC M3)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.accounts import start_session
from tests.conftest import ARTIFACTS
from tests.e2e import test_sitter_browser
from tests.e2e.test_owner_browser import open_signed_in
from tests.e2e.test_sitter_browser import PHONE_VIEWPORT
from tests.media_helpers import dog_photo
from tests.sitter_helpers import DANA, sitter_world

pytestmark = pytest.mark.browser
# The sitter's pages' server (its worker in process) sending through the fake Twilio.
fake_twilio = test_sitter_browser.fake_twilio
sitter_server = test_sitter_browser.sitter_server


async def test_M3_a_sitters_photo_from_a_phone_appears_in_the_owners_thread_live(
    browser, sitter_server, client
):
    world = await sitter_world(client)
    thread = world["threads"][DANA]
    owner, owner_errors = await open_signed_in(browser, sitter_server, world["org"])
    await owner.goto(f"{sitter_server}/messages/{thread}")

    phone = await browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    token = await start_session(
        org_id=world["org"].org_id, sitter_id=world["sam"]["id"], now=datetime.now(UTC)
    )
    await phone.add_cookies([{"name": "snout_session", "value": token, "url": sitter_server}])
    page = await phone.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if "Content Security" in m.text else None)
    await page.goto(f"{sitter_server}/sitter/threads/{thread}")
    picker = page.locator("input[type=file][name=files]")
    assert await picker.get_attribute("accept") == "image/*"
    assert await picker.get_attribute("capture") is not None
    await picker.set_input_files(
        files=[{"name": "biscuit.jpg", "mimeType": "image/jpeg", "buffer": dog_photo((900, 700))}]
    )
    await page.wait_for_selector("img.photo-preview")  # the preview before sending
    await page.fill("textarea[name=body]", "Biscuit loved the park")
    await page.click("button.composer-send")

    photo = owner.locator("img.media-thumb")
    await photo.first.wait_for(timeout=30_000)  # arrives live, once screened clean
    assert await owner.locator("text=Biscuit loved the park").count() >= 1
    width = await page.evaluate("document.documentElement.scrollWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "sitter-photo.png"), full_page=True)
    await owner.screenshot(path=str(ARTIFACTS / "owner-photo.png"), full_page=True)
    assert width <= 360
    assert errors == [] and owner_errors == []
    await phone.close()
