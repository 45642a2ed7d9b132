"""The state columns name their enumerations as choices (domain.states). Choices are not a
database constraint: nothing changes in either database; this keeps Piccolo's own record of
the tables in step with db/tables.py."""

from enum import Enum

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar

ID = "2026-11-28T01:43:54:248485"
VERSION = "1.38.0"
DESCRIPTION = "state columns name their enumerations as choices"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="db", description=DESCRIPTION)

    manager.alter_column(
        table_class_name="Sitter",
        tablename="sitter",
        column_name="status",
        db_column_name="status",
        params={
            "choices": Enum(
                "SitterStatus",
                {
                    "INACTIVE": "inactive",
                    "ACTIVE": "active",
                    "OFFBOARDED": "offboarded",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="BusinessNumber",
        tablename="business_number",
        column_name="number_class",
        db_column_name="number_class",
        params={
            "choices": Enum(
                "NumberClass",
                {"FRONT_DESK": "front_desk", "SITTER": "sitter", "POOL": "pool"},
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="BusinessNumber",
        tablename="business_number",
        column_name="status",
        db_column_name="status",
        params={
            "choices": Enum(
                "NumberStatus",
                {
                    "ACTIVE": "active",
                    "QUARANTINED": "quarantined",
                    "COOLDOWN": "cooldown",
                    "RETIRED": "retired",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Booking",
        tablename="booking",
        column_name="service_type",
        db_column_name="service_type",
        params={
            "choices": Enum(
                "ServiceType",
                {
                    "DROP_IN": "drop_in",
                    "DOG_WALK": "dog_walk",
                    "HOUSE_SITTING": "house_sitting",
                    "CARE_24_7": "care_24_7",
                    "MEET_AND_GREET": "meet_and_greet",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Booking",
        tablename="booking",
        column_name="status",
        db_column_name="status",
        params={
            "choices": Enum(
                "BookingStatus",
                {
                    "REQUESTED": "requested",
                    "CONFIRMED": "confirmed",
                    "CANCELLED": "cancelled",
                    "COMPLETED": "completed",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Thread",
        tablename="thread",
        column_name="meet_and_greet",
        db_column_name="meet_and_greet",
        params={
            "choices": Enum(
                "MeetAndGreet",
                {
                    "NONE": "none",
                    "PENDING": "pending",
                    "APPROVED": "approved",
                    "FAILED": "failed",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Message",
        tablename="message",
        column_name="direction",
        db_column_name="direction",
        params={"choices": Enum("Direction", {"INBOUND": "inbound", "OUTBOUND": "outbound"})},
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Message",
        tablename="message",
        column_name="sender_role",
        db_column_name="sender_role",
        params={
            "choices": Enum(
                "SenderRole",
                {
                    "CLIENT": "client",
                    "SITTER": "sitter",
                    "OWNER": "owner",
                    "SYSTEM": "system",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Message",
        tablename="message",
        column_name="kind",
        db_column_name="kind",
        params={
            "choices": Enum(
                "MessageKind",
                {
                    "CHAT": "chat",
                    "AUTO_RESPONSE": "auto_response",
                    "NOTIFICATION": "notification",
                    "AUTOMATION": "automation",
                    "LOGIN_CODE": "login_code",
                    "WARNING": "warning",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Message",
        tablename="message",
        column_name="status",
        db_column_name="status",
        params={
            "choices": Enum(
                "MessageStatus",
                {
                    "RECEIVED": "received",
                    "QUEUED": "queued",
                    "SENDING": "sending",
                    "SENT": "sent",
                    "DELIVERED": "delivered",
                    "UNDELIVERED": "undelivered",
                    "FAILED": "failed",
                    "UNKNOWN": "unknown",
                    "BLOCKED": "blocked",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="RoutingDecision",
        tablename="routing_decision",
        column_name="target",
        db_column_name="target",
        params={"choices": Enum("RouteTarget", {"SITTER": "sitter", "OWNER_INBOX": "owner_inbox"})},
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
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
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="AntiPoachingAttempt",
        tablename="anti_poaching_attempt",
        column_name="sender_role",
        db_column_name="sender_role",
        params={
            "choices": Enum(
                "SenderRole",
                {
                    "CLIENT": "client",
                    "SITTER": "sitter",
                    "OWNER": "owner",
                    "SYSTEM": "system",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="AntiPoachingAttempt",
        tablename="anti_poaching_attempt",
        column_name="resolution",
        db_column_name="resolution",
        params={
            "choices": Enum(
                "AttemptResolution",
                {
                    "OPEN": "open",
                    "OVERRIDDEN": "overridden",
                    "DISMISSED": "dismissed",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="Alert",
        tablename="alert",
        column_name="severity",
        db_column_name="severity",
        params={"choices": Enum("AlertSeverity", {"NORMAL": "normal", "HIGH": "high"})},
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    manager.alter_column(
        table_class_name="AutomationRun",
        tablename="automation_run",
        column_name="kind",
        db_column_name="kind",
        params={
            "choices": Enum(
                "AutomationKind",
                {
                    "BOOKING_CONFIRMATION": "booking_confirmation",
                    "NIGHT_BEFORE_REMINDER": "night_before_reminder",
                    "PAYMENT_LINK": "payment_link",
                    "PAYMENT_REMINDER": "payment_reminder",
                },
            )
        },
        old_params={"choices": None},
        column_class=Varchar,
        old_column_class=Varchar,
        schema=None,
    )

    return manager
