"""The owner's pages on a phone (headless Chromium at 390×844, against `python app.py serve`),
in a busy org: sitters, a locked sitter and its alert, bookings, pool numbers (one
quarantined), inbox items, blocked texts (one decided), an archived conversation and a long
thread.

On every page:

- no horizontal scrolling: `document.documentElement.scrollWidth <= window.innerWidth`, and
  `window.innerWidth` is still 390 (a mobile browser zooms a too-wide page out until it fits,
  which would make the first check pass on a page that is too wide);
- nothing drawn over anything else. The rule: among the elements that matter on a phone (the
  navigation and its menu button, headings, tabs, cards, table rows, list items, message
  bubbles, the composer, buttons), take every visible one's bounding rectangle; two of them
  may overlap only when one is an ancestor of the other in the document (a button inside its
  card, a heading inside its section). Any other pair that shares more than a pixel means one
  is drawn over the other. The check runs with the page scrolled to the top and again to the
  bottom, so a sticky or fixed element is caught wherever it sits;
- on the thread, the last message is fully visible when scrolled into view (the point at its
  centre belongs to it, not to the composer), and it ends above the composer's top.

The quarantine modal opened at 390 px, and the override, unlock and offboard modals, keep
their buttons inside the viewport, each at least 44 px tall (a thumb's target). Screenshots
go to artifacts/owner-mobile-*.png."""

from __future__ import annotations

import httpx
import pytest

from db.tables import Message, Thread
from domain.clock import utcnow
from domain.model import MessagingFlags
from services import enforcement
from tests.conftest import ARTIFACTS
from tests.e2e.test_owner_browser import text_in
from tests.helpers import add_pool, api, book, confirm, make_org, new_client, new_sitter

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
MODALS = {  # page: the button that opens one of its modals
    "blocked": "button:has-text('Override')",
    "alerts": "button:has-text('Unlock Sam')",
    "sitters": "button:has-text('Offboard')",
}

OVERLAPS = """
() => {
  const selectors = [
    ".topbar", ".brand", ".menu-button", ".topnav a", ".topbar-logout button",
    "h1", "h2", ".tab", ".card", ".table tr", ".item", ".thread-row", ".message",
    "#composer", ".button", ".dialog-actions button",
  ];
  const seen = new Set();
  const elements = [];
  for (const el of document.querySelectorAll(selectors.join(","))) {
    if (seen.has(el)) continue;
    seen.add(el);
    // not rendered: display none, visibility hidden, inside a closed <details> or <dialog>
    if (!el.checkVisibility({ visibilityProperty: true })) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) continue;
    elements.push([el, r]);
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className ? "." + String(el.className).trim().split(/\\s+/).join(".") : "") +
    " '" + (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 30) + "'";
  const found = [];
  for (let i = 0; i < elements.length; i++) {
    for (let j = i + 1; j < elements.length; j++) {
      const [a, ra] = elements[i], [b, rb] = elements[j];
      if (a.contains(b) || b.contains(a)) continue;
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      if (w > 1 && h > 1) found.push(name(a) + " overlaps " + name(b));
    }
  }
  return found;
}
"""


async def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"owner-mobile-{name}.png"), full_page=True)


async def phone_page(browser, live_server, org=None):
    page = await browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(f"{live_server}/login")
    if org is not None:
        await page.fill("input[name=email]", org.email)
        await page.fill("input[name=password]", org.password)
        await page.click("button[type=submit]")
        await page.wait_for_selector("h1:has-text('Happy Paws')")
    return page, errors


async def assert_fits_a_phone(page, name: str) -> None:
    width = await page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{name}: scrolls sideways ({width[0]} > {width[1]} px)"
    # a phone browser zooms a too-wide page out, which widens innerWidth to the content
    assert width[1] == PHONE["width"], f"{name}: zoomed out to {width[1]} px"
    for where in ("top", "bottom"):
        await page.evaluate(
            "where => window.scrollTo(0, where === 'top' ? 0 : document.body.scrollHeight)", where
        )
        overlaps = await page.evaluate(OVERLAPS)
        assert overlaps == [], f"{name} (scrolled to the {where}): {overlaps[:5]}"
    await page.evaluate("window.scrollTo(0, 0)")


async def assert_thumb_friendly(page, name: str) -> None:
    """The open modal lies within the screen's width; its action buttons are on screen and at
    least 44 px tall; nothing in it is drawn over anything else."""
    dialog = page.locator("dialog[open]")
    await dialog.wait_for()
    await shot(page, f"{name}-modal")
    box = await dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
    buttons = dialog.locator(".dialog-actions button")
    assert await buttons.count() == 2, name
    for i in range(2):
        button = await buttons.nth(i).bounding_box()
        assert button["height"] >= 44, (name, button)
        assert 0 <= button["x"] <= PHONE["width"] - button["width"], (name, button)
        assert 0 <= button["y"] <= PHONE["height"] - button["height"], (name, button)
    overlaps = await page.evaluate(
        OVERLAPS.replace(
            "document.querySelectorAll", "document.querySelector('dialog[open]').querySelectorAll"
        )
    )
    assert overlaps == [], (name, overlaps)


