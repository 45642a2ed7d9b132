"""Digit rules: phone-shaped runs of digits, however they are written or surrounded.

A run of digits joined by phone separators (space, dot, dash, slash, "x", "|", "~", "•"...)
is cut into groups; every window of whole groups is tried, so a number is found whatever
stands beside it ("Walk 3 (415) 555-0177", "(415) 555-0141 ~71760"). A window counts as a
phone number when its digits and group shape are those of a North American number
(3-3-4, 1-3-3-4, 3-7, ten or eleven digits, digits spaced one by one), of an international
number that ``phonenumbers`` validates (after "+" or "00"), or of a 7-digit local number.
A run right after "code", "gate", "order", "chip", "Rx", "#", "$"... is not a phone number,
nor a run glued to a code that mixes letters and digits (1Z999AA10123456784). Words glued
to a number without a space (OCR: "cell917-555-0102") do not hide it.

Second passes read number words as digits (English and Spanish, homophones like "won",
"too", "for", "ate" next to digits, "triple five"), letters used as digits (4O4-S55-92b7)
and numbers split over a sentence ("first part 415 555 then 0123").
"""

from __future__ import annotations

import re
from itertools import accumulate, pairwise

import phonenumbers

from domain.antipoaching.regex import trie

_DIGIT_RUN = re.compile(
    r"\+?\(?\d(?:(?:[\s().,_*~|•·x-]|\s/|(?<=\d{3})/(?=\d{3})){0,4}\d)+"
)  # "6/1, 6/2" are dates, "415/555/0123" a phone number
_GROUP = re.compile(r"\d+")
_CODE_WORDS = (
    "code codes gate door alarm lockbox lock box key keypad pin wifi wi-fi password pass pw "
    "passcode garage order tracking track invoice inv receipt chip microchip account acct "
    "confirmation conf ref reference policy license licence tag rabies serial model ticket case "
    "claim member membership id sku rx prescription lot item transaction booking reservation "
    "unit suite flight zip parcel package ups fedex usps dhl amazon label vin plate "
    "certificate cert registration reg permit badge patient file record chart batch vaccine "
    "upc ean barcode auth visa card ending"
).split()
# "#" is a code ("unit #12") unless it is somebody's: "her # is 555-0177".
_NOT_A_PERSON = "".join(
    f"(?<!{who} #)"
    for who in ("my", "her", "his", "our", "your", "ur", "their", "cell", "phone", "new",
                "personal", "mobile", "work", "best", "direct")
)  # fmt: skip
_NOT_A_PHONE_BEFORE = re.compile(
    rf"(?:(?<!area )\b(?:{trie(_CODE_WORDS)}|po box)\b|#{_NOT_A_PERSON}|\$)\s*"
    r"(?:(?:number|num|no|nr|is|was|are|code|=|:|#|\.|-)\s*){0,3}$"
)
_NOT_A_PHONE_AFTER = re.compile(
    r"#(?!\s?\d)|\s*(?:\$|%|mg|ml|lbs?|kg|oz|cups?|mins?|minutes|hours|hrs|dollars|usd|bucks|pesos|"
    r"am\b|pm\b|a\.m|p\.m|steps|miles|km)"
)
PHONE_CONTEXT = re.compile(
    r"\b(?:call|text|txt|number|num|cell|phone|mobile|tel|reach|ring|contact|digits|line|"
    r"whatsapp|número|numero|cel|celular|llama|llámame|llamame|escribe|marca|dial|landline|"
    r"mensaje|mándame|mandame|háblame|hablame|message|msg)\b"
)
_DIGIT_COUNT = re.compile(r"\b\d+[\s-]?digits?\b")  # "the password is 8 digits:"


def _phone_context(before: str) -> bool:
    """A word like "call" or "number" before the digits; "8 digits" tells a code's length."""
    return bool(PHONE_CONTEXT.search(before)) and not _DIGIT_COUNT.search(before)


_UK_MOBILE = re.compile(r"07[1-9]\d{8}")
_NANP_SHAPES = {(10,), (11,), (3, 7), (6, 4)}


def _is_nanp(digits: str) -> bool:
    """A North American number: area code and exchange both start with 2-9."""
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    return len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789"


def _is_valid_international(digits: str, possible: bool = False) -> bool:
    """A number ``phonenumbers`` knows; after an explicit "+" or "00", one it finds possible."""
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    if possible:
        return phonenumbers.is_possible_number(number)
    return phonenumbers.is_valid_number(number)


def _nanp_shaped(groups: list[str]) -> bool:
    """Groups that keep the area code and the exchange whole: 415 555 0123, 4 1 5 5 5 5 0 1 2 3,
    (415) 5550123; not 41 55 55 01 23 nor 22 23 24 25 26."""
    sizes = [len(group) for group in groups]
    if groups[0] == "1" and sum(sizes) == 11:  # the leading 1
        sizes = sizes[1:]
    if tuple(sizes) in _NANP_SHAPES:
        return True
    ends = set(accumulate(sizes))
    return 3 in ends and 6 in ends


def _is_counting(groups: list[re.Match[str]]) -> bool:
    """1 2 3 4 5 6 7 8 9 10, or the 22, 23, 24, 25 and 26: days or a count, not a phone."""
    numbers = [int(group[0]) for group in groups]
    return len(numbers) >= 4 and all(b - a == 1 for a, b in pairwise(numbers))


