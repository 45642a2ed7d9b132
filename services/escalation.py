"""A blocked message is recorded, and its sitter's escalation applied (SPEC A3-A4).

The escalation rule (`domain.policy.escalation`) is pure: a first offense in 30 days is flagged,
a second raises a high alert, a third locks the sitter's messaging and ends their sessions.
"""

from __future__ import annotations

from datetime import datetime

from db.tables import AntiPoachingAttempt, Message, Sitter, Thread
from domain import antipoaching
from domain.model import AlertSeverity, SenderRole
from domain.policy import OFFENSE_PERIOD, Escalation, escalation
from services.accounts import end_sitter_sessions
from services.audit import audit, raise_alert

LOCK_REASON = "Three messages blocked by anti-poaching within 30 days."


async def record_attempt(
    org_id: int,
    message_id: int,
    thread_id: int,
    sender_role: SenderRole,
    sitter_id: int | None,
    verdict: antipoaching.Verdict,
    now: datetime,
) -> None:
    """A blocked message's attempt, open until the owner overrides or dismisses it (A5)."""
    await AntiPoachingAttempt(
        org=org_id,
        message=message_id,
        thread=thread_id,
        sender_role=sender_role,
        sitter=sitter_id,
        category=verdict.category or "",
        reason=verdict.reason,
        created_at=now,
    ).save()


async def escalate(
    sitter: Sitter, thread: Thread, message: Message, verdict: antipoaching.Verdict, now: datetime
) -> Escalation:
    """A4 for this sitter, the attempt just recorded included."""
    times = await AntiPoachingAttempt.select(AntiPoachingAttempt.created_at).where(
        (AntiPoachingAttempt.sitter == sitter.id)
        & (AntiPoachingAttempt.sender_role == SenderRole.SITTER)
        & (AntiPoachingAttempt.created_at > now - OFFENSE_PERIOD)
    )
    step = escalation([row["created_at"] for row in times], now, sitter.offenses_cleared_at)
    what = f"{sitter.name}'s message was blocked by anti-poaching ({verdict.category})."
    if step is Escalation.FLAG:
        text = f"{what} First offense in 30 days: the sitter was warned."
        severity = AlertSeverity.NORMAL
    elif step is Escalation.HIGH_ALERT:
        text, severity = f"{what} Second offense in 30 days.", AlertSeverity.HIGH
    else:
        text = f"{what} Messaging is locked until you review and unlock."
        severity = AlertSeverity.HIGH
        if sitter.locked_at is None:
            sitter.locked_at, sitter.locked_reason = now, LOCK_REASON
            await sitter.save()
            await end_sitter_sessions(sitter.id)
            await audit(
                sitter.org,
                "system",
                now,
                "sitter.locked",
                ("sitter", sitter.id),
                reason=LOCK_REASON,
            )
    await raise_alert(
        org_id=sitter.org,
        kind="anti_poaching",
        text=text,
        severity=severity,
        sitter_id=sitter.id,
        thread_id=thread.id,
        message_id=message.id,
        now=now,
    )
    return step
