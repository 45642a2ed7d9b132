"""Sitters (SPEC N2-N4): create, activate, deactivate, offboard, unlock.

Rules chosen where the SPEC is silent:

- Deactivating (PATCH `active: false`) only sets the status: the sitter keeps their number
  (N3, it persists) and gets it back on re-activation; sessions and windows stay.
- An offboarded sitter cannot be activated or deactivated again (409); offboarding twice
  changes nothing. Someone coming back is created as a new sitter (their phone is free again).
- Offboarding closes the sitter's windows that are still open (not closed, not yet ended);
  windows already over keep their history as it was.
- The "sitter without number" alert is raised once while unresolved; it is resolved when a
  later activation finds a number (e.g. after the owner registered one and re-activated).
"""

from __future__ import annotations

from datetime import datetime

from db.engine import transaction
from db.scope import for_update, is_id, objects_in_org
from db.tables import AssignmentWindow, BusinessNumber, Sitter, Thread
from domain import numbers as rules
from domain.errors import Conflict, Invalid, NotFound
from domain.model import SitterStatus
from domain.names import checked_name
from domain.phones import checked_phone
from services.accounts import end_sitter_sessions
from services.audit import audit
from services.number_purchases import ask_for_number
from services.numbers import org_numbers, sitter_numbers
from services.phone_roles import PhoneRole, check_phone_free
from services.sitter_numbers import (
    alert_no_number,
    cool_sitter_numbers,
    resolve_no_number_alerts,
    take_sitter_number,
)


async def load_sitter(org_id: int, sitter_id: int) -> Sitter:
    """One sitter of the org, row-locked on PostgreSQL so concurrent changes to the same
    sitter run one after the other; another org's id is 404."""
    query = objects_in_org(Sitter, org_id).where(Sitter.id == sitter_id)
    row = await for_update(query).first() if is_id(sitter_id) else None
    if row is None:
        raise NotFound(f"No sitter with id {sitter_id}.")
    return row


async def sitter_number(org_id: int, sitter_id: int) -> BusinessNumber | None:
    """The sitter's own number (N3), or None."""
    return sitter_numbers(await org_numbers(org_id)).get(sitter_id)


async def create_sitter(
    *,
    org_id: int,
    actor: str,
    name: str,
    phone: str,
    active: bool,
    now: datetime,
    buy_number: bool = False,
) -> Sitter:
    """A new sitter; `active` activates them at once (N2: a number is assigned, or bought when
    `buy_number`, see `activate_sitter`)."""
    name = name.strip()
    if not name:
        raise Invalid("The sitter needs a name.", field="name")
    name = checked_name(name, what="The sitter's name", field="name")
    e164 = checked_phone(phone, field="phone")
    async with transaction():
        taken = await objects_in_org(Sitter, org_id).where(
            (Sitter.phone_e164 == e164) & (Sitter.status != SitterStatus.OFFBOARDED.value)
        )
        if taken:
            raise Conflict("A sitter with that phone number already exists.", field="phone")
        await check_phone_free(org_id, e164, becoming=PhoneRole.SITTER, field="phone")
        sitter = Sitter(
            org=org_id,
            name=name,
            phone_e164=e164,
            status=SitterStatus.INACTIVE.value,
            created_at=now,
        )
        await sitter.save()
        await audit(org_id, actor, now, "sitter.created", ("sitter", sitter.id))
        if active:
            sitter = await activate_sitter(
                org_id=org_id, actor=actor, sitter_id=sitter.id, now=now, buy_number=buy_number
            )
    return sitter


