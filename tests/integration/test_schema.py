"""The migrations build the whole schema, and its unique indexes hold on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from db.engine import is_sqlite
from db.tables import (
    ALL_TABLES,
    AssignmentWindow,
    AutomationRun,
    Booking,
    BusinessNumber,
    Client,
    Message,
    Org,
    PoolLease,
    ProcessedWebhookEvent,
    Sitter,
    Thread,
)
from tests.helpers import make_org

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


def unique_violation():
    """A duplicate is refused by the database itself on both engines."""
    import sqlite3

    import asyncpg

    return pytest.raises((sqlite3.IntegrityError, asyncpg.exceptions.UniqueViolationError))


async def index_names(engine) -> set[str]:
    if is_sqlite(engine):
        rows = await Org.raw("SELECT name FROM sqlite_master WHERE type = 'index'")
    else:
        rows = await Org.raw("SELECT indexname AS name FROM pg_indexes")
    return {row["name"] for row in rows}


async def test_migrations_create_every_table_and_index(db):
    for table in ALL_TABLES:
        assert await table.table_exists(), table._meta.tablename
    names = await index_names(db)
    for expected in (
        "thread_org_client_uniq",
        "window_booking_uniq",
        "message_provider_sid_uniq",
        "automation_booking_kind_uniq",
        "webhook_event_uniq",
        "pool_lease_open_uniq",
        "number_front_desk_uniq",
        "thread_org_activity_idx",
        "message_thread_created_idx",
        "message_notified_idx",
    ):
        assert expected in names
    # The client-name search's trigram index exists on PostgreSQL only (pg_trgm).
    assert ("client_name_trgm_idx" in names) == (not is_sqlite(db))


async def _client(org_id: int, phone: str = "+14155550177") -> Client:
    client = Client(org=org_id, name="Dana", phone_e164=phone, created_at=NOW)
    await client.save()
    return client


async def test_T1_org_client_unique_index_rejects_a_second_thread(db):
    org = await make_org()
    client = await _client(org.org_id)
    await Thread(org=org.org_id, client=client.id, last_activity_at=NOW, created_at=NOW).save()
    with unique_violation():
        await Thread(org=org.org_id, client=client.id, last_activity_at=NOW, created_at=NOW).save()
    assert await Thread.count() == 1


async def test_R3_provider_sid_is_unique_but_many_messages_have_none(db):
    org = await make_org()

    def message(sid):
        return Message(
            org=org.org_id,
            direction="inbound",
            sender_role="client",
            body="hi",
            from_e164="+14155550177",
            to_e164=org.front_desk,
            status="received",
            provider_sid=sid,
            created_at=NOW,
        )

    await message("SM1").save()
    await message(None).save()
    await message(None).save()
    with unique_violation():
        await message("SM1").save()


async def test_W3_and_S4_one_window_per_booking_one_automation_per_kind(db):
    org = await make_org()
    client = await _client(org.org_id)
    sitter = Sitter(org=org.org_id, name="Sam", phone_e164="+14155550190", created_at=NOW)
    await sitter.save()
    thread = Thread(org=org.org_id, client=client.id, last_activity_at=NOW, created_at=NOW)
    await thread.save()
    booking = Booking(
        org=org.org_id,
        client=client.id,
        sitter=sitter.id,
        service_type="dog_walk",
        starts_at=NOW,
        ends_at=NOW + timedelta(hours=1),
        created_at=NOW,
        updated_at=NOW,
    )
    await booking.save()

    def window():
        return AssignmentWindow(
            org=org.org_id,
            thread=thread.id,
            booking=booking.id,
            sitter=sitter.id,
            starts_at=NOW,
            ends_at=NOW + timedelta(hours=2),
            created_at=NOW,
        )

    await window().save()
    with unique_violation():
        await window().save()
    await AutomationRun(
        org=org.org_id, booking=booking.id, kind="booking_confirmation", created_at=NOW
    ).save()
    with unique_violation():
        await AutomationRun(
            org=org.org_id, booking=booking.id, kind="booking_confirmation", created_at=NOW
        ).save()


async def test_N1_a_second_front_desk_is_refused_by_the_database(db):
    org = await make_org()
    with unique_violation():
        await BusinessNumber(
            org=org.org_id, e164="+14155550999", number_class="front_desk", created_at=NOW
        ).save()


async def test_N6_a_pool_number_has_one_open_lease(db):
    org = await make_org()
    number = BusinessNumber(
        org=org.org_id, e164="+14155550300", number_class="pool", created_at=NOW
    )
    await number.save()
    first, second = await _client(org.org_id), await _client(org.org_id, "+14155550178")
    threads = []
    for client in (first, second):
        thread = Thread(org=org.org_id, client=client.id, last_activity_at=NOW, created_at=NOW)
        await thread.save()
        threads.append(thread)
    lease = PoolLease(
        org=org.org_id, number=number.id, client=first.id, thread=threads[0].id, leased_at=NOW
    )
    await lease.save()
    with unique_violation():
        await PoolLease(
            org=org.org_id, number=number.id, client=second.id, thread=threads[1].id, leased_at=NOW
        ).save()
    lease.released_at = NOW
    await lease.save()
    await PoolLease(
        org=org.org_id, number=number.id, client=second.id, thread=threads[1].id, leased_at=NOW
    ).save()


async def test_S6_a_webhook_event_is_recorded_once(db):
    await ProcessedWebhookEvent(provider="stripe", event_id="evt_1", processed_at=NOW).save()
    with unique_violation():
        await ProcessedWebhookEvent(provider="stripe", event_id="evt_1", processed_at=NOW).save()
