"""M3: the token of the public URL Twilio fetches an outbound photo from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.media_links import media_of_token, media_token, media_url

SECRET = "a-secret-of-enough-length"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_M3_a_token_names_its_media_until_it_expires() -> None:
    token = media_token(42, NOW + timedelta(hours=24), SECRET)
    assert media_of_token(token, SECRET, NOW) == 42
    assert media_of_token(token, SECRET, NOW + timedelta(hours=23, minutes=59)) == 42
    assert media_of_token(token, SECRET, NOW + timedelta(hours=24)) is None


def test_M3_a_forged_or_altered_token_names_nothing() -> None:
    token = media_token(42, NOW + timedelta(hours=1), SECRET)
    media_id, expiry, signature = token.split(".")
    for bad in (
        media_token(42, NOW + timedelta(hours=1), "another-secret-entirely"),
        f"43.{expiry}.{signature}",
        f"{media_id}.{int(expiry) + 1}.{signature}",
        f"{media_id}.{expiry}.{signature[:-1]}",
        f"{media_id}.{expiry}",
        "",
        "-1.1.x",
    ):
        assert media_of_token(bad, SECRET, NOW) is None, bad


def test_M3_the_url_is_under_the_public_base_url() -> None:
    assert media_url("https://snout.example/", "1.2.abc") == "https://snout.example/media/t/1.2.abc"
