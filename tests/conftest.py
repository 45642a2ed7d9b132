"""Shared fixtures: a real database (SQLite file, or PostgreSQL when asked), the app, clients.

The suite runs on SQLite by default. With SNOUT_TEST_DATABASE=postgres it runs on the
PostgreSQL named by TEST_DATABASE_URL, and a missing or unreachable server is an error.
Unit tests (tests/unit) use none of these fixtures.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import logging.config
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from pathlib import Path
from typing import IO

import httpx
import pytest
from aiosmtpd.controller import Controller as SMTPController
from litestar import Litestar
from piccolo.engine.base import Engine

from app import create_app
from db import engine as db_engine
from db.tables import ALL_TABLES
from domain.phones import redact_text
from logs import LOGGING
from settings import Settings

ROOT = Path(__file__).resolve().parents[1]
TEST_SECRET = "test-secret-key-0123456789abcdef"
TWILIO_TOKEN = "test-twilio-auth-token"
STRIPE_SECRET = "whsec_test_secret"


def _database_url(tmp_dir: Path) -> str:
    if os.environ.get("SNOUT_TEST_DATABASE") == "postgres":
        url = os.environ.get("TEST_DATABASE_URL")
        if not url:
            raise RuntimeError("SNOUT_TEST_DATABASE=postgres needs TEST_DATABASE_URL")
        return url
    return f"sqlite:///{tmp_dir / 'snout-test.sqlite3'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _database_url(tmp_path_factory.mktemp("db"))


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[Engine]:
    """A fresh schema built by the real migrations, once per run."""
    engine = db_engine.make_engine(database_url)
    db_engine.install(engine)
    if not db_engine.is_sqlite(engine):
        await engine.run_ddl("DROP SCHEMA public CASCADE")
        await engine.run_ddl("CREATE SCHEMA public")
    await db_engine.start(engine)
    from piccolo.apps.migrations.commands.forwards import run_forwards

    result = await run_forwards("all")
    assert result.success, result.message
    yield engine
    await db_engine.stop(engine)


@pytest.fixture
async def db(engine: Engine) -> AsyncIterator[Engine]:
    """The database, emptied before the test."""
    await empty_database(engine)
    yield engine


async def empty_database(engine: Engine) -> None:
    db_engine.install(engine)
    names = [table._meta.tablename for table in reversed(ALL_TABLES)]
    if db_engine.is_sqlite(engine):
        for name in names:
            await engine.run_ddl(f"DELETE FROM {name}")
    else:
        await engine.run_ddl(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE")


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


def make_settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        public_base_url="http://testserver.local",
        secret_key=TEST_SECRET,
        twilio_account_sid="ACtest",
        twilio_auth_token=TWILIO_TOKEN,
        sms_provider="simulator",
        enable_sitter_messages_v1=True,
        run_worker_in_process=False,
        stripe_webhook_secret=STRIPE_SECRET,
    )


@pytest.fixture
async def make_client(settings: Settings, db: Engine) -> AsyncIterator[object]:
    """Build an HTTP client for an app with changed settings: `await make_client(flag=True)`."""
    async with AsyncExitStack() as stack:

        async def build(**changes: object) -> httpx.AsyncClient:
            app = create_app(settings.with_changes(**changes), engine=db)
            await stack.enter_async_context(running(app))
            transport = httpx.ASGITransport(app=app)
            return await stack.enter_async_context(
                httpx.AsyncClient(transport=transport, base_url="http://testserver.local")
            )

        yield build


@pytest.fixture
async def client(make_client) -> httpx.AsyncClient:
    """An HTTP client for the app, in this test's event loop (the database pool lives there)."""
    return await make_client()


