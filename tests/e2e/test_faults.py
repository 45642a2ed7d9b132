"""Faults under load, with real processes (`app.py serve`, `app.py worker`), the real twilio SDK
against a fake Twilio on a real socket, and signed webhooks.

- The server is killed with SIGKILL in the middle of a burst of webhooks: Twilio retries what
  got no 200, and afterwards every message is stored once.
- Twilio refuses connections for 30 s while owner sends keep coming (and the sends in flight
  when it went down were taken but never answered): afterwards every message is delivered
  exactly once, none failed, none stuck.
- Twilio answers after the worker's timeout: those sends have an unknown outcome, are found
  at Twilio by reconciliation and never sent a second time.

Where the worker would wait (back-off after a failure, the pause before asking Twilio about an
unknown outcome), the tests move the rows' `next_attempt_at` to now rather than wait: the
production schedule is unchanged. (Single-message versions of these faults and a worker killed
mid-queue are in tests/integration/test_worker.py and tests/e2e/test_worker_process.py.)
"""

from __future__ import annotations

import asyncio
import inspect
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import httpx
from twilio.request_validator import RequestValidator

from db.tables import Message
from domain.services.threads import ensure_thread
from sms.providers import REQUEST_TIMEOUT
from sms.worker import MAX_ATTEMPTS
from tests.conftest import ROOT, TWILIO_TOKEN, free_port, log_file, server_environment
from tests.fake_twilio import FakeTwilio
from tests.helpers import make_org, new_client

WEBHOOKS = 300
OUTBOUND = 120
OUTAGE = 30.0  # seconds Twilio refuses connections
SLOW = REQUEST_TIMEOUT + 2  # seconds Twilio takes to answer, past the worker's timeout


def serve(settings, port: int, **env: str) -> subprocess.Popen:
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "app.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=server_environment(
            settings, PUBLIC_BASE_URL=base, RUN_WORKER_IN_PROCESS="false", **env
        ),
        stdout=log_file("serve-faults"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        assert process.poll() is None, "the server stopped"
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)


def start_worker(settings, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "app.py", "worker"],
        cwd=ROOT,
        env=server_environment(settings, **env),
        stdout=log_file("worker-faults"),
        stderr=subprocess.STDOUT,
    )


def twilio_environment(fake: FakeTwilio) -> dict[str, str]:
    return {
        "SMS_PROVIDER": "twilio",
        "TWILIO_ACCOUNT_SID": "ACtest",
        "TWILIO_API_BASE_URL": fake.base_url,
    }


@contextmanager
def server_and_worker(settings, fake: FakeTwilio) -> Iterator[str]:
    """`serve` and `worker`, both sending through `fake`; yields the server's base URL."""
    port = free_port()
    worker = start_worker(settings, **twilio_environment(fake))
    try:
        server = serve(settings, port, **twilio_environment(fake))
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=10)
    finally:
        worker.terminate()
        worker.wait(timeout=10)


async def eventually(condition, seconds: float = 30, step=None) -> None:
    """Wait until `condition()` (or the awaitable it returns) is true; `step` runs between
    tries."""
    deadline = time.monotonic() + seconds
    while not await _value(condition()):
        assert time.monotonic() < deadline, "timed out"
        if step is not None:
            await step()
        await asyncio.sleep(0.2)


async def _value(result):
    return await result if inspect.isawaitable(result) else result


async def time_passes() -> None:
    """Whatever the worker put off (back-off, reconciliation) is due now."""
    now = datetime.now(UTC)
    await Message.update({Message.next_attempt_at: now}).where(
        Message.status.is_in(["queued", "unknown"]) & (Message.next_attempt_at > now)
    )


async def all_sent(count: int) -> bool:
    return await Message.count().where(Message.status == "sent") == count


async def owner_threads(http: httpx.AsyncClient, org, clients: int) -> list[int]:
    threads = []
    for n in range(clients):
        pet_parent = await new_client(http, org, phone=f"+1415555{7000 + n}", name=f"Client {n}")
        thread = await ensure_thread(org.org_id, pet_parent["id"], datetime.now(UTC))
        threads.append(thread.id)
    return threads


