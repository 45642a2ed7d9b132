"""N2/O7 over a real server process: with `TWILIO_PROVISIONING=true`, activating a sitter when no
sitter number is free makes the server's worker buy one from the (fake) Twilio, webhooks set."""

from __future__ import annotations

import asyncio

import httpx

from tests.conftest import serving
from tests.fake_twilio import FakeTwilio
from tests.helpers import make_org


async def test_N2_the_running_worker_buys_a_number_for_a_sitter_activated_without_one(settings, db):
    org = await make_org()
    with (
        FakeTwilio() as fake,
        serving(
            settings,
            SMS_PROVIDER="twilio",
            TWILIO_ACCOUNT_SID="ACtest",
            TWILIO_API_BASE_URL=fake.base_url,
            TWILIO_PROVISIONING="true",
            RUN_WORKER_IN_PROCESS="true",
        ) as base_url,
    ):
        async with httpx.AsyncClient(base_url=base_url, headers=org.auth) as http:
            created = await http.post(
                "/api/sitters", json={"name": "Maya", "phone": "+14155550190", "active": True}
            )
            assert created.status_code == 201 and created.json()["maskedNumber"] is None
            for _ in range(200):
                shown = (await http.get(f"/api/sitters/{created.json()['id']}")).json()
                if shown["maskedNumber"]:
                    break
                await asyncio.sleep(0.1)
    assert shown["maskedNumber"]["e164"] == "+16285559000"
    [bought] = fake.bought
    assert bought["sms_url"] == f"{base_url}/webhooks/twilio/sms"
    assert bought["status_callback"] == f"{base_url}/webhooks/twilio/status"
