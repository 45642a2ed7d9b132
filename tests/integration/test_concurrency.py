"""Sitter activation under concurrency (N2). On PostgreSQL these are real races between
transactions; on SQLite writers are serialised, so the same assertions hold trivially."""

from __future__ import annotations

import asyncio

from db.tables import Alert, AuditEvent, BusinessNumber
from domain.clock import utcnow
from domain.errors import Conflict
from services.numbers import register_number
from services.sitters import activate_sitter, create_sitter
from tests.helpers import make_org


async def setup(n_numbers: int, n_sitters: int):
    org = await make_org()
    now = utcnow()
    for n in range(n_numbers):
        await register_number(
            org_id=org.org_id, actor="test", e164=f"+1415556{n:04d}", number_class="sitter", now=now
        )
    sitters = [
        await create_sitter(
            org_id=org.org_id,
            actor="test",
            name=f"Sitter {n}",
            phone=f"+1415557{n:04d}",
            active=False,
            now=now,
        )
        for n in range(n_sitters)
    ]
    return org, [s.id for s in sitters]


async def test_N2_twenty_concurrent_activations_yield_exactly_one_number(db):
    org, (sitter_id,) = await setup(5, 1)
    results = await asyncio.gather(
        *(
            activate_sitter(org_id=org.org_id, actor="test", sitter_id=sitter_id, now=utcnow())
            for _ in range(20)
        )
    )
    assert all(row.status == "active" for row in results)
    assigned = await BusinessNumber.select(BusinessNumber.id).where(
        BusinessNumber.assigned_sitter == sitter_id
    )
    assert len(assigned) == 1
    assert await AuditEvent.count().where(AuditEvent.action == "sitter.activated") == 1
    assert await AuditEvent.count().where(AuditEvent.action == "number.assigned_to_sitter") == 1


async def test_N2_sitters_activated_at_once_never_share_a_number(db):
    org, sitter_ids = await setup(6, 10)
    await asyncio.gather(
        *(
            activate_sitter(org_id=org.org_id, actor="test", sitter_id=sitter_id, now=utcnow())
            for sitter_id in sitter_ids
        )
    )
    rows = await BusinessNumber.select(BusinessNumber.assigned_sitter).where(
        BusinessNumber.number_class == "sitter"
    )
    owners = [r["assigned_sitter"] for r in rows]
    assert None not in owners and len(set(owners)) == 6
    assert await Alert.count().where(Alert.kind == "sitter_without_number") == 4


async def test_N1_concurrent_registrations_of_one_number_keep_one(db):
    org = await make_org()
    results = await asyncio.gather(
        *(
            register_number(
                org_id=org.org_id,
                actor="test",
                e164="+14155558888",
                number_class="pool",
                now=utcnow(),
            )
            for _ in range(10)
        ),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, BaseException))
    assert await BusinessNumber.count().where(BusinessNumber.e164 == "+14155558888") == 1