async def busy_org(live_server):
    org = await make_org("Happy Paws")
    async with httpx.AsyncClient(base_url=live_server, timeout=10) as http:
        sam = await new_sitter(http, org)
        await new_sitter(http, org, number="+14155550201", phone="+447700900123", name="Alexandra")
        dana = await new_client(http, org, recurring=True)
        await confirm(http, org, await book(http, org, dana, sitter=sam))
        await book(http, org, dana, start=60 * 24, end=60 * 25, kind="drop_in")
        lee = await new_client(http, org, phone="+14155550178", name="Lee Park")
        await book(http, org, lee, start=60 * 48, end=60 * 49, kind="meet_and_greet")
        await add_pool(http, org, "+14155557001", "+14155557003")
        number = await api(
            http, org, "POST", "/api/numbers", json={"e164": "+14155557002", "numberClass": "pool"}
        )
        await api(
            http,
            org,
            "POST",
            f"/api/numbers/{number['id']}/quarantine",
            json={"duration": "7", "reason": "Reported as spam by a carrier"},
        )
    await text_in(live_server, org, "Hello, is anyone there? We just moved in.", "+14155550999")
    await text_in(live_server, org, "Lee here: can we move the meet-and-greet?", "+14155550178")
    for body in [
        "Walk at 3 today?",
        "Biscuit pulled on the lead yesterday, please use the harness in the hallway cupboard.",
        "Also the back gate sticks: lift it a little before you pull. Thanks!",
        "text me at 415 555 0100 instead",
    ]:
        await text_in(live_server, org, body)
    thread = await Thread.objects().where(Thread.client == dana["id"]).first()
    flags = MessagingFlags(messaging_v1=True, sitter_messages_v1=True)
    for _ in range(3):  # the third offense locks Sam and raises a high alert
        await enforcement.sitter_send(
            org_id=org.org_id,
            sitter_id=sam["id"],
            thread_id=thread.id,
            body="my insta is @sam.walks",
            flags=flags,
            now=utcnow(),
        )
    blocked = await Message.objects().where(Message.thread == thread.id, Message.blocked.eq(True))
    await enforcement.dismiss(  # one decided attempt: the Blocked tab's table
        org_id=org.org_id,
        user_id=None,
        actor="owner",
        message_id=blocked[0].id,
        reason="Sam knows the rule now; no need to deliver it",
        now=utcnow(),
    )
    lee_thread = await Thread.objects().where(Thread.client == lee["id"]).first()
    await Thread.update({Thread.archived_at: utcnow()}).where(Thread.id == lee_thread.id)
    return org, thread


async def test_every_owner_page_works_on_a_phone(browser, live_server, db):
    org, thread = await busy_org(live_server)
    page, errors = await phone_page(browser, live_server)
    await assert_fits_a_phone(page, "login")
    await shot(page, "login")
    await page.fill("input[name=email]", org.email)
    await page.fill("input[name=password]", org.password)
    await page.click("button[type=submit]")
    await page.wait_for_selector("h1:has-text('Happy Paws')")

    # the navigation is one compact bar: the links wait behind the menu button
    bar = await page.locator(".topbar").bounding_box()
    assert bar["height"] <= 72, bar
    assert not await page.locator("nav.topnav >> text=Numbers").is_visible()
    await assert_fits_a_phone(page, "home")
    await shot(page, "home")
    await page.click(".menu-button")
    await shot(page, "menu-open")
    await assert_fits_a_phone(page, "home with the menu open")
    link = page.locator("nav.topnav >> text=Numbers")
    assert (await link.bounding_box())["height"] >= 44
    await link.click()
    await page.wait_for_selector("h1:has-text('Numbers')")

    for name, path in [
        ("numbers", "/numbers"),
        ("inbox", "/messages"),
        ("conversations", "/messages?tab=conversations"),
        ("archived", "/messages?tab=conversations&archived=true"),
        ("blocked", "/messages?tab=blocked"),
        ("alerts", "/messages?tab=alerts"),
        ("sitters", "/sitters"),
        ("bookings", "/bookings"),
        ("diagnostics", "/diagnostics"),
    ]:
        await page.goto(f"{live_server}{path}")
        await page.wait_for_selector("h1")
        await assert_fits_a_phone(page, name)
        await shot(page, name)
        if name in MODALS:
            await page.locator(MODALS[name]).first.click()
            await assert_thumb_friendly(page, name)
            await page.locator("dialog[open] button[data-close-dialog]").click()

    await page.goto(f"{live_server}/messages/{thread.id}")
    await page.locator(".message", has_text="my insta is @sam.walks").last.wait_for()
    await assert_fits_a_phone(page, "thread")
    last = page.locator(".messages > .message").last
    await last.scroll_into_view_if_needed()
    assert await last.evaluate(
        """el => {
          const r = el.getBoundingClientRect();
          const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return el.contains(top);
        }"""
    ), "the last message is covered"
    ends, composer_top = await page.evaluate(
        """() => [document.querySelector('.messages > .message:last-child')
                    .getBoundingClientRect().bottom,
                  document.querySelector('#composer').getBoundingClientRect().top]"""
    )
    assert ends <= composer_top, (ends, composer_top)
    await page.evaluate("window.scrollTo(0, 0)")
    await shot(page, "thread")
    assert errors == []


async def test_the_quarantine_modal_fits_a_thumb(browser, live_server, db):
    org = await make_org("Happy Paws")
    async with httpx.AsyncClient(base_url=live_server, timeout=10) as http:
        await add_pool(http, org, "+14155557001")
    page, errors = await phone_page(browser, live_server, org)
    await page.goto(f"{live_server}/numbers")
    row = page.locator("tr", has_text="(415) 555-7001")
    await row.locator("button[data-open-dialog^=quarantine]").click()
    dialog = page.locator("dialog[open]")
    await dialog.wait_for()
    await dialog.locator("select[name=duration]").select_option("custom")
    await assert_thumb_friendly(page, "quarantine")
    await dialog.locator("input[name=custom_days]").fill("10")
    await dialog.locator("button[type=submit]").click()
    await page.locator("tr:has-text('(415) 555-7001') >> text=9 days 23 h left").wait_for()
    assert errors == []
