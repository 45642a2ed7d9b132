"""A business number's rows: loaded (row-locked where it matters), turned into the record the
pure rules take and back, and read at a given time."""

from __future__ import annotations

from datetime import datetime

from db.scope import for_update, is_id, objects_in_org
from db.tables import BusinessNumber
from domain import numbers as rules
from domain.errors import NotFound
from domain.model import BusinessNumber as NumberRecord
from domain.model import NumberStatus, from_row


def to_record(row: BusinessNumber) -> NumberRecord:
    return from_row(NumberRecord, row.to_dict(), assigned_sitter_id=row.assigned_sitter)


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
    return rules.effective_status(to_record(row), now)
