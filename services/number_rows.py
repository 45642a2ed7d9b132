"""A business number's rows: loaded (row-locked where it matters), turned into the record the
pure rules take and back, and read at a given time."""

from __future__ import annotations

from datetime import datetime
from sqlite3 import IntegrityError

from asyncpg.exceptions import UniqueViolationError

from db.scope import for_update, is_id, objects_in_org
from db.tables import BusinessNumber
from domain import numbers as rules
from domain.errors import Conflict, NotFound
from domain.model import BusinessNumber as NumberRecord
from domain.model import NumberClass, NumberStatus
from services.audit import audit
from services.phone_roles import PhoneRole, check_phone_free
from services.records import number_record


def apply_record(row: BusinessNumber, record: NumberRecord) -> None:
    """Copy what a pure rule decided back onto the row (saved by the caller)."""
    row.number_class = record.number_class.value
    row.status = record.status.value
    row.assigned_sitter = record.assigned_sitter_id
    row.was_sitter_identity = record.was_sitter_identity
    row.quarantined_until = record.quarantined_until
    row.cooldown_until = record.cooldown_until


async def org_numbers(org_id: int) -> list[BusinessNumber]:
    return await objects_in_org(BusinessNumber, org_id).order_by(BusinessNumber.id)


async def load_number(org_id: int, number_id: int) -> BusinessNumber:
    """One number of the org, row-locked on PostgreSQL; another org's id is 404."""
    query = objects_in_org(BusinessNumber, org_id).where(BusinessNumber.id == number_id)
    row = await for_update(query).first() if is_id(number_id) else None
    if row is None:
        raise NotFound(f"No number with id {number_id}.")
    return row


def effective_status(row: BusinessNumber, now: datetime) -> NumberStatus:
    return rules.effective_status(number_record(row), now)


async def check_unregistered(org_id: int, e164: str) -> None:
    """409 when any org has this number already, or it is a sitter's or an owner's phone."""
    if await BusinessNumber.exists().where(BusinessNumber.e164 == e164):
        raise Conflict("This number is already registered.", field="e164")
    await check_phone_free(org_id, e164, becoming=PhoneRole.BUSINESS_NUMBER, field="e164")


async def insert_number(
    org_id: int,
    actor: str,
    e164: str,
    number_class: NumberClass,
    now: datetime,
    *,
    sitter_id: int | None = None,
) -> BusinessNumber:
    """Save a new active number (audited `number.registered`); `sitter_id` makes it that
    sitter's identity at once (a number bought for them). The unique indexes decide a race:
    409."""
    row = BusinessNumber(
        org=org_id,
        e164=e164,
        number_class=number_class.value,
        status=NumberStatus.ACTIVE.value,
        assigned_sitter=sitter_id,
        was_sitter_identity=sitter_id is not None,
        created_at=now,
    )
    try:
        await row.save()
    except (UniqueViolationError, IntegrityError):
        raise Conflict(
            "This number, or a front-desk number, was registered at the same time.",
            field="e164",
        ) from None
    payload = {"numberClass": number_class.value, "sitterId": sitter_id}
    await audit(
        org_id, actor, now, "number.registered", ("business_number", row.id), payload=payload
    )
    return row
