"""The states Snout stores: each enumeration's values are what the database holds in the
column of the same meaning (`db/tables.py` names them as the columns' choices). Standard
library only."""

from __future__ import annotations

from enum import StrEnum


class NumberClass(StrEnum):
    FRONT_DESK = "front_desk"
    SITTER = "sitter"
    POOL = "pool"


class NumberStatus(StrEnum):
    ACTIVE = "active"
    QUARANTINED = "quarantined"
    COOLDOWN = "cooldown"
    RETIRED = "retired"


class ServiceType(StrEnum):
    DROP_IN = "drop_in"
    DOG_WALK = "dog_walk"
    HOUSE_SITTING = "house_sitting"
    CARE_24_7 = "care_24_7"
    MEET_AND_GREET = "meet_and_greet"


class BookingStatus(StrEnum):
    REQUESTED = "requested"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


class MeetAndGreet(StrEnum):
    NONE = "none"
    PENDING = "pending"
    APPROVED = "approved"
    FAILED = "failed"


class SitterStatus(StrEnum):
    INACTIVE = "inactive"
    ACTIVE = "active"
    OFFBOARDED = "offboarded"


class RouteTarget(StrEnum):
    SITTER = "sitter"
    OWNER_INBOX = "owner_inbox"


class RouteCode(StrEnum):
    ACTIVE_WINDOW = "active_window"
    NO_ACTIVE_WINDOW = "no_active_window"
    OVERLAPPING_WINDOWS = "overlapping_windows"
    POOL_MISMATCH = "pool_mismatch"
    NUMBER_INACTIVE = "number_inactive"
    UNKNOWN_SENDER = "unknown_sender"
    ANTI_POACHING_BLOCKED = "anti_poaching_blocked"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class SenderRole(StrEnum):
    CLIENT = "client"
    SITTER = "sitter"
    OWNER = "owner"
    SYSTEM = "system"


class MessageKind(StrEnum):
    CHAT = "chat"
    AUTO_RESPONSE = "auto_response"
    NOTIFICATION = "notification"
    AUTOMATION = "automation"
    LOGIN_CODE = "login_code"
    WARNING = "warning"


class MessageStatus(StrEnum):
    RECEIVED = "received"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    UNKNOWN = "unknown"
    BLOCKED = "blocked"


class MediaStatus(StrEnum):
    CHECKING = "checking"
    CLEAN = "clean"
    BLOCKED = "blocked"
    FAILED = "failed"


class AlertKind(StrEnum):
    """Kinds of owner alert raised by the sign-in code (other kinds are named where raised)."""

    SIGN_IN_FAILURES = "sign_in_failures"


class AlertSeverity(StrEnum):
    NORMAL = "normal"
    HIGH = "high"


class AttemptResolution(StrEnum):
    OPEN = "open"
    OVERRIDDEN = "overridden"
    DISMISSED = "dismissed"


class AutomationKind(StrEnum):
    BOOKING_CONFIRMATION = "booking_confirmation"
    NIGHT_BEFORE_REMINDER = "night_before_reminder"
    PAYMENT_LINK = "payment_link"
    PAYMENT_REMINDER = "payment_reminder"
