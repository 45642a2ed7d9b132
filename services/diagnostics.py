"""The diagnostics figures of SPEC section 9, per org, with phone numbers redacted."""

from __future__ import annotations

from typing import Any

from db.tables import AntiPoachingAttempt, BusinessNumber, Message, RoutingDecision
from domain.model import OPERATIONAL_CODES
from domain.phones import redact_phone


async def diagnostics(org_id: int) -> dict[str, Any]:
    """`threadsByNumberClass` counts the threads that have used a number of each class."""
    by_class = {"front_desk": 0, "sitter": 0, "pool": 0}
    rows = await Message.raw(
        "SELECT bn.number_class AS number_class, COUNT(DISTINCT m.thread) AS threads "
        "FROM message m JOIN business_number bn ON bn.id = m.number "
        "WHERE m.org = {} AND m.thread IS NOT NULL AND m.kind <> 'notification' "
        "GROUP BY bn.number_class",
        org_id,
    )
    for row in rows:
        by_class[row["number_class"]] = row["threads"]

    decisions = RoutingDecision.org == org_id
    to_owner = decisions & (RoutingDecision.target == "owner_inbox")
    sitter_numbers = BusinessNumber.select(BusinessNumber.id).where(
        (BusinessNumber.org == org_id) & (BusinessNumber.number_class == "sitter")
    )
    last = (
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
        .where(decisions)
        .order_by(RoutingDecision.created_at, ascending=False)
        .order_by(RoutingDecision.id, ascending=False)
        .limit(50)
    )
    return {
        "threadsByNumberClass": by_class,
        "antiPoachingBlocked": await AntiPoachingAttempt.count().where(
            AntiPoachingAttempt.org == org_id
        ),
        "ownerInboxRouted": await RoutingDecision.count().where(to_owner),
        "ownerInboxRoutedOperational": await RoutingDecision.count().where(
            to_owner & RoutingDecision.code.is_in([c.value for c in OPERATIONAL_CODES])
        ),
        "sitterNoActiveWindow": await RoutingDecision.count().where(
            decisions
            & (RoutingDecision.code == "no_active_window")
            & RoutingDecision.message.number.is_in(sitter_numbers)
        ),
        "routingDecisions": [
            {
                "at": row["created_at"].isoformat(),
                "messageId": row["message"],
                "threadId": row["thread"],
                "routingTarget": row["target"],
                "routingReasonCode": row["code"],
                "routingReason": row["reason"],
                "from": redact_phone(row["message.from_e164"]),
                "to": redact_phone(row["message.to_e164"]),
            }
            for row in last
        ],
    }
