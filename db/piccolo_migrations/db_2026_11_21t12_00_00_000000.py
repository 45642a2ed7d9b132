"""Indexes for the owner's pages (measured with python -m benchmarks.inbox).

- The routing decisions of a page of messages, by message id (the inbox and the thread view):
  without it, every such page scanned the whole `routing_decision` table, 90 to 150 ms at
  500,000 decisions.
- The owner inbox, newest first: read in index order instead of sorting every waiting message.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-21T12:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "owner page indexes"

INDEXES = [
    "CREATE INDEX routing_message_idx ON routing_decision (message)",
    "CREATE INDEX message_org_inbox_idx ON message (org, needs_owner_attention, created_at)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(create_indexes)
    return manager
