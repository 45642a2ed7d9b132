"""Live updates over Server-Sent Events, through Litestar's channels.

`/live` streams the owner's org channel, `/sitter/live` the signed-in sitter's own channel.
Each event is only a name (`inbox`, `thread-12`, ...; see `db.live`): pages listen with
`hx-trigger="sse:<name>"` and re-fetch their fragment through the normal guarded GET.
With one process the channels live in memory; on PostgreSQL they ride LISTEN/NOTIFY, so an
event raised in any process (a web worker or a `worker` process) reaches every page.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from litestar import Request, get
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.asyncpg import AsyncPgChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.di import NamedDependency
from litestar.response import ServerSentEvent, ServerSentEventMessage

from db import live
from domain.clock import utcnow
from services import presence
from settings import Settings
from web.auth import identify, owner_guard, sitter_guard

RECONNECT_FIRST_DELAY, RECONNECT_MAX_DELAY = 0.5, 5.0  # seconds between tries to listen again

log = logging.getLogger(__name__)


class ListenBackend(AsyncPgChannelsBackend):
    """Litestar's LISTEN/NOTIFY backend, safe when a page reconnects.

    When a browser leaves a page for the next one, the plugin may ask the backend to
    subscribe to a channel (new page) while the unsubscribe of the same channel (old page) is
    still waiting for the listener lock. The plain backend then treats the subscribe as
    already done and lets the unsubscribe remove the listener: the new page hears nothing.
    Here every subscribe is counted, and a channel is only UNLISTENed, under the lock, once
    its count is back to zero; the UNLISTEN is shielded from the closing stream's cancellation.

    And safe when the database restarts: the plain backend keeps its dead listening connection
    (open pages hear nothing again, new ones fail). Here a lost connection is replaced as soon
    as the database answers again, and every channel is listened to again; pages stay open.
    (Signals raised while it was down are lost: a page catches up on its next event.)
    (Built on the backend's attributes in Litestar 2.25.)
    """

    def __init__(self, dsn: str) -> None:
        super().__init__(dsn=dsn)
        self._wanted: Counter[str] = Counter()
        self._closing = False
        self._reconnecting: asyncio.Task[None] | None = None

    async def on_startup(self) -> None:
        await super().on_startup()
        self._listener_conn.add_termination_listener(self._connection_lost)

    async def on_shutdown(self) -> None:
        self._closing = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
        await super().on_shutdown()

    def _connection_lost(self, connection: object) -> None:
        if not self._closing and self._reconnecting is None:
            log.warning("live updates: lost the database connection; reconnecting")
            self._reconnecting = asyncio.create_task(self._reconnect())

    async def _reconnect(self) -> None:
        delay = RECONNECT_FIRST_DELAY
        while not await self._listen_again():
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECONNECT_MAX_DELAY)
        log.info("live updates: listening again")

    async def _listen_again(self) -> bool:
        """A new listening connection, on every channel listened to; False if not yet."""
        async with self._listener_lock:
            try:
                connection = await self._connect()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                return False
            try:
                for channel in self._subscribed_channels:
                    await connection.add_listener(channel, self._listener)  # type: ignore[arg-type]
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
                connection.terminate()
                return False
            self._listener_conn = connection
            self._reconnecting = None
            connection.add_termination_listener(self._connection_lost)
        return True

    async def subscribe(self, channels: Iterable[str]) -> None:
        channels = set(channels)
        self._wanted.update(channels)
        async with self._listener_lock:
            for channel in channels - self._subscribed_channels:
                if not self._listener_conn.is_closed():  # else the reconnection listens to it
                    await self._listener_conn.add_listener(channel, self._listener)  # type: ignore[arg-type]
                self._subscribed_channels.add(channel)

    async def unsubscribe(self, channels: Iterable[str]) -> None:
        channels = set(channels)
        self._wanted.subtract(channels)
        # Shielded: the stream being closed is cancelled, and a cancel between asyncpg's
        # UNLISTEN and our bookkeeping would leave the channel marked as listened to.
        await asyncio.shield(self._unlisten(channels))

    async def _unlisten(self, channels: set[str]) -> None:
        async with self._listener_lock:
            for channel in channels & self._subscribed_channels:
                if self._wanted[channel] <= 0:
                    del self._wanted[channel]
                    self._subscribed_channels.remove(channel)
                    await self._listener_conn.remove_listener(channel, self._listener)  # type: ignore[arg-type]


def channels_plugin(settings: Settings) -> ChannelsPlugin:
    if settings.database_kind == "postgres":
        dsn = settings.database_url.replace("postgres://", "postgresql://", 1)
        backend: Any = ListenBackend(dsn=dsn)
    else:
        backend = MemoryChannelsBackend()
    return ChannelsPlugin(backend=backend, arbitrary_channels_allowed=True)


def install_sink(plugin: ChannelsPlugin, settings: Settings) -> None:
    """On SQLite, signals raised in this process go straight to its channels."""
    if settings.database_kind != "postgres":
        live.set_sink(lambda channel, event: plugin.publish(event, channel))


async def _stream(
    request: Request[Any, Any, Any],
    channels: ChannelsPlugin,
    channel: str,
    sitter_id: int | None = None,
) -> AsyncIterator[ServerSentEventMessage]:
    """The channel's event names, until the client leaves or its session ends: the session is
    looked up again every `live_check_seconds` (20 s), so a sitter who is locked or offboarded
    (or an owner who signs out elsewhere) stops hearing anything within that time.
    A sitter's stream keeps them present (R5) while it is open: see `_presence`."""
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    signed_in = request.user
    every = request.app.state.settings.live_check_seconds
    checked_at = time.monotonic()
    if sitter_id is not None:
        every = min(every, presence.REFRESH_EVERY)

    async def enqueue(event: bytes) -> None:
        queue.put_nowait(event)

    async with (
        _presence(sitter_id),
        channels.start_subscription([channel]) as subscriber,
        subscriber.run_in_background(enqueue, join=False),
    ):
        yield ServerSentEventMessage(comment="connected")
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), every)
            except TimeoutError:
                event = None
            if time.monotonic() - checked_at >= every:
                if await identify(request.scope) != signed_in:
                    return
                if sitter_id is not None:
                    await presence.seen(sitter_id, utcnow())
                checked_at = time.monotonic()
            if event is None:
                yield ServerSentEventMessage(comment="keep-alive")
                continue
            name = event.decode()
            yield ServerSentEventMessage(event=name, data=name)


@asynccontextmanager
async def _presence(sitter_id: int | None) -> AsyncIterator[None]:
    """The sitter is present from the stream's start to its end, refreshed by its keep-alives
    (`services.presence`: the stamp is in the database, so every process can read it)."""
    if sitter_id is None:
        yield
        return
    await presence.seen(sitter_id, utcnow())
    try:
        yield
    finally:
        await asyncio.shield(presence.left(sitter_id))


@get("/live", guards=[owner_guard], name="owner_live")
async def owner_live(
    request: Request[Any, Any, Any], channels: NamedDependency[ChannelsPlugin]
) -> ServerSentEvent:
    return ServerSentEvent(_stream(request, channels, live.org_channel(request.user.org_id)))


@get("/sitter/live", guards=[sitter_guard], name="sitter_live")
async def sitter_live(
    request: Request[Any, Any, Any], channels: NamedDependency[ChannelsPlugin]
) -> ServerSentEvent:
    sitter_id = request.user.sitter_id
    return ServerSentEvent(_stream(request, channels, live.sitter_channel(sitter_id), sitter_id))


LIVE_HANDLERS = [owner_live, sitter_live]
