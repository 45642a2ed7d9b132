"""Snout's settings: one frozen object, read once from the environment.

`Settings.from_env()` is called by the command line; tests build `Settings(...)` directly.
Invalid values fail at start with a message that names the variable.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from domain.model import MessagingFlags

DEFAULT_DATABASE_URL = "sqlite:///snout.sqlite3"
DEFAULT_TWILIO_API_BASE_URL = "https://api.twilio.com"
SMS_PROVIDERS = ("twilio", "simulator")


class SettingsError(ValueError):
    """A setting is missing or malformed; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    public_base_url: str = "http://127.0.0.1:8000"
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_api_base_url: str = DEFAULT_TWILIO_API_BASE_URL
    sms_provider: str = "twilio"
    stripe_webhook_secret: str = ""
    secret_key: str = ""
    enable_messaging_v1: bool = True
    enable_proactive_thread_creation: bool = False
    enable_sitter_messages_v1: bool = False
    sitter_messages_allowlist: frozenset[int] = field(default_factory=frozenset)
    run_worker_in_process: bool = True
    #: Addresses of the reverse proxies whose `X-Forwarded-For` is believed (none by default).
    trusted_proxies: frozenset[str] = field(default_factory=frozenset)
    #: The longest a wrong owner password is answered late when many addresses fail on it.
    sign_in_max_delay: float = 2.0
    #: How often an open live page gets a keep-alive and its session is looked up again.
    live_check_seconds: float = 20.0
    #: Inbound MMS media (SPEC M1): the largest file downloaded, the download's timeout, and
    #: whether Twilio's copy is deleted once the business has its own.
    media_max_bytes: int = 5_000_000
    media_timeout_seconds: float = 10.0
    twilio_delete_media: bool = False
    #: Outbound photos (SPEC M3): how long the token URL Twilio fetches a photo from works.
    media_url_ttl_hours: float = 24.0
    #: N2: buy a sitter number through Twilio when none is free on activation.
    twilio_provisioning: bool = False
    #: Email to owners (SPEC O3): off while empty. See `services.mailer`.
    smtp_url: str = ""
    smtp_from: str = ""

    def __post_init__(self) -> None:
        self._check()

    @property
    def database_kind(self) -> str:
        """`sqlite` or `postgres`, from the scheme of `database_url`."""
        scheme = urlsplit(self.database_url).scheme
        return "sqlite" if scheme == "sqlite" else "postgres"

    @property
    def secure_cookies(self) -> bool:
        """Cookies are `Secure` whenever the public URL is https (everywhere but local dev)."""
        return self.public_base_url.startswith("https://")

    @property
    def messaging_flags(self) -> MessagingFlags:
        """S2's flags; an empty allow-list means every sitter."""
        return MessagingFlags(
            messaging_v1=self.enable_messaging_v1,
            sitter_messages_v1=self.enable_sitter_messages_v1,
            sitter_allowlist=self.sitter_messages_allowlist or None,
        )

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)

    def _check(self) -> None:
        scheme = urlsplit(self.database_url).scheme
        if scheme not in ("sqlite", "postgres", "postgresql"):
            raise SettingsError(
                "DATABASE_URL must start with sqlite:/// or postgres://, "
                f"got {scheme or 'nothing'!r}"
            )
        if scheme == "sqlite" and not self.database_url.removeprefix("sqlite:///"):
            raise SettingsError(
                "DATABASE_URL sqlite:/// needs a file path, e.g. sqlite:///snout.sqlite3"
            )
        for name, url in (
            ("PUBLIC_BASE_URL", self.public_base_url),
            ("TWILIO_API_BASE_URL", self.twilio_api_base_url),
        ):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise SettingsError(f"{name} must be an http(s) URL, got {url!r}")
        if self.sms_provider not in SMS_PROVIDERS:
            raise SettingsError(
                f"SMS_PROVIDER must be one of {', '.join(SMS_PROVIDERS)}, got {self.sms_provider!r}"
            )
        if not 0 < self.media_max_bytes <= 100_000_000:
            raise SettingsError("MEDIA_MAX_BYTES must be between 1 and 100000000")
        if self.smtp_url:
            _check_smtp(self.smtp_url, self.smtp_from)
        if len(self.secret_key) < 16:
            raise SettingsError("SECRET_KEY must be set to at least 16 characters")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            public_base_url=env.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", ""),
            twilio_auth_token=env.get("TWILIO_AUTH_TOKEN", ""),
            twilio_api_base_url=env.get("TWILIO_API_BASE_URL", DEFAULT_TWILIO_API_BASE_URL),
            sms_provider=env.get("SMS_PROVIDER", "twilio"),
            stripe_webhook_secret=env.get("STRIPE_WEBHOOK_SECRET", ""),
            secret_key=env.get("SECRET_KEY", ""),
            enable_messaging_v1=_flag(env, "ENABLE_MESSAGING_V1", default=True),
            enable_proactive_thread_creation=_flag(
                env, "ENABLE_PROACTIVE_THREAD_CREATION", default=False
            ),
            enable_sitter_messages_v1=_flag(env, "ENABLE_SITTER_MESSAGES_V1", default=False),
            sitter_messages_allowlist=_id_list(env, "SITTER_MESSAGES_ALLOWLIST"),
            run_worker_in_process=_flag(env, "RUN_WORKER_IN_PROCESS", default=True),
            live_check_seconds=_seconds(env, "LIVE_CHECK_SECONDS", default=20.0),
            media_max_bytes=_count(env, "MEDIA_MAX_BYTES", default=5_000_000),
            media_timeout_seconds=_seconds(env, "MEDIA_DOWNLOAD_TIMEOUT_SECONDS", default=10.0),
            twilio_delete_media=_flag(env, "TWILIO_DELETE_MEDIA", default=False),
            media_url_ttl_hours=_hours(env, "MEDIA_URL_TTL_HOURS", default=24.0),
            twilio_provisioning=_flag(env, "TWILIO_PROVISIONING", default=False),
            smtp_url=env.get("SMTP_URL", "").strip(),
            smtp_from=env.get("SMTP_FROM", "").strip(),
            trusted_proxies=_addresses(env, "TRUSTED_PROXIES"),
        )


