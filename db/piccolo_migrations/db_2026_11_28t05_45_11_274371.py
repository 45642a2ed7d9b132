"""The media table's token columns were never used: an outbound photo's public link carries a
signed token (services.media_links), so nothing about it is stored. Their unique index goes
first (SQLite cannot drop a column an index names)."""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.engine import engine_finder

ID = "2026-11-28T05:45:11:274371"
VERSION = "1.38.0"
DESCRIPTION = "media: drop the unused token columns (outbound photo links are signed, not stored)"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    async def drop_token_index():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS media_token_hash_uniq")

    manager.add_raw(drop_token_index)  # raw steps run before the columns are dropped

    manager.drop_column(
        table_class_name="Media",
        tablename="media",
        column_name="token_expires_at",
        db_column_name="token_expires_at",
        schema=None,
    )

    manager.drop_column(
        table_class_name="Media",
        tablename="media",
        column_name="token_hash",
        db_column_name="token_hash",
        schema=None,
    )

    manager.alter_column(
        table_class_name="RoutingDecision",
        tablename="routing_decision",
        column_name="code",
        db_column_name="code",
        params={
            "choices": Enum(
                "RouteCode",
                {
                    "ACTIVE_WINDOW": "active_window",
                    "NO_ACTIVE_WINDOW": "no_active_window",
                    "OVERLAPPING_WINDOWS": "overlapping_windows",
                    "POOL_MISMATCH": "pool_mismatch",
                    "NUMBER_INACTIVE": "number_inactive",
                    "UNKNOWN_SENDER": "unknown_sender",
                    "ANTI_POACHING_BLOCKED": "anti_poaching_blocked",
                    "SITTER_MESSAGING_OFF": "sitter_messaging_off",
                    "SITTER_PHONE": "sitter_phone",
                },
            )
        },
        old_params={
            "choices": Enum(
                "RouteCode",
                {
                    "ACTIVE_WINDOW": "active_window",
                    "NO_ACTIVE_WINDOW": "no_active_window",
                    "OVERLAPPING_WINDOWS": "overlapping_windows",
                    "POOL_MISMATCH": "pool_mismatch",
                    "NUMBER_INACTIVE": "number_inactive",
                    "UNKNOWN_SENDER": "unknown_sender",
                    "ANTI_POACHING_BLOCKED": "anti_poaching_blocked",
                },
            )
        },
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager
