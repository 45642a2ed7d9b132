"""What reaches an owner away from the desk (SPEC O3), and in which words. Pure rules.

Three things reach the owner: a high alert (a second offense, a lock, the pool exhausted, a
sitter without a number), a client message that arrived during overlapping windows (someone
must choose who answers), and a client waiting in the owner inbox longer than the owner's
`wait_minutes`. Each item is told once; when more than `DIGEST_AFTER` are due at once they go
as one digest with one link. No notice carries a phone number: clients are named, and any
phone-like run of digits in a name or an alert's text is hidden.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from domain import texts
from domain.states import AlertKind, AlertSeverity, NoticeKind

DIGEST_AFTER = 3
DEFAULT_WAIT_MINUTES = 15
MAX_WAIT_MINUTES = 24 * 60
#: Items older than this are not told about any more (an old alert is on the Alerts tab).
LOOKBACK = timedelta(days=1)
URGENT_ALERT_KINDS = frozenset({AlertKind.POOL_EXHAUSTED, AlertKind.SITTER_WITHOUT_NUMBER})
_PHONE_LIKE = re.compile(r"\+?\(?\d[\d\s().\-/]{5,}\d")
_DIGEST_NAMES = {
    NoticeKind.HIGH_ALERT: ("high alert", "high alerts"),
    NoticeKind.OVERLAP: ("client to route", "clients to route"),
    NoticeKind.WAITING: ("client waiting", "clients waiting"),
}


@dataclass(frozen=True, slots=True)
class Wants:
    """What an owner chose to be told about (the defaults: everything, after 15 minutes)."""

    high_alerts: bool = True
    overlap_prompts: bool = True
    waiting_clients: bool = True
    wait_minutes: int = DEFAULT_WAIT_MINUTES


@dataclass(frozen=True, slots=True)
class DueItem:
    """Something the owner should hear about: an alert (its text) or a client message (the
    client's name), the page that shows it, and for a waiting client how long."""

    kind: NoticeKind
    item_id: int
    label: str
    path: str
    minutes: int = 0


@dataclass(frozen=True, slots=True)
class Notice:
    subject: str
    text: str


def alert_reaches_owner(kind: str, severity: str) -> bool:
    return severity == AlertSeverity.HIGH or kind in URGENT_ALERT_KINDS


def hide_numbers(text: str) -> str:
    """Every run of 7 or more digits (with spaces, dots, dashes, brackets) becomes `a number`."""
    return _PHONE_LIKE.sub("a number", text)


def notices(items: list[DueItem], base_url: str) -> list[Notice]:
    """One notice per item, or one digest when more than `DIGEST_AFTER` are due."""
    if len(items) > DIGEST_AFTER:
        return [digest(items, base_url)]
    return [single(item, base_url) for item in items]


def single(item: DueItem, base_url: str) -> Notice:
    label, link = hide_numbers(item.label), base_url + item.path
    if item.kind == NoticeKind.HIGH_ALERT:
        return Notice("Snout: high alert", texts.owner_alert(label, link))
    if item.kind == NoticeKind.OVERLAP:
        return Notice(f"Snout: choose who answers {label}", texts.owner_overlap(label, link))
    return Notice(f"Snout: {label} is waiting", texts.owner_waiting(label, item.minutes, link))


def digest(items: list[DueItem], base_url: str) -> Notice:
    parts = []
    for kind, (one, many) in _DIGEST_NAMES.items():
        count = sum(1 for item in items if item.kind == kind)
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    text = texts.owner_digest(len(items), parts, base_url + "/messages")
    return Notice(f"{len(items)} things need you in Snout", text)
