"""The demo played in the browser: Maya signs in with the code that arrives on her simulated
phone, then Dana texts her from the phone simulator and the text appears on Maya's page live."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from db.tables import Client, Sitter
from tests.conftest import ARTIFACTS
from web import demo


async def test_a_client_texting_inside_the_window_arrives_on_the_sitters_page(
    browser, live_server, settings, db
):
    await demo.ensure_demo(settings, datetime.now(UTC))
    dana = await Client.objects().where(Client.phone_e164 == demo.DANA.phone).first()
    maya = await Sitter.objects().where(Sitter.phone_e164 == demo.MAYA.phone).first()
    ARTIFACTS.mkdir(exist_ok=True)

    owner = await (await browser.new_context(viewport={"width": 1280, "height": 900})).new_page()
    await owner.goto(f"{live_server}/login")
    await owner.fill("input[name=email]", demo.DEMO_OWNER_EMAIL)
    await owner.fill("input[name=password]", demo.DEMO_OWNER_PASSWORD)
    await owner.click("button[type=submit]")
    await owner.wait_for_url(f"{live_server}/")

    sitter = await (await browser.new_context(viewport={"width": 360, "height": 740})).new_page()
    await sitter.goto(f"{live_server}/sitter/login")
    await sitter.fill("input[name=phone]", demo.MAYA.phone)
    await sitter.click("button[type=submit]")
    await sitter.wait_for_selector("input[name=code]")

    # The code arrives on Maya's simulated phone (the in-process worker delivers it).
    code = None
    for _ in range(40):
        await owner.goto(f"{live_server}/dev/phones?sitter={maya.id}")
        code = re.search(r"\b(\d{3}) ?(\d{3})\b", await owner.inner_text("#bubbles"))
        if code:
            break
        await owner.wait_for_timeout(500)
    assert code, "no sign-in code reached Maya's phone"
    await sitter.fill("input[name=code]", code.group(1) + code.group(2))
    await sitter.click("button[type=submit]")
    await sitter.wait_for_url(re.compile(r"/sitter/?$"))
    await sitter.click("a.thread-row", timeout=10_000)
    await sitter.wait_for_url(re.compile(r"/sitter/threads/\d+"))
    assert "Active window" in await sitter.inner_text("body")

    # Dana texts Maya's number from her phone in the simulator.
    await owner.goto(f"{live_server}/dev/phones?client={dana.id}")
    await owner.select_option("select[name=to]", demo.MAYA.number)
    await owner.fill("textarea[name=body]", "Did Biscuit drink some water?")
    await owner.click("button:has-text('Send text')")
    await owner.locator(".what-happened", has_text="Active assignment window").last.wait_for()

    # It appears on Maya's page without a reload.
    await sitter.get_by_text("Did Biscuit drink some water?").wait_for(timeout=10_000)
    assert demo.DANA.phone not in await sitter.content()
    await sitter.screenshot(path=str(ARTIFACTS / "demo-sitter-live.png"), full_page=True)
    await owner.screenshot(path=str(ARTIFACTS / "demo-phone-simulator.png"), full_page=True)
    # Dana sends the bundled dog picture: the worker fetches it, screens it, and it shows up
    # on Maya's page as a photo.
    await owner.select_option("select[name=to]", demo.MAYA.number)
    await owner.select_option("select[name=picture]", "dog")
    await owner.click("button:has-text('Send text')")
    await owner.locator("#bubbles img.bubble-photo").last.wait_for(timeout=30_000)
    await sitter.locator("a.bubble-photo img").last.wait_for(timeout=30_000)
    await sitter.screenshot(path=str(ARTIFACTS / "demo-sitter-photo.png"), full_page=True)
