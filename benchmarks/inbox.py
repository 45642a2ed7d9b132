"""The owner's inbox and thread pages: latency (p50/p95) with many threads, SQLite and PostgreSQL.

    python -m benchmarks.inbox [--sizes 1000,100000] [--databases sqlite,postgres]
                               [--requests 200] [--quick]

For each database and size: a fresh database migrated by the real migrations, two orgs made by
`create_org`, then bulk-loaded rows for the first org (N clients, one thread each, 10 messages
per thread, a routing decision per inbound message, 1 thread in 50 with a message needing the
owner's attention) and a few for the second org. It starts `python app.py serve` (one process,
worker off), signs in as the owner over HTTP, and times sequential GETs of each page after
warm-ups, with `/healthz` on the same server and client as the baseline.

PostgreSQL: the database at `--postgres-url` (created when missing, schema public dropped and
recreated each time), ANALYZEd after loading. SQLite: a new file in a temporary directory.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import httpx

from benchmarks.webhook import ROOT, free_port, pct, start

SECRET = "bench-secret-key-0123456789"
PASSWORD = "bench-password"
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/snout_bench"
MESSAGES_PER_THREAD = 10
ATTENTION_EVERY = 50  # 1 thread in 50 has an inbound message waiting for the owner
SITTERS = 8
OTHER_ORG_THREADS = 20
WARMUP = 20
TARGET_MS = 50.0

FIRST = (
    "Ava Ben Chloe Dan Ella Finn Grace Hugo Isla Jack Kai Luna Mia Noah Olive Paul Quinn Rosa "
    "Sam Tara Uma Vic Wren Xena Yara Zoe Amir Bea Cole Dina Eli Fay Gus Hana Ivan Jade Kurt"
).split()  # 37
LAST = (
    "Adams Brown Chen Diaz Evans Ford Garcia Hill Ito Jones Kim Lopez Martin Nguyen Ortiz Patel "
    "Quinn Rossi Smith Tanaka Usman Vargas Walsh Xu Young Zhang Abbott Baker Clark Doyle Ellis "
    "Fox Gray Hayes Ibsen Jensen Khan Lund Moore Nash Owens"
).split()  # 41: with 37 first names, 1,517 full names, each on n / 1,517 clients
PETS = "Biscuit Pepper Mochi Luna Rex Olive Tofu Ziggy Bean Maple".split()


def client_name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}"


# -- seeding ------------------------------------------------------------------------------------


def table_rows(
    org: int, n: int, ids: dict[str, int], front_desk: tuple[int, str], now: datetime, tag: int
) -> dict[str, tuple[tuple[str, ...], Iterator[tuple]]]:
    """Columns and row generators for one org: sitters with numbers, clients, threads, messages
    and routing decisions; ids are given explicitly from `ids` (the first free id per table)."""
    desk_id, desk_e164 = front_desk
    sitter0, number0, client0 = ids["sitter"], ids["business_number"], ids["client"]
    thread0, message0, decision0 = ids["thread"], ids["message"], ids["routing_decision"]
    start_at = now - timedelta(days=400)
    sitters = min(SITTERS, n)
    step = timedelta(days=365) / n

    def sitter_rows():
        for k in range(sitters):
            phone = f"+1{tag}55{k:07d}"
            yield (sitter0 + k, org, f"Sitter {k}", phone, "active", "", start_at)

    def number_rows():
        for k in range(sitters):
            e164 = f"+1{tag}66{k:07d}"
            yield (number0 + k, org, e164, "sitter", "active", sitter0 + k, True, "", start_at)

    def activity(i: int) -> datetime:  # threads' last activity in an order unrelated to ids
        return now - timedelta(minutes=5) - step * ((i * 7919) % n)

    def client_rows():
        for i in range(n):
            yield (
                client0 + i,
                org,
                client_name(i),
                PETS[i % len(PETS)],
                f"+1{tag}78{i:07d}",
                i % 4 == 0,
                start_at,
            )

    def thread_rows():
        for i in range(n):
            sitter = sitter0 + i % sitters if i % 3 else None
            archived = activity(i) + timedelta(days=1) if i % 100 == 99 else None
            yield (
                thread0 + i,
                org,
                client0 + i,
                sitter,
                "none",
                False,
                activity(i),
                archived,
                start_at,
            )

    def message_and_decision_rows():
        messages: list[tuple] = []
        decisions: list[tuple] = []
        for i in range(n):
            last = activity(i)
            sitter = sitter0 + i % sitters if i % 3 else None
            number, e164 = (number0 + i % sitters, f"+1{tag}66{i % sitters:07d}")
            if sitter is None:
                number, e164 = desk_id, desk_e164
            phone = f"+1{tag}78{i:07d}"
            for k in range(MESSAGES_PER_THREAD):
                mid = message0 + i * MESSAGES_PER_THREAD + k
                at = last - timedelta(hours=3) * (MESSAGES_PER_THREAD - 1 - k)
                inbound = k % 2 == 0
                attention = inbound and k == MESSAGES_PER_THREAD - 2 and i % ATTENTION_EVERY == 0
                pet = PETS[i % len(PETS)]
                if inbound:
                    body = f"Hi! How did {pet} do today? Message {k} of thread {i}."
                    role, sender, sid, status = "client", None, f"SMin{tag}{mid:028d}", "received"
                    frm, to, sent = phone, e164, None
                else:
                    body = f"{pet} was great: a long walk and a nap. ({k}/{i})"
                    role = "sitter" if sitter else "owner"
                    sender, sid, status = sitter, f"SMout{tag}{mid:027d}", "delivered"
                    frm, to, sent = e164, phone, at
                messages.append(
                    (
                        mid,
                        org,
                        thread0 + i,
                        "inbound" if inbound else "outbound",
                        role,
                        sender,
                        "chat",
                        body,
                        frm,
                        to,
                        number,
                        "",
                        sid,
                        status,
                        False,
                        False,
                        attention,
                        0,
                        "",
                        at,
                        sent,
                    )
                )
                if inbound:
                    routed = sitter is not None and not attention
                    decisions.append(
                        (
                            decision0 + i * MESSAGES_PER_THREAD + k,
                            org,
                            mid,
                            thread0 + i,
                            "sitter" if routed else "owner_inbox",
                            sitter if routed else None,
                            "active_window" if routed else "no_active_window",
                            "A sitter's window is active."
                            if routed
                            else "No sitter's window is active now: it goes to your inbox.",
                            "",
                            at,
                        )
                    )
            if len(messages) >= 20_000:
                yield messages, decisions
                messages, decisions = [], []
        if messages:
            yield messages, decisions

    return {
        "sitter": (
            ("id", "org", "name", "phone_e164", "status", "locked_reason", "created_at"),
            sitter_rows(),
        ),
        "business_number": (
            NUMBER_COLUMNS,
            number_rows(),
        ),
        "client": (
            tuple("id org name pet_name phone_e164 is_one_time_client created_at".split()),
            client_rows(),
        ),
        "thread": (
            THREAD_COLUMNS,
            thread_rows(),
        ),
        "message+routing_decision": (
            MESSAGE_COLUMNS,
            message_and_decision_rows(),
        ),
    }


NUMBER_COLUMNS = tuple(
    (
        "id org e164 number_class status assigned_sitter was_sitter_identity "
        "status_reason created_at"
    ).split()
)
THREAD_COLUMNS = tuple(
    (
        "id org client assigned_sitter meet_and_greet meet_and_greet_allow_sitter "
        "last_activity_at archived_at created_at"
    ).split()
)
MESSAGE_COLUMNS = tuple(
    (
        "id org thread direction sender_role sender_sitter kind body from_e164 to_e164 "
        "number number_reason provider_sid status billing blocked needs_owner_attention "
        "attempts last_error created_at sent_at"
    ).split()
)
DECISION_COLUMNS = (
    "id",
    "org",
    "message",
    "thread",
    "target",
    "sitter",
    "code",
    "reason",
    "row_code",
    "created_at",
)
TABLES = ("sitter", "business_number", "client", "thread", "message", "routing_decision")


def batches(rows: Iterator[tuple], size: int = 20_000) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Loader:
    """Bulk inserts: `executemany` through sqlite3, or COPY through asyncpg."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.sqlite = urlsplit(database_url).scheme == "sqlite"

    async def __aenter__(self) -> Loader:
        if self.sqlite:
            import piccolo.engine.sqlite  # noqa: F401  (its datetime adapters, as the app stores)

            self.db = sqlite3.connect(self.url.removeprefix("sqlite:///"))
            self.db.execute("PRAGMA synchronous=OFF")
        else:
            import asyncpg

            self.db = await asyncpg.connect(self.url)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.sqlite:
            self.db.commit()
            self.db.close()
        else:
            await self.db.close()

    async def fetch(self, sql: str) -> list[tuple]:
        if self.sqlite:
            return self.db.execute(sql).fetchall()
        return [tuple(row) for row in await self.db.fetch(sql)]

    async def execute(self, sql: str) -> None:
        if self.sqlite:
            self.db.execute(sql)
        else:
            await self.db.execute(sql)

    async def insert(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if self.sqlite:
            marks = ", ".join("?" for _ in columns)
            names = ", ".join(f'"{c}"' for c in columns)
            self.db.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)  # noqa: S608
        else:
            await self.db.copy_records_to_table(table, records=rows, columns=list(columns))


