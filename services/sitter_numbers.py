"""A sitter's own number (SPEC N2-N4): taken on activation, cooled down on offboarding.

The "sitter without number" alert is raised once while unresolved; it is resolved when a later
activation finds a number.
"""

from __future__ import annotations

from datetime import datetime

from db.scope import objects_in_org
from db.tables import Alert, BusinessNumber, Sitter
from domain import numbers as rules
from domain.errors import Conflict
from domain.model import NumberClass, NumberStatus
from services.audit import audit, raise_alert
from services.number_rows import apply_record, org_numbers
from services.records import number_record

NO_NUMBER_ALERT = "sitter_without_number"


async def take_sitter_number(
    org_id: int, actor: str, sitter_id: int, now: datetime
) -> BusinessNumber | None:
    for _attempt in range(5):
        rows = await org_numbers(org_id)
        choice = rules.choose_sitter_number([number_record(r) for r in rows], sitter_id, now)
        if choice is None:
            return None
        row = next(r for r in rows if r.id == choice.id)
        if choice.assigned_sitter_id == sitter_id:
            return row  # already theirs (N2 idempotent, N3 persistent)
        assigned = rules.assign_to_sitter(choice, sitter_id)
        taken = await (
            BusinessNumber.update(
                {
                    BusinessNumber.assigned_sitter: sitter_id,
                    BusinessNumber.was_sitter_identity: True,
                    BusinessNumber.status: NumberStatus.ACTIVE.value,
                    BusinessNumber.quarantined_until: None,
                }
            )
            .where(
                (BusinessNumber.id == choice.id)
                & BusinessNumber.assigned_sitter.is_null()
                & BusinessNumber.was_sitter_identity.eq(False)
            )
            .returning(BusinessNumber.id)
        )
        if not taken:
            continue  # another activation took it in the meantime: choose again
        apply_record(row, assigned)
        row.status = NumberStatus.ACTIVE.value
        row.quarantined_until = None
        await audit(
            org_id,
            actor,
            now,
            "number.assigned_to_sitter",
            ("business_number", row.id),
            payload={"sitterId": sitter_id},
        )
        return row
    raise Conflict("Numbers changed too often while activating; try again.")


async def alert_no_number(org_id: int, sitter: Sitter, now: datetime, *, why: str = "") -> None:
    """The owner alert "active without a number" (once while unresolved); `why` says what
    went wrong when buying one failed."""
    open_alert = await objects_in_org(Alert, org_id).where(
        (Alert.kind == NO_NUMBER_ALERT) & (Alert.sitter == sitter.id) & Alert.resolved_at.is_null()
    )
    if open_alert:
        return
    await raise_alert(
        org_id=org_id,
        kind=NO_NUMBER_ALERT,
        text=(
            f"{sitter.name} is active without a number: no free sitter number is left. "
            + (f"{why} " if why else "")
            + "Register a sitter number, then activate them again."
        ),
        sitter_id=sitter.id,
        now=now,
    )


async def resolve_no_number_alerts(org_id: int, sitter_id: int, now: datetime) -> None:
    await Alert.update({Alert.resolved_at: now}).where(
        (Alert.org == org_id)
        & (Alert.kind == NO_NUMBER_ALERT)
        & (Alert.sitter == sitter_id)
        & Alert.resolved_at.is_null()
    )


async def cool_sitter_numbers(org_id: int, sitter_id: int, now: datetime) -> list[int]:
    """N4: the sitter's numbers in service go to cooldown. Returns their ids."""
    cooled = []
    for row in await org_numbers(org_id):
        if (
            row.number_class == NumberClass.SITTER
            and row.assigned_sitter == sitter_id
            and row.status in (NumberStatus.ACTIVE, NumberStatus.QUARANTINED)
        ):
            apply_record(row, rules.start_cooldown(number_record(row), now))
            row.quarantined_until = None
            await row.save()
            cooled.append(row.id)
    return cooled
