"""O6 in a real browser: the owner's composer counts characters and SMS segments as one types,
and says when an emoji makes a text cost more."""

from __future__ import annotations

import pytest

from db.tables import Thread
from tests.e2e.test_owner_browser import open_signed_in, shot, text_in
from tests.helpers import make_org

pytestmark = pytest.mark.browser


async def test_the_owner_composer_counts_segments_live(browser, live_server, db):
    org = await make_org("Happy Paws")
    await text_in(live_server, org, "Hello, are you free Friday?", sender="+14155550123")
    thread = await Thread.objects().first()
    page, errors = await open_signed_in(browser, live_server, org)
    await page.goto(f"{live_server}/messages/{thread.id}")
    body = page.locator("#composer textarea[name=body]")
    counter = page.locator("#composer [data-segment-counter]")
    await body.fill("Biscuit had a lovely walk and is napping now.")
    assert await counter.text_content() == "45 characters · 1 SMS segment"
    await body.fill("x" * 69 + " 🐶")  # 71 characters, 72 UTF-16 units: two UCS-2 parts
    text = await counter.text_content()
    assert text.startswith("UCS-2 · 71 characters · 2 SMS segments"), text
    assert "An emoji makes this text cost 2 segments instead of 1" in text
    await shot(page, "composer-counter")
    assert errors == []
