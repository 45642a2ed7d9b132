"""What the owner's clients page shows: the clients found by a search, a page at a time, and
one client with their consent history, bookings and thread."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from db.engine import is_sqlite
from db.scope import get_in_org, in_org
from db.tables import Booking, Client, Thread
from services import consent
from services.owner_views import sitter_names

PAGE_SIZE = 20
CLIENT_BOOKINGS = 50
#: At least this many digits in a search make it a search by phone as well.
PHONE_DIGITS = 3


@dataclass(frozen=True)
class ClientRow:
    client: Client
    thread_id: int | None


@dataclass(frozen=True)
class ClientPage:
    query: str
    rows: list[ClientRow]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class ClientDetail:
    client: Client
    thread_id: int | None
    consent_events: list[dict[str, Any]]
    bookings: list[dict[str, Any]] = field(default_factory=list)


def _matching(query: str) -> Any:
    """Clients whose name or pet contains the words typed (any case), or whose phone contains
    its digits however they were written ("(415) 555-0123", "415.555.0123", "+1 415…")."""
    text = re.sub(r"[%\\]", "", query.strip())
    pattern = f"%{text}%"
    if is_sqlite():  # SQLite's LIKE already ignores case (ASCII)
        where = Client.name.like(pattern) | Client.pet_name.like(pattern)
    else:
        where = Client.name.ilike(pattern) | Client.pet_name.ilike(pattern)
    digits = re.sub(r"\D", "", text)
    if len(digits) >= PHONE_DIGITS:
        where |= Client.phone_e164.like(f"%{digits}%")
    return where


async def search(org_id: int, query: str = "", page: int = 1) -> ClientPage:
    """The org's clients by name (those matching `query` when given), `PAGE_SIZE` a page; a
    page past the last shows the last."""
    where = Client.org == org_id
    if query.strip():
        where &= _matching(query)
    total = await Client.count().where(where)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    clients = (
        await Client.objects()
        .where(where)
        .order_by(Client.name)
        .order_by(Client.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    threads = await _threads_of(org_id, [c.id for c in clients])
    rows = [ClientRow(c, threads.get(c.id)) for c in clients]
    return ClientPage(query=query.strip(), rows=rows, page=page, pages=pages, total=total)


async def _threads_of(org_id: int, client_ids: list[int]) -> dict[int, int]:
    if not client_ids:
        return {}
    rows = await in_org(Thread, org_id, Thread.id, Thread.client).where(
        Thread.client.is_in(client_ids)
    )
    return {row["client"]: row["id"] for row in rows}


async def detail(org_id: int, client_id: int) -> ClientDetail:
    """One client of the org (another org's id: 404), newest bookings first."""
    client = await get_in_org(Client, org_id, client_id, what="client")
    bookings = (
        await Booking.select(
            Booking.id,
            Booking.service_type,
            Booking.starts_at,
            Booking.ends_at,
            Booking.status,
            Booking.sitter,
            Booking.recurring,
        )
        .where((Booking.org == org_id) & (Booking.client == client.id))
        .order_by(Booking.starts_at, ascending=False)
        .limit(CLIENT_BOOKINGS)
    )
    names = await sitter_names(org_id)
    for row in bookings:
        row["sitter_name"] = names.get(row["sitter"], "") if row["sitter"] else ""
    threads = await _threads_of(org_id, [client.id])
    return ClientDetail(
        client=client,
        thread_id=threads.get(client.id),
        consent_events=await consent.history(client.id),
        bookings=bookings,
    )
