"""What a typed name may be: at most `MAX_NAME` characters, no control characters (a NUL or
an escape would reach the pages and the texts). Pure."""

from __future__ import annotations

import unicodedata

from domain.errors import Invalid

MAX_NAME = 200


def checked_name(value: str, *, what: str, field: str, required: bool = True) -> str:
    """`value` without surrounding spaces, or `Invalid` (422) naming `what` ("The client's
    name"): empty when `required`, longer than `MAX_NAME`, or with a control character."""
    name = value.strip()
    if required and not name:
        raise Invalid(f"{what} is missing.", field=field)
    if len(name) > MAX_NAME:
        raise Invalid(f"{what} is too long (at most {MAX_NAME} characters).", field=field)
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise Invalid(f"{what} contains a control character.", field=field)
    return name


def first_word(name: str | None) -> str:
    """The first word of a person's name, or "" when it has none (or it looks like a number)."""
    words = (name or "").split()
    if not words or any(ch.isdigit() for ch in words[0]):
        return ""
    return words[0]


def first_name(name: str | None) -> str:
    """The first word of a client's name as a sitter sees it; never anything that looks like a
    number ("Client" then)."""
    return first_word(name) or "Client"
