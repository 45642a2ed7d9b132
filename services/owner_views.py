"""What the owner's pages show: read-only queries, each scoped to one org.

Writes never happen here; the pages call the services (`numbers`, `sitters`, `bookings`,
`enforcement`, `inbound`, `sending`, `automations`, `triage`) for every change. Each read
returns dataclasses, and every list is bounded. This module has the Inbox, Blocked and Alerts
tabs of the Messages page; `conversations` the Conversations tab, `owner_thread` one
conversation, `setup_views` the numbers, sitters and bookings pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from db.tables import (
    Alert,
    AntiPoachingAttempt,
    Message,
    Org,
    RoutingDecision,
    Sitter,
)
from domain.model import AlertSeverity, AttemptResolution, SenderRole
from services.message_media import Attached, media_by_message

INBOX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Choice:
    """A client or sitter to pick in a form."""

    id: int
    name: str


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


@dataclass(frozen=True, slots=True)
class InboxItem:
    """A message routed to the owner that still needs attention, and why."""

    id: int
    thread: int | None
    body: str
    from_e164: str
    to_e164: str
    blocked: bool
    created_at: datetime
    client_name: str | None
    sitter_name: str | None = None  # a sitter's text from their own phone (staff)
    reason: str = "Needs your attention."
    code: str = ""


async def inbox(org_id: int) -> list[InboxItem]:
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
    items = []
    for row in rows:
        decision = decided.get(row["id"])
        if decision is not None:
            row.update(reason=decision.reason, code=decision.code)
        items.append(InboxItem(**row))
    return items


@dataclass(frozen=True, slots=True)
class Attempt:
    """A blocked anti-poaching attempt, open or decided."""

    id: int
    message: int
    thread: int | None
    sender_role: SenderRole
    category: str
    reason: str
    resolution: AttemptResolution
    resolution_reason: str
    created_at: datetime
    body: str
    sitter_name: str | None
    client_name: str | None
    media: list[Attached] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Blocked:
    open: list[Attempt]
    decided: list[Attempt]


_ATTEMPT_COLUMNS = (
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


async def _attempts(org_id: int, which: Any, limit: int) -> list[Attempt]:
    rows = (
        await AntiPoachingAttempt.select(*_ATTEMPT_COLUMNS)
        .where((AntiPoachingAttempt.org == org_id) & which)
        .order_by(AntiPoachingAttempt.created_at, ascending=False)
        .limit(limit)
    )
    attached = await media_by_message(row["message"] for row in rows)
    return [
        Attempt(
            **row
            | {
                "sender_role": SenderRole(row["sender_role"]),
                "resolution": AttemptResolution(row["resolution"]),
                "media": attached.get(row["message"], []),
            }
        )
        for row in rows
    ]


async def blocked(org_id: int) -> Blocked:
    """Blocked attempts: the open ones to decide, and the last decided ones."""
    is_open = AntiPoachingAttempt.resolution == AttemptResolution.OPEN
    decided = AntiPoachingAttempt.resolution != AttemptResolution.OPEN
    return Blocked(
        open=await _attempts(org_id, is_open, INBOX_LIMIT),
        decided=await _attempts(org_id, decided, 20),
    )


@dataclass(frozen=True, slots=True)
class AlertItem:
    """An unresolved alert, with its sitter's name and lock."""

    id: int
    kind: str
    severity: AlertSeverity
    text: str
    thread: int | None
    sitter: int | None
    created_at: datetime
    sitter_name: str | None
    sitter_locked_at: datetime | None


@dataclass(frozen=True, slots=True)
class TabCounts:
    inbox: int
    blocked: int
    alerts: int


async def alerts(org_id: int) -> list[AlertItem]:
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
    items = [AlertItem(**row | {"severity": AlertSeverity(row["severity"])}) for row in rows]
    return sorted(items, key=lambda item: item.severity != AlertSeverity.HIGH)


async def tab_counts(org_id: int) -> TabCounts:
    return TabCounts(
        inbox=await Message.count().where(
            (Message.org == org_id) & (Message.needs_owner_attention.eq(True))
        ),
        blocked=await AntiPoachingAttempt.count().where(
            (AntiPoachingAttempt.org == org_id)
            & (AntiPoachingAttempt.resolution == AttemptResolution.OPEN)
        ),
        alerts=await Alert.count().where((Alert.org == org_id) & Alert.resolved_at.is_null()),
    )
