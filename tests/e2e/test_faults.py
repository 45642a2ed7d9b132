"""Faults under load: the server is killed with SIGKILL in the middle of a burst of webhooks.

Twilio retries a webhook it got no 200 for; afterwards every message appears once. (Worker
kills, Twilio down, slow, 500 and 429 are in tests/integration/test_worker.py and
tests/e2e/test_worker_process.py.)
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time

import httpx
from twilio.request_validator import RequestValidator

from db.tables import Message
from tests.conftest import ROOT, TWILIO_TOKEN, free_port, log_file, server_environment
from tests.helpers import make_org, new_client

WEBHOOKS = 300


def serve(settings, port: int) -> subprocess.Popen:
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "app.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=server_environment(settings, PUBLIC_BASE_URL=base, RUN_WORKER_IN_PROCESS="false"),
        stdout=log_file("serve-killed"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)


async def test_a_server_killed_mid_burst_loses_and_doubles_nothing(settings, db):
    org = await make_org()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    validator = RequestValidator(TWILIO_TOKEN)
    server = serve(settings, port)
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        dana = await new_client(http, org)
        webhooks = [
            {
                "MessageSid": f"SM{n:032d}",
                "From": dana["phone"],
                "To": org.front_desk,
                "Body": f"Burst {n}",
            }
            for n in range(WEBHOOKS)
        ]
        acknowledged: set[str] = set()
        quarter = asyncio.Event()

        async def post(params: dict[str, str]) -> None:
            signature = validator.compute_signature(base + "/webhooks/twilio/sms", params)
            try:
                response = await http.post(
                    "/webhooks/twilio/sms", data=params, headers={"X-Twilio-Signature": signature}
                )
            except httpx.TransportError:
                return  # Twilio saw no answer: it will retry
            if response.status_code == 200:
                acknowledged.add(params["MessageSid"])
                if len(acknowledged) >= WEBHOOKS // 4:
                    quarter.set()

        burst = asyncio.gather(*(post(p) for p in webhooks))
        await quarter.wait()
        server.send_signal(signal.SIGKILL)
        await burst
        server.wait(timeout=10)
        assert len(acknowledged) < WEBHOOKS, "the kill came too late to test anything"

        server = serve(settings, port)
        try:
            # Twilio retries what got no 200; a few acknowledged ones arrive again too.
            retries = [p for p in webhooks if p["MessageSid"] not in acknowledged]
            await asyncio.gather(*(post(p) for p in retries + webhooks[:20]))
        finally:
            server.terminate()
            server.wait(timeout=10)
    assert len(acknowledged) == WEBHOOKS
    rows = await Message.select(Message.provider_sid).where(Message.body.like("Burst %"))
    sids = [row["provider_sid"] for row in rows]
    assert len(sids) == len(set(sids)) == WEBHOOKS
