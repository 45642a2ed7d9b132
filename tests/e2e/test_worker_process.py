"""`python app.py worker` as its own process, delivering through the SDK to a fake Twilio."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from db.tables import Message
from tests.conftest import ROOT, log_file, server_environment
from tests.fake_twilio import FakeTwilio
from tests.helpers import make_org


async def wait_for(condition, seconds: float = 30) -> None:
    for _ in range(int(seconds * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)


async def test_a_worker_killed_mid_queue_and_restarted_sends_each_message_once(settings, db):
    org = await make_org()
    now = datetime.now(UTC)
    for n in range(30):
        await Message(
            org=org.org_id,
            direction="outbound",
            sender_role="owner",
            body=f"Update {n}",
            from_e164=org.front_desk,
            to_e164="+14155550177",
            status="queued",
            next_attempt_at=now,
            created_at=now,
        ).save()
    with FakeTwilio() as fake:
        env = server_environment(
            settings,
            SMS_PROVIDER="twilio",
            TWILIO_ACCOUNT_SID="ACtest",
            TWILIO_API_BASE_URL=fake.base_url,
        )

        def worker() -> subprocess.Popen:
            return subprocess.Popen(
                [sys.executable, "app.py", "worker"],
                cwd=ROOT,
                env=env,
                stdout=log_file("worker"),
                stderr=subprocess.STDOUT,
            )

        first = worker()
        await wait_for(lambda: len(fake.accepted) >= 1)
        first.send_signal(signal.SIGKILL)  # mid-queue: some sent, some claimed, some queued
        first.wait(timeout=10)
        # Requests the dead worker had already sent finish at "Twilio" meanwhile (in real life
        # the 60 s claim deadline covers this); then the deadline passes for its claims.
        await asyncio.sleep(1)
        await Message.update({Message.next_attempt_at: now - timedelta(seconds=1)}).where(
            Message.status.is_in(["sending", "queued"])
        )
        second = worker()
        await wait_for(lambda: len(fake.accepted) >= 30)
        for _ in range(300):  # the worker records the last answers (slowly on a busy machine)
            if not await Message.exists().where(Message.status != "sent"):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # room for a duplicate to show up, if there were one
        second.send_signal(signal.SIGKILL)
        second.wait(timeout=10)
        bodies = sorted(m["body"] for m in fake.accepted)
    assert bodies == sorted(f"Update {n}" for n in range(30))
    assert {m.status for m in await Message.objects()} == {"sent"}
