"""Settings come from the environment once, and bad values stop the start with a clear message."""

import re

import pytest

from settings import Settings, SettingsError

GOOD = {"SECRET_KEY": "a-long-enough-secret-key"}


def test_defaults_are_sqlite_and_production_flags():
    settings = Settings.from_env(GOOD)
    assert settings.database_kind == "sqlite"
    assert settings.enable_messaging_v1 is True
    assert settings.enable_proactive_thread_creation is False
    assert settings.enable_sitter_messages_v1 is False
    assert settings.sms_provider == "twilio"


def test_postgres_url_is_recognised():
    settings = Settings.from_env({**GOOD, "DATABASE_URL": "postgres://u@db:5432/snout"})
    assert settings.database_kind == "postgres"


def test_settings_are_frozen():
    settings = Settings.from_env(GOOD)
    with pytest.raises(AttributeError):
        settings.sms_provider = "simulator"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("DATABASE_URL", "mysql://db/snout", "DATABASE_URL"),
        ("DATABASE_URL", "sqlite:///", "file path"),
        ("SMS_PROVIDER", "carrier-pigeon", "SMS_PROVIDER must be one of twilio, simulator"),
        ("PUBLIC_BASE_URL", "snout.example", "PUBLIC_BASE_URL must be an http(s) URL"),
        ("TWILIO_API_BASE_URL", "ftp://x", "TWILIO_API_BASE_URL"),
        ("ENABLE_MESSAGING_V1", "maybe", "ENABLE_MESSAGING_V1 must be true or false"),
        ("SITTER_MESSAGES_ALLOWLIST", "1,two", "SITTER_MESSAGES_ALLOWLIST"),
        ("SECRET_KEY", "short", "SECRET_KEY"),
        (
            "MEDIA_URL_TTL_HOURS",
            "0",
            "MEDIA_URL_TTL_HOURS must be more than 0 and at most 168 hours",
        ),
        ("MEDIA_URL_TTL_HOURS", "a day", "MEDIA_URL_TTL_HOURS must be a number of hours"),
    ],
)
def test_invalid_values_fail_with_a_message_naming_the_variable(name, value, words):
    with pytest.raises(SettingsError, match=re.escape(words)):
        Settings.from_env({**GOOD, name: value})


def test_missing_secret_key_fails():
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        Settings.from_env({})


def test_flags_and_allowlist_parse():
    settings = Settings.from_env(
        {**GOOD, "ENABLE_SITTER_MESSAGES_V1": "yes", "SITTER_MESSAGES_ALLOWLIST": "3, 7"}
    )
    assert settings.enable_sitter_messages_v1 is True
    assert settings.sitter_messages_allowlist == frozenset({3, 7})


def test_cookies_are_secure_outside_local_http():
    assert Settings.from_env({**GOOD, "PUBLIC_BASE_URL": "https://snout.example"}).secure_cookies
    assert not Settings.from_env(
        {**GOOD, "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}
    ).secure_cookies


def test_trusted_proxies_are_empty_by_default_and_must_be_addresses():
    assert Settings.from_env(GOOD).trusted_proxies == frozenset()
    settings = Settings.from_env({**GOOD, "TRUSTED_PROXIES": "10.0.0.1, 10.0.0.2"})
    assert settings.trusted_proxies == frozenset({"10.0.0.1", "10.0.0.2"})
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        Settings.from_env({**GOOD, "TRUSTED_PROXIES": "proxy.local"})


def test_media_urls_last_24_hours_unless_set():
    assert Settings.from_env(GOOD).media_url_ttl_hours == 24
    assert Settings.from_env({**GOOD, "MEDIA_URL_TTL_HOURS": "0.5"}).media_url_ttl_hours == 0.5


def test_twilio_provisioning_is_off_unless_asked_for():
    assert Settings.from_env(GOOD).twilio_provisioning is False
    assert Settings.from_env({**GOOD, "TWILIO_PROVISIONING": "true"}).twilio_provisioning is True
