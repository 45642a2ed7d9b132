"""What the owner's pages show: read-only queries, each scoped to one org.

Writes never happen here; the pages call the services (`numbers`, `sitters`, `bookings`,
`enforcement`, `inbound`, `sending`, `automations`, `triage`) for every change.
Lists are bounded: the Conversations tab is keyset-paged on the `thread (org,
last_activity_at)` index, so its cost does not grow with the number of threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from db.engine import is_sqlite
from db.scope import get_in_org
from db.tables import (
    Alert,
    AntiPoachingAttempt,
    AssignmentWindow,
    Booking,
    BusinessNumber,
    Client,
    Message,
    Org,
    RoutingDecision,
    Sitter,
    Thread,
)
from domain.errors import NotFound
from domain.model import RouteCode
from domain.policy import window_header
from domain.windows import active_windows
from services import consent, numbers, records, sending

PAGE_SIZE = 50
INBOX_LIMIT = 100
THREAD_MESSAGES = 200


async def org_of(org_id: int) -> Org:
    org = await Org.objects().where(Org.id == org_id).first()
    assert org is not None
    return org


async def sitter_names(org_id: int) -> dict[int, str]:
    rows = await Sitter.select(Sitter.id, Sitter.name).where(Sitter.org == org_id)
    return {row["id"]: row["name"] for row in rows}


async def decisions_for(message_ids: list[int]) -> dict[int, RoutingDecision]:
    if not message_ids:
        return {}
    rows = await RoutingDecision.objects().where(RoutingDecision.message.is_in(message_ids))
    return {row.message: row for row in rows}


# -- Messages: the four tabs ------------------------------------------------------------------


async def inbox(org_id: int) -> list[dict[str, Any]]:
    """Owner inbox: messages routed to the owner that still need attention, newest first."""
    rows = (
        await Message.select(
            Message.id,
            Message.thread,
            Message.body,
            Message.from_e164,
            Message.to_e164,
            Message.blocked,
            Message.created_at,
            Message.thread.client.name.as_alias("client_name"),
            Message.sender_sitter.name.as_alias("sitter_name"),
        )
        .where((Message.org == org_id) & (Message.needs_owner_attention.eq(True)))
        .order_by(Message.created_at, ascending=False)
        .limit(INBOX_LIMIT)
    )
    decided = await decisions_for([row["id"] for row in rows])
    for row in rows:
        decision = decided.get(row["id"])
        row["reason"] = decision.reason if decision else "Needs your attention."
        row["code"] = decision.code if decision else ""
    return rows


@dataclass(frozen=True)
class ThreadPage:
    rows: list[dict[str, Any]]
    next_cursor: str | None
    query: str = ""
    archived: bool = False


def _cursor(row: dict[str, Any]) -> str:
    return f"{row['last_activity_at'].isoformat()}_{row['id']}"


def _parse_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor:
        return None
    at, _, thread_id = cursor.rpartition("_")
    try:
        return datetime.fromisoformat(at), int(thread_id)
    except ValueError:
        return None


async def conversations(
    org_id: int, *, query: str = "", cursor: str | None = None, archived: bool = False
) -> ThreadPage:
    """All threads that are not archived (or, with `archived`, those that are), last activity
    first, PAGE_SIZE at a time (keyset paging: `cursor` is the last row of the previous page).
    `query` searches client names."""
    select = Thread.select(
        Thread.id,
        Thread.last_activity_at,
        Thread.meet_and_greet,
        Thread.client.name.as_alias("client_name"),
        Thread.client.phone_e164.as_alias("client_phone"),
        Thread.assigned_sitter.name.as_alias("sitter_name"),
    ).where(
        (Thread.org == org_id)
        & (Thread.archived_at.is_not_null() if archived else Thread.archived_at.is_null())
    )
    query = query.strip()
    after = _parse_cursor(cursor)
    if after is not None:
        at, last_id = after
        select = select.where(
            (Thread.last_activity_at < at)
            | ((Thread.last_activity_at == at) & (Thread.id < last_id))
        )
    # Ordering by activity, a database walks every thread of the org to find a rare name's few
    # (SQLite always; PostgreSQL whenever its estimate of the matches is too high, which the
    # statistics of a name column often give): look up the clients first (on PostgreSQL through
    # the trigram index on client.name, for terms of 3 characters or more) and their threads
    # through the (org, client) index. Measured with benchmarks/inbox.py.
    clients = await _clients_named(org_id, query) if query else None
    if clients is not None:
        found = await select.where(Thread.client.is_in(clients or [0]))
        found.sort(key=lambda row: (row["last_activity_at"], row["id"]), reverse=True)
        rows = found[: PAGE_SIZE + 1]
    else:
        if query:  # a common name: walking in activity order finds a page's worth quickly
            select = select.where(_name_matches(Thread.client.name, query))
        rows = (
            await select.order_by(Thread.last_activity_at, ascending=False)
            .order_by(Thread.id, ascending=False)
            .limit(PAGE_SIZE + 1)
        )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    previews = await _previews([row["id"] for row in rows])
    for row in rows:
        row["preview"] = previews.get(row["id"], "")
    return ThreadPage(rows, _cursor(rows[-1]) if more and rows else None, query, archived)


SEARCH_CLIENTS = 500


def _name_matches(column: Any, query: str) -> Any:
    pattern = query.replace("%", "").replace("_", " ")
    # SQLite's LIKE already ignores ASCII case (and warns on ILIKE); PostgreSQL needs ILIKE.
    return (column.like if is_sqlite() else column.ilike)(f"%{pattern}%")


async def _clients_named(org_id: int, query: str) -> list[int] | None:
    """The ids of the org's clients whose name contains `query`, or None when there are more
    than SEARCH_CLIENTS of them."""
    rows = (
        await Client.select(Client.id)
        .where((Client.org == org_id) & _name_matches(Client.name, query))
        .limit(SEARCH_CLIENTS + 1)
    )
    return [row["id"] for row in rows] if len(rows) <= SEARCH_CLIENTS else None


async def _previews(thread_ids: list[int]) -> dict[int, str]:
    """The last message of each thread (one query, on the `message (thread, created_at)`
    index). Blocked and billing text is shown to the owner, who sees everything."""
    if not thread_ids:
        return {}
    marks = ", ".join("{}" for _ in thread_ids)
    sql = (  # only "{}" placeholders are formatted in: the ids travel as parameters
        "SELECT t.id AS id, (SELECT m.body FROM message m WHERE m.thread = t.id "  # noqa: S608
        "ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS body "
        "FROM thread t WHERE t.id IN (" + marks + ")"
    )
    rows = await Thread.raw(sql, *thread_ids)
    return {row["id"]: row["body"] or "" for row in rows}


async def blocked(org_id: int) -> dict[str, list[dict[str, Any]]]:
    """Blocked attempts: the open ones to decide, and the last decided ones."""
    columns = (
        AntiPoachingAttempt.id,
        AntiPoachingAttempt.message,
        AntiPoachingAttempt.thread,
        AntiPoachingAttempt.sender_role,
        AntiPoachingAttempt.category,
        AntiPoachingAttempt.reason,
        AntiPoachingAttempt.resolution,
        AntiPoachingAttempt.resolution_reason,
        AntiPoachingAttempt.created_at,
        AntiPoachingAttempt.message.body.as_alias("body"),
        AntiPoachingAttempt.sitter.name.as_alias("sitter_name"),
        AntiPoachingAttempt.thread.client.name.as_alias("client_name"),
    )
    base = AntiPoachingAttempt.select(*columns).where(AntiPoachingAttempt.org == org_id)
    open_rows = (
        await base.where(AntiPoachingAttempt.resolution == "open")
        .order_by(AntiPoachingAttempt.created_at, ascending=False)
        .limit(INBOX_LIMIT)
    )
    decided = (
        await AntiPoachingAttempt.select(*columns)
        .where((AntiPoachingAttempt.org == org_id) & (AntiPoachingAttempt.resolution != "open"))
        .order_by(AntiPoachingAttempt.created_at, ascending=False)
        .limit(20)
    )
    return {"open": open_rows, "decided": decided}


async def alerts(org_id: int) -> list[dict[str, Any]]:
    """Unresolved alerts, high severity first, then newest first; with the sitter's lock."""
    rows = (
        await Alert.select(
            Alert.id,
            Alert.kind,
            Alert.severity,
            Alert.text,
            Alert.thread,
            Alert.sitter,
            Alert.created_at,
            Alert.sitter.name.as_alias("sitter_name"),
            Alert.sitter.locked_at.as_alias("sitter_locked_at"),
        )
        .where((Alert.org == org_id) & Alert.resolved_at.is_null())
        .order_by(Alert.created_at, ascending=False)
        .limit(INBOX_LIMIT)
    )
    return sorted(rows, key=lambda row: row["severity"] != "high")


