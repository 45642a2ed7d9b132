"""The database engine: SQLite by default, PostgreSQL by URL, one per process.

`connected(url)` is the one way a process opens its database: it makes the engine, installs it
(every table, and `piccolo_conf.DB`, which asks `current()`, so the migrations use it too),
starts it, and stops it at the end. The app, the worker, the command line, the demo and the
benchmarks share it.

Writes go through `transaction()`. On SQLite that is an IMMEDIATE transaction (the write lock
is taken at BEGIN, so a read-then-write never fails with "database is locked") serialised by
one asyncio lock per process; WAL mode lets readers continue meanwhile. On PostgreSQL it is a
plain transaction from the connection pool, which gives its connection back even when the
connection broke (see `ReleasingPostgresEngine`).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType

from db import live
from db.tables import ALL_TABLES
from settings import DEFAULT_DATABASE_URL

log = logging.getLogger(__name__)
_write_lock: asyncio.Lock | None = None
_engine: Engine | None = None


class _Ending:
    """How both engines' transactions end: commit or roll back, then always forget the
    transaction and `_release` its connection, even when the connection broke."""

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception is not None:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            self.engine.current_transaction.reset(self.context)
            await self._release()
        return exception is None

    async def _release(self) -> None:
        pass


class _KeptTransaction(_Ending, SQLiteTransaction):
    """A transaction on the engine's one writer connection, which stays open afterwards."""

    async def get_connection(self) -> Any:
        return await self.engine.writer()


class KeptConnectionsSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine opens a connection (and a thread) for every query and every
    transaction, and repeats `PRAGMA foreign_keys` before each statement. This one keeps a
    writer connection for transactions (they are serialised by `transaction()` anyway) and a
    few reader connections for the queries outside a transaction (WAL lets them read while
    the writer writes)."""

    READERS = 4

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._writer: Any = None
        self._readers: asyncio.Queue[Any] | None = None
        self._opened: list[Any] = []

    async def _open(self) -> Any:
        connection = await super().get_connection()  # row factory and foreign keys set
        self._opened.append(connection)
        return connection

    async def writer(self) -> Any:
        if self._writer is None:
            self._writer = await self._open()
        return self._writer

    async def close(self) -> None:
        for connection in self._opened:
            await connection.close()
        self._opened.clear()
        self._writer, self._readers = None, None

    def transaction(
        self, transaction_type: TransactionType = TransactionType.deferred, allow_nested=True
    ) -> SQLiteTransaction:
        return _KeptTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )

    async def _run_in_new_connection(
        self, query: str, args: list[Any] | None = None, query_type: str = "generic", table=None
    ) -> Any:
        if self._readers is None:
            self._readers = asyncio.Queue()
            for _ in range(self.READERS):
                self._readers.put_nowait(await self._open())
        connection = await self._readers.get()
        try:
            return await connection.execute_fetchall(query, args or [])
        finally:
            self._readers.put_nowait(connection)

    async def _run_in_existing_connection(
        self, connection: Any, query: str, args=None, query_type="generic", table=None
    ) -> Any:
        return await connection.execute_fetchall(query, args or [])  # one thread hop


class _ReleasingTransaction(_Ending, PostgresTransaction):
    """Piccolo's PostgreSQL transaction, made safe for a connection that breaks (the database
    restarts, the network drops): Piccolo's own then fails in its rollback before giving the
    connection back and before forgetting itself, so the pool loses a connection for good and
    every later query of the same task runs on the dead transaction (a worker loop never
    recovers). Here both always happen."""

    async def __aenter__(self) -> PostgresTransaction:
        if self._parent is not None:
            return self._parent
        self.connection = await self.get_connection()
        try:
            self.transaction = self.connection.transaction()
            await self.begin()
        except BaseException:
            await self._release()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

    async def _release(self) -> None:
        try:
            if self.engine.pool:
                await self.engine.pool.release(self.connection)
            else:
                await self.connection.close()
        except Exception:  # a broken connection: asyncpg has terminated it, the pool replaces it
            log.debug("a broken database connection was dropped", exc_info=True)


class ReleasingPostgresEngine(PostgresEngine):
    """Piccolo's PostgreSQL engine whose transactions survive a broken connection."""

    def transaction(self, allow_nested: bool = True) -> PostgresTransaction:
        return _ReleasingTransaction(engine=self, allow_nested=allow_nested)


def make_engine(database_url: str) -> Engine:
    if urlsplit(database_url).scheme == "sqlite":
        return KeptConnectionsSQLiteEngine(path=database_url.removeprefix("sqlite:///"), timeout=30)
    dsn = database_url.replace("postgres://", "postgresql://", 1)
    return ReleasingPostgresEngine(config={"dsn": dsn})


def install(engine: Engine) -> None:
    """Make `engine` the one Piccolo uses in this process (tables, migrations, queries)."""
    global _engine
    _engine = engine
    for table in ALL_TABLES:
        table._meta.db = engine


def current() -> Engine:
    """The installed engine; before any is installed, one from `DATABASE_URL` (as Piccolo's
    own command line expects of `piccolo_conf`)."""
    if _engine is None:
        install(make_engine(os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)))
    assert _engine is not None
    return _engine


def is_sqlite(engine: Engine | None = None) -> bool:
    return isinstance(engine or current(), SQLiteEngine)


async def _session_unchanged(connection: Any) -> None:
    """A pooled connection given back needs no reset beyond the one asyncpg always does (an
    open transaction is rolled back): Snout never changes a connection's session (no `SET`,
    `LISTEN`, advisory lock or cursor held past its transaction; live updates listen on a
    connection of their own). asyncpg's default reset would cost a round trip per request."""


async def start(engine: Engine, *, pool_size: int = 10) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=2, max_size=pool_size, reset=_session_unchanged)
    else:
        await engine.run_ddl("PRAGMA journal_mode=WAL")


async def stop(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()
    elif isinstance(engine, KeptConnectionsSQLiteEngine):
        await engine.close()


@asynccontextmanager
async def connected(database_url: str, *, pool_size: int = 10) -> AsyncIterator[Engine]:
    """This process's database, open for the block: made, installed, started, then stopped."""
    engine = make_engine(database_url)
    install(engine)
    await start(engine, pool_size=pool_size)
    try:
        yield engine
    finally:
        await stop(engine)


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
            await live.notify(signals)  # committed: now the pages may look
    else:
        with live.collected() as signals:
            async with engine.transaction():
                yield
                await live.notify(signals)  # one NOTIFY, delivered by PostgreSQL at commit


@asynccontextmanager
async def reading_before_writing() -> AsyncIterator[None]:
    """For a unit of work that reads a lot, then writes in a `transaction()` inside the block.

    On SQLite the reads run outside the write lock (WAL lets them run beside another request's
    writes) and only the inner `transaction()` holds it. On PostgreSQL the whole block is one
    transaction on one pooled connection (each connection taken from the pool costs a round
    trip to reset it), which the inner `transaction()` joins.
    """
    if is_sqlite():
        yield
    else:
        async with transaction():
            yield
