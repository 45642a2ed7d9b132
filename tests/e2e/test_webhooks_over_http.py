"""Concurrent signed webhooks against the real server (uvicorn, real sockets), on the test
database of the run: zero errors, nothing lost, nothing duplicated (R3)."""

from __future__ import annotations

import asyncio

import httpx
from twilio.request_validator import RequestValidator

from db.tables import Message
from tests.conftest import TWILIO_TOKEN
from tests.helpers import make_org


async def test_R3_fifty_duplicates_and_fifty_distinct_webhooks_concurrently(live_server, db):
    org = await make_org()
    url = live_server + "/webhooks/twilio/sms"
    validator = RequestValidator(TWILIO_TOKEN)

    def request(sid: str, sender: str) -> tuple[dict, dict]:
        params = {"MessageSid": sid, "From": sender, "To": org.front_desk, "Body": "hi"}
        return params, {"X-Twilio-Signature": validator.compute_signature(url, params)}

    requests = [request("SMsame", "+14155550177")] * 50
    requests += [request(f"SM{n:032d}", f"+1415556{n % 10:04d}") for n in range(50)]
    async with httpx.AsyncClient(timeout=30) as http:
        responses = await asyncio.gather(
            *(http.post(url, data=params, headers=headers) for params, headers in requests)
        )
    assert [r.status_code for r in responses] == [200] * 100
    assert await Message.count().where(Message.direction == "inbound") == 51
