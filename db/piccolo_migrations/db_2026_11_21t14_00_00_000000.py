"""A trigram index for the owner's client-name search, on PostgreSQL only (measured with
python -m benchmarks.inbox).

The Conversations tab looks up the clients whose name contains the search term with
`name ILIKE '%…%'` (services/owner_views.py), which no b-tree can serve: at 100,000
clients PostgreSQL read every name. A GIN index with `gin_trgm_ops` answers the pattern
directly when the term holds a trigram (3 characters or more); for a shorter one PostgreSQL
still reads the names, stopping at the matches it needs.

`pg_trgm` is a trusted extension (PostgreSQL 13 and later), so a role with CREATE on the
database (its owner) may create it; a managed PostgreSQL must have it allowed. On SQLite this
migration does nothing: there is no such index, and LIKE reads the names as before.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

from db.engine import is_sqlite

ID = "2026-11-21T14:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "client name trigram index (PostgreSQL)"

STATEMENTS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX client_name_trgm_idx ON client USING gin (name gin_trgm_ops)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        if is_sqlite(engine):
            return
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(create_indexes)
    return manager
