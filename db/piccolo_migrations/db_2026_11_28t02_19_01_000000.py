"""Old client texts get their scan verdict (scanned now; until then none counts as clean), old
decisions their row's sitter, and the read marks one row per sitter and thread."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.querystring import QueryString

ID = "2026-11-28T02:19:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "scan verdicts of old client texts, row sitters, read mark index"
BATCH = 1000


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def backfill():
        from domain import antipoaching

        engine = engine_finder()
        await engine.run_ddl(
            "CREATE UNIQUE INDEX sitter_thread_read_uniq ON sitter_thread_read (sitter, thread)"
        )
        await engine.run_ddl(
            "CREATE INDEX consent_event_client_idx ON consent_event (client, created_at)"
        )
        await engine.run_ddl(
            "UPDATE routing_decision SET row_sitter = sitter "
            "WHERE row_code = 'active_window' AND sitter IS NOT NULL"
        )
        last = 0
        while True:
            rows = await engine.run_querystring(
                QueryString(
                    "SELECT id, body FROM message WHERE direction = 'inbound' AND blocked = {} "
                    "AND id > {} ORDER BY id LIMIT {}",
                    False,
                    last,
                    BATCH,
                )
            )
            if not rows:
                break
            last = rows[-1]["id"]
            clean = [row["id"] for row in rows if not antipoaching.scan(row["body"]).blocked]
            if clean:
                marks = ", ".join("{}" for _ in clean)
                await engine.run_querystring(
                    QueryString(
                        f"UPDATE message SET scanned_clean = {{}} WHERE id IN ({marks})",  # noqa: S608
                        True,
                        *clean,
                    )
                )

    manager.add_raw(backfill)
    return manager