async def seed_org(loader: Loader, org: int, n: int, now: datetime, tag: int) -> None:
    ids = {}
    for table in TABLES:
        ((top,),) = await loader.fetch(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
        ids[table] = top + 1
    ((desk_id, desk_e164),) = await loader.fetch(
        f"SELECT id, e164 FROM business_number WHERE org = {int(org)}"  # noqa: S608
    )
    for table, (columns, rows) in table_rows(org, n, ids, (desk_id, desk_e164), now, tag).items():
        if table == "message+routing_decision":
            for messages, decisions in rows:
                await loader.insert("message", columns, messages)
                await loader.insert("routing_decision", DECISION_COLUMNS, decisions)
        else:
            for batch in batches(rows):
                await loader.insert(table, columns, batch)


async def prepare(database_url: str, n: int) -> tuple[str, list[int], list[str]]:
    """A fresh, migrated and loaded database; returns the owner's email, some thread ids of the
    first org, and some client names to search for."""
    from cli import migrate
    from db.engine import connected
    from services.accounts import create_org
    from settings import Settings

    if not database_url.startswith("sqlite"):
        await reset_postgres(database_url)
    with contextlib.redirect_stdout(io.StringIO()):  # the migrations' progress
        await migrate(Settings(database_url=database_url, secret_key=SECRET))
    async with connected(database_url):
        now = datetime.now(UTC)
        email = "owner@bench.example.com"
        main_org, _ = await create_org(
            name="Bench Paws",
            front_desk="+14155550100",
            owner_email=email,
            owner_password=PASSWORD,
            now=now,
        )
        other_org, _ = await create_org(
            name="Other Paws",
            front_desk="+14155550101",
            owner_email="other@bench.example.com",
            owner_password=PASSWORD,
            now=now,
        )
    async with Loader(database_url) as loader:
        await seed_org(loader, other_org.id, OTHER_ORG_THREADS, now, tag=6)
        await seed_org(loader, main_org.id, n, now, tag=5)
        if not loader.sqlite:
            for table in TABLES:
                await loader.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f'(SELECT MAX(id) FROM "{table}"))'
                )
            await loader.execute("ANALYZE")
        rows = await loader.fetch(
            f"SELECT id FROM thread WHERE org = {int(main_org.id)} ORDER BY id"  # noqa: S608
        )
    rng = random.Random(n)
    threads = rng.sample([row[0] for row in rows], min(len(rows), 500))
    names = [client_name(rng.randrange(n)) for _ in range(100)]
    return email, threads, names