async def tab_counts(org_id: int) -> dict[str, int]:
    return {
        "inbox": await Message.count().where(
            (Message.org == org_id) & (Message.needs_owner_attention.eq(True))
        ),
        "blocked": await AntiPoachingAttempt.count().where(
            (AntiPoachingAttempt.org == org_id) & (AntiPoachingAttempt.resolution == "open")
        ),
        "alerts": await Alert.count().where((Alert.org == org_id) & Alert.resolved_at.is_null()),
    }


# -- one thread -------------------------------------------------------------------------------


@dataclass
class ThreadView:
    thread: Thread
    client: Client
    header: str
    number_class: str
    number_e164: str
    number_reason: str
    messages: list[dict[str, Any]]
    windows: list[dict[str, Any]]
    before: int | None = None  # showing the messages older than this one
    has_older: bool = False
    overlap_sitters: list[dict[str, Any]] = field(default_factory=list)
    bookings: list[dict[str, Any]] = field(default_factory=list)
    consent_events: list[dict[str, Any]] = field(default_factory=list)  # R4: newest first


async def thread_view(
    org_id: int, thread_id: int, now: datetime, before: int | None = None
) -> ThreadView:
    """The conversation with everything the owner needs to act on it (another org's id 404):
    its latest `THREAD_MESSAGES` messages, or with `before` (a message of the thread) the ones
    just older than that one."""
    org = await org_of(org_id)
    thread = await get_in_org(Thread, org_id, thread_id, what="thread")
    client = await Client.objects().where(Client.id == thread.client).first()
    assert client is not None
    names = await sitter_names(org_id)
    window_rows = await AssignmentWindow.objects().where(AssignmentWindow.thread == thread.id)
    window_records = [records.window_record(w) for w in window_rows]
    choice = await sending.number_for_thread(thread, billing=False, now=now)
    query = Message.select().where(Message.thread == thread.id)
    if before is not None:
        anchor = await get_in_org(Message, org_id, before, what="message")
        if anchor.thread != thread.id:
            raise NotFound("No such message in this conversation.")
        query = query.where(
            (Message.created_at < anchor.created_at)
            | ((Message.created_at == anchor.created_at) & (Message.id < anchor.id))
        )
    rows = (
        await query.order_by(Message.created_at, ascending=False)
        .order_by(Message.id, ascending=False)
        .limit(THREAD_MESSAGES + 1)
    )
    has_older = len(rows) > THREAD_MESSAGES
    rows = rows[:THREAD_MESSAGES]
    rows.reverse()
    decided = await decisions_for([row["id"] for row in rows])
    number_classes = {
        row["id"]: row["number_class"]
        for row in await BusinessNumber.select(
            BusinessNumber.id, BusinessNumber.number_class
        ).where(BusinessNumber.org == org_id)
    }
    active_sitters = {w.sitter_id for w in active_windows(window_records, now)}
    overlap: list[dict[str, Any]] = []
    for row in rows:
        decision = decided.get(row["id"])
        row["decision"] = decision
        row["number_class"] = number_classes.get(row["number"], "")
        row["sender"] = _sender(row, names)
        if (
            decision is not None
            and decision.code == RouteCode.OVERLAPPING_WINDOWS
            and row["needs_owner_attention"]
        ):
            overlap.append(row)
    return ThreadView(
        thread=thread,
        client=client,
        header=window_header(window_records, now, org.time_zone),
        number_class=choice.number.number_class.value,
        number_e164=choice.number.e164,
        number_reason=choice.reason,
        messages=rows,
        before=before,
        has_older=has_older,
        windows=[
            {
                "sitter_name": names.get(w.sitter, f"Sitter {w.sitter}"),
                "starts_at": w.starts_at,
                "ends_at": w.ends_at,
                "closed": w.closed_at is not None,
                "active": w.sitter in active_sitters
                and w.closed_at is None
                and w.starts_at <= now < w.ends_at,
            }
            for w in sorted(window_rows, key=lambda w: w.starts_at)
        ],
        overlap_sitters=(
            [{"id": s, "name": names.get(s, f"Sitter {s}")} for s in sorted(active_sitters)]
            if overlap
            else []
        ),
        bookings=await Booking.select(Booking.id, Booking.service_type, Booking.starts_at)
        .where((Booking.client == client.id) & (Booking.status != "cancelled"))
        .order_by(Booking.starts_at, ascending=False)
        .limit(20),
        consent_events=await consent.history(client.id),
    )


