"""Inbound webhook throughput and latency, full path against a bare signature-checking route.

    python -m benchmarks.webhook [--requests 2000] [--concurrency 32]

Both servers run under uvicorn (one process) on loopback, driven by the same async load
generator in this process, in the same run. The full path uses a fresh SQLite file (or
DATABASE_URL when it is set) with a seeded org: clients with active windows, so messages are
routed to sitters. It prints max throughput and p50/p99 at full load for the bare route, for the
app answering a number no org has (its framework, middleware and one lookup), and for the full
path; then p50/p99 at half of the full path's max rate, and the outbox drain rate through the
real SDK against a fake Twilio.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-twilio-token"
SECRET = "bench-secret-key-0123456789"
CLIENTS = 50
UNKNOWN_NUMBER = "+14155559999"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(cmd: list[str], env: dict[str, str], url: str) -> subprocess.Popen:
    process = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(200):
        try:
            httpx.get(url, timeout=0.5)
            return process
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit(f"server did not start: {' '.join(cmd)}")


async def seed(database_url: str) -> str:
    """An org, a sitter with a number, and clients each with an active window."""
    from benchmarks.seeding import client_in_active_window
    from cli import migrate
    from db.engine import connected
    from domain.model import NumberClass
    from services.accounts import create_org
    from services.numbers import register_number
    from services.sitters import create_sitter
    from settings import Settings

    settings = Settings(database_url=database_url, secret_key=SECRET)
    await migrate(settings)
    async with connected(database_url):
        now = datetime.now(UTC)
        org, _ = await create_org(
            name="Bench Paws",
            front_desk="+14155550100",
            owner_email=f"bench{time.time_ns()}@example.com",
            owner_password="bench-password",
            now=now,
        )
        await register_number(
            org_id=org.id,
            actor="bench",
            e164="+14155550200",
            number_class=NumberClass.SITTER,
            now=now,
        )
        sitter = await create_sitter(
            org_id=org.id, actor="bench", name="Sam", phone="+14155550190", active=True, now=now
        )
        for n in range(CLIENTS):
            await client_in_active_window(
                org_id=org.id,
                actor="bench",
                sitter_id=sitter.id,
                name=f"Client {n}",
                phone=f"+1415556{n:04d}",
                now=now,
                hours_left=3,
            )
    return "+14155550200"


def signed_requests(base_url: str, to: str, count: int, start: int = 0) -> list[tuple[dict, dict]]:
    validator = RequestValidator(TOKEN)
    url = base_url + "/webhooks/twilio/sms"
    out = []
    for n in range(start, start + count):
        params = {
            "MessageSid": f"SM{n:032d}",
            "AccountSid": "ACbench",
            "From": f"+1415556{n % CLIENTS:04d}",
            "To": to,
            "Body": f"How is Biscuit? #{n}",
            "NumMedia": "0",
        }
        out.append((params, {"X-Twilio-Signature": validator.compute_signature(url, params)}))
    return out


async def drive(url: str, requests: list, concurrency: int, rate: float | None = None):
    """Send all requests over `concurrency` keep-alive connections; returns (elapsed seconds,
    latencies in ms, errors).

    The requests are encoded before the clock starts and written to plain sockets, so the
    generator costs a few microseconds per request: the server's CPU, not the client's, sets
    the throughput (an httpx client capped the bare route near its own speed on two cores).
    """
    parts = urlsplit(url)
    encoded = [
        encode_post(parts.netloc, parts.path, params, headers) for params, headers in requests
    ]
    latencies: list[float] = []
    errors = 0
    queue = iter(enumerate(encoded))
    began = time.perf_counter()

    async def one() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        try:
            for index, request in queue:
                if rate is not None:  # open loop: request i is due at i / rate
                    delay = began + index / rate - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                t0 = time.perf_counter()
                writer.write(request)
                status = await read_response(reader)
                latencies.append((time.perf_counter() - t0) * 1000)
                errors += status != 200
        finally:
            writer.close()

    await asyncio.gather(*(one() for _ in range(concurrency)))
    return time.perf_counter() - began, latencies, errors


def encode_post(host: str, path: str, params: dict, headers: dict) -> bytes:
    body = urlencode(params).encode()
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}",
        "Content-Type: application/x-www-form-urlencoded",
        f"Content-Length: {len(body)}",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def read_response(reader: asyncio.StreamReader) -> int:
    """The status of one HTTP/1.1 response, its body read off the connection."""
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in header_lines:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return int(status_line.split()[1])


def cpu_seconds(process: subprocess.Popen) -> float:
    """User + system CPU time of a server process so far (Linux's /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


async def outbox_drain(database_url: str, count: int) -> float:
    from db.engine import connected
    from db.tables import Message, Org
    from sms.providers import TwilioProvider
    from sms.worker import run_once
    from tests.fake_twilio import FakeTwilio

    async with connected(database_url):
        org = await Org.objects().first()
        now = datetime.now(UTC)
        await Message.insert(
            *[
                Message(
                    org=org.id,
                    direction="outbound",
                    sender_role="owner",
                    body=f"drain {n}",
                    from_e164="+14155550100",
                    to_e164="+14155550177",
                    status="queued",
                    next_attempt_at=now,
                    created_at=now,
                )
                for n in range(count)
            ]
        )
        with FakeTwilio() as fake:
            provider = TwilioProvider(
                account_sid="ACbench", auth_token=TOKEN, base_url=fake.base_url
            )
            began = time.perf_counter()
            while len(fake.accepted) < count:
                await run_once(provider, "http://127.0.0.1/webhooks/twilio/status")
            elapsed = time.perf_counter() - began
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--drain", type=int, default=500)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="snout-bench-")
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
    to = asyncio.run(seed(database_url))
    full_port, bare_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "SMS_PROVIDER": "simulator",
        "RUN_WORKER_IN_PROCESS": "false",
    }
    full_url, bare_url = f"http://127.0.0.1:{full_port}", f"http://127.0.0.1:{bare_port}"
    servers = [
        start(
            [sys.executable, "app.py", "serve", "--port", str(full_port)],
            {**env, "PUBLIC_BASE_URL": full_url},
            full_url + "/healthz",
        ),
        start(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "benchmarks.bare_app:app",
                "--port",
                str(bare_port),
                "--log-level",
                "warning",
            ],
            {**env, "PUBLIC_BASE_URL": bare_url},
            bare_url + "/",
        ),
    ]
    sid = itertools.count(0, args.requests)
    try:
        print(
            f"Inbound webhook benchmark: {args.requests} signed requests, "
            f"concurrency {args.concurrency}, database {database_url.split(':')[0]}"
        )
        results = {}
        runs = (
            ("bare route", bare_url, to),
            # The app's own cost: the same request to a number no org has (one lookup, no write).
            ("app, no org", full_url, UNKNOWN_NUMBER),
            ("full path", full_url, to),
        )
        for name, base, number in runs:
            server = servers[0] if base == full_url else servers[1]
            requests = signed_requests(base, number, args.requests, next(sid))
            cpu_before = cpu_seconds(server)
            elapsed, lat, errors = asyncio.run(
                drive(base + "/webhooks/twilio/sms", requests, args.concurrency)
            )
            cpu = (cpu_seconds(server) - cpu_before) / args.requests * 1000
            results[name] = args.requests / elapsed
            print(
                f"  {name:<12} {results[name]:8.0f} req/s   p50 {pct(lat, 50):6.1f} ms   "
                f"p99 {pct(lat, 99):6.1f} ms   errors {errors}   server CPU {cpu:.2f} ms/request"
            )
        ratio = results["full path"] / results["bare route"]
        print(f"  full path at {ratio:.0%} of the bare route's throughput (target >= 40 %)")
        half = results["full path"] / 2
        requests = signed_requests(full_url, to, args.requests // 2, next(sid))
        _, lat, errors = asyncio.run(
            drive(full_url + "/webhooks/twilio/sms", requests, args.concurrency, rate=half)
        )
        print(
            f"  full path at half its max rate ({half:.0f} req/s): p50 {pct(lat, 50):.1f} ms, "
            f"p99 {pct(lat, 99):.1f} ms, errors {errors} (target p99 <= 30 ms)"
        )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    rate = asyncio.run(outbox_drain(database_url, args.drain))
    print(f"  outbox drain through the SDK to a fake Twilio: {rate:.0f} messages/s")


if __name__ == "__main__":
    main()