async def reset_postgres(database_url: str) -> None:
    import asyncpg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    try:
        connection = await asyncpg.connect(database_url)
    except asyncpg.InvalidCatalogNameError:
        admin = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        connection = await asyncpg.connect(database_url)
    await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    await connection.close()


# -- measuring ----------------------------------------------------------------------------------


def sign_in(http: httpx.Client, email: str) -> None:
    http.get("/login").raise_for_status()
    token = http.cookies.get("csrftoken")
    response = http.post(
        "/login", data={"email": email, "password": PASSWORD, "_csrf_token": token or ""}
    )
    if response.status_code != 303:
        raise SystemExit(f"sign-in failed: {response.status_code}")
    http.get("/").raise_for_status()  # the new CSRF cookie


def timed(http: httpx.Client, urls: Iterator[str], count: int, headers: dict) -> list[float]:
    for _ in range(WARMUP):
        http.get(next(urls), headers=headers).raise_for_status()
    latencies = []
    for _ in range(count):
        url = next(urls)
        t0 = time.perf_counter()
        response = http.get(url, headers=headers)
        latencies.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"GET {url}: {response.status_code}")
    return latencies


def check(http: httpx.Client, thread: int, name: str) -> None:
    """The pages show what was seeded (so the figures are for pages with content)."""
    expectations = {
        "/messages": "How did",
        "/messages?tab=conversations": " was great",
        f"/messages/conversations?q={name.replace(' ', '+')}": name,
        f"/messages/{thread}": "Message 8 of thread",
    }
    for url, needle in expectations.items():
        if needle not in http.get(url).text:
            raise SystemExit(f"GET {url} does not show {needle!r}")


