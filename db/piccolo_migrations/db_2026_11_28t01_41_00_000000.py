"""The media table's indexes: one row per public token (NULLs stay distinct on both databases),
the worker's due rows, a message's attachments in order."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T01:41:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "media indexes"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        await engine.run_ddl("CREATE UNIQUE INDEX media_token_hash_uniq ON media (token_hash)")
        await engine.run_ddl("CREATE INDEX media_due ON media (status, next_attempt_at)")
        await engine.run_ddl("CREATE INDEX media_message ON media (message, position)")

    manager.add_raw(create_indexes)
    return manager
