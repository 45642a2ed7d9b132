"""Live updates over Server-Sent Events, through Litestar's channels.

`/live` streams the owner's org channel, `/sitter/live` the signed-in sitter's own channel.
Each event is only a name (`inbox`, `thread-12`, ...; see `db.live`): pages listen with
`hx-trigger="sse:<name>"` and re-fetch their fragment through the normal guarded GET.
With one process the channels live in memory; on PostgreSQL they ride LISTEN/NOTIFY, so an
event raised in any process (a web worker or a `worker` process) reaches every page.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from typing import Any

from litestar import Request, get
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.asyncpg import AsyncPgChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.di import NamedDependency
from litestar.response import ServerSentEvent, ServerSentEventMessage

from db import live
from settings import Settings
from web.auth import owner_guard, sitter_guard

KEEP_ALIVE_SECONDS = 20.0


class ListenBackend(AsyncPgChannelsBackend):
    """Litestar's LISTEN/NOTIFY backend, safe when a page reconnects.

    When a browser leaves a page for the next one, the plugin may ask the backend to
    subscribe to a channel (new page) while the unsubscribe of the same channel (old page) is
    still waiting for the listener lock. The plain backend then treats the subscribe as
    already done and lets the unsubscribe remove the listener: the new page hears nothing.
    Here every subscribe is counted, and a channel is only UNLISTENed, under the lock, once
    its count is back to zero; the UNLISTEN is shielded from the closing stream's cancellation.
    (Built on the backend's attributes in Litestar 2.25.)
    """

    def __init__(self, dsn: str) -> None:
        super().__init__(dsn=dsn)
        self._wanted: Counter[str] = Counter()

    async def subscribe(self, channels: Iterable[str]) -> None:
        channels = set(channels)
        self._wanted.update(channels)
        await super().subscribe(channels)

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
                    await self._listener_conn.remove_listener(channel, self._listener)  # type: ignore[arg-type]
                    self._subscribed_channels.remove(channel)


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


async def _stream(channels: ChannelsPlugin, channel: str) -> AsyncIterator[ServerSentEventMessage]:
    queue: asyncio.Queue[bytes] = asyncio.Queue()

    async def enqueue(event: bytes) -> None:
        queue.put_nowait(event)

    async with (
        channels.start_subscription([channel]) as subscriber,
        subscriber.run_in_background(enqueue, join=False),
    ):
        yield ServerSentEventMessage(comment="connected")
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), KEEP_ALIVE_SECONDS)
            except TimeoutError:
                yield ServerSentEventMessage(comment="keep-alive")
                continue
            name = event.decode()
            yield ServerSentEventMessage(event=name, data=name)


@get("/live", guards=[owner_guard], name="owner_live")
async def owner_live(
    request: Request[Any, Any, Any], channels: NamedDependency[ChannelsPlugin]
) -> ServerSentEvent:
    return ServerSentEvent(_stream(channels, live.org_channel(request.user.org_id)))


@get("/sitter/live", guards=[sitter_guard], name="sitter_live")
async def sitter_live(
    request: Request[Any, Any, Any], channels: NamedDependency[ChannelsPlugin]
) -> ServerSentEvent:
    return ServerSentEvent(_stream(channels, live.sitter_channel(request.user.sitter_id)))


LIVE_HANDLERS = [owner_live, sitter_live]
