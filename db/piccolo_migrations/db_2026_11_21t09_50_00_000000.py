"""Unique indexes that hold the business rules under concurrency, and the inbox's query indexes.

Raw SQL so it is the same on SQLite and PostgreSQL (Piccolo's composite constraints fail on
SQLite). Partial indexes (`WHERE ...`) are supported by both.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-21T09:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique rules and query indexes"

INDEXES = [
    # T1: one thread per client per org.
    "CREATE UNIQUE INDEX thread_org_client_uniq ON thread (org, client)",
    # W3: at most one window per booking.
    "CREATE UNIQUE INDEX window_booking_uniq ON assignment_window (booking)",
    # R3: a retried webhook never creates a second message. (NULLs are distinct, so messages
    # without a provider sid yet are not constrained; not partial, so ON CONFLICT can use it.)
    "CREATE UNIQUE INDEX message_provider_sid_uniq ON message (provider_sid)",
    # S4: each automation at most once per booking and kind.
    "CREATE UNIQUE INDEX automation_booking_kind_uniq ON automation_run (booking, kind)",
    # S6: a Stripe event is handled once.
    "CREATE UNIQUE INDEX webhook_event_uniq ON processed_webhook_event (provider, event_id)",
    # N6: a pool number is never leased to two clients at once.
    "CREATE UNIQUE INDEX pool_lease_open_uniq ON pool_lease (number) WHERE released_at IS NULL",
    # N1: one front-desk number per org (quarantined counts; retired does not).
    "CREATE UNIQUE INDEX number_front_desk_uniq ON business_number (org)"
    " WHERE number_class = 'front_desk' AND status <> 'retired'",
    # N2: one active dedicated number per sitter.
    "CREATE UNIQUE INDEX number_sitter_uniq ON business_number (assigned_sitter)"
    " WHERE number_class = 'sitter' AND status = 'active'",
    # One client per phone per org; one working sitter per phone per org.
    "CREATE UNIQUE INDEX client_org_phone_uniq ON client (org, phone_e164)",
    "CREATE UNIQUE INDEX sitter_org_phone_uniq ON sitter (org, phone_e164)"
    " WHERE status <> 'offboarded'",
    # Queries the inbox, the sitter page and the worker run.
    "CREATE INDEX thread_org_activity_idx ON thread (org, last_activity_at)",
    "CREATE INDEX message_thread_created_idx ON message (thread, created_at)",
    "CREATE INDEX message_outbox_idx ON message (status, next_attempt_at)",
    "CREATE INDEX message_org_attention_idx ON message (org, needs_owner_attention)",
    "CREATE INDEX window_thread_idx ON assignment_window (thread, starts_at)",
    "CREATE INDEX window_sitter_idx ON assignment_window (sitter, ends_at)",
    "CREATE INDEX booking_org_starts_idx ON booking (org, starts_at)",
    "CREATE INDEX routing_org_created_idx ON routing_decision (org, created_at)",
    "CREATE INDEX attempt_org_created_idx ON anti_poaching_attempt (org, created_at)",
    "CREATE INDEX attempt_sitter_created_idx ON anti_poaching_attempt (sitter, created_at)",
    "CREATE INDEX alert_org_created_idx ON alert (org, created_at)",
    "CREATE INDEX audit_org_created_idx ON audit_event (org, created_at)",
    "CREATE INDEX login_attempt_key_idx ON login_attempt (key, created_at)",
    "CREATE INDEX login_session_sitter_idx ON login_session (sitter)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(create_indexes)
    return manager