def cycle(items: list[str]) -> Iterator[str]:
    while True:
        yield from items


def run_one(database: str, database_url: str, n: int, requests: int) -> list[tuple]:
    began = time.perf_counter()
    # Seeded in a child process: nothing (engines, connections, caches) outlives one size.
    seeded_json = subprocess.run(
        [sys.executable, "-m", "benchmarks.inbox", "--prepare", database_url, str(n)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    email, threads, names = json.loads(seeded_json.splitlines()[-1])
    seeded = time.perf_counter() - began
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "SMS_PROVIDER": "simulator",
        "RUN_WORKER_IN_PROCESS": "false",
        "PUBLIC_BASE_URL": base,
    }
    server = start([sys.executable, "app.py", "serve", "--port", str(port)], env, base + "/healthz")
    htmx = {"HX-Request": "true"}
    pages = [
        ("/healthz (baseline)", cycle(["/healthz"]), {}),
        ("/messages (inbox tab)", cycle(["/messages"]), {}),
        ("/messages?tab=conversations", cycle(["/messages?tab=conversations"]), {}),
        (
            "/messages/conversations?q=name",
            cycle([f"/messages/conversations?q={name.replace(' ', '+')}" for name in names]),
            htmx,
        ),
        ("/messages/{id} (10 messages)", cycle([f"/messages/{t}" for t in threads]), {}),
    ]
    results = []
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            sign_in(http, email)
            check(http, threads[0], names[0])
            for name, urls, headers in pages:
                lat = timed(http, urls, requests, headers)
                results.append((database, n, name, pct(lat, 50), pct(lat, 95)))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"  {database} {n:,} threads ({n * MESSAGES_PER_THREAD:,} messages): "
        f"seeded in {seeded:.0f} s",
        flush=True,
    )
    baseline = results[0][3]
    for _, _, name, p50, p95 in results:
        ratio = "" if name.startswith("/healthz") else f"   {p50 / baseline:5.1f}x baseline"
        flag = " (over target)" if n >= 100_000 and p50 > TARGET_MS and not ratio == "" else ""
        print(f"    {name:<32} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms{ratio}{flag}", flush=True)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.inbox")
    parser.add_argument("--sizes", default="1000,100000", help="threads, comma separated")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--requests", type=int, default=200, help="timed GETs per page")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", POSTGRES_URL)
    )
    parser.add_argument(
        "--quick", action="store_true", help="1,000 threads on SQLite only, 50 GETs per page"
    )
    parser.add_argument("--prepare", nargs=2, metavar=("URL", "THREADS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        url, n = args.prepare
        print(json.dumps(asyncio.run(prepare(url, int(n)))))
        return
    if args.quick:
        args.sizes, args.databases, args.requests = "1000", "sqlite", 50
    sizes = [int(size) for size in args.sizes.split(",")]
    databases = [name.strip() for name in args.databases.split(",")]
    print(
        f"Owner inbox and thread pages: {args.requests} sequential GETs per page after "
        f"{WARMUP} warm-ups, one server process; target p50 <= {TARGET_MS:.0f} ms at 100,000 "
        "threads",
        flush=True,
    )
    tmp_dir = tempfile.TemporaryDirectory(prefix="snout-inbox-bench-")
    tmp = tmp_dir.name
    for database in databases:
        for n in sizes:
            if database == "sqlite":
                url = f"sqlite:///{tmp}/inbox-{n}.sqlite3"
            elif database == "postgres":
                url = args.postgres_url
            else:
                raise SystemExit(f"unknown database {database!r}: sqlite or postgres")
            run_one(database, url, n, args.requests)
            if database == "sqlite":
                for suffix in ("", "-wal", "-shm"):
                    path = f"{tmp}/inbox-{n}.sqlite3{suffix}"
                    if os.path.exists(path):
                        os.remove(path)
    tmp_dir.cleanup()


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
