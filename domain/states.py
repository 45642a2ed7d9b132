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
    SITTER_MESSAGING_OFF = "sitter_messaging_off"
    SITTER_PHONE = "sitter_phone"  # a working sitter texted from their own phone (staff)


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


class NumberPurchaseStatus(StrEnum):
    """A sitter number bought through Twilio (N2): asked for on activation, then bought by the
    worker; `buying` while a request to Twilio is out (its outcome may be unknown)."""

    PENDING = "pending"
    BUYING = "buying"
    BOUGHT = "bought"
    FAILED = "failed"


class AlertSeverity(StrEnum):
    NORMAL = "normal"
    HIGH = "high"


class AlertKind(StrEnum):
    """What an alert is about (the `alert.kind` column)."""

    ANTI_POACHING = "anti_poaching"
    POOL_EXHAUSTED = "pool_exhausted"
    SITTER_WITHOUT_NUMBER = "sitter_without_number"
    SIGN_IN_FAILURES = "sign_in_failures"


class NoticeKind(StrEnum):
    """What an owner is told about away from the desk (SPEC O3); an `owner_notification` row
    holds one per owner and item, so each is told once."""

    HIGH_ALERT = "high_alert"
    OVERLAP = "overlap"
    WAITING = "waiting"


class AttemptResolution(StrEnum):
    OPEN = "open"
    OVERRIDDEN = "overridden"
    DISMISSED = "dismissed"


class AutomationKind(StrEnum):
    BOOKING_CONFIRMATION = "booking_confirmation"
    NIGHT_BEFORE_REMINDER = "night_before_reminder"
    PAYMENT_LINK = "payment_link"
    PAYMENT_REMINDER = "payment_reminder"


class ContactKind(StrEnum):
    """What an allow-list entry is (SPEC O4)."""

    PHONE = "phone"
    EMAIL = "email"
    DOMAIN = "domain"


class ExampleDecision(StrEnum):
    """What the owner said about a blocked message kept as a labelled example."""

    OVERRIDDEN = "overridden"
    DISMISSED_NOT_CONTACT = "dismissed_not_contact"


class StaffRole(StrEnum):
    """An owner-side login's role (SPEC O5): an owner may do everything, a manager everything
    but billing, staff and numbers."""

    OWNER = "owner"
    MANAGER = "manager"
