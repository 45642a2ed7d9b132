"""Faults under load, with real processes (`app.py serve`, `app.py worker`), the real twilio SDK
against a fake Twilio on a real socket, and signed webhooks.

- The server is killed with SIGKILL in the middle of a burst of webhooks: Twilio retries what
  got no 200, and afterwards every message is stored once.
- Twilio refuses connections for 30 s while owner sends keep coming (the sends in flight when
  it went down were taken but never answered; back up, it answers 500 and 429 for a while):
  afterwards every message is delivered exactly once, none failed, none stuck.
- Twilio answers after the worker's timeout: those sends have an unknown outcome, are found
  at Twilio by reconciliation and never sent a second time (two identical texts to one client
  included).
- PostgreSQL restarts in the middle of a burst of webhooks and owner sends (a private server,
  so the shared one is never disturbed; the SQLite run skips it): every acknowledged text is
  stored once, every queued message delivered once, the server and the worker carry on, and a
  page left open keeps hearing live updates.

Where the worker would wait (back-off after a failure, the pause before asking Twilio about an
unknown outcome), the tests move the rows' `next_attempt_at` to now rather than wait: the
production schedule is unchanged. (Single-message versions of these faults and a worker killed
mid-queue are in tests/integration/test_worker.py and tests/e2e/test_worker_process.py.)
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest
from twilio.request_validator import RequestValidator

from db.tables import Message
from services.threads import ensure_thread
from sms.providers import REQUEST_TIMEOUT
from sms.worker import CLAIM_TIMEOUT
from tests import private_postgres
from tests.conftest import ROOT, TWILIO_TOKEN, free_port, log_file, server_environment
from tests.fake_twilio import FakeTwilio
from tests.helpers import login, make_org, new_client
from tests.private_postgres import PrivatePostgres

WEBHOOKS = 300
OUTBOUND = 120
CLIENTS = 10
BURST_IN, BURST_OUT = 240, 80
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


def stop(process: subprocess.Popen) -> None:
    """SIGTERM, as a deploy sends; a process still running 10 s later is killed, and fails the
    test (a server whose pool lost connections waits for them forever)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise AssertionError(f"{' '.join(process.args[1:3])} ignored SIGTERM for 10 s") from None


@contextmanager
def server_and_worker(settings, fake: FakeTwilio, **env: str) -> Iterator[str]:
    """`serve` and `worker`, both sending through `fake`; yields the server's base URL."""
    port = free_port()
    worker = start_worker(settings, **twilio_environment(fake), **env)
    try:
        server = serve(settings, port, **twilio_environment(fake), **env)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(server)
    finally:
        stop(worker)


async def eventually(condition, seconds: float = 30, step=None) -> None:
    """Wait until `condition()` (or the awaitable it returns) is true; `step` runs between
    tries."""
    deadline = time.monotonic() + seconds
    while not await _value(condition()):
        assert time.monotonic() < deadline, f"still not so after {seconds} s"
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


async def test_twilio_down_for_30_seconds_under_load_delivers_every_send_exactly_once(settings, db):
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
            down_at, every = time.monotonic(), OUTAGE / (OUTBOUND - 45)
            for n in range(45, OUTBOUND):  # the owner keeps sending through the outage
                await asyncio.sleep(max(0.0, down_at + (n - 45) * every - time.monotonic()))
                await send(n)
            await asyncio.sleep(max(0.0, down_at + OUTAGE - time.monotonic()))
            retried = await Message.select(Message.attempts).where(Message.attempts > 2)
            assert retried, "the worker did not retry during the outage"
            assert not await Message.exists().where(Message.status == "failed")
            fake.answers.extend([(500, 20500), (429, 20429)] * 5)  # back, and struggling
            fake.start()
            await eventually(lambda: all_sent(OUTBOUND), step=time_passes)
            await asyncio.sleep(1)  # room for a second send, were there one
    await assert_each_delivered_once(fake, bodies)


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

                async def send(n: int) -> None:
                    thread = threads[0] if n < 4 else threads[n % len(threads)]
                    response = await http.post(
                        f"/api/threads/{thread}/messages",
                        json={"body": bodies[n]},
                        headers=org.auth,
                    )
                    assert response.status_code == 201, response.text

                for n in range(4):  # first in the queue, so in the slow batch
                    await send(n)
                await asyncio.gather(*(send(n) for n in range(4, len(bodies))))
        finally:
            stop(server)
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
            stop(worker)
    assert len(fake.requests) == len(bodies)  # nothing was ever sent twice
    await assert_each_delivered_once(fake, bodies)


