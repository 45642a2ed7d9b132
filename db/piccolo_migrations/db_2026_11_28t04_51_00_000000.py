"""The audit rows written before `actor_name` existed name their person too (SPEC O5): a
staff member's name (their email when they set none), a sitter's name, or what a non-person
actor is called (as `services.audit.actor_name` does for new rows)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T04:51:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit actor names for the rows written before"

BACKFILL = [
    "UPDATE audit_event SET actor_name = COALESCE((SELECT CASE WHEN u.name <> '' THEN u.name "
    "ELSE u.email END FROM app_user u WHERE 'user:' || CAST(u.id AS TEXT) = audit_event.actor), "
    "actor) WHERE actor_name = '' AND actor LIKE 'user:%'",
    "UPDATE audit_event SET actor_name = COALESCE((SELECT s.name FROM sitter s "
    "WHERE 'sitter:' || CAST(s.id AS TEXT) = audit_event.actor), actor) "
    "WHERE actor_name = '' AND actor LIKE 'sitter:%'",
    "UPDATE audit_event SET actor_name = CASE actor WHEN 'api' THEN 'API token' "
    "WHEN 'system' THEN 'Snout' WHEN 'stripe' THEN 'Stripe' WHEN 'client' THEN 'The client' "
    "ELSE actor END WHERE actor_name = ''",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def backfill():
        engine = engine_finder()
        for statement in BACKFILL:
            await engine.run_ddl(statement)

    manager.add_raw(backfill)
    return manager
