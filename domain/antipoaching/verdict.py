"""The detector's answer: blocked or not, the category other code stores, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    blocked: bool
    category: str | None  # "phone", "email", "url", "social", "payment", "off_platform"
    reason: str  # for the owner, in plain words; "" when allowed


ALLOWED = Verdict(blocked=False, category=None, reason="")


def block(category: str, reason: str) -> Verdict:
    return Verdict(blocked=True, category=category, reason=reason)
