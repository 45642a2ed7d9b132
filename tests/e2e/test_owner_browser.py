"""The owner's pages in a real browser (headless Chromium against `python app.py serve`):
triage, the override and quarantine modals, offboarding, and a text arriving live.
Each test saves screenshots of the pages it visits to artifacts/."""

from __future__ import annotations

from itertools import count

import httpx
import pytest
from twilio.request_validator import RequestValidator

from tests.conftest import ARTIFACTS, TWILIO_TOKEN
from tests.helpers import api, book, confirm, make_org, new_client, new_sitter

pytestmark = pytest.mark.browser
_sids = count(1)


async def open_signed_in(browser, live_server, org):
    page = await browser.new_page(viewport={"width": 1280, "height": 860})
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(f"{live_server}/login")
    await page.fill("input[name=email]", org.email)
    await page.fill("input[name=password]", org.password)
    await page.click("button[type=submit]")
    await page.wait_for_selector(f"h1:has-text('{org_name(org)}')")
    return page, errors


def org_name(org) -> str:
    return "Happy Paws"


async def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"owner-{name}.png"), full_page=True)


async def text_in(live_server: str, org, body: str, sender: str = "+14155550177") -> None:
    """A client's SMS through the signed Twilio webhook of the running server."""
    url = f"{live_server}/webhooks/twilio/sms"
    params = {
        "MessageSid": f"SMlive{next(_sids):028d}",
        "From": sender,
        "To": org.front_desk,
        "Body": body,
    }
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    async with httpx.AsyncClient(timeout=10) as http:
        response = await http.post(url, data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200, response.text


async def test_triage_an_inbox_item_and_override_a_blocked_message(browser, live_server, db):
    org = await make_org("Happy Paws")
    async with httpx.AsyncClient(base_url=live_server, timeout=10) as http:
        sam = await new_sitter(http, org)
        dana = await new_client(http, org, recurring=True)
        await confirm(http, org, await book(http, org, dana, sitter=sam))
    await text_in(live_server, org, "Do you have room on Friday?", sender="+14155550999")
    await text_in(live_server, org, "text me at 415 555 0100 instead")
    page, errors = await open_signed_in(browser, live_server, org)

    await page.click("nav.topnav >> text=Messages")
    item = page.locator(".item", has_text="Do you have room on Friday?")
    await item.wait_for()
    await item.locator("text=Unknown sender").wait_for()
    await shot(page, "inbox")
    await item.locator("button:has-text('Mark done')").click()
    await item.wait_for(state="detached")
    assert await page.locator("text=Do you have room on Friday?").count() == 0

    await page.click(".tabs >> text=Blocked")
    blocked = page.locator(".item", has_text="text me at 415 555 0100 instead")
    await blocked.wait_for()
    await shot(page, "blocked")
    await blocked.locator("button[data-open-dialog]").click()
    dialog = page.locator("dialog[open]")
    await dialog.wait_for()
    await dialog.locator("button:has-text('Override and send')").click()  # no reason: refused
    assert await dialog.is_visible()
    await dialog.locator("textarea[name=reason]").fill("It is the client's vet")
    await shot(page, "override-modal")
    await dialog.locator("button:has-text('Override and send')").click()
    await page.locator("td:has-text('text me at 415 555 0100 instead')").wait_for()
    await page.locator(".badge:has-text('overridden')").wait_for()
    assert await page.locator("dialog[open]").count() == 0
    assert errors == []


async def test_quarantine_for_7_and_10_days_then_restore_now(browser, live_server, db):
    org = await make_org("Happy Paws")
    async with httpx.AsyncClient(base_url=live_server, timeout=10) as http:
        await api(
            http, org, "POST", "/api/numbers", json={"e164": "+14155557001", "numberClass": "pool"}
        )
    page, errors = await open_signed_in(browser, live_server, org)
    await page.click("nav.topnav >> text=Numbers")
    row = page.locator("tr", has_text="(415) 555-7001")
    await row.locator("button[data-open-dialog^=quarantine]").click()
    dialog = page.locator("dialog[open]")
    await dialog.wait_for()
    assert not await dialog.locator("input[name=custom_days]").is_visible()  # only for custom
    await dialog.locator("select[name=duration]").select_option("7")
    await dialog.locator("textarea[name=reason]").fill("Reported as spam")
    await shot(page, "quarantine-modal")
    await dialog.locator("button[type=submit]").click()
    await page.locator("tr:has-text('(415) 555-7001') >> text=6 days 23 h left").wait_for()

    row = page.locator("tr", has_text="(415) 555-7001")
    await row.locator("button[data-open-dialog^=quarantine]").click()
    dialog = page.locator("dialog[open]")
    await dialog.locator("select[name=duration]").select_option("custom")
    days = dialog.locator("input[name=custom_days]")
    assert await days.is_visible()
    await days.fill("10")
    await dialog.locator("button[type=submit]").click()
    await page.locator("tr:has-text('(415) 555-7001') >> text=9 days 23 h left").wait_for()
    await shot(page, "numbers")

    row = page.locator("tr", has_text="(415) 555-7001")
    await row.locator("button[data-open-dialog^=restore]").click()
    dialog = page.locator("dialog[open]")
    await dialog.locator("text=A reason is required").wait_for()  # said before submitting
    await dialog.locator("button:has-text('Restore now')").click()  # empty: the browser refuses
    assert await dialog.is_visible()
    await dialog.locator("textarea[name=restore_reason]").fill("   ")  # blank: the server refuses
    await dialog.locator("button:has-text('Restore now')").click()
    error = page.locator("dialog[open] >> text=Restore now needs a reason")
    await error.wait_for()
    await shot(page, "restore-error")
    dialog = page.locator("dialog[open]")
    await dialog.locator("textarea[name=restore_reason]").fill("The carrier cleared it")
    await dialog.locator("button:has-text('Restore now')").click()
    await page.locator("text=(415) 555-7001 is back in service").wait_for()
    assert await page.locator("tr:has-text('(415) 555-7001') >> text=In service").count() == 1
    assert errors == []


async def test_offboard_a_sitter(browser, live_server, db):
    org = await make_org("Happy Paws")
    async with httpx.AsyncClient(base_url=live_server, timeout=10) as http:
        await new_sitter(http, org)
    page, errors = await open_signed_in(browser, live_server, org)
    await page.click("nav.topnav >> text=Sitters")
    row = page.locator("tr", has_text="Sam")
    await row.locator("td.nowrap", has_text="(415) 555-0200").wait_for()
    await shot(page, "sitters")
    await row.locator("button[data-open-dialog^=offboard]").click()
    dialog = page.locator("dialog[open]")
    await dialog.locator("text=cools down for 90 days").wait_for()
    await dialog.locator("button:has-text('Offboard Sam')").click()
    await page.locator("text=Sam is offboarded").wait_for()
    await page.locator("tr:has-text('Sam') .badge:has-text('offboarded')").wait_for()
    assert errors == []


async def test_a_new_inbound_message_appears_live(browser, live_server, db):
    org = await make_org("Happy Paws")
    await text_in(live_server, org, "First message", sender="+14155550123")
    page, errors = await open_signed_in(browser, live_server, org)
    await page.goto(f"{live_server}/messages")
    await page.locator("text=First message").wait_for()
    await page.evaluate("window.stillTheSamePage = true")
    await page.wait_for_timeout(300)  # let the event stream connect
    body = 'Are you <b>open</b> hx-get="/logout" today?'
    await text_in(live_server, org, body, "+14155550124")
    await page.get_by_text(body).wait_for(timeout=10000)  # shown as text, never as markup
    assert await page.evaluate("window.stillTheSamePage") is True  # no reload happened

    await page.locator(".item", has_text="First message").locator("a:has-text('Open')").click()
    await page.locator(".message", has_text="First message").wait_for()
    await page.evaluate("window.stillTheSamePage = true")
    await page.wait_for_timeout(300)
    await text_in(live_server, org, "One more thing", sender="+14155550123")
    await page.locator(".message:has-text('One more thing')").wait_for(timeout=10000)
    assert await page.evaluate("window.stillTheSamePage") is True
    await shot(page, "thread")
    assert errors == []


async def test_screenshots_of_every_page_in_a_busy_org(browser, live_server, db):
    org = await make_org("Happy Paws")
    async with httpx.AsyncClient(base_url=live_server, timeout=10) as http:
        sam = await new_sitter(http, org)
        dana = await new_client(http, org, recurring=True)
        await confirm(http, org, await book(http, org, dana, sitter=sam))
        await book(http, org, dana, start=60 * 24, end=60 * 25, kind="drop_in")
    await text_in(live_server, org, "Walk at 3 today?")
    await text_in(live_server, org, "Hi, new here", sender="+14155550999")
    page, errors = await open_signed_in(browser, live_server, org)
    await shot(page, "home")
    for name, path in [
        ("conversations", "/messages?tab=conversations"),
        ("alerts", "/messages?tab=alerts"),
        ("bookings", "/bookings"),
        ("diagnostics", "/diagnostics"),
    ]:
        await page.goto(f"{live_server}{path}")
        await page.wait_for_selector("h1")
        await shot(page, name)
    await page.goto(f"{live_server}/messages?tab=conversations")
    await page.click("text=Dana Reyes")
    await page.locator("text=Active window:").wait_for()
    await page.check("input[value=payment_link]")
    assert await page.locator("input[name=url]").is_visible()
    assert not await page.locator("textarea[name=body]").is_visible()
    await shot(page, "thread-payment-link")
    assert errors == []


async def test_a_quarantine_countdown_ticks_without_a_reload(browser, live_server, db):
    org = await make_org("Happy Paws")
    async with httpx.AsyncClient(base_url=live_server, timeout=10) as http:
        number = await api(
            http, org, "POST", "/api/numbers", json={"e164": "+14155557002", "numberClass": "pool"}
        )
        await api(
            http,
            org,
            "POST",
            f"/api/numbers/{number['id']}/quarantine",
            json={"duration": "1", "reason": "Reported as spam"},
        )
    page, errors = await open_signed_in(browser, live_server, org)
    await page.clock.install()  # the page's timers run on a clock the test moves
    await page.goto(f"{live_server}/numbers")
    countdown = page.locator("tr:has-text('(415) 555-7002') .countdown")
    assert (await countdown.text_content()).startswith("23 h ")
    await page.clock.run_for("03:00:00")
    await page.locator("tr:has-text('(415) 555-7002') .countdown:text-matches('^20 h ')").wait_for()
    assert errors == []


async def test_retire_a_pool_number_and_replace_the_front_desk(browser, live_server, db):
    org = await make_org("Happy Paws")
    async with httpx.AsyncClient(base_url=live_server, timeout=10) as http:
        await api(
            http, org, "POST", "/api/numbers", json={"e164": "+14155557002", "numberClass": "pool"}
        )
    page, errors = await open_signed_in(browser, live_server, org)
    await page.click("nav.topnav >> text=Numbers")
    row = page.locator("tr", has_text="(415) 555-7002")
    await row.locator("button[data-open-dialog^=retire]").click()
    dialog = page.locator("dialog[open]")
    await dialog.locator("textarea[name=reason]").fill("   ")  # blank: the server refuses
    await dialog.locator("button:has-text('Retire')").click()
    await page.locator("dialog[open] >> text=Say why the number is retired").wait_for()
    dialog = page.locator("dialog[open]")
    await dialog.locator("textarea[name=reason]").fill("Flagged as spam")
    await dialog.locator("button:has-text('Retire')").click()
    await page.locator("text=(415) 555-7002 is retired").wait_for()
    retired = page.locator("tr", has_text="(415) 555-7002")
    assert "Reason: Flagged as spam" in await retired.inner_text()
    assert await page.locator("tr:has-text('(415) 555-7002') button[data-open-dialog]").count() == 0

    form = page.locator("form.replace-front-desk-form")
    await form.locator("input[name=e164]").fill("+1 415 555 0188")
    await form.locator("input[name=reason]").fill("A local number")
    await form.locator("button[type=submit]").click()
    await page.locator("text=(415) 555-0188 is now the front desk").wait_for()
    await shot(page, "numbers-replaced")
    assert errors == []
