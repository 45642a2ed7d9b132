"""Labelled examples: blocked messages the owner decided the detector got wrong.

An override (the message goes through) or a dismissal as "not a contact detail" keeps the
message as the detector saw it, with the detector's category and reason and the owner's
decision, in the transaction of that decision. The owner exports them as JSONL, one object per
line, to grow the detector's labelled set.
"""

from __future__ import annotations

import json
from datetime import datetime

from db.owner_tables import LabelledExample
from db.scope import objects_in_org
from db.tables import AntiPoachingAttempt, Message
from domain.states import ExampleDecision

#: What a dismissal "not a contact detail" records when the owner gave no words of their own.
NOT_A_CONTACT_DETAIL = "Not a contact detail"
PAGE_LIMIT = 200


async def keep(
    message: Message,
    attempt: AntiPoachingAttempt,
    decision: ExampleDecision,
    reason: str,
    user_id: int | None,
    now: datetime,
) -> LabelledExample:
    """Keep `message` as an example, inside the caller's transaction."""
    example = LabelledExample(
        org=message.org,
        message=message.id,
        body=message.body,
        detector_category=attempt.category,
        detector_reason=attempt.reason,
        decision=decision,
        reason=reason,
        decided_by=user_id,
        created_at=now,
    )
    await example.save()
    return example


async def latest(org_id: int, limit: int = PAGE_LIMIT) -> list[LabelledExample]:
    """The org's examples, newest first."""
    return (
        await objects_in_org(LabelledExample, org_id)
        .order_by(LabelledExample.created_at, ascending=False)
        .order_by(LabelledExample.id, ascending=False)
        .limit(limit)
    )


def line(example: LabelledExample) -> str:
    return json.dumps(
        {
            "text": example.body,
            "detector_category": example.detector_category,
            "detector_reason": example.detector_reason,
            "decision": example.decision,
            "reason": example.reason,
            "at": example.created_at.isoformat(),
        },
        ensure_ascii=False,
    )


async def jsonl(org_id: int) -> str:
    """Every example of the org, oldest first, one JSON object per line."""
    rows = await objects_in_org(LabelledExample, org_id).order_by(LabelledExample.id)
    return "".join(line(row) + "\n" for row in rows)
