"""The allow list's values (SPEC O4): one exact phone number, email or domain per entry.

Each value is stored normalised, the way the detector compares it (`domain.antipoaching`'s
`AllowList`): phone numbers in E.164, emails and domains in lower case, a domain without its
scheme, `www.` or path. A value that is not what its kind says is refused with a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from domain.antipoaching import AllowList
from domain.errors import Invalid
from domain.phones import checked_phone
from domain.states import ContactKind

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.[a-z]{{2,63}}")
_EMAIL = re.compile(rf"[a-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_DOMAIN.pattern}")
MAX_LABEL = 100


def normalise_contact(kind: ContactKind, raw: str) -> str:
    """The stored form of `raw`, or `Invalid` (field "value") saying what is wrong."""
    value = (raw or "").strip()
    if not value:
        raise Invalid("Enter the phone number, email or domain to allow.", field="value")
    if kind is ContactKind.PHONE:
        return checked_phone(value, field="value")
    value = value.lower()
    if kind is ContactKind.EMAIL:
        value = value.removeprefix("mailto:")
        if not _EMAIL.fullmatch(value):
            raise Invalid(
                "That does not look like an email address (name@example.com).", field="value"
            )
        return value
    value = re.sub(r"^(?:https?://)?(?:www\.)?", "", value).split("/", 1)[0]
    if not _DOMAIN.fullmatch(value):
        raise Invalid("That does not look like a domain (example.com).", field="value")
    return value


def contact_kind(raw: str) -> ContactKind:
    """Read a kind as sent (422 for anything else)."""
    try:
        return ContactKind(raw)
    except ValueError:
        raise Invalid("Choose phone, email or domain.", field="kind") from None


def checked_label(raw: str) -> str:
    label = (raw or "").strip()
    if len(label) > MAX_LABEL:
        raise Invalid(f"Keep the label under {MAX_LABEL} characters.", field="label")
    return label


def allow_list(entries: Iterable[tuple[str, str]]) -> AllowList:
    """What the detector takes, from stored (kind, value) pairs: they are normalised already,
    so nothing is parsed again."""
    phones, addresses = set(), set()
    for kind, value in entries:
        (phones if kind == ContactKind.PHONE else addresses).add(value)
    return AllowList(frozenset(phones), frozenset(addresses))
