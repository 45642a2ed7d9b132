"""The owner's sign-in in a real browser (headless Chromium)."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS
from tests.helpers import make_org

pytestmark = pytest.mark.browser


async def test_owner_signs_in_in_the_browser(browser, live_server, db):
    org = await make_org("Happy Paws")
    page = await browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    await page.goto(f"{live_server}/login")
    await page.fill("input[name=email]", org.email)
    await page.fill("input[name=password]", "wrong password")
    await page.click("button[type=submit]")
    await page.wait_for_selector("text=do not match")
    await page.fill("input[name=password]", org.password)
    await page.click("button[type=submit]")
    await page.wait_for_selector("h1:has-text('Happy Paws')")
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "owner-home.png"), full_page=True)
    # No CSP violation, no script error; the only failed load is the refused sign-in (400).
    assert [e for e in errors if "status of 400" not in e] == []
    await page.click("text=Sign out")
    await page.wait_for_selector("input[name=email]")
