"""How many SMS segments a text costs (SPEC O6), counted the way Twilio counts.

A text made only of GSM-7 characters is sent 7 bits a character: 160 fit in one segment, and a
longer text is split into parts of 153 (each part carries a header). The characters of GSM-7's
extension table (`^ { } \\ [ ] ~ | €` and form feed) take two. Any other character (an emoji,
a curly quote, an accented letter outside the set) switches the whole text to UCS-2: 70 UTF-16
code units in one segment, parts of 67, and an emoji outside the basic plane counts two units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[]~|€\f")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True)
class SegmentCount:
    characters: int  # what a person counts: one per character as typed
    units: int  # what the carrier counts: septets for GSM-7, UTF-16 code units for UCS-2
    encoding: str  # "GSM-7" or "UCS-2"
    segments: int


def _parts(units: int, single: int, part: int) -> int:
    if units == 0:
        return 0
    return 1 if units <= single else math.ceil(units / part)


def count_segments(text: str) -> SegmentCount:
    if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text):
        units = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        return SegmentCount(len(text), units, "GSM-7", _parts(units, GSM7_SINGLE, GSM7_PART))
    units = len(text.encode("utf-16-le")) // 2
    return SegmentCount(len(text), units, "UCS-2", _parts(units, UCS2_SINGLE, UCS2_PART))
