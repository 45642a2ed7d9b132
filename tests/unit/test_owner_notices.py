"""SPEC O3's pure rules: which alerts reach the owner, the words, the digest, no numbers."""

from __future__ import annotations

import pytest

from domain.model import AlertKind, AlertSeverity, NoticeKind
from domain.owner_notices import DueItem, alert_reaches_owner, hide_numbers, notices
from settings import Settings, SettingsError

BASE = "https://snout.example"


def test_high_alerts_pool_exhaustion_and_a_sitter_without_number_reach_the_owner():
    assert alert_reaches_owner(AlertKind.ANTI_POACHING, AlertSeverity.HIGH)
    assert alert_reaches_owner(AlertKind.POOL_EXHAUSTED, AlertSeverity.NORMAL)
    assert alert_reaches_owner(AlertKind.SITTER_WITHOUT_NUMBER, AlertSeverity.NORMAL)
    assert not alert_reaches_owner(AlertKind.ANTI_POACHING, AlertSeverity.NORMAL)  # 1st offense


@pytest.mark.parametrize(
    "name", ["+14155550177", "(415) 555-0177", "415.555.0177", "1 415 555 0177", "555-0177"]
)
def test_a_phone_number_in_a_name_never_reaches_the_owner(name):
    [notice] = notices([DueItem(NoticeKind.WAITING, 1, name, "/messages/1", 15)], BASE)
    assert "0177" not in notice.text and "0177" not in notice.subject
    assert hide_numbers(f"Call {name} now") == "Call a number now"


def test_up_to_three_items_go_one_by_one_and_more_as_one_digest():
    items = [
        DueItem(NoticeKind.HIGH_ALERT, n, "Sam was locked.", "/messages?tab=alerts") for n in (1, 2)
    ]
    items += [DueItem(NoticeKind.WAITING, n, "Dana", f"/messages/{n}", 20) for n in (3, 4, 5)]
    assert len(notices(items[:3], BASE)) == 3
    [digest] = notices(items, BASE)
    assert digest.text == (
        "5 things need you in Snout: 2 high alerts, 3 clients waiting. "
        "Open: https://snout.example/messages"
    )
    assert digest.subject == "5 things need you in Snout"


def test_smtp_settings_are_checked_at_start():
    env = {"SECRET_KEY": "x" * 16}
    assert Settings.from_env(env).smtp_url == ""
    on = Settings.from_env(env | {"SMTP_URL": "smtp+starttls://u:p@mail:587", "SMTP_FROM": "a@b.c"})
    assert on.smtp_url.startswith("smtp+starttls://")
    with pytest.raises(SettingsError, match="SMTP_URL"):
        Settings.from_env(env | {"SMTP_URL": "http://mail", "SMTP_FROM": "a@b.c"})
    with pytest.raises(SettingsError, match="SMTP_FROM"):
        Settings.from_env(env | {"SMTP_URL": "smtp://mail:25"})
