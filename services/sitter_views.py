"""What the sitter's phone shows (SPEC section 8, sitter screens; S2, S3).

Read-only queries for the sitter's pages. The rules come from `domain.policy`: which messages a
sitter sees (`visible_to_sitter`), the thread header (`window_header`) and whether the composer
works (`can_sitter_send`). Client phone numbers are never selected here, so no page can show
one: a client is the first word of their name and their pet's name.

Which threads and messages:
- the list holds the threads where this sitter has an open window that has not ended yet
  (active or upcoming); threads with an active window come first, then by the next start;
- a thread page opens for any thread where this sitter has an open window (past ones
  included, so the visit's history stays readable); otherwise it answers 404;
- a thread shows the client's conversation only (`chat` and non-billing `automation`
  messages): the sitter's own notifications, sign-in codes, auto-responses and anti-poaching
  warnings are not part of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.tables import AssignmentWindow, Client, Message, Org, Sitter, Thread
from domain import model
from domain.errors import NotFound
from domain.policy import can_sitter_send, clock_time, visible_to_sitter, window_header
from domain.windows import is_active

CONVERSATION_KINDS = ("chat", "automation")
STATUS_LABELS = {
    "queued": "Sending…",
    "sending": "Sending…",
    "sent": "Sent",
    "delivered": "Delivered",
    "undelivered": "Not delivered",
    "failed": "Not delivered",
    "unknown": "Sending…",
}


@dataclass(frozen=True, slots=True)
class SitterContext:
    """The signed-in sitter, as the pages need them."""

    sitter: model.Sitter
    org_id: int
    name: str
    org_name: str
    zone: ZoneInfo

    @property
    def locked(self) -> bool:
        return self.sitter.messaging_locked


@dataclass(frozen=True, slots=True)
class ThreadSummary:
    thread_id: int
    client_name: str
    pet_name: str
    header: str
    active: bool


@dataclass(frozen=True, slots=True)
class Visit:
    """One of today's windows, for the "Today" strip."""

    thread_id: int
    client_name: str
    pet_name: str
    span: str
    active: bool


@dataclass(frozen=True, slots=True)
class Bubble:
    id: int
    mine: bool
    inbound: bool
    who: str
    body: str
    at: str
    status: str


@dataclass(frozen=True, slots=True)
class ThreadView:
    thread_id: int
    client_name: str
    pet_name: str
    header: str
    can_send: bool
    explanation: str
    messages: tuple[Bubble, ...]


def first_name(name: str) -> str:
    """The first word of a client's name; never anything that looks like a number."""
    words = (name or "").split()
    if not words or any(ch.isdigit() for ch in words[0]):
        return "Client"
    return words[0]


async def sitter_context(org_id: int, sitter_id: int) -> SitterContext | None:
    """The sitter of a session, or None when they may no longer use the pages (not active)."""
    row = (
        await Sitter.select(Sitter.id, Sitter.name, Sitter.status, Sitter.locked_at)
        .where((Sitter.id == sitter_id) & (Sitter.org == org_id))
        .first()
    )
    if row is None or row["status"] != model.SitterStatus.ACTIVE.value:
        return None
    org = await Org.select(Org.name, Org.time_zone).where(Org.id == org_id).first()
    assert org is not None
    return SitterContext(
        sitter=model.Sitter(
            id=row["id"], status=row["status"], messaging_locked=row["locked_at"] is not None
        ),
        org_id=org_id,
        name=row["name"],
        org_name=org["name"],
        zone=ZoneInfo(org["time_zone"] or "UTC"),
    )


async def _own_windows(ctx: SitterContext, *where: object) -> list[dict]:
    query = AssignmentWindow.select(
        AssignmentWindow.id,
        AssignmentWindow.thread,
        AssignmentWindow.booking,
        AssignmentWindow.starts_at,
        AssignmentWindow.ends_at,
        AssignmentWindow.closed_at,
        AssignmentWindow.thread.client.name.as_alias("client_name"),
        AssignmentWindow.thread.client.pet_name.as_alias("pet_name"),
    ).where(
        (AssignmentWindow.org == ctx.org_id)
        & (AssignmentWindow.sitter == ctx.sitter.id)
        & AssignmentWindow.closed_at.is_null()
    )
    for condition in where:
        query = query.where(condition)  # type: ignore[arg-type]
    return await query


def _window(ctx: SitterContext, row: dict) -> model.Window:
    return model.Window(
        id=row["id"],
        thread_id=row["thread"],
        booking_id=row["booking"],
        sitter_id=ctx.sitter.id,
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        closed_at=row["closed_at"],
    )