def _sender(row: dict[str, Any], names: dict[int, str]) -> str:
    role = row["sender_role"]
    if role == "client":
        return "Client"
    if role == "sitter":
        return names.get(row["sender_sitter"], "Sitter")
    if role == "owner":
        return "You"
    return "Snout"


# -- numbers, sitters, bookings ---------------------------------------------------------------

CLASS_ORDER = ("front_desk", "sitter", "pool")
STATUS_ORDER = ("active", "quarantined", "cooldown", "retired")


async def numbers_by_class(org_id: int, now: datetime) -> list[dict[str, Any]]:
    """The org's numbers grouped by class, then status, with their effective status (a
    finished quarantine reads active, N5)."""
    rows = await numbers.list_numbers(org_id, now)
    names = await sitter_names(org_id)
    groups = []
    for klass in CLASS_ORDER:
        members = [row for row in rows if row.number_class == klass]
        by_status = []
        for status in STATUS_ORDER:
            items = [
                {
                    "row": row,
                    "status": status,
                    "sitter_name": names.get(row.assigned_sitter) if row.assigned_sitter else None,
                }
                for row in members
                if numbers.effective_status(row, now).value == status
            ]
            if items:
                by_status.append({"status": status, "entries": items})
        groups.append({"number_class": klass, "statuses": by_status, "count": len(members)})
    return groups


