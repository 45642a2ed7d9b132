"""The allow list's rule: one entry per (org, kind, value); the examples' page reads an org's
newest first."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-28T02:36:15:000000"
VERSION = "1.38.0"
DESCRIPTION = "allow list unique index"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        await engine.run_ddl(
            "CREATE UNIQUE INDEX allowed_contact_uniq ON allowed_contact (org, kind, value)"
        )
        await engine.run_ddl(
            "CREATE INDEX labelled_example_org_idx ON labelled_example (org, created_at)"
        )

    manager.add_raw(create_indexes)
    return manager