async def conversations(
    ctx: SitterContext, now: datetime
) -> tuple[list[ThreadSummary], list[Visit]]:
    """The sitter's threads with an active or upcoming window, and today's visits."""
    local_now = now.astimezone(ctx.zone)
    day_start = datetime.combine(local_now.date(), time(0), ctx.zone)
    day_end = day_start + timedelta(days=1)
    rows = await _own_windows(ctx, AssignmentWindow.ends_at > min(now, day_start))
    by_thread: dict[int, list[dict]] = {}
    for row in rows:
        by_thread.setdefault(row["thread"], []).append(row)

    threads = []
    for thread_id, thread_rows in by_thread.items():
        windows = [_window(ctx, r) for r in thread_rows if r["ends_at"] > now]
        if not windows:
            continue
        threads.append(
            (
                not any(is_active(w, now) for w in windows),
                min(w.starts_at for w in windows),
                ThreadSummary(
                    thread_id=thread_id,
                    client_name=first_name(thread_rows[0]["client_name"]),
                    pet_name=thread_rows[0]["pet_name"] or "",
                    header=window_header(windows, now, ctx.zone),
                    active=any(is_active(w, now) for w in windows),
                ),
            )
        )
    threads.sort(key=lambda item: (item[0], item[1], item[2].thread_id))

    visits = []
    for row in sorted(rows, key=lambda r: (r["starts_at"], r["id"])):
        if not (row["starts_at"] < day_end and row["ends_at"] > day_start):
            continue
        start, end = row["starts_at"].astimezone(ctx.zone), row["ends_at"].astimezone(ctx.zone)
        visits.append(
            Visit(
                thread_id=row["thread"],
                client_name=first_name(row["client_name"]),
                pet_name=row["pet_name"] or "",
                span=f"{clock_time(start)} – {clock_time(end)}",
                active=is_active(_window(ctx, row), now),
            )
        )
    return [item[2] for item in threads], visits


async def thread_view(
    ctx: SitterContext, thread_id: int, now: datetime, flags: model.MessagingFlags
) -> ThreadView:
    """One thread as this sitter may see it; `NotFound` unless they have an open window on it."""
    own_rows = await _own_windows(ctx, AssignmentWindow.thread == thread_id)
    if not own_rows:
        raise NotFound(f"No thread with id {thread_id}.")
    own = [_window(ctx, row) for row in own_rows]
    client = (
        await Client.select(Client.name, Client.pet_name)
        .where(
            Client.id.is_in(
                Thread.select(Thread.client).where(
                    (Thread.id == thread_id) & (Thread.org == ctx.org_id)
                )
            )
        )
        .first()
    )
    if client is None:
        raise NotFound(f"No thread with id {thread_id}.")
    permission = can_sitter_send(ctx.sitter, own, flags, now, ctx.zone)
    return ThreadView(
        thread_id=thread_id,
        client_name=first_name(client["name"]),
        pet_name=client["pet_name"] or "",
        header=window_header(own, now, ctx.zone),
        can_send=permission.allowed,
        explanation=permission.explanation,
        messages=await _messages(ctx, thread_id, own, first_name(client["name"]), now),
    )


async def _messages(
    ctx: SitterContext, thread_id: int, own: list[model.Window], client_name: str, now: datetime
) -> tuple[Bubble, ...]:
    rows = (
        await Message.select(
            Message.id,
            Message.direction,
            Message.sender_role,
            Message.sender_sitter,
            Message.body,
            Message.status,
            Message.billing,
            Message.blocked,
            Message.scanned_clean,
            Message.created_at,
        )
        .where(
            (Message.org == ctx.org_id)
            & (Message.thread == thread_id)
            & Message.kind.is_in(list(CONVERSATION_KINDS))
            & Message.billing.eq(False)
            & Message.blocked.eq(False)
            & (Message.created_at >= min(w.starts_at for w in own))
        )
        .order_by(Message.created_at)
        .order_by(Message.id)
    )
    today = now.astimezone(ctx.zone).date()
    bubbles = []
    for row in rows:
        seen = model.Message(
            id=row["id"],
            thread_id=thread_id,
            created_at=row["created_at"],
            direction=row["direction"],
            sender_role=row["sender_role"],
            billing=row["billing"],
            blocked=row["blocked"],
            scanned_clean=bool(row["scanned_clean"]),
        )
        if not visible_to_sitter(seen, own):
            continue
        inbound = row["direction"] == model.Direction.INBOUND.value
        mine = not inbound and row["sender_sitter"] == ctx.sitter.id
        if inbound:
            who = client_name
        elif mine:
            who = "You"
        elif row["sender_role"] == model.SenderRole.SITTER.value:
            who = "Another sitter"
        else:
            who = ctx.org_name
        local = row["created_at"].astimezone(ctx.zone)
        at = clock_time(local)
        if local.date() != today:
            at = f"{local:%a %b} {local.day}, {at}"
        bubbles.append(
            Bubble(
                id=row["id"],
                mine=mine,
                inbound=inbound,
                who=who,
                body=row["body"],
                at=at,
                status=STATUS_LABELS.get(row["status"], "") if mine else "",
            )
        )
    return tuple(bubbles)
