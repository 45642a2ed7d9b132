"""Retiring a number and replacing the front desk (SPEC N1, O7; rules in
`domain.number_lifecycle`). Each runs in one transaction and is audited.

Threads never store the front desk: every send and every fallback looks up the org's active
front desk when it happens (section 4), so once the new front desk is in, the inbox's threads
continue through it, and inbound to it is routed like any front-desk text. Texts still sent to
the old number reach the owner inbox as "Number not in service", with an auto-response naming
the new front desk (R0).
"""

from __future__ import annotations

from datetime import datetime

from db.engine import transaction
from db.tables import BusinessNumber, PoolLease
from domain import number_lifecycle as rules
from domain.model import NumberClass, from_row
from domain.model import PoolLease as LeaseRecord
from domain.phones import checked_phone
from services.audit import audit
from services.number_rows import (
    apply_record,
    check_unregistered,
    insert_number,
    load_number,
    org_numbers,
)
from services.records import number_record


async def retire_number(
    *, org_id: int, actor: str, number_id: int, reason: str | None, now: datetime
) -> BusinessNumber:
    """Retire a number for good, saying why (422 without a reason). Another org's number → 404;
    the front desk, a sitter's own number, or a retired one → 409 (see the rules). A pool
    number's current leases end now."""
    reason = rules.checked_retire_reason(reason)
    async with transaction():
        row = await load_number(org_id, number_id)
        await _retire(row, org_id, actor, reason, now)
    return row


async def _retire(
    row: BusinessNumber, org_id: int, actor: str, reason: str, now: datetime
) -> list[int]:
    """Retire a loaded row (checked, saved, leases ended, audited); the ended lease ids."""
    rules.check_can_retire(number_record(row))
    was_status = await _mark_retired(row, reason)
    ended = await _end_leases(row, org_id, now)
    await audit(
        org_id,
        actor,
        now,
        "number.retired",
        ("business_number", row.id),
        reason=reason,
        payload={"numberClass": row.number_class, "wasStatus": was_status, "endedLeases": ended},
    )
    return ended


async def _mark_retired(row: BusinessNumber, reason: str) -> str:
    """Save the row retired with its reason; the status it had."""
    was_status = row.status
    apply_record(row, rules.retire(number_record(row)))
    row.status_reason = reason
    await row.save()
    return was_status


async def _end_leases(row: BusinessNumber, org_id: int, now: datetime) -> list[int]:
    leases = await PoolLease.objects().where(
        (PoolLease.org == org_id) & (PoolLease.number == row.id)
    )
    number = number_record(row)
    ended_ids = [
        lease.id
        for lease in leases
        if rules.lease_ends_with_retirement(
            from_row(LeaseRecord, lease.to_dict(), number_id=lease.number, client_id=lease.client),
            number,
            now,
        )
    ]
    if ended_ids:
        await PoolLease.update({PoolLease.released_at: now}).where(PoolLease.id.is_in(ended_ids))
    return ended_ids


async def replace_front_desk(
    *, org_id: int, actor: str, e164: str, reason: str | None, now: datetime
) -> BusinessNumber:
    """N1 in one step: the current front desk is retired (with the reason, 422 without) and
    ``e164`` becomes the active front desk; the new row is returned. A number already
    registered → 409; an org without a front desk registers one instead (409)."""
    reason = rules.checked_retire_reason(reason)
    new_e164 = checked_phone(e164, field="e164")
    async with transaction():
        await check_unregistered(org_id, new_e164)
        numbers = await org_numbers(org_id)
        old = rules.front_desk_to_replace([number_record(n) for n in numbers], new_e164)
        old_row = await load_number(org_id, old.id)
        # first: the one-front-desk index counts only unretired ones
        was_status = await _mark_retired(old_row, reason)
        new_row = await insert_number(org_id, actor, new_e164, NumberClass.FRONT_DESK, now)
        await audit(
            org_id,
            actor,
            now,
            "number.front_desk_replaced",
            ("business_number", new_row.id),
            reason=reason,
            payload={"retiredNumberId": old_row.id, "wasStatus": was_status},
        )
    return new_row
