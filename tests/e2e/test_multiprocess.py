"""Beyond one machine: two `serve` processes and two `worker` processes on one PostgreSQL.

A live update raised by a webhook that one server handles reaches a page streaming from the
other (LISTEN/NOTIFY), and messages queued through both servers are each sent exactly once by
the two workers sharing the queue (FOR UPDATE SKIP LOCKED).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import httpx
import pytest
from twilio.request_validator import RequestValidator

from db.engine import is_sqlite
from db.tables import Message, User
from services.accounts import start_session
from tests.conftest import ROOT, TWILIO_TOKEN, free_port, log_file, server_environment
from tests.fake_twilio import FakeTwilio
from tests.helpers import make_org, new_client

SENDS = 120


@contextmanager
def processes(settings, fake: FakeTwilio) -> Iterator[list[str]]:
    ports = [free_port(), free_port()]
    started = []
    env = server_environment(
        settings,
        SMS_PROVIDER="twilio",
        TWILIO_ACCOUNT_SID="ACtest",
        TWILIO_API_BASE_URL=fake.base_url,
        RUN_WORKER_IN_PROCESS="false",
        PUBLIC_BASE_URL="http://127.0.0.1",  # the signature's URL, the same for both servers
    )
    commands = [["serve", "--port", str(port)] for port in ports] + [["worker"], ["worker"]]
    try:
        for command in commands:
            started.append(
                subprocess.Popen(
                    [sys.executable, "app.py", *command],
                    cwd=ROOT,
                    env=env,
                    stdout=log_file(command[0]),
                    stderr=subprocess.STDOUT,
                )
            )
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        deadline = time.monotonic() + 30
        for base in bases:
            while True:
                try:
                    if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the servers did not start"
                time.sleep(0.1)
        yield bases
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=15)


async def first_event(stream: httpx.Response, name: str) -> str:
    async for line in stream.aiter_lines():
        if line == f"event: {name}":
            return name
    raise AssertionError("the stream ended")


async def test_two_servers_and_two_workers_share_live_updates_and_send_each_message_once(
    settings, db
):
    if is_sqlite():
        pytest.skip("several processes share PostgreSQL; the SQLite run serves one process")
    org = await make_org()
    owner = await User.objects().where(User.org == org.org_id).first()
    cookie = await start_session(org_id=org.org_id, user_id=owner.id, now=datetime.now(UTC))
    with FakeTwilio() as fake, processes(settings, fake) as (one, two):
        async with httpx.AsyncClient(base_url=one, timeout=30) as http:
            dana = await new_client(http, org)
            cookies = {"snout_session": cookie}
            async with http.stream("GET", two + "/live", cookies=cookies) as stream:
                waiting = asyncio.create_task(first_event(stream, "inbox"))
                await asyncio.sleep(0.5)  # the stream is listening
                params = {
                    "MessageSid": "SM" + "7" * 32,
                    "From": dana["phone"],
                    "To": org.front_desk,
                    "Body": "Anyone there?",
                }
                signature = RequestValidator(TWILIO_TOKEN).compute_signature(
                    "http://127.0.0.1/webhooks/twilio/sms", params
                )
                answer = await http.post(
                    one + "/webhooks/twilio/sms",
                    data=params,
                    headers={"X-Twilio-Signature": signature},
                )
                assert answer.status_code == 200
                assert await asyncio.wait_for(waiting, 10) == "inbox"

            threads = await http.get(one + "/api/threads", headers=org.auth)
            thread = threads.json()[0]["id"]
            sends = [
                http.post(
                    f"{(one, two)[n % 2]}/api/threads/{thread}/messages",
                    json={"body": f"Update {n}"},
                    headers=org.auth,
                )
                for n in range(SENDS)
            ]
            assert {r.status_code for r in await asyncio.gather(*sends)} == {201}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            sent = [m for m in fake.accepted if m["body"].startswith("Update ")]
            if len(sent) >= SENDS:
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(1)  # room for a second send, were there one
        counts = Counter(m["body"] for m in fake.accepted if m["body"].startswith("Update "))
    assert sorted(counts) == sorted(f"Update {n}" for n in range(SENDS))
    assert set(counts.values()) == {1}
    statuses = await Message.select(Message.status).where(Message.body.like("Update %"))
    assert {row["status"] for row in statuses} == {"sent"}
