"""The pure rules of inbound MMS attachments (SPEC M1-M2)."""

from __future__ import annotations

import pytest

from domain.attachments import attachments, block_applies, released, same_origin
from domain.model import MediaStatus, RouteCode, RouteTarget
from settings import Settings, SettingsError

API = "https://api.twilio.com"


@pytest.mark.parametrize(
    ("url", "base", "same"),
    [
        ("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", API, True),
        ("https://API.twilio.com:443/x", API, True),
        ("http://api.twilio.com/x", API, False),  # another scheme
        ("https://api.twilio.com:8443/x", API, False),  # another port
        ("https://api.twilio.com.evil.example/x", API, False),
        ("https://evil.example/?https://api.twilio.com", API, False),
        ("https://user@evil.example/x", API, False),
        ("https://api.twilio.com@evil.example/x", API, False),
        ("https://api.twilio.com:bad/x", API, False),
        ("http://127.0.0.1:5001/x", "http://127.0.0.1:5001", True),
        ("http://127.0.0.1:5002/x", "http://127.0.0.1:5001", False),
        ("", API, False),
    ],
)
def test_M1_credentials_go_to_the_configured_api_host_only(url, base, same):
    assert same_origin(url, base) is same


def test_M1_attachments_are_read_in_order_up_to_ten():
    params = {"NumMedia": "12"} | {f"MediaUrl{n}": f"{API}/m/{n}" for n in range(12)}
    params |= {f"MediaContentType{n}": "image/jpeg" for n in range(12)}
    found = attachments(params)
    assert [a.position for a in found] == list(range(10))
    assert found[3].url == f"{API}/m/3" and found[3].declared_type == "image/jpeg"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"NumMedia": ""},
        {"NumMedia": "x"},
        {"NumMedia": "-1", "MediaUrl0": f"{API}/m"},
        {"NumMedia": "1"},
        {"NumMedia": "1", "MediaUrl0": "ftp://api.twilio.com/m"},
        {"NumMedia": "1", "MediaUrl0": "https://" + "a" * 2100},
    ],
)
def test_M1_odd_values_give_no_attachment_and_no_error(params):
    assert attachments(params) == ()


def test_M2_a_message_waits_for_checks_and_blocks_but_not_for_failures():
    assert released([])
    assert released([MediaStatus.CLEAN, MediaStatus.FAILED])
    assert not released([MediaStatus.CLEAN, MediaStatus.CHECKING])
    assert not released(["blocked"])


def test_M2_a_blocked_photo_blocks_messages_bound_for_a_sitter_only():
    assert block_applies(RouteTarget.SITTER, RouteCode.ACTIVE_WINDOW)
    assert block_applies("owner_inbox", "overlapping_windows")
    assert not block_applies(RouteTarget.OWNER_INBOX, RouteCode.NO_ACTIVE_WINDOW)


def test_media_settings_come_from_the_environment():
    base = {"SECRET_KEY": "x" * 16}
    default = Settings.from_env(base)
    assert (default.media_max_bytes, default.media_timeout_seconds) == (5_000_000, 10.0)
    assert default.twilio_delete_media is False
    changed = Settings.from_env(
        base
        | {
            "MEDIA_MAX_BYTES": "1000000",
            "MEDIA_DOWNLOAD_TIMEOUT_SECONDS": "3",
            "TWILIO_DELETE_MEDIA": "true",
        }
    )
    assert (changed.media_max_bytes, changed.media_timeout_seconds) == (1_000_000, 3.0)
    assert changed.twilio_delete_media is True
    with pytest.raises(SettingsError, match="MEDIA_MAX_BYTES"):
        Settings.from_env(base | {"MEDIA_MAX_BYTES": "lots"})