@pytest.fixture
def postgres(settings) -> Iterator[PrivatePostgres]:
    """A PostgreSQL server of the test's own, to restart. CI must run the test, not skip it."""
    if settings.database_kind == "sqlite":
        pytest.skip("the database restart is tested in the PostgreSQL run (SQLite has no server)")
    reason = private_postgres.missing()
    if reason:
        if os.environ.get("SNOUT_REQUIRE_BROWSER") == "1" and os.environ.get("TEST_DATABASE_URL"):
            pytest.fail(f"a private PostgreSQL server is required here: {reason}")
        pytest.skip(reason)
    with private_postgres.private_postgres() as server:
        yield server


class Persistent:
    """An HTTP caller that retries like Twilio (or a person) does: on a broken connection or
    a 5xx, again until the expected answer comes; it counts the failures it went through."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.failures = 0

    async def until(self, status: int, method: str, url: str, **kwargs):
        deadline = time.monotonic() + 30
        while True:
            try:
                response = await self.http.request(method, url, **kwargs)
            except httpx.TransportError:
                response = None
            if response is not None and response.status_code == status:
                return response
            assert response is None or response.status_code >= 500, response.text
            assert time.monotonic() < deadline, f"{method} {url}: no {status} within 30 s"
            self.failures += 1
            await asyncio.sleep(0.2)


def run_command(settings, database_url: str, *args: str) -> str:
    """`python app.py ARGS` against `database_url`; returns what it printed."""
    return subprocess.run(
        [sys.executable, "app.py", *args],
        cwd=ROOT,
        env=server_environment(settings, DATABASE_URL=database_url),
        stdout=subprocess.PIPE,
        stderr=log_file(args[0]),
        text=True,
        timeout=60,
        check=True,
    ).stdout


async def collect_events(http: httpx.AsyncClient, events: list[str]) -> None:
    """The owner's live stream, as a page keeps it open: every event name, in order."""
    async with http.stream("GET", "/live", timeout=None) as stream:
        async for line in stream.aiter_lines():
            if line == ": connected":
                events.append("connected")
            elif line.startswith("event: "):
                events.append(line.removeprefix("event: "))


async def all_sent_in(database: asyncpg.Connection, count: int) -> bool:
    sent = await database.fetchval(
        "SELECT count(*) FROM message WHERE direction = 'outbound' AND status = 'sent'"
    )
    return sent == count


async def time_passes_in(database: asyncpg.Connection) -> None:
    """Back-off and reconciliation are due now; so are claims whose send must be over
    (claimed longer ago than the request timeout), as if their deadline had passed."""
    await database.execute(
        "UPDATE message SET next_attempt_at = now() WHERE next_attempt_at > now() AND ("
        " status IN ('queued', 'unknown') OR (status = 'sending' AND next_attempt_at < $1))",
        datetime.now(UTC) + CLAIM_TIMEOUT - timedelta(seconds=REQUEST_TIMEOUT + 2),
    )


