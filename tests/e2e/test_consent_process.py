"""O1 end to end, against a real server process: a client's STOP to a sitter's number refuses
the owner's next send and skips the night-before reminder; START restores both; the owner's
thread shows the consent record."""

from __future__ import annotations

import httpx

from db.tables import Booking
from domain.clock import utcnow
from domain.model import AutomationKind
from services.automations import send_once
from tests.helpers import login, make_org
from tests.integration.test_consent import DANA, SAM_NUMBER, stop_world
from tests.integration.test_webhooks import SMS, inbound, signed


async def test_O1_a_stop_to_a_sitter_number_refuses_sends_and_reminders_until_start(
    live_server, db
):
    org = await make_org()
    async with httpx.AsyncClient(base_url=live_server, timeout=30) as http:
        _, _, booking, thread = await stop_world(http, org)

        async def text(body: str, to: str) -> None:
            params = {**inbound(org, body=body, sender=DANA), "To": to}
            headers = signed(SMS, params, url=live_server + SMS)
            assert (await http.post(SMS, data=params, headers=headers)).status_code == 200

        await text("STOP", SAM_NUMBER)
        path = f"/api/threads/{thread.id}/messages"
        refused = await http.post(path, json={"body": "Are you there?"}, headers=org.auth)
        assert refused.status_code == 409 and "replied STOP" in refused.text
        row = await Booking.objects().where(Booking.id == booking["id"]).first()
        reminder = AutomationKind.NIGHT_BEFORE_REMINDER
        assert not await send_once(row, reminder, "See you tomorrow", utcnow())

        await text("START", org.front_desk)
        sent = await http.post(path, json={"body": "Welcome back"}, headers=org.auth)
        assert sent.status_code == 201, sent.text

        assert (await login(http, org.email, org.password)).status_code in (302, 303)
        page = await http.get(f"/messages/{thread.id}")
        assert page.status_code == 200
        assert "STOP" in page.text and "START" in page.text