async def activate_sitter(
    *, org_id: int, actor: str, sitter_id: int, now: datetime, buy_number: bool = False
) -> Sitter:
    """N2: the sitter is active with a dedicated number: the one they already have
    (idempotent), else a free `sitter` number that was never anyone's identity. None free →
    with `buy_number` (`TWILIO_PROVISIONING`), the worker buys one
    (`services.number_purchases`); otherwise, or when it cannot, the sitter is active without a
    number and an owner alert says so.

    Concurrency: the sitter row is locked (PostgreSQL) so a second activation of the same
    sitter waits and then finds the first one's number; a number is taken with a conditional
    update (`assigned_sitter IS NULL`), so two sitters activated at once never share one."""
    async with transaction():
        sitter = await load_sitter(org_id, sitter_id)
        if sitter.status == SitterStatus.OFFBOARDED.value:
            raise Conflict("This sitter was offboarded and cannot be activated again.")
        number = await take_sitter_number(org_id, actor, sitter_id, now)
        if number is None:
            if not (buy_number and await ask_for_number(org_id, sitter_id, now)):
                await alert_no_number(org_id, sitter, now)
        else:
            await resolve_no_number_alerts(org_id, sitter_id, now)
        payload = {"numberId": number.id if number else None}
        await _set_status(sitter, SitterStatus.ACTIVE, actor, "sitter.activated", now, payload)
    return sitter


async def _set_status(
    sitter: Sitter,
    status: SitterStatus,
    actor: str,
    action: str,
    now: datetime,
    payload: dict | None = None,
) -> None:
    """A new status is saved and audited; the same status again changes nothing."""
    if sitter.status == status:
        return
    sitter.status = status.value
    await sitter.save()
    await audit(sitter.org, actor, now, action, ("sitter", sitter.id), payload=payload)


async def deactivate_sitter(*, org_id: int, actor: str, sitter_id: int, now: datetime) -> Sitter:
    """PATCH `active: false`: the sitter is inactive and keeps their number (N3)."""
    async with transaction():
        sitter = await load_sitter(org_id, sitter_id)
        if sitter.status == SitterStatus.OFFBOARDED.value:
            raise Conflict("This sitter was offboarded.")
        await _set_status(sitter, SitterStatus.INACTIVE, actor, "sitter.deactivated", now)
    return sitter


async def offboard_sitter(*, org_id: int, actor: str, sitter_id: int, now: datetime) -> Sitter:
    """N4: the sitter's number goes to cooldown for 90 days, their open windows close, the
    threads assigned to them fall back to the front desk, their sessions end, and they are
    offboarded. Nothing is deleted. Offboarding twice changes nothing."""
    async with transaction():
        sitter = await load_sitter(org_id, sitter_id)
        if sitter.status == SitterStatus.OFFBOARDED.value:
            return sitter
        cooled = await cool_sitter_numbers(org_id, sitter_id, now)
        windows = await (
            AssignmentWindow.update({AssignmentWindow.closed_at: now})
            .where(
                (AssignmentWindow.org == org_id)
                & (AssignmentWindow.sitter == sitter_id)
                & AssignmentWindow.closed_at.is_null()
                & (AssignmentWindow.ends_at > now)
            )
            .returning(AssignmentWindow.id)
        )
        threads = await (
            Thread.update({Thread.assigned_sitter: None})
            .where((Thread.org == org_id) & (Thread.assigned_sitter == sitter_id))
            .returning(Thread.id)
        )
        await end_sitter_sessions(sitter_id)
        sitter.status = SitterStatus.OFFBOARDED.value
        sitter.offboarded_at = now
        await sitter.save()
        payload = {
            "cooldownNumberIds": cooled,
            "closedWindowIds": [w["id"] for w in windows],
            "frontDeskThreadIds": [t["id"] for t in threads],
            "cooldownUntil": rules.cooldown_until(now).isoformat(),
        }
        await audit(org_id, actor, now, "sitter.offboarded", ("sitter", sitter_id), payload=payload)
    return sitter


async def unlock_sitter(
    *, org_id: int, actor: str, sitter_id: int, reason: str, now: datetime
) -> Sitter:
    """The owner lifts a sitter's messaging lock, saying why (required, 422 without)."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("Say why the sitter is unlocked.", field="reason")
    async with transaction():
        sitter = await load_sitter(org_id, sitter_id)
        if sitter.locked_at is None:
            raise Conflict("This sitter is not locked.")
        was_reason = sitter.locked_reason
        sitter.locked_at = None
        sitter.locked_reason = ""
        sitter.offenses_cleared_at = now  # A4: unlocking resets the count
        await sitter.save()
        await audit(
            org_id,
            actor,
            now,
            "sitter.unlocked",
            ("sitter", sitter_id),
            reason=reason,
            payload={"lockedReason": was_reason},
        )
    return sitter
