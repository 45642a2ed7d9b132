"""Business numbers (SPEC section 1): register, list, quarantine, restore, recycle.

Each service loads the org's rows (`services.number_rows`, whose helpers other services reach
through this module too), asks the pure rule in `domain.numbers`, persists the result and
writes an audit event, all in one transaction. Rules chosen where the SPEC is silent:

- A quarantine whose end has passed reads as `active` (N5: it ends by itself); reads never
  write: the worker writes it back (status `active`, end and reason cleared, audited as
  `system`, `end_finished_quarantines`).
- `release` ends a quarantine or recycles a cooled-down number:
  - quarantined and the time has ended → active again (nothing else needed);
  - quarantined and still running → only with `force_restore` and a non-empty
    `restore_reason` ("Restore now", audited with both); without it 409;
  - cooldown whose 90 days have ended → recycled, **only as a pool number**, keeping
    `was_sitter_identity` (N4); a cooldown still running cannot be cut short, not even by
    force (409);
  - an active or retired number has nothing to release (409).
- `force_restore` without a reason answers 400 whatever the number's state.
- Quarantining a number in cooldown or retired is refused (409); quarantining a quarantined
  number sets a new end.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from db.engine import transaction
from db.scope import org_time_zone
from db.tables import BusinessNumber
from domain import numbers as rules
from domain.errors import Conflict, DomainError, Invalid
from domain.model import NumberClass, NumberStatus
from domain.phones import checked_phone
from domain.policy import when_text
from domain.quarantine import DEFAULT_QUARANTINE_DAYS, check_quarantine_request, quarantine_days
from services.audit import audit
from services.number_rows import (
    apply_record,
    check_unregistered,
    effective_status,
    insert_number,
    load_number,
    org_numbers,
)
from services.records import number_record


class MissingRestoreReason(DomainError):
    """N5: "Restore now" needs a reason (400)."""

    status = 400


# --------------------------------------------------------------------------------------------
# N5: a quarantine ends by itself


async def end_finished_quarantines(now: datetime) -> list[int]:
    """The worker's step: write back every quarantine whose end has passed as `active` (end
    and reason cleared, audited as `system`); returns the ids. Safe under concurrency: the
    update itself re-checks the condition. Reads never need it: they show the effective
    status (`domain.numbers.effective_status`)."""
    async with transaction():
        rows = await (
            BusinessNumber.update(
                {
                    BusinessNumber.status: NumberStatus.ACTIVE,
                    BusinessNumber.quarantined_until: None,
                    BusinessNumber.status_reason: "",
                }
            )
            .where(
                (BusinessNumber.status == NumberStatus.QUARANTINED)
                & (BusinessNumber.quarantined_until <= now)
            )
            .returning(BusinessNumber.id, BusinessNumber.org)
        )
        for row in rows:
            await audit(
                row["org"],
                "system",
                now,
                "number.quarantine_ended",
                ("business_number", row["id"]),
                reason="The quarantine time ended.",
            )
    return [row["id"] for row in rows]


async def list_numbers(org_id: int, now: datetime) -> list[BusinessNumber]:
    """The org's numbers by id, as stored: read each one's status at `now` with
    `effective_status` (a finished quarantine reads active before the worker writes it back)."""
    return await org_numbers(org_id)


# --------------------------------------------------------------------------------------------
# N1: registering


def parse_number_class(value: str) -> NumberClass:
    try:
        return NumberClass(str(value).strip())
    except ValueError:
        choices = ", ".join(c.value for c in NumberClass)
        raise Invalid(f"numberClass must be one of {choices}.", field="numberClass") from None


async def register_number(
    *, org_id: int, actor: str, e164: str, number_class: str, now: datetime
) -> BusinessNumber:
    """N1: register a number the org owns. Invalid phone or class → 422; a number already
    registered (by any org) or a second front desk → 409, also when two registrations race
    (the unique indexes on e164 and on the front desk decide)."""
    klass = parse_number_class(number_class)
    normalized = checked_phone(e164, field="e164")
    async with transaction():
        await check_unregistered(org_id, normalized)
        existing = [number_record(row) for row in await org_numbers(org_id)]
        rules.check_can_register(existing, klass, normalized)
        row = await insert_number(org_id, actor, normalized, klass, now)
    return row


# --------------------------------------------------------------------------------------------
# N5: quarantine and restore; N4: recycling


async def quarantine_number(
    *,
    org_id: int,
    actor: str,
    number_id: int,
    duration: str | None,
    custom_days: int | None,
    reason: str,
    now: datetime,
) -> BusinessNumber:
    """N5: quarantine for 1/3/7/14/30/90 days, or "custom" with 1-365 days → 422 otherwise;
    N1: never the only front desk → 409. A number in cooldown or retired → 409."""
    check_quarantine_request(duration, custom_days)  # 422 before anything is read or written
    quarantine_days(duration, custom_days)
    reason = reason.strip()
    async with transaction():
        row = await load_number(org_id, number_id)
        if effective_status(row, now) not in (NumberStatus.ACTIVE, NumberStatus.QUARANTINED):
            raise Conflict(f"A number in {row.status} cannot be quarantined.")
        record = rules.quarantine(
            number_record(row),
            [number_record(n) for n in await org_numbers(org_id)],
            now,
            duration,
            custom_days,
        )
        apply_record(row, record)
        row.status_reason = reason
        await row.save()
        await audit(
            org_id,
            actor,
            now,
            "number.quarantined",
            ("business_number", row.id),
            reason=reason,
            payload={
                "duration": duration or str(DEFAULT_QUARANTINE_DAYS),
                "customDays": custom_days,
                "quarantinedUntil": record.quarantined_until.isoformat(),
            },
        )
    return row


async def release_number(
    *,
    org_id: int,
    actor: str,
    number_id: int,
    force_restore: bool,
    restore_reason: str | None,
    now: datetime,
) -> BusinessNumber:
    """End a quarantine (N5, "Restore now" with a reason when it is still running) or recycle
    a cooled-down number as a pool number (N4). See the module docstring for every case."""
    restore_reason = (restore_reason or "").strip()
    if force_restore and not restore_reason:
        raise MissingRestoreReason(
            "Restore now needs a reason: say why the quarantine ends early.",
            field="restoreReason",
        )
    async with transaction():
        row = await load_number(org_id, number_id)
        if row.status == NumberStatus.QUARANTINED.value:
            await _restore(row, org_id, actor, force_restore, restore_reason, now)
        elif row.status == NumberStatus.COOLDOWN.value:
            await _recycle(row, org_id, actor, now)
        else:
            raise Conflict(f"This number is {row.status}: there is nothing to release.")
    return row


async def _restore(
    row: BusinessNumber, org_id: int, actor: str, force: bool, reason: str, now: datetime
) -> None:
    ended = effective_status(row, now) is NumberStatus.ACTIVE
    if not ended and not force:
        until = (
            when_text(row.quarantined_until, await org_time_zone(org_id))
            if row.quarantined_until
            else "further notice"
        )
        raise Conflict(
            f"This number is quarantined until {until}. Use Restore now with a reason to end "
            "the quarantine early."
        )
    was_until = row.quarantined_until
    row.status = NumberStatus.ACTIVE.value
    row.quarantined_until = None
    row.status_reason = ""
    await row.save()
    await audit(
        org_id,
        actor,
        now,
        "number.restored",
        ("business_number", row.id),
        reason=reason,
        payload={
            "forceRestore": force,
            "restoreReason": reason,
            "quarantinedUntil": was_until.isoformat() if was_until else None,
        },
    )


async def _recycle(row: BusinessNumber, org_id: int, actor: str, now: datetime) -> None:
    record = rules.recycle_after_cooldown(number_record(row), now)  # NotRecyclable → 409
    former_sitter = row.assigned_sitter
    apply_record(row, record)
    row.status_reason = ""
    await row.save()
    await audit(
        org_id,
        actor,
        now,
        "number.recycled",
        ("business_number", row.id),
        reason="Cooldown ended: recycled as a pool number.",
        payload={"formerSitterId": former_sitter, "numberClass": record.number_class.value},
    )


def sitter_numbers(rows: Iterable[BusinessNumber]) -> dict[int, BusinessNumber]:
    """Each sitter's own number (class sitter, active or quarantined), by sitter id (N3)."""
    owned = (NumberStatus.ACTIVE.value, NumberStatus.QUARANTINED.value)
    found: dict[int, BusinessNumber] = {}
    for row in rows:
        if (
            row.number_class == NumberClass.SITTER.value
            and row.assigned_sitter is not None
            and row.status in owned
        ):
            found.setdefault(row.assigned_sitter, row)
    return found
