"""What the sitter's phone shows (SPEC section 8, sitter screens; S2, S3).

Read-only queries for the sitter's pages. The rules come from `domain.policy`: which messages a
sitter sees (`visible_to_sitter`), the thread header (`window_header`) and whether the composer
works (`can_sitter_send`). Client phone numbers are never selected here, so no page can show
one: a client is the first word of their name and their pet's name.

Which threads: the list holds the threads where this sitter has an open window that has not
ended yet (active or upcoming); threads with an active window come first, then by the next
start. One thread as the sitter sees it is in `sitter_thread`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.tables import AssignmentWindow, Org, Sitter
from domain import model
from domain.names import first_name
from domain.policy import clock_time, window_header
from domain.quiet_hours import QuietHours
from domain.windows import is_active


@dataclass(frozen=True, slots=True)
class SitterContext:
    """The signed-in sitter, as the pages need them."""

    sitter: model.Sitter
    org_id: int
    name: str
    org_name: str
    zone: ZoneInfo
    quiet: QuietHours | None = None  # the org's quiet hours, for the composer's note (O2)
    messaging_note: str = ""  # messaging is not on for this sitter (flags, allow-list)

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


async def sitter_context(org_id: int, sitter_id: int) -> SitterContext | None:
    """The sitter of a session, or None when they may no longer use the pages (not active)."""
    row = (
        await Sitter.select(Sitter.id, Sitter.name, Sitter.status, Sitter.locked_at)
        .where((Sitter.id == sitter_id) & (Sitter.org == org_id))
        .first()
    )
    if row is None or row["status"] != model.SitterStatus.ACTIVE:
        return None
    org = await Org.objects().where(Org.id == org_id).first()
    assert org is not None
    return SitterContext(
        sitter=model.Sitter(
            id=row["id"], status=row["status"], messaging_locked=row["locked_at"] is not None
        ),
        org_id=org_id,
        name=row["name"],
        org_name=org.name,
        zone=ZoneInfo(org.time_zone or "UTC"),
        quiet=QuietHours.of(org.time_zone, org.quiet_hours_start, org.quiet_hours_end),
    )


async def own_windows(ctx: SitterContext, *where: object) -> list[dict]:
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


def window_of(ctx: SitterContext, row: dict) -> model.Window:
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
    rows = await own_windows(ctx, AssignmentWindow.ends_at > min(now, day_start))
    by_thread: dict[int, list[dict]] = {}
    for row in rows:
        by_thread.setdefault(row["thread"], []).append(row)

    threads = []
    for thread_id, thread_rows in by_thread.items():
        windows = [window_of(ctx, r) for r in thread_rows if r["ends_at"] > now]
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
                active=is_active(window_of(ctx, row), now),
            )
        )
    return [item[2] for item in threads], visits
