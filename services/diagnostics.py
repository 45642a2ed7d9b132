"""The diagnostics figures of SPEC section 9, per org, with phone numbers redacted."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.tables import AntiPoachingAttempt, AssignmentWindow, PoolLease, RoutingDecision, Thread
from domain import model
from domain.errors import NoFrontDesk
from domain.model import (
    OPERATIONAL_CODES,
    AttemptResolution,
    NumberClass,
    RouteCode,
    RouteTarget,
)
from domain.phones import redact_phone
from domain.routing import choose_from_number
from services import records

LAST_DECISIONS = 50


@dataclass(frozen=True, slots=True)
class DecisionLine:
    """One of the last routing decisions, its numbers redacted."""

    at: datetime
    message_id: int | None
    thread_id: int | None
    target: RouteTarget
    code: RouteCode
    reason: str
    from_e164: str
    to_e164: str


@dataclass(frozen=True, slots=True)
class Diagnostics:
    threads_by_number_class: dict[str, int]
    anti_poaching_blocked: int
    owner_inbox_routed: int
    owner_inbox_routed_operational: int
    sitter_no_active_window: int
    routing_decisions: list[DecisionLine]

    def to_json(self) -> dict[str, Any]:
        """The API's shape."""
        return {
            "threadsByNumberClass": self.threads_by_number_class,
            "antiPoachingBlocked": self.anti_poaching_blocked,
            "ownerInboxRouted": self.owner_inbox_routed,
            "ownerInboxRoutedOperational": self.owner_inbox_routed_operational,
            "sitterNoActiveWindow": self.sitter_no_active_window,
            "routingDecisions": [
                {
                    "at": line.at.isoformat(),
                    "messageId": line.message_id,
                    "threadId": line.thread_id,
                    "routingTarget": line.target,
                    "routingReasonCode": line.code,
                    "routingReason": line.reason,
                    "from": line.from_e164,
                    "to": line.to_e164,
                }
                for line in self.routing_decisions
            ],
        }


async def diagnostics(org_id: int, now: datetime) -> Diagnostics:
    decisions = RoutingDecision.org == org_id
    overridden = AntiPoachingAttempt.select(AntiPoachingAttempt.message).where(
        (AntiPoachingAttempt.org == org_id)
        & (AntiPoachingAttempt.resolution == AttemptResolution.OVERRIDDEN)
    )
    # as made: an owner's override later sends a blocked message on to a sitter
    to_owner = decisions & (
        (RoutingDecision.target == RouteTarget.OWNER_INBOX)
        | RoutingDecision.message.is_in(overridden)
    )
    return Diagnostics(
        threads_by_number_class=await threads_by_number_class(org_id, now),
        anti_poaching_blocked=await AntiPoachingAttempt.count().where(
            AntiPoachingAttempt.org == org_id
        ),
        owner_inbox_routed=await RoutingDecision.count().where(to_owner),
        owner_inbox_routed_operational=await RoutingDecision.count().where(
            to_owner & RoutingDecision.code.is_in([c.value for c in OPERATIONAL_CODES])
        ),
        sitter_no_active_window=await sitter_threads_without_active_window(org_id, now),
        routing_decisions=await last_decisions(org_id),
    )


async def sitter_threads_without_active_window(org_id: int, now: datetime) -> int:
    """Threads assigned to a sitter (an open window of theirs that has not ended) where no
    window is active now."""
    rows = await AssignmentWindow.select(
        AssignmentWindow.thread, AssignmentWindow.starts_at, AssignmentWindow.ends_at
    ).where(
        (AssignmentWindow.org == org_id)
        & AssignmentWindow.closed_at.is_null()
        & (AssignmentWindow.ends_at > now)
    )
    assigned = {row["thread"] for row in rows}
    active = {row["thread"] for row in rows if row["starts_at"] <= now}
    return len(assigned - active)


async def threads_by_number_class(org_id: int, now: datetime) -> dict[str, int]:
    """Every thread once, by the class of the number section 4 chooses for it now (a normal,
    not billing, message); threads without a message yet included. Loaded in four queries."""
    by_class = {klass.value: 0 for klass in NumberClass}
    numbers = await records.org_numbers(org_id)
    threads = await Thread.select(
        Thread.id, Thread.meet_and_greet, Thread.client.is_one_time_client.as_alias("one_time")
    ).where(Thread.org == org_id)
    windows: dict[int, list[model.Window]] = defaultdict(list)
    for row in await AssignmentWindow.objects().where(AssignmentWindow.org == org_id):
        windows[row.thread].append(records.window_record(row))
    leases = {
        row["thread"]: row["number"]
        for row in await PoolLease.select(PoolLease.thread, PoolLease.number).where(
            (PoolLease.org == org_id) & PoolLease.released_at.is_null()
        )
    }
    for thread in threads:
        outbound = model.Outbound(
            numbers=numbers,
            thread_windows=tuple(windows[thread["id"]]),
            is_one_time_client=thread["one_time"],
            billing=False,
            meet_and_greet=thread["meet_and_greet"],
            leased_pool_number_id=leases.get(thread["id"]),
        )
        try:
            by_class[choose_from_number(outbound, now).number.number_class] += 1
        except NoFrontDesk:
            continue  # no number at all to send from: counted nowhere
    return by_class


async def last_decisions(org_id: int) -> list[DecisionLine]:
    rows = (
        await RoutingDecision.select(
            RoutingDecision.created_at,
            RoutingDecision.message,
            RoutingDecision.thread,
            RoutingDecision.target,
            RoutingDecision.code,
            RoutingDecision.reason,
            RoutingDecision.message.from_e164,
            RoutingDecision.message.to_e164,
        )
        .where(RoutingDecision.org == org_id)
        .order_by(RoutingDecision.created_at, ascending=False)
        .order_by(RoutingDecision.id, ascending=False)
        .limit(LAST_DECISIONS)
    )
    return [
        DecisionLine(
            at=row["created_at"],
            message_id=row["message"],
            thread_id=row["thread"],
            target=RouteTarget(row["target"]),
            code=RouteCode(row["code"]),
            reason=row["reason"],
            from_e164=redact_phone(row["message.from_e164"]),
            to_e164=redact_phone(row["message.to_e164"]),
        )
        for row in rows
    ]
