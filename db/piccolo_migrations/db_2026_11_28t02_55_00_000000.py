"""An owner is told about an item once: unique per (user, item kind, item id), so two workers
cannot both send it."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T02:55:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "owner notification indexes"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        await engine.run_ddl(
            "CREATE UNIQUE INDEX owner_notification_item_uniq "
            'ON owner_notification ("user", item_kind, item_id)'
        )

    manager.add_raw(create_indexes)
    return manager