def _as_phone(groups: list[str], whole: bool, plus: bool, before: str) -> str | None:
    """The number in E.164 (or its bare digits) when these groups make a phone number."""
    digits = "".join(groups)
    sizes = tuple(len(group) for group in groups)
    if len(groups) == 1 and len(digits) >= 14 and not plus and digits[:2] != "00":  # a chip
        return None
    if plus or (whole and digits.startswith("00")):
        digits = digits[2:] if not plus else digits
        return "+" + digits if _is_valid_international(digits, possible=True) else None
    shaped = _nanp_shaped(groups) or (whole and min(sizes) >= 3)  # also 4155 550 123
    if len(digits) in (10, 11) and _is_nanp(digits) and shaped:
        return "+1" + digits[-10:]
    if not whole:
        return None
    spaced = len(groups) >= 3 and all(size <= 4 for size in sizes)
    if len(groups) <= 3 and _UK_MOBILE.fullmatch(digits):  # 07700 900123
        return "+44" + digits[1:]
    if len(digits) == 7:
        local = sizes == (3, 4) or (spaced and len(groups) >= 5)
        return digits if (local and digits[0] not in "01") or _phone_context(before) else None
    if spaced and len(digits) >= 10 and not _NOT_A_PHONE_BEFORE.search(before):  # 44 20 7946 0958
        if digits[0] == "0" or _is_valid_international(digits):
            return "+" + digits.lstrip("0")
    return digits if _phone_context(before) else None


def _formatted_nanp(run: str, groups: list[re.Match[str]]) -> bool:
    """Written 415-555-0123 or (415) 555-0123: no gate, order or booking code looks like that."""
    sizes = [len(group[0]) for group in groups]
    if sizes[:1] == [1]:
        sizes = sizes[1:]
    if run.startswith("+") and groups[0].start() <= 1:
        return True
    if sizes != [3, 3, 4] or run[groups[-2].end() : groups[-1].start()] in ("", " "):
        return False
    return _is_nanp("".join(group[0] for group in groups)[-10:])


# An insurer's or clinic's prefix (TRUPANION-41-7793021), not a word saying what the number is.
_NOT_DIGIT = re.compile(r"\D")
_PHONE_ABBREVIATION = re.compile(r"cell|cel|ph|tel|mob|call|text|txt|num|no|nr|at|on|me|is|to|wa")
_ID_PREFIX = re.compile(
    r"(?<![\w-])(?!(?:cell|phone|mobile|mob|tel|cel|ph|call|text|txt|number|num|no|nr|home|work|fax|"
    r"me|at|on|is)-)[a-z]{2,12}-$"
)
_NANP_WRITTEN = re.compile(r"[2-9]\d\d[.-][2-9]\d\d[.-]\d{4}\b")  # cell-917-555-0102


def _glued_to_code(text: str, start: int, run: str) -> bool:
    """True when the digits continue a token that mixes letters and digits (1Z999AA1...) or
    follow a letter prefix and a hyphen, as IDs do (CLM-2024-558012)."""
    if _ID_PREFIX.search(text, max(0, start - 14), start):
        return True
    index = start
    while index and text[index - 1].isalnum():
        index -= 1
    prefix = text[index:start]
    if any(char.isdigit() for char in prefix):
        return True
    # A short letter prefix glued to a number that is no phone number (XR48291003), unless it
    # names a phone line; a name glued to a phone number stays a phone number (Ana(818) 370-1597).
    short = 0 < len(prefix) <= 4 and not _PHONE_ABBREVIATION.fullmatch(prefix)
    return short and not run.startswith(("+", "(")) and not _is_nanp(_NOT_DIGIT.sub("", run))


def _windows(run: str):
    """(first, groups, whole) for each window of whole groups that could be a phone number:
    the whole run, a window after "+", or ten or eleven digits anywhere in the run."""
    groups = list(_GROUP.finditer(run))
    if _is_counting(groups):
        return
    plus = run.startswith("+")
    for first in range(len(groups)):
        count = 0
        for last in range(first, len(groups)):
            count += len(groups[last][0])
            if count > 15:
                break
            whole = first == 0 and last == len(groups) - 1
            if count >= 7 and (whole or count in (10, 11) or (plus and first == 0)):
                yield first, groups[first : last + 1], whole


def find_phone(text: str, allowed: frozenset[str] = frozenset()) -> str | None:
    """The first phone number in ``text`` that is not in ``allowed`` (E.164), or None."""
    for run in _DIGIT_RUN.finditer(text):
        if len(run[0]) < 7 or _glued_to_code(text, run.start(), run[0]):
            continue
        for first, groups, whole in _windows(run[0]):
            start = run.start() + (0 if first == 0 else groups[0].start())
            before = text[max(0, start - 40) : start]
            plus = first == 0 and run[0].startswith("+")
            phone = _as_phone([group[0] for group in groups], whole, plus, before)
            if phone is None or phone in allowed:
                continue
            if _NOT_A_PHONE_BEFORE.search(before) and not _formatted_nanp(run[0], groups):
                continue
            if not _NOT_A_PHONE_AFTER.match(text, run.start() + groups[-1].end()):
                return phone
    return None