async def sitters(org_id: int) -> list[dict[str, Any]]:
    rows = await Sitter.objects().where(Sitter.org == org_id).order_by(Sitter.name)
    owned = numbers.sitter_numbers(await numbers.org_numbers(org_id))
    status_order = {"active": 0, "inactive": 1, "offboarded": 2}
    rows.sort(key=lambda row: (status_order.get(row.status, 3), row.name.lower()))
    return [{"row": row, "number": owned.get(row.id)} for row in rows]


async def bookings(org_id: int, now: datetime) -> list[dict[str, Any]]:
    """Every booking not cancelled more than a day ago, latest start first (bounded)."""
    rows = (
        await Booking.select(
            Booking.all_columns(),
            Booking.client.name.as_alias("client_name"),
            Booking.sitter.name.as_alias("sitter_name"),
        )
        .where(Booking.org == org_id)
        .order_by(Booking.starts_at, ascending=False)
        .limit(INBOX_LIMIT)
    )
    windows = {
        w.booking: w
        for w in await AssignmentWindow.objects().where(
            AssignmentWindow.booking.is_in([row["id"] for row in rows] or [0])
        )
    }
    for row in rows:
        row["window"] = windows.get(row["id"])
    return rows


async def booking_choices(org_id: int) -> dict[str, list[dict[str, Any]]]:
    return {
        "clients": await Client.select(Client.id, Client.name)
        .where(Client.org == org_id)
        .order_by(Client.name)
        .limit(1000),
        "sitters": await Sitter.select(Sitter.id, Sitter.name)
        .where((Sitter.org == org_id) & (Sitter.status != "offboarded"))
        .order_by(Sitter.name),
    }
