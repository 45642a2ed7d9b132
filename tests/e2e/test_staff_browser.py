"""Staff accounts in a real browser (headless Chromium against `python app.py serve`): the
owner invites a manager on the staff page, the manager joins through the link and never sees
billing, staff or numbers (no links, the pages answer 403, no billing text or choice)."""

from __future__ import annotations

import re

import pytest

from db.tables import Thread
from domain.clock import utcnow
from services import inbound, sending
from tests.conftest import ARTIFACTS
from tests.e2e.test_owner_browser import open_signed_in
from tests.helpers import make_org
from tests.staff_helpers import owner_id

pytestmark = pytest.mark.browser
BILLING_TEXT = "Invoice 1042: 3 walks, $75 due Friday"


async def a_thread_with_a_billing_message(org) -> int:
    received = await inbound.receive_sms(
        to_e164=org.front_desk,
        from_e164="+14155550177",
        body="Hi! How much do I owe?",
        provider_sid="SMstaffbrowser000000000000000001",
        now=utcnow(),
    )
    thread = await Thread.objects().where(Thread.id == received.message.thread).first()
    await sending.owner_send(
        org_id=org.org_id,
        user_id=await owner_id(org),
        thread_id=thread.id,
        body=BILLING_TEXT,
        billing=True,
        now=utcnow(),
    )
    return thread.id


async def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"staff-{name}.png"), full_page=True)


async def invite_on_the_staff_page(page, live_server: str) -> str:
    """The owner invites a manager; without SMTP the notice gives the link to pass on."""
    await page.click("nav >> text=Staff")
    await page.wait_for_selector("h1:has-text('Staff')")
    await page.fill("#staff input[name=email]", "mia@example.com")
    await page.select_option("#staff select[name=role]", "manager")
    await page.click("#staff button:has-text('Invite')")
    notice = await page.wait_for_selector("#staff [role=status]")
    await shot(page, "invited")
    link = re.search(r"(http://\S+/join/\S+)", await notice.inner_text()).group(1)
    assert link.startswith(live_server)
    return link


async def test_O5_a_manager_joins_by_invitation_and_never_sees_billing_staff_or_numbers(
    browser, live_server, db
):
    org = await make_org("Happy Paws")
    thread_id = await a_thread_with_a_billing_message(org)
    owner, errors = await open_signed_in(browser, live_server, org)
    link = await invite_on_the_staff_page(owner, live_server)

    context = await browser.new_context(viewport={"width": 1280, "height": 860})
    page = await context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(link)
    await page.fill("input[name=name]", "Mia Lopez")
    await page.fill("input[name=password]", "a long password")
    await page.click("button:has-text('Join and sign in')")
    await page.wait_for_selector("h1:has-text('Happy Paws')")
    await shot(page, "manager-home")

    nav = await page.inner_text("nav.topnav")
    assert "Messages" in nav and "Bookings" in nav
    assert "Numbers" not in nav and "Staff" not in nav
    assert await page.locator("a[href='/numbers'], a[href='/staff']").count() == 0

    await page.goto(f"{live_server}/messages/{thread_id}")
    await page.wait_for_selector("#composer")
    assert "How much do I owe" in await page.content()
    assert "Invoice 1042" not in await page.content()
    assert await page.locator("input[value=billing], input[value=payment_link]").count() == 0
    await shot(page, "manager-thread")

    for url in ("/numbers", "/staff"):
        response = await page.goto(f"{live_server}{url}")
        assert response.status == 403, url
        await page.wait_for_selector("h1:has-text('This page is not for your account')")
    await shot(page, "manager-forbidden")
    await context.close()
    assert [e for e in errors if "403" not in e] == []
