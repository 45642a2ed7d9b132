"""Snout's tables. Every row belongs to an org; queries go through `db.scope`.

Constraints that must hold under concurrency (one thread per client, one window per booking,
one message per provider sid, one automation per booking and kind, one active lease per pool
number...) are unique indexes created by the migrations, so they hold on SQLite and PostgreSQL.
"""

from piccolo.columns import (
    JSONB,
    Boolean,
    Bytea,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from db.number_tables import NumberPurchase
from db.owner_tables import AllowedContact, LabelledExample, ReplyTemplate
from db.staff_tables import StaffInvite
from domain import states


class Org(Table, tablename="org"):
    """A pet-care business (tenant). `api_token_hash` is the sha256 of its API token."""

    name = Varchar(length=200)
    time_zone = Varchar(length=64, default="America/Los_Angeles")
    quiet_hours_start = Varchar(length=5, default="21:00")  # O2, local HH:MM; start == end: none
    quiet_hours_end = Varchar(length=5, default="08:00")
    api_token_hash = Varchar(length=64, unique=True)
    created_at = Timestamptz()


class User(Table, tablename="app_user"):
    """An owner-side login (email + argon2 password hash), its role (O5), when removed."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    email = Varchar(length=254, unique=True)
    password_hash = Varchar(length=200)
    name = Varchar(length=200, default="")
    role = Varchar(length=16, default=states.StaffRole.OWNER, choices=states.StaffRole)
    removed_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class Sitter(Table, tablename="sitter"):
    """A staff member doing visits. Signs in with `phone_e164` and a texted code."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    name = Varchar(length=200)
    phone_e164 = Varchar(length=20)
    status = Varchar(length=16, default=states.SitterStatus.INACTIVE, choices=states.SitterStatus)
    locked_at = Timestamptz(null=True, default=None)
    locked_reason = Text(default="")
    offenses_cleared_at = Timestamptz(null=True, default=None)  # A4: unlocked, count afresh
    offboarded_at = Timestamptz(null=True, default=None)
    last_seen_at = Timestamptz(null=True, default=None)  # R5: their live page, last heard
    created_at = Timestamptz()


class Client(Table, tablename="client"):
    """A pet parent: an SMS contact, never a login."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    name = Varchar(length=200)
    pet_name = Varchar(length=200, default="")
    phone_e164 = Varchar(length=20)
    is_one_time_client = Boolean(default=True)
    opted_out_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class BusinessNumber(Table, tablename="business_number"):
    """A Twilio number the org owns, with exactly one class and a status (SPEC section 1)."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    e164 = Varchar(length=20, unique=True)
    number_class = Varchar(length=16, choices=states.NumberClass)
    status = Varchar(length=16, default=states.NumberStatus.ACTIVE, choices=states.NumberStatus)
    assigned_sitter = ForeignKey(Sitter, null=True, on_delete=OnDelete.restrict)
    was_sitter_identity = Boolean(default=False)
    quarantined_until = Timestamptz(null=True, default=None)
    cooldown_until = Timestamptz(null=True, default=None)
    status_reason = Text(default="")
    created_at = Timestamptz()


class Booking(Table, tablename="booking"):
    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    client = ForeignKey(Client, null=False, on_delete=OnDelete.restrict)
    sitter = ForeignKey(Sitter, null=True, on_delete=OnDelete.restrict)
    service_type = Varchar(length=32, choices=states.ServiceType)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    status = Varchar(
        length=16, default=states.BookingStatus.REQUESTED, choices=states.BookingStatus
    )
    recurring = Boolean(default=False)
    confirmed_at = Timestamptz(null=True, default=None)  # first confirmed (the reminder's rule)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class Thread(Table, tablename="thread"):
    """The one conversation between the org and a client (T1: unique per org and client)."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    client = ForeignKey(Client, null=False, on_delete=OnDelete.restrict)
    assigned_sitter = ForeignKey(Sitter, null=True, on_delete=OnDelete.restrict)
    meet_and_greet = Varchar(
        length=16, default=states.MeetAndGreet.NONE, choices=states.MeetAndGreet
    )
    meet_and_greet_allow_sitter = Boolean(default=False)
    last_activity_at = Timestamptz()
    archived_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class PoolLease(Table, tablename="pool_lease"):
    """A pool number leased to a one-time client's thread for a booking (N6)."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    number = ForeignKey(BusinessNumber, null=False, on_delete=OnDelete.restrict)
    client = ForeignKey(Client, null=False, on_delete=OnDelete.restrict)
    thread = ForeignKey(Thread, null=False, on_delete=OnDelete.restrict)
    booking = ForeignKey(Booking, null=True, on_delete=OnDelete.restrict)
    leased_at = Timestamptz()
    ends_at = Timestamptz(null=True, default=None)
    released_at = Timestamptz(null=True, default=None)


class AssignmentWindow(Table, tablename="assignment_window"):
    """A booking's time plus its buffer (W1); at most one per booking (W3)."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    thread = ForeignKey(Thread, null=False, on_delete=OnDelete.restrict)
    booking = ForeignKey(Booking, null=False, on_delete=OnDelete.restrict)
    sitter = ForeignKey(Sitter, null=False, on_delete=OnDelete.restrict)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class Message(Table, tablename="message"):
    """One SMS in or out. Outbound rows are written `queued` and delivered by the worker."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    thread = ForeignKey(Thread, null=True, on_delete=OnDelete.restrict)
    direction = Varchar(length=8, choices=states.Direction)
    sender_role = Varchar(length=8, choices=states.SenderRole)
    sender_sitter = ForeignKey(Sitter, null=True, on_delete=OnDelete.restrict)
    sender_user = ForeignKey(User, null=True, on_delete=OnDelete.restrict)
    kind = Varchar(length=24, default=states.MessageKind.CHAT, choices=states.MessageKind)
    body = Text()
    from_e164 = Varchar(length=20)
    to_e164 = Varchar(length=20)
    number = ForeignKey(BusinessNumber, null=True, on_delete=OnDelete.restrict)
    number_reason = Text(default="")
    provider_sid = Varchar(length=64, null=True, default=None)
    client_key = Varchar(length=64, null=True, default=None)  # the sender's idempotency key
    status = Varchar(length=16, choices=states.MessageStatus)
    billing = Boolean(default=False)
    blocked = Boolean(default=False)
    needs_owner_attention = Boolean(default=False)
    scanned_clean = Boolean(default=False)  # inbound: the anti-poaching scan found nothing
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(null=True, default=None)
    last_error = Text(default="")
    segments = Integer(default=0)  # what an outbound text costs (SPEC O6); 0 inbound
    created_at = Timestamptz()
    sent_at = Timestamptz(null=True, default=None)


class RoutingDecision(Table, tablename="routing_decision"):
    """Why an inbound message went where it went (SPEC section 5). One per message."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    message = ForeignKey(Message, null=False, on_delete=OnDelete.restrict)
    thread = ForeignKey(Thread, null=True, on_delete=OnDelete.restrict)
    target = Varchar(length=16, choices=states.RouteTarget)
    sitter = ForeignKey(Sitter, null=True, on_delete=OnDelete.restrict)
    code = Varchar(length=32, choices=states.RouteCode)
    reason = Text()
    row_code = Varchar(length=32, default="")  # the table row before an anti-poaching override
    row_sitter = ForeignKey(Sitter, null=True, on_delete=OnDelete.restrict)  # and its sitter
    created_at = Timestamptz()


class AntiPoachingAttempt(Table, tablename="anti_poaching_attempt"):
    """A blocked message (A3), what the owner did with it (A5), for escalation (A4)."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    message = ForeignKey(Message, null=False, on_delete=OnDelete.restrict)
    thread = ForeignKey(Thread, null=True, on_delete=OnDelete.restrict)
    sender_role = Varchar(length=8, choices=states.SenderRole)
    sitter = ForeignKey(Sitter, null=True, on_delete=OnDelete.restrict)
    category = Varchar(length=16)
    reason = Text()
    resolution = Varchar(
        length=16, default=states.AttemptResolution.OPEN, choices=states.AttemptResolution
    )
    resolved_by = ForeignKey(User, null=True, on_delete=OnDelete.restrict)
    resolution_reason = Text(default="")
    created_at = Timestamptz()


class Alert(Table, tablename="alert"):
    """For the owner to look at: offenses, locks, pool exhausted, a sitter without a number."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    kind = Varchar(length=32)
    severity = Varchar(length=8, default=states.AlertSeverity.NORMAL, choices=states.AlertSeverity)
    text = Text()
    sitter = ForeignKey(Sitter, null=True, on_delete=OnDelete.restrict)
    thread = ForeignKey(Thread, null=True, on_delete=OnDelete.restrict)
    message = ForeignKey(Message, null=True, on_delete=OnDelete.restrict)
    resolved_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class AuditEvent(Table, tablename="audit_event"):
    """Every state change: who (actor), what (action on target), why (reason), details."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    actor = Varchar(length=64)  # "user:<id>", "sitter:<id>", "api", "system", "stripe"
    actor_name = Varchar(length=254, default="")  # the person, as named when they acted
    action = Varchar(length=64)
    target_type = Varchar(length=32, default="")
    target_id = Integer(null=True, default=None)
    reason = Text(default="")
    payload = JSONB(default="{}")
    created_at = Timestamptz()


class ProcessedWebhookEvent(Table, tablename="processed_webhook_event"):
    """A provider event already handled (Stripe ids): unique per provider and event id."""

    provider = Varchar(length=16)
    event_id = Varchar(length=255)
    org = ForeignKey(Org, null=True, on_delete=OnDelete.restrict)
    processed_at = Timestamptz()


class AutomationRun(Table, tablename="automation_run"):
    """An automation sent for a booking: unique per (booking, kind), so at most once (S4)."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    booking = ForeignKey(Booking, null=False, on_delete=OnDelete.restrict)
    kind = Varchar(length=32, choices=states.AutomationKind)
    message = ForeignKey(Message, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz()


class Media(Table, tablename="media"):
    """A photo or file attached to a message (SPEC section 11), in or out.

    Inbound rows start `checking` with Twilio's URL and the declared type; the worker downloads,
    checks the bytes' real type, stores them and screens them (clean / blocked / failed).
    Outbound rows are stored normalised and clean or blocked at once. Bytes live in `data`
    unless a storage backend keeps them elsewhere under `storage_key`. The public URL Twilio
    fetches an outbound photo from carries a signed token (`services.media_links`): nothing
    about it is stored.
    """

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    message = ForeignKey(Message, null=False, on_delete=OnDelete.restrict)
    position = Integer(default=0)  # order within the message (0..9)
    status = Varchar(length=16, default="checking")  # checking | clean | blocked | failed
    source_url = Text(default="")  # Twilio's MediaUrl for inbound media
    declared_type = Varchar(length=100, default="")
    content_type = Varchar(length=100, default="")  # the type found in the bytes
    size = Integer(default=0)
    sha256 = Varchar(length=64, default="")
    data = Bytea(null=True, default=None)
    storage_key = Varchar(length=200, default="")
    width = Integer(default=0)
    height = Integer(default=0)
    read_text = Text(default="")  # what OCR and barcodes found, for the owner
    category = Varchar(length=32, default="")  # the screening verdict's category when blocked
    reason = Text(default="")  # why blocked or failed, worded for the owner
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    screened_at = Timestamptz(null=True, default=None)


class ConsentEvent(Table, tablename="consent_event"):
    """A client's consent changed (R4, O1): the words received, on which business number."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    client = ForeignKey(Client, null=False, on_delete=OnDelete.restrict)
    business_e164 = Varchar(length=20)
    words = Text(default="")
    opted_out = Boolean(default=False)
    created_at = Timestamptz()


class SitterThreadRead(Table, tablename="sitter_thread_read"):
    """R5: when a sitter last read a thread (its page or fragment); one row per sitter, thread."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    sitter = ForeignKey(Sitter, null=False, on_delete=OnDelete.restrict)
    thread = ForeignKey(Thread, null=False, on_delete=OnDelete.restrict)
    read_at = Timestamptz()


class LoginSession(Table, tablename="login_session"):
    """A signed-in browser. The cookie holds a random token; only its sha256 is stored."""

    token_hash = Varchar(length=64, unique=True)
    org = ForeignKey(Org, null=False, on_delete=OnDelete.cascade)
    user = ForeignKey(User, null=True, on_delete=OnDelete.cascade)
    sitter = ForeignKey(Sitter, null=True, on_delete=OnDelete.cascade)
    expires_at = Timestamptz()
    created_at = Timestamptz()


class SitterLoginCode(Table, tablename="sitter_login_code"):
    """A one-time code texted to a sitter (sha256 of code), single use, short-lived."""

    sitter = ForeignKey(Sitter, null=False, on_delete=OnDelete.cascade)
    code_hash = Varchar(length=64)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class LoginAttempt(Table, tablename="login_attempt"):
    """Sign-in attempts by key ("ip:<addr>", "account:<email>"), for rate limiting."""

    key = Varchar(length=300)
    succeeded = Boolean(default=False)
    created_at = Timestamptz()


class NotificationSettings(Table, tablename="notification_settings"):
    """What reaches an owner away from the desk (SPEC O3); no row means the defaults. The
    phone counts once `phone_verified_at` is set by a texted code (only its sha256 is kept,
    with the number it was sent to in `pending_phone_e164`)."""

    user = ForeignKey(User, null=False, unique=True, on_delete=OnDelete.cascade)
    phone_e164 = Varchar(length=20, default="")
    phone_verified_at = Timestamptz(null=True, default=None)
    pending_phone_e164 = Varchar(length=20, default="")
    code_hash = Varchar(length=64, default="")
    code_expires_at = Timestamptz(null=True, default=None)
    email = Varchar(length=254, default="")  # empty: the login email
    high_alerts = Boolean(default=True)
    overlap_prompts = Boolean(default=True)
    waiting_clients = Boolean(default=True)
    wait_minutes = Integer(default=15)
    updated_at = Timestamptz()


class OwnerNotification(Table, tablename="owner_notification"):
    """An item an owner was told about: unique per (user, item kind, item id), so never twice."""

    user = ForeignKey(User, null=False, on_delete=OnDelete.cascade)
    item_kind = Varchar(length=16, choices=states.NoticeKind)
    item_id = Integer()
    created_at = Timestamptz()


ALL_TABLES: tuple[type[Table], ...] = (
    Org,
    User,
    Sitter,
    Client,
    BusinessNumber,
    Booking,
    Thread,
    PoolLease,
    AssignmentWindow,
    Message,
    RoutingDecision,
    AntiPoachingAttempt,
    Alert,
    AuditEvent,
    ProcessedWebhookEvent,
    AutomationRun,
    Media,
    ConsentEvent,
    SitterThreadRead,
    AllowedContact,
    LabelledExample,
    ReplyTemplate,
    LoginSession,
    SitterLoginCode,
    LoginAttempt,
    NotificationSettings,
    OwnerNotification,
    NumberPurchase,
    StaffInvite,
)
