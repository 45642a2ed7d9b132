"""The clients page and templates in a real browser (headless Chromium against a running
server): search a client, open them, follow the link to their thread; choose a template in
the owner's composer and see the text filled in for the thread and the segment counter follow
(a billing template also chooses a billing message)."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.test_owner_browser import open_signed_in, shot
from tests.helpers import api, book, confirm, make_org, new_client, new_sitter

pytestmark = pytest.mark.browser


async def test_search_a_client_open_them_and_follow_the_link_to_their_thread(
    browser, live_server, db
):
    org = await make_org("Happy Paws")
    async with httpx.AsyncClient(base_url=live_server, timeout=10) as http:
        sam = await new_sitter(http, org)
        dana = await new_client(http, org, recurring=True, phone="+14155550123")
        await new_client(http, org, phone="+14155550188", name="Eli Park")
        await confirm(http, org, await book(http, org, dana, sitter=sam))
    page, errors = await open_signed_in(browser, live_server, org)
    await page.click("nav.topnav >> text=Clients")
    await page.locator("#client-list >> text=Eli Park").wait_for()
    await page.fill("input[name=q]", "415.555.0123")  # searching as one types
    await page.locator("#client-list >> text=Eli Park").wait_for(state="detached")
    assert await page.locator("#client-list .thread-name").all_text_contents() == ["Dana Reyes"]
    await shot(page, "clients-search")
    await page.click("#client-list >> text=Dana Reyes")
    await page.wait_for_selector("h1:has-text('Dana Reyes')")
    assert await page.locator("#classification").text_content() == "recurring"
    assert await page.locator("text=(415) 555-0123").count() >= 1
    await shot(page, "client")
    await page.click("#thread-link")
    await page.wait_for_url(f"{live_server}/messages/*")
    await page.locator("#composer").wait_for()
    assert errors == []


async def test_a_template_chosen_in_the_owner_composer_fills_the_text_and_the_counter(
    browser, live_server, db
):
    org = await make_org("Happy Paws")
    async with httpx.AsyncClient(base_url=live_server, timeout=10) as http:
        sam = await new_sitter(http, org)
        dana = await new_client(http, org, recurring=True)
        await confirm(http, org, await book(http, org, dana, sitter=sam))
        body = "Hi {client_first_name}, {sitter_first_name} is with {pet_name} 🐶"
        await api(http, org, "POST", "/api/templates", json={"name": "With you", "body": body})
        invoice = {"name": "Invoice", "body": "Your invoice is ready", "billing": True}
        await api(http, org, "POST", "/api/templates", json=invoice)
        threads = await api(http, org, "GET", f"/api/threads?clientId={dana['id']}")
    thread_id = (threads["items"] if isinstance(threads, dict) else threads)[0]["id"]
    page, errors = await open_signed_in(browser, live_server, org)
    await page.goto(f"{live_server}/messages/{thread_id}")
    counter = page.locator("#composer [data-segment-counter]")
    assert await counter.text_content() == "0 characters · 0 SMS segments"
    await page.select_option("#composer select[name=template_id]", label="With you")
    text = "Hi Dana, Sam is with Biscuit 🐶"
    await page.wait_for_function(
        "t => document.querySelector('#composer textarea[name=body]').value === t", arg=text
    )
    await page.wait_for_function(
        "() => document.querySelector('#composer [data-segment-counter]')"
        ".textContent.startsWith('UCS-2')"
    )
    assert (await counter.text_content()).startswith("UCS-2 · 30 characters · 1 SMS segment")
    await shot(page, "composer-template")
    assert not await page.is_checked("#kind-billing")
    await page.select_option("#composer select[name=template_id]", label="Invoice (billing)")
    await page.wait_for_function(
        "() => document.querySelector('#composer textarea[name=body]').value"
        " === 'Your invoice is ready'"
    )
    await page.wait_for_function("() => document.querySelector('#kind-billing').checked")
    await page.wait_for_function(
        "t => document.querySelector('#composer [data-segment-counter]').textContent === t",
        arg="21 characters · 1 SMS segment",
    )
    assert errors == []
