"""Mixed load against `serve --workers 2` on PostgreSQL, then an exact count of what was stored.

    python -m benchmarks.load [--rates 50,100,200] [--seconds 60]

A busy business at its evening peak (30 sitters finishing visits, clients replying) is taken as
10 requests/s in this mix; the default first step, 50 requests/s, is five times that. For each
rate, an open-loop generator on loopback sends, for `--seconds`:

- 50 % signed inbound webhooks (every 10th one posted twice, as Twilio retries do),
- 20 % signed status callbacks for messages the fake Twilio accepted,
- 15 % owner page views (the inbox page and the threads API, alternately),
- 15 % sitter sends from the sitter page's form, each inside the sitter's window.

Outbound messages go through the real twilio SDK to a fake Twilio on loopback. After each step
the queue is drained and counted: every acknowledged inbound sid stored exactly once, every
outbound message accepted by the fake Twilio exactly once. Prints errors and p50/p99 per kind,
and the highest rate held (0 errors, nothing lost or doubled, webhook p99 < 200 ms).
Needs PostgreSQL: DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/snout_load.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime

import httpx
from twilio.request_validator import RequestValidator

from benchmarks.webhook import free_port, pct, start
from tests.fake_twilio import FakeTwilio

ROOT_URL = "postgresql://postgres@127.0.0.1:5432/snout_load"
TOKEN = "load-twilio-token"
SECRET = "load-secret-key-0123456789"
SITTERS = 10
CLIENTS_PER_SITTER = 10
OWNER_EMAIL = "owner@load.example"
OWNER_PASSWORD = "load-password"


async def prepare(database_url: str) -> dict:
    """A fresh schema and a business: sitters with numbers, clients in active windows."""
    from benchmarks.seeding import client_in_active_window
    from cli import migrate
    from db.engine import connected
    from domain.model import NumberClass
    from services.accounts import create_org, start_session
    from services.numbers import register_number
    from services.sitters import create_sitter
    from services.threads import ensure_thread
    from settings import Settings

    async with connected(database_url) as engine:
        await engine.run_ddl("DROP SCHEMA public CASCADE")
        await engine.run_ddl("CREATE SCHEMA public")
    await migrate(Settings(database_url=database_url, secret_key=SECRET))
    async with connected(database_url):
        now = datetime.now(UTC)
        org, token = await create_org(
            name="Load Paws",
            front_desk="+14155550100",
            owner_email=OWNER_EMAIL,
            owner_password=OWNER_PASSWORD,
            now=now,
        )
        sitters = []
        for s in range(SITTERS):
            number = f"+1415555{2000 + s:04d}"
            await register_number(
                org_id=org.id, actor="load", e164=number, number_class=NumberClass.SITTER, now=now
            )
            sitter = await create_sitter(
                org_id=org.id,
                actor="load",
                name=f"Sitter {s}",
                phone=f"+1415555{3000 + s:04d}",
                active=True,
                now=now,
            )
            session = await start_session(org_id=org.id, sitter_id=sitter.id, now=now)
            clients = []
            for c in range(CLIENTS_PER_SITTER):
                client = await client_in_active_window(
                    org_id=org.id,
                    actor="load",
                    sitter_id=sitter.id,
                    name=f"Client {s}-{c}",
                    phone=f"+1415556{s * CLIENTS_PER_SITTER + c:04d}",
                    now=now,
                    hours_left=6,
                    pet_name="Rex",
                )
                thread = await ensure_thread(org.id, client.id, now)
                clients.append((client.phone_e164, thread.id))
            sitters.append({"number": number, "session": session, "clients": clients})
    return {"token": token, "sitters": sitters}


class Load:
    def __init__(self, base: str, world: dict, fake: FakeTwilio) -> None:
        self.base, self.world, self.fake = base, world, fake
        self.validator = RequestValidator(TOKEN)
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.acknowledged: set[str] = set()
        self.sids = itertools.count(1)
        self.bodies = itertools.count(1)

    async def webhook(self, http: httpx.AsyncClient, path: str, params: dict) -> httpx.Response:
        signature = self.validator.compute_signature(self.base + path, params)
        return await http.post(path, data=params, headers={"X-Twilio-Signature": signature})

    async def inbound(self, http: httpx.AsyncClient) -> None:
        sitter = random.choice(self.world["sitters"])
        phone, _ = random.choice(sitter["clients"])
        sid = f"SMload{next(self.sids):026d}"
        params = {"MessageSid": sid, "From": phone, "To": sitter["number"], "Body": "How is Rex?"}
        for attempt in range(2 if int(sid[-1]) == 0 else 1):  # every 10th retried
            response = await self.timed(
                "webhook", self.webhook(http, "/webhooks/twilio/sms", params)
            )
            if response is not None and response.status_code == 200 and attempt == 0:
                self.acknowledged.add(sid)

    async def status(self, http: httpx.AsyncClient) -> None:
        if not self.fake.accepted:
            return await self.inbound(http)
        sid = random.choice(self.fake.accepted)["sid"]
        params = {"MessageSid": sid, "MessageStatus": "delivered", "AccountSid": "ACload"}
        await self.timed("status", self.webhook(http, "/webhooks/twilio/status", params))
        return None

    async def owner_view(self, http: httpx.AsyncClient, owner: httpx.AsyncClient) -> None:
        if next(self.bodies) % 2:
            await self.timed("owner view", owner.get("/messages"))
        else:
            headers = {"Authorization": f"Bearer {self.world['token']}"}
            await self.timed("owner view", http.get("/api/threads", headers=headers))

    async def sitter_send(self, sitters: list[httpx.AsyncClient]) -> None:
        index = random.randrange(len(sitters))
        http = sitters[index]
        _, thread = random.choice(self.world["sitters"][index]["clients"])
        await self.timed(
            "sitter send",
            http.post(
                f"/sitter/threads/{thread}/messages",
                data={"body": f"All good, walk number {next(self.bodies)} done."},
                headers={"x-csrftoken": http.cookies.get("csrftoken", ""), "HX-Request": "true"},
            ),
        )

    async def timed(self, kind: str, request) -> httpx.Response | None:
        began = time.perf_counter()
        try:
            response = await request
        except httpx.HTTPError:
            self.errors[kind] += 1
            return None
        self.latency[kind].append((time.perf_counter() - began) * 1000)
        if response.status_code >= 400:
            self.errors[kind] += 1
        return response


async def signed_in_clients(base: str, world: dict) -> tuple[httpx.AsyncClient, list]:
    owner = httpx.AsyncClient(base_url=base, timeout=30)
    await owner.get("/login")
    await owner.post(
        "/login",
        data={
            "email": OWNER_EMAIL,
            "password": OWNER_PASSWORD,
            "_csrf_token": owner.cookies["csrftoken"],
        },
    )
    await owner.get("/")  # the new CSRF token
    sitters = []
    for sitter in world["sitters"]:
        http = httpx.AsyncClient(
            base_url=base, timeout=30, cookies={"snout_session": sitter["session"]}
        )
        await http.get("/sitter")
        sitters.append(http)
    return owner, sitters


async def run_step(base: str, world: dict, fake: FakeTwilio, rate: float, seconds: float) -> Load:
    load = Load(base, world, fake)
    owner, sitters = await signed_in_clients(base, world)
    limits = httpx.Limits(max_connections=200)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        tasks = []
        began = time.perf_counter()
        for n in itertools.count():
            due = began + n / rate
            if due - began >= seconds:
                break
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            roll = n % 20
            if roll < 10:
                work = load.inbound(http)
            elif roll < 14:
                work = load.status(http)
            elif roll < 17:
                work = load.owner_view(http, owner)
            else:
                work = load.sitter_send(sitters)
            tasks.append(asyncio.create_task(work))
        await asyncio.gather(*tasks)
    await owner.aclose()
    for client in sitters:
        await client.aclose()
    return load


async def count(database_url: str, load: Load, fake: FakeTwilio) -> dict[str, int]:
    """Wait for the queue to drain, then compare the database with what was sent."""
    from db.engine import connected
    from db.tables import Message

    async with connected(database_url):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            pending = await Message.count().where(
                (Message.direction == "outbound")
                & Message.status.is_in(["queued", "sending", "unknown"])
            )
            if not pending:
                break
            await asyncio.sleep(0.5)
        inbound = await Message.select(Message.provider_sid).where(
            (Message.direction == "inbound") & Message.provider_sid.like("SMload%")
        )
        stored = Counter(row["provider_sid"] for row in inbound)
        outbound = await Message.select(Message.provider_sid, Message.status).where(
            (Message.direction == "outbound") & (Message.status != "blocked")
        )
    accepted = Counter(m["sid"] for m in fake.accepted)
    delivered = {row["provider_sid"] for row in outbound if row["provider_sid"]}
    return {
        "acknowledged inbound": len(load.acknowledged),
        "inbound lost": len(load.acknowledged - set(stored)),
        "inbound doubled": sum(1 for n in stored.values() if n > 1),
        "outbound stored": len(outbound),
        "outbound not delivered": len(outbound) - len(delivered),
        "outbound sent twice": sum(1 for n in accepted.values() if n > 1)
        + max(0, len(fake.accepted) - len(accepted)),
        "accepted by Twilio but unknown": len(set(accepted) - delivered),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", default="50,100,200")
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", ROOT_URL)
    held = 0.0
    for rate in [float(r) for r in args.rates.split(",")]:
        world = asyncio.run(prepare(database_url))
        with FakeTwilio() as fake:
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "SECRET_KEY": SECRET,
                "TWILIO_AUTH_TOKEN": TOKEN,
                "TWILIO_ACCOUNT_SID": "ACload",
                "TWILIO_API_BASE_URL": fake.base_url,
                "SMS_PROVIDER": "twilio",
                "ENABLE_SITTER_MESSAGES_V1": "true",
                "PUBLIC_BASE_URL": base,
            }
            server = start(
                [sys.executable, "app.py", "serve", "--port", str(port), "--workers", "2"],
                env,
                base + "/healthz",
            )
            try:
                load = asyncio.run(run_step(base, world, fake, rate, args.seconds))
                totals = asyncio.run(count(database_url, load, fake))
            finally:
                server.terminate()
                server.wait(timeout=15)
        print(f"{rate:.0f} requests/s for {args.seconds:.0f} s against serve --workers 2:")
        for kind, values in sorted(load.latency.items()):
            print(
                f"  {kind:<12} {len(values):6d} requests  errors {load.errors[kind]:3d}  "
                f"p50 {pct(values, 50):7.1f} ms  p99 {pct(values, 99):7.1f} ms"
            )
        print("  " + ", ".join(f"{k} {v}" for k, v in totals.items()))
        webhook_p99 = pct(load.latency["webhook"], 99)
        ok = (
            not sum(load.errors.values())
            and webhook_p99 < 200
            and not any(
                totals[k]
                for k in (
                    "inbound lost",
                    "inbound doubled",
                    "outbound not delivered",
                    "outbound sent twice",
                    "accepted by Twilio but unknown",
                )
            )
        )
        print(f"  {'held' if ok else 'NOT held'} (webhook p99 {webhook_p99:.1f} ms)")
        if not ok:
            break
        held = rate
    print(f"Highest rate held: {held:.0f} requests/s")


if __name__ == "__main__":
    main()