async def test_the_database_restarted_under_load_loses_and_doubles_nothing(settings, postgres):
    run_command(settings, postgres.url, "migrate")
    email, password, front_desk = "owner@example.com", "correct horse battery", "+14155550100"
    org = json.loads(
        run_command(
            settings,
            postgres.url,
            *("create-org", "--name", "Happy Paws", "--front-desk", front_desk),
            *("--owner-email", email, "--owner-password", password),
        )
    )
    auth = {"Authorization": f"Bearer {org['apiToken']}"}
    phones = [f"+1415555{7100 + n}" for n in range(CLIENTS + 1)]  # the last one comes later
    validator = RequestValidator(TWILIO_TOKEN)
    with FakeTwilio() as fake, server_and_worker(settings, fake, DATABASE_URL=postgres.url) as base:
        async with httpx.AsyncClient(base_url=base, timeout=10) as http:
            caller = Persistent(http)

            async def client_texts(n: int, phone: str) -> None:
                """Twilio delivers the client's text number `n`, until it gets its 200."""
                params = {"MessageSid": f"SM{n:032d}", "From": phone, "To": front_desk}
                params["Body"] = f"In {n}"
                signature = validator.compute_signature(base + "/webhooks/twilio/sms", params)
                headers = {"X-Twilio-Signature": signature}
                await caller.until(
                    200, "POST", "/webhooks/twilio/sms", data=params, headers=headers
                )

            async def owner_sends(n: int) -> None:
                thread = threads[n % CLIENTS]
                body = {"body": f"Out {n}"}
                await caller.until(
                    201, "POST", f"/api/threads/{thread}/messages", json=body, headers=auth
                )

            async def new_client_thread(n: int, text: int) -> int:
                body = {"name": f"Client {n}", "phone": phones[n]}
                client = (
                    await caller.until(201, "POST", "/api/clients", json=body, headers=auth)
                ).json()
                await client_texts(text, phones[n])  # a first text opens the client's thread
                answer = await http.get(
                    "/api/threads", params={"clientId": client["id"]}, headers=auth
                )
                return answer.json()[0]["id"]

            threads = [await new_client_thread(n, text=n) for n in range(CLIENTS)]
            await login(http, email, password)
            events: list[str] = []
            listening = asyncio.create_task(collect_events(http, events))
            await eventually(lambda: "connected" in events, seconds=10)

            burst = [client_texts(n, phones[n % CLIENTS]) for n in range(CLIENTS, BURST_IN)]
            burst += [owner_sends(n) for n in range(BURST_OUT)]
            random.Random(7).shuffle(burst)
            done, quarter, gate = 0, asyncio.Event(), asyncio.Semaphore(16)

            async def in_turn(request) -> None:
                nonlocal done
                async with gate:  # 16 requests at once
                    await request
                done += 1
                if done >= len(burst) // 4:
                    quarter.set()

            running = asyncio.gather(*(in_turn(request) for request in burst))
            await quarter.wait()
            await asyncio.to_thread(postgres.restart, 1.0)
            assert done < len(burst), "the restart came too late to test anything"
            await running
            assert caller.failures > 0, "no request noticed the restart"

            # The server still works, and the page left open hears the next change live.
            newcomer = await new_client_thread(CLIENTS, text=BURST_IN)
            assert not listening.done(), "the live stream ended"
            await eventually(lambda: f"thread-{newcomer}" in events, seconds=10)
            listening.cancel()

        database = await asyncpg.connect(postgres.url)
        try:
            await eventually(
                lambda: all_sent_in(database, BURST_OUT),
                seconds=60,
                step=lambda: time_passes_in(database),
            )
            await asyncio.sleep(1)  # room for a second send, were there one
            inbound = await database.fetch(
                "SELECT provider_sid FROM message WHERE direction = 'inbound'"
            )
            outbound = await database.fetch(
                "SELECT body, provider_sid FROM message WHERE direction = 'outbound'"
            )
        finally:
            await database.close()
    # Every acknowledged text stored once; every queued message delivered once, recorded sent.
    assert sorted(row["provider_sid"] for row in inbound) == sorted(
        f"SM{n:032d}" for n in range(BURST_IN + 1)
    )
    bodies = [f"Out {n}" for n in range(BURST_OUT)]
    assert sorted(row["body"] for row in outbound) == sorted(bodies)
    assert Counter(m["body"] for m in fake.accepted) == Counter(bodies)
    assert sorted(row["provider_sid"] for row in outbound) == sorted(
        m["sid"] for m in fake.accepted
    )
