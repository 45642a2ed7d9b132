"""Templates (canned replies): the placeholders an org's template may use, and how a template
becomes the text of one thread's message.

A placeholder is a word in braces, `{pet_name}`. Only the four below are known; a template
naming any other is refused when it is saved, with the unknown name in the message. A value
the thread does not have (no pet name, no sitter, no visit booked) is rendered as the plain
words people would use in its place ("your pet", "your sitter"), never as an empty gap or the
raw placeholder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.errors import Invalid

#: A placeholder and what is written when the thread has no value for it.
PLACEHOLDERS: dict[str, str] = {
    "client_first_name": "there",
    "pet_name": "your pet",
    "sitter_first_name": "your sitter",
    "visit_time": "your next visit",
}

_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")
NAME_LIMIT = 100
BODY_LIMIT = 1600


@dataclass(frozen=True)
class TemplateValues:
    """What one thread knows; an empty string is a missing value."""

    client_first_name: str = ""
    pet_name: str = ""
    sitter_first_name: str = ""
    visit_time: str = ""


def unknown_placeholders(body: str) -> list[str]:
    """The placeholders in `body` that are not known, in the order they first appear."""
    seen: list[str] = []
    for name in _PLACEHOLDER.findall(body):
        if name not in PLACEHOLDERS and name not in seen:
            seen.append(name)
    return seen


def checked_template(name: str, body: str) -> tuple[str, str]:
    """A template's name and body as saved (trimmed), or `Invalid` (422) naming the problem."""
    name, body = name.strip(), body.strip()
    if not name:
        raise Invalid("The template needs a name.", field="name")
    if len(name) > NAME_LIMIT:
        raise Invalid(f"The name is longer than {NAME_LIMIT} characters.", field="name")
    if not body:
        raise Invalid("The template needs a text.", field="body")
    if len(body) > BODY_LIMIT:
        raise Invalid(f"The text is longer than {BODY_LIMIT} characters.", field="body")
    unknown = unknown_placeholders(body)
    if unknown:
        listed = ", ".join("{" + u + "}" for u in unknown)
        known = ", ".join("{" + k + "}" for k in PLACEHOLDERS)
        raise Invalid(f"Unknown placeholder {listed}. Use one of {known}.", field="body")
    return name, body


def render_template(body: str, values: TemplateValues) -> str:
    """The template's text for one thread: each known placeholder replaced by the thread's
    value, or by its stand-in words when the thread has none; anything else is left as typed."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in PLACEHOLDERS:
            return match.group(0)
        return getattr(values, key).strip() or PLACEHOLDERS[key]

    return _PLACEHOLDER.sub(value, body)
