"""Audit events and owner alerts: written inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db import live
from db.tables import Alert, AuditEvent, Sitter, User
from domain.model import AlertSeverity

#: What an audit event is about: the kind of row as stored (e.g. "business_number") and its id.
Target = tuple[str, int | None]


async def audit(
    org_id: int,
    actor: str,
    now: datetime,
    action: str,
    target: Target,
    *,
    reason: str = "",
    payload: dict[str, Any] | None = None,
) -> None:
    """Record a state change: who (`actor`, e.g. "user:3", "api", "system") in which org and
    when, what (`action`, on `target`), and why. The row also names the person as they were
    named when they acted (`actor_name`)."""
    target_type, target_id = target
    await AuditEvent(
        org=org_id,
        actor=actor,
        actor_name=await actor_name(actor),
        action=action,
        target_type=target_type,
        target_id=target_id,
        reason=reason,
        payload=payload or {},
        created_at=now,
    ).save()


#: How the actors that are not a person are named in the audit log.
NON_PERSONS = {"api": "API token", "system": "Snout", "stripe": "Stripe", "client": "The client"}


async def actor_name(actor: str) -> str:
    """The name of whoever `actor` is: a staff member's name (their email when they have none),
    a sitter's name, or what a non-person actor is called."""
    kind, _, ident = actor.partition(":")
    if kind == "user" and ident.isdigit():
        row = await User.select(User.name, User.email).where(User.id == int(ident)).first()
        return (row["name"] or row["email"]) if row else actor
    if kind == "sitter" and ident.isdigit():
        row = await Sitter.select(Sitter.name).where(Sitter.id == int(ident)).first()
        return row["name"] if row else actor
    return NON_PERSONS.get(actor, actor)


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
