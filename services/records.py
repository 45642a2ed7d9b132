"""Load the frozen records the pure rules take (domain.model) from the database rows."""

from __future__ import annotations

from db.queries import numbers
from db.tables import AssignmentWindow, BusinessNumber, PoolLease
from domain import model


def number_record(row: BusinessNumber) -> model.BusinessNumber:
    """A loaded number row as the rules' record (one mapping: `db.queries.numbers`)."""
    return numbers.number_record(row.to_dict())


def window_record(row: AssignmentWindow) -> model.Window:
    return model.Window(
        id=row.id,
        thread_id=row.thread,
        booking_id=row.booking,
        sitter_id=row.sitter,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        closed_at=row.closed_at,
    )


def lease_record(row: PoolLease) -> model.PoolLease:
    """A lease holds until it is released, or until its planned end if that comes first."""
    return model.PoolLease(
        number_id=row.number,
        client_id=row.client,
        leased_at=row.leased_at,
        released_at=row.released_at or row.ends_at,
        thread_id=row.thread,
        booking_id=row.booking,
    )


async def org_numbers(org_id: int) -> tuple[model.BusinessNumber, ...]:
    rows = await BusinessNumber.select().where(BusinessNumber.org == org_id)
    return tuple(numbers.number_record(row) for row in rows)


async def thread_windows(thread_id: int) -> tuple[model.Window, ...]:
    rows = await AssignmentWindow.objects().where(AssignmentWindow.thread == thread_id)
    return tuple(window_record(row) for row in rows)


async def open_lease(thread_id: int) -> PoolLease | None:
    """The thread's pool lease that has not been released (it may have passed its end)."""
    return (
        await PoolLease.objects()
        .where((PoolLease.thread == thread_id) & PoolLease.released_at.is_null())
        .first()
    )


async def active_front_desk(org_id: int) -> BusinessNumber | None:
    """The org's front-desk number while it is in service (N1: at most one)."""
    return (
        await BusinessNumber.objects()
        .where(
            (BusinessNumber.org == org_id)
            & (BusinessNumber.number_class == model.NumberClass.FRONT_DESK)
            & (BusinessNumber.status == model.NumberStatus.ACTIVE)
        )
        .first()
    )
