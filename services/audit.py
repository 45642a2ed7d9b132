"""Audit events and owner alerts: written inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db import live
from db.tables import Alert, AuditEvent
from domain.model import AlertSeverity


async def audit(
    *,
    org_id: int,
    actor: str,
    action: str,
    now: datetime,
    target_type: str = "",
    target_id: int | None = None,
    reason: str = "",
    payload: dict[str, Any] | None = None,
) -> None:
    """Record a state change: who (`actor`, e.g. "user:3", "api", "system"), what, and why."""
    await AuditEvent(
        org=org_id,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        payload=payload or {},
        created_at=now,
    ).save()


async def raise_alert(
    *,
    org_id: int,
    kind: str,
    text: str,
    now: datetime,
    severity: AlertSeverity = AlertSeverity.NORMAL,
    sitter_id: int | None = None,
    thread_id: int | None = None,
    message_id: int | None = None,
) -> Alert:
    alert = Alert(
        org=org_id,
        kind=kind,
        severity=severity,
        text=text,
        sitter=sitter_id,
        thread=thread_id,
        message=message_id,
        created_at=now,
    )
    await alert.save()
    await live.signal(live.org_channel(org_id), "alerts")
    return alert