@asynccontextmanager
async def running(app: Litestar) -> AsyncIterator[None]:
    """Run the app's startup and shutdown hooks around the block.

    The lifespan is entered and left inside one task of its own, because async fixtures set up
    and tear down in different tasks, and the lifespan's cancel scope must not cross tasks.
    """
    started, stop = asyncio.Event(), asyncio.Event()

    async def lifespan() -> None:
        async with app.lifespan():
            started.set()
            await stop.wait()

    task = asyncio.create_task(lifespan())
    await asyncio.wait({task, asyncio.create_task(started.wait())}, return_when="FIRST_COMPLETED")
    if task.done():
        task.result()  # startup failed: raise its error here
    try:
        yield
    finally:
        stop.set()
        await task


# -- a real SMTP server ------------------------------------------------------------------------


class Inbox:
    """What the SMTP server received: each message's recipients and whole source."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"


@pytest.fixture
def smtp():
    """A real SMTP server on a free port for the test; `.received` is what it took."""
    port = free_port()
    inbox = Inbox()
    controller = SMTPController(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.url = f"smtp://127.0.0.1:{port}"
    yield inbox
    controller.stop()


# -- a real server in a subprocess ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(settings: Settings, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "SECRET_KEY": settings.secret_key,
        "TWILIO_AUTH_TOKEN": settings.twilio_auth_token,
        "SMS_PROVIDER": settings.sms_provider,
        # the flags the tests' settings chose (sitter messaging is on in tests, off by default)
        "ENABLE_MESSAGING_V1": str(settings.enable_messaging_v1).lower(),
        "ENABLE_SITTER_MESSAGES_V1": str(settings.enable_sitter_messages_v1).lower(),
        **extra,
    }


@pytest.fixture
def live_server(settings: Settings, db: Engine) -> Iterator[str]:
    """`python app.py serve` on a free port; yields its base URL."""
    with serving(settings) as base_url:
        yield base_url


@contextmanager
def serving(settings: Settings, **env: str) -> Iterator[str]:
    """`python app.py serve` on a free port while the block runs, with `env` added to its
    environment; yields its base URL. Its output is scanned with every log line of the run."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = log_file(f"serve-{port}")
    process = subprocess.Popen(
        [sys.executable, "app.py", "serve", "--port", str(port)],
        cwd=ROOT,
        env=server_environment(settings, PUBLIC_BASE_URL=base_url, **env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = Path(log.name).read_text()
                raise RuntimeError(f"server did not start:\n{output}")
            time.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


# -- every log line of the run, checked for phone numbers ------------------------------------

LOGS = ROOT / "artifacts" / "logs"


def log_file(name: str) -> IO[str]:
    """A file under artifacts/logs for a subprocess's output; scanned at the end of the run."""
    LOGS.mkdir(parents=True, exist_ok=True)
    return open(LOGS / f"{name}-{os.getpid()}-{time.monotonic_ns()}.log", "w")


@pytest.fixture(scope="session", autouse=True)
def no_phone_number_in_any_log_line() -> Iterator[None]:
    """The run's own log lines go through the production logging config into a file, next to
    the servers' and workers' output; at the end no line may hold a number the redactor
    would still hide (SPEC section 10)."""
    shutil.rmtree(LOGS, ignore_errors=True)
    LOGS.mkdir(parents=True)
    config = copy.deepcopy(LOGGING)
    config["handlers"]["stderr"] = {
        "class": "logging.FileHandler",
        "filename": str(LOGS / "tests.log"),
        "formatter": "plain",
        "filters": ["redact"],
    }
    logging.config.dictConfig(config)
    yield
    logging.shutdown()
    leaks = [
        f"{path.name}: {line.strip()}"
        for path in sorted(LOGS.glob("*.log"))
        for line in path.read_text(errors="replace").splitlines()
        if redact_text(line) != line
    ]
    assert not leaks, "phone numbers in log lines:\n" + "\n".join(leaks[:20])


# -- headless Chromium ------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    """Debian's Chromium driven by playwright. CI sets SNOUT_REQUIRE_BROWSER=1: no skip there."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("SNOUT_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required but missing at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (install Debian's chromium to run browser tests)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield chromium
        finally:
            await chromium.close()