def _check_smtp(url: str, sender: str) -> None:
    from services.mailer import check_smtp_url

    problem = check_smtp_url(url)
    if problem:
        raise SettingsError(problem)
    if "@" not in sender:
        raise SettingsError("SMTP_FROM must be the email address notifications come from")


def _flag(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name} must be true or false, got {raw!r}")


def _seconds(env: Mapping[str, str], name: str, *, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0 < value <= 3600:
        raise SettingsError(f"{name} must be between 0 and 3600 seconds, got {raw!r}")
    return value


def _hours(env: Mapping[str, str], name: str, *, default: float) -> float:
    raw = env.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        raise SettingsError(f"{name} must be a number of hours, got {raw!r}") from None
    if not 0 < value <= 24 * 7:
        raise SettingsError(f"{name} must be more than 0 and at most 168 hours, got {raw!r}")
    return value


def _count(env: Mapping[str, str], name: str, *, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None


def _id_list(env: Mapping[str, str], name: str) -> frozenset[int]:
    raw = env.get(name, "").strip()
    if not raw:
        return frozenset()
    try:
        return frozenset(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise SettingsError(
            f"{name} must be a comma-separated list of sitter ids, got {raw!r}"
        ) from None


def _addresses(env: Mapping[str, str], name: str) -> frozenset[str]:
    raw = env.get(name, "").strip()
    try:
        return frozenset(
            str(ipaddress.ip_address(part.strip())) for part in raw.split(",") if part.strip()
        )
    except ValueError:
        raise SettingsError(
            f"{name} must be a comma-separated list of IP addresses, got {raw!r}"
        ) from None
