"""`python app.py worker` as its own process, delivering through the SDK to a fake Twilio."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from datetime import UTC, datetime

from db.tables import Message
from tests.conftest import ROOT, server_environment
from tests.fake_twilio import FakeTwilio
from tests.helpers import make_org


async def test_the_worker_process_sends_each_message_once_across_a_kill_and_restart(settings, db):
    org = await make_org()
    now = datetime.now(UTC)
    for n in range(5):
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
        for _ in range(2):  # the first worker is killed with SIGKILL; a second one finishes
            worker = subprocess.Popen(
                [sys.executable, "app.py", "worker"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(100):
                if len(fake.accepted) >= 5:
                    break
                await asyncio.sleep(0.1)
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        assert sorted(m["body"] for m in fake.accepted) == [f"Update {n}" for n in range(5)]
    assert {m.status for m in await Message.objects()} == {"sent"}