async def assert_each_delivered_once(fake: FakeTwilio, bodies: list[str]) -> None:
    """Twilio took each queued message exactly once, and each row holds its own sid."""
    assert Counter(m["body"] for m in fake.accepted) == Counter(bodies)
    rows = await Message.select(Message.status, Message.provider_sid).where(
        Message.direction == "outbound"
    )
    assert len(rows) == len(bodies)
    assert {row["status"] for row in rows} == {"sent"}
    assert sorted(row["provider_sid"] for row in rows) == sorted(m["sid"] for m in fake.accepted)


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


async def test_twilio_down_for_30_seconds_under_load_delivers_every_send_exactly_once(
    settings, db
):
    org = await make_org()
    bodies = [f"Update {n}" for n in range(OUTBOUND)]
    with FakeTwilio() as fake, server_and_worker(settings, fake) as base:
        async with httpx.AsyncClient(base_url=base, timeout=10) as http:
            threads = await owner_threads(http, org, clients=6)

            async def send(n: int) -> None:
                response = await http.post(
                    f"/api/threads/{threads[n % len(threads)]}/messages",
                    json={"body": bodies[n]},
                    headers=org.auth,
                )
                assert response.status_code == 201, response.text

            await asyncio.gather(*(send(n) for n in range(40)))
            await eventually(lambda: len(fake.accepted) >= 40)
            # Twilio goes down while five sends are in flight: it took them, never answered.
            fake.answers.extend(["drop"] * 5)
            await asyncio.gather(*(send(n) for n in range(40, 45)))
            await eventually(lambda: len(fake.requests) >= 45)
            fake.stop()
            back_at = time.monotonic() + OUTAGE
            for n in range(45, OUTBOUND):  # the owner keeps sending through the outage
                await send(n)
                await asyncio.sleep(OUTAGE / (OUTBOUND - 45))
            await asyncio.sleep(max(0.0, back_at - time.monotonic()))
            retried = await Message.select(Message.attempts).where(Message.attempts > 2)
            assert retried, "the worker did not retry during the outage"
            assert not await Message.exists().where(Message.status == "failed")
            fake.start()
            await eventually(lambda: all_sent(OUTBOUND), step=time_passes)
            await asyncio.sleep(1)  # room for a second send, were there one
    await assert_each_delivered_once(fake, bodies)
    assert max(row["attempts"] for row in await Message.select(Message.attempts)) < MAX_ATTEMPTS


async def test_a_slow_twilio_under_load_is_reconciled_never_sent_twice(settings, db):
    org = await make_org()
    # Two pairs of identical texts to one client: each row must get its own Twilio message.
    bodies = ["On my way!", "On my way!", "Gate code?", "Gate code?"]
    bodies += [f"Update {n}" for n in range(OUTBOUND - len(bodies))]
    with FakeTwilio() as fake:
        fake.answers.extend([("slow", SLOW)] * 20)  # the first batch: no answer in time
        port = free_port()
        server = serve(settings, port, **twilio_environment(fake))
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
                threads = await owner_threads(http, org, clients=6)
                for n, body in enumerate(bodies):
                    thread = threads[0] if n < 4 else threads[n % len(threads)]
                    response = await http.post(
                        f"/api/threads/{thread}/messages", json={"body": body}, headers=org.auth
                    )
                    assert response.status_code == 201, response.text
        finally:
            server.terminate()
            server.wait(timeout=10)
        worker = start_worker(settings, **twilio_environment(fake))
        try:
            # Every request answered at last (the slow ones after the worker gave up on them).
            await eventually(
                lambda: len(bodies) <= len(fake.requests) == len(fake.accepted), seconds=60
            )
            unknown = await Message.count().where(Message.status == "unknown")
            assert unknown >= 20, "the slow answers did not leave outcomes unknown"
            await eventually(lambda: all_sent(len(bodies)), step=time_passes)
            await asyncio.sleep(1)  # room for a second send, were there one
        finally:
            worker.terminate()
            worker.wait(timeout=10)
    assert len(fake.requests) == len(bodies)  # nothing was ever sent twice
    await assert_each_delivered_once(fake, bodies)
