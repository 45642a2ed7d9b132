"""The database engine: SQLite by default, PostgreSQL by URL, one per process.

Piccolo finds its engine through `piccolo_conf.DB`; `install()` points that and every table at
the engine built from the settings, so the app, the migrations and the worker share one.

Writes go through `transaction()`. On SQLite that is an IMMEDIATE transaction (the write lock
is taken at BEGIN, so a read-then-write never fails with "database is locked") serialised by
one asyncio lock per process; WAL mode lets readers continue meanwhile. On PostgreSQL it is a
plain transaction from the connection pool.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from db import live

_write_lock: asyncio.Lock | None = None


def make_engine(database_url: str) -> Engine:
    if urlsplit(database_url).scheme == "sqlite":
        return SQLiteEngine(path=database_url.removeprefix("sqlite:///"), timeout=30)
    dsn = database_url.replace("postgres://", "postgresql://", 1)
    return PostgresEngine(config={"dsn": dsn})


def install(engine: Engine) -> None:
    """Make `engine` the one Piccolo uses in this process (tables, migrations, queries)."""
    import piccolo_conf
    from db.tables import ALL_TABLES

    piccolo_conf.DB = engine
    for table in ALL_TABLES:
        table._meta.db = engine


def current() -> Engine:
    import piccolo_conf

    return piccolo_conf.DB


def is_sqlite(engine: Engine | None = None) -> bool:
    return isinstance(engine or current(), SQLiteEngine)


async def start(engine: Engine, *, pool_size: int = 10) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=2, max_size=pool_size)
    else:
        await engine.run_ddl("PRAGMA journal_mode=WAL")


async def stop(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()


@asynccontextmanager
async def transaction() -> AsyncIterator[None]:
    """One unit of work: everything inside commits together or not at all."""
    global _write_lock
    engine = current()
    if engine.current_transaction.get() is not None:
        yield  # already inside a unit of work: join it
        return
    if isinstance(engine, SQLiteEngine):
        if _write_lock is None:
            _write_lock = asyncio.Lock()
        with live.collected() as signals:
            async with _write_lock, engine.transaction(transaction_type=TransactionType.immediate):
                yield
            live.deliver(signals)  # committed: now the pages may look
    else:
        async with engine.transaction():
            yield
