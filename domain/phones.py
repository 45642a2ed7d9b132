"""Phone numbers: normalising what people type to E.164, and the one place that redacts them.

Redaction keeps the first 5 characters and the last 4 of the E.164 form: ``+1415****0123``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import NumberParseException, ValidationResult

from domain.errors import Invalid


class InvalidPhone(ValueError):
    """What was typed is not a phone number we can text. The message never repeats the input
    (it may be logged), and says what to type instead."""


_HINT = "Use a full number such as +1 415 555 0123 or (415) 555-0123."


@lru_cache(maxsize=4096)  # every webhook parses its From and To; phonenumbers is slow at it
def normalize_phone(raw: str, default_region: str = "US") -> str:
    """The E.164 form (``+14155550123``) of a phone number typed in any common format.

    A number without a ``+`` country code is read in ``default_region``. The number must have
    a possible full length for its country (``555`` test numbers pass; a 7-digit local number,
    letters-only text or a number too long do not). Raises :class:`InvalidPhone`.
    """
    if raw is None or not str(raw).strip():
        raise InvalidPhone(f"Enter a phone number. {_HINT}")
    text = str(raw).strip()
    try:
        number = phonenumbers.parse(text, default_region)
    except NumberParseException:
        raise InvalidPhone(f"That does not look like a phone number. {_HINT}") from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == ValidationResult.TOO_SHORT or reason == ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        raise InvalidPhone(f"That phone number is too short. {_HINT}")
    if reason == ValidationResult.TOO_LONG:
        raise InvalidPhone(f"That phone number is too long. {_HINT}")
    if reason != ValidationResult.IS_POSSIBLE:
        raise InvalidPhone(f"That phone number is not valid for its country. {_HINT}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def checked_phone(raw: str, *, field: str) -> str:
    """The E.164 form of a phone typed into a form, or `Invalid` (422) on `field` saying what
    to type instead."""
    try:
        return normalize_phone(raw)
    except InvalidPhone as error:
        raise Invalid(str(error), field=field) from None


def redact_phone(e164: str) -> str:
    """``+14155550123`` → ``+1415****0123``: the first 5 characters, four stars, the last 4.
    Anything shorter than 9 characters is fully masked (``****``)."""
    text = str(e164 or "").strip()
    if len(text) < 9:
        return "****"
    return f"{text[:5]}****{text[-4:]}"


# Phone-like numbers in free text, in order of preference. Digits are ASCII; a match never
# starts or ends inside a word or a longer digit run, so ids, hex, ports and dates survive.
_SEP = r"[ .\-]"
_PHONE_LIKE = re.compile(
    rf"""
    (?<![\w+])
    (?:
        \+1{_SEP}?(?:\(\d{{3}}\)|\d{{3}}){_SEP}?\d{{3}}{_SEP}?\d{{4}}         # +1 415 555 0123
      | \+\d{{8,15}}                                                         # +447911123456
      | \+\d{{1,3}}(?:{_SEP}\(?\d{{1,6}}\)?){{2,5}}                          # +44 7911 123456
      | (?:1{_SEP}?)?(?:\(\d{{3}}\){_SEP}?|\d{{3}}{_SEP}?)\d{{3}}{_SEP}?\d{{4}} # (415) 555-0123
      | \d{{10,15}}                                                          # 14155550123
    )
    (?![\w])
    """,
    re.VERBOSE | re.ASCII,
)
_MAX_DIGITS = 15
_MIN_INTL_DIGITS = 8


def redact_text(text: str) -> str:
    """Every phone-like number in ``text`` redacted as by :func:`redact_phone`: E.164 with or
    without ``+`` (10-15 bare digits), spaced international numbers, and US formats such as
    ``(415) 555-0123``, ``415-555-0123``, ``415.555.0123``, ``1 415 555 0123``. Dates and
    times (``2026-11-21 09:45:56``), ports, and numbers shorter than 10 digits are left alone.
    A bare 10-digit number is read as a US number."""
    if not text:
        return text
    return _PHONE_LIKE.sub(_redact_match, text)


def _redact_match(match: re.Match[str]) -> str:
    found = match.group(0)
    rest = ""
    if found.startswith("+") and _digit_count(found) > _MAX_DIGITS:
        # A spaced international number followed by more digit groups (a date, a code):
        # keep the longest leading run of groups that still fits in E.164.
        groups = re.findall(rf"{_SEP}?[^ .\-]+", found)
        kept = ""
        for group in groups:
            if _digit_count(kept + group) > _MAX_DIGITS:
                break
            kept += group
        found, rest = kept, found[len(kept) :]
    digits = re.sub(r"\D", "", found)
    if len(digits) > _MAX_DIGITS or (found.startswith("+") and len(digits) < _MIN_INTL_DIGITS):
        return match.group(0)
    if found.startswith("+") or len(digits) != 10:
        return redact_phone("+" + digits) + rest
    return redact_phone("+1" + digits) + rest


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


_DISPLAYABLE = re.compile(r"\+?[\d ().\-]{7,24}", re.ASCII)


def display_phone(number: str | None) -> str:
    """A phone number the way people write it: ``(415) 555-0141`` for a US number, the
    international form (``+44 7700 900123``) for any other. Anything that is not a possible
    phone number (a redacted ``+1415****0177``, a name, an empty value) comes back unchanged."""
    text = "" if number is None else str(number)
    if not _DISPLAYABLE.fullmatch(text.strip()):
        return text
    try:
        parsed = phonenumbers.parse(text.strip(), "US")
    except NumberParseException:
        return text
    if not phonenumbers.is_possible_number(parsed):
        return text
    region = phonenumbers.region_code_for_number(
        parsed
    ) or phonenumbers.region_code_for_country_code(parsed.country_code)
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(
        parsed, style.NATIONAL if region == "US" else style.INTERNATIONAL
    )


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def redact_contacts(text: str) -> str:
    """`text` with its phone numbers redacted (:func:`redact_text`) and its email addresses
    replaced by ``[email]``: for free text someone typed that others will read."""
    return redact_text(_EMAIL.sub("[email]", text))
