"""R5's check finds a sitter's last text about a thread at once, however busy the thread:
a partial index over notifications only (both databases use it for `kind = 'notification'`)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T08:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "message notifications index"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create_index():
        await engine_finder().run_ddl(
            "CREATE INDEX message_notified_idx ON message (thread, to_e164, created_at) "
            "WHERE kind = 'notification'"
        )

    manager.add_raw(create_index)
    return manager
