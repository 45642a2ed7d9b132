"""`message.client_key` is unique per org, so a retried owner send stores nothing new. NULLs
(every other message) stay distinct on both databases."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-21T15:01:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "message (org, client_key) unique"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create_index():
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX message_org_client_key_uniq ON message (org, client_key)"
        )

    manager.add_raw(create_index)
    return manager
