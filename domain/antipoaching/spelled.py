"""Numbers written with words or letters, turned back into digits for the digit rules."""

from __future__ import annotations

import re

from domain.antipoaching.regex import trie

_NUMBER_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
    "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16",
    "seventeen": "17", "eighteen": "18", "nineteen": "19",
    "cero": "0", "uno": "1", "una": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
    "seis": "6", "siete": "7", "ocho": "8", "nueve": "9", "diez": "10", "doce": "12",
    "trece": "13", "catorce": "14", "quince": "15",
    # Misspelt on purpose, and never ordinary words: "wun", "fiv", "fife", "sevin", "niner".
    "wun": "1", "fiv": "5", "fyve": "5", "fife": "5", "sevin": "7", "sevn": "7", "nyne": "9",
    "niner": "9", "fower": "4",
    # Dutch, German and French, for numbers given from abroad ("plus drie een, zes...").
    "nul": "0", "een": "1", "twee": "2", "drie": "3", "drei": "3", "vier": "4", "vijf": "5",
    "zes": "6", "zeven": "7", "acht": "8", "negen": "9", "null": "0", "eins": "1", "zwei": "2",
    "fünf": "5", "funf": "5", "sechs": "6", "sieben": "7", "neun": "9", "zéro": "0",
    "deux": "2", "trois": "3", "quatre": "4", "cinq": "5", "sept": "7", "huit": "8",
    "neuf": "9",
}  # fmt: skip
_TENS = {
    "twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7",
    "eighty": "8", "ninety": "9", "veinte": "2", "treinta": "3", "cuarenta": "4",
    "cincuenta": "5", "sesenta": "6", "setenta": "7", "ochenta": "8", "noventa": "9",
}  # fmt: skip
# Words that sound like digits; read as digits only right beside another digit.
_HOMOPHONES = {"won": "1", "too": "2", "to": "2", "for": "4", "fore": "4", "ate": "8",
               "o": "0", "oh": "0", "free": "3", "tree": "3", "sicks": "6", "nein": "9",
               "tu": "2", "tew": "2"}  # fmt: skip


_UNITS = "|".join(word for word, digit in _NUMBER_WORDS.items() if len(digit) == 1)
_TENS_WORD = re.compile(rf"(?<![a-z])({trie(list(_TENS))})(?:[\s-]*(?:y\s+)?({_UNITS})(?![a-z]))?")
# "four1five" too; "the last four are 0102" names a group, it is not a digit.
_NUMBER_WORD = re.compile(
    rf"(?<![a-z])(?<!last )(?<!first )(?<!final )({trie(list(_NUMBER_WORDS))})(?![a-z])"
)
_REPEATED_DIGIT = re.compile(r"\b(double|doble|triple)[\s-]+(\d)\b")
_HOMOPHONE = trie(list(_HOMOPHONES))
_HOMOPHONE_AFTER_DIGIT = re.compile(rf"(?<=\d)([\s,.-]{{1,3}})({_HOMOPHONE})(?![a-z])")
_HOMOPHONE_BEFORE_DIGIT = re.compile(rf"(?<![a-z])({_HOMOPHONE})(?=[\s,.-]{{1,3}}\d)")
MAYBE_SPELLED = re.compile(
    rf"(?<![a-z])(?:{trie([*_NUMBER_WORDS, *_TENS])})(?![a-z])|\do\b|\bo\d|\d[\s.-]o[\s.-]\d"
)
# Letters standing for digits inside a group that already holds a digit: 4O4-S55-92b7.
_LETTER_DIGITS = str.maketrans("olisbz", "011582")
_MIXED_GROUP = re.compile(r"(?<![a-z0-9])(?=[olisbz]*\d)(?=\d*[olisbz])[0-9olisbz]{3,}(?![a-z0-9])")
_LETTER_CHAIN = re.compile(
    r"(?<![a-z0-9])(?=(?:[a-z-]*\d){3})[0-9olisbz]{3}-[0-9olisbz]{3}-[0-9olisbz]{4}(?![a-z0-9])"
)  # 8lB-BSS-ZO43
MAYBE_LETTER_DIGITS = re.compile(r"\d[olisbz]|[olisbz]\d")
# A number split over a sentence: "area code 415, then 555, last four 0123".
MAYBE_SPLIT = re.compile(
    r"\barea code\b|\bfirst (?:part|three|3|half)\b|\bthen\b|\brest is\b|\blast (?:four|4)\b"
    r"|\bstarts? with\b|\bends? (?:in|with)\b|\bfollowed by\b"
)
_BETWEEN_GROUPS = re.compile(r"(?<=\d)[a-z\s,.:;'()-]{1,30}?(?=\d)")  # "917 (the area) then"
# A vanity word after spelled digits: "four one five - 555 - PAWS" (the keypad's letters).
_VANITY_AFTER_DIGITS = re.compile(r"(?<=\d)(\s?-\s?)([a-z]{4})\b")
_KEYPAD = str.maketrans("abcdefghijklmnopqrstuvwxyz", "22233344455566677778889999")
_PLUS = re.compile(r"\bplus\s+(?=\d)")  # "plus three one, six..." -> "+3 1, 6"


def _tens_to_digits(match: re.Match[str]) -> str:
    unit = _NUMBER_WORDS[match[2]] if match[2] else "0"
    return _TENS[match[1]] + unit


def _repeat_digit(match: re.Match[str]) -> str:
    times = 3 if match[1] == "triple" else 2
    return " ".join(match[2] * times)


def spell_digits(text: str) -> str:
    """Number words as digits: "four one five" -> "4 1 5", "for oh ate" -> "4 0 8"."""
    text = _TENS_WORD.sub(_tens_to_digits, text)
    text = _NUMBER_WORD.sub(lambda match: _NUMBER_WORDS[match[1]], text)
    text = _REPEATED_DIGIT.sub(_repeat_digit, text)
    if "plus" in text:
        text = _PLUS.sub("+", text)
    for _ in range(8):  # "for o 8": each pass reads the homophone next to a new digit
        before = text
        text = _HOMOPHONE_AFTER_DIGIT.sub(lambda m: m[1] + _HOMOPHONES[m[2]], text)
        text = _HOMOPHONE_BEFORE_DIGIT.sub(lambda m: _HOMOPHONES[m[1]], text)
        text = _REPEATED_DIGIT.sub(_repeat_digit, text)
        if text == before:
            break
    return _VANITY_AFTER_DIGITS.sub(_vanity_word, text) if "-" in text else text


def _vanity_word(match: re.Match[str]) -> str:
    """The word as keypad digits when six digits come just before it."""
    before = match.string[max(0, match.start() - 24) : match.start()]
    if sum(char.isdigit() for char in before) < 6:
        return match[0]
    return match[1] + match[2].translate(_KEYPAD)


def letters_as_digits(text: str) -> str:
    """Look-alike letters inside digit groups as digits: "4o4-s55-92b7" -> "404-555-9287"."""
    text = _LETTER_CHAIN.sub(lambda match: match[0].translate(_LETTER_DIGITS), text)
    return _MIXED_GROUP.sub(lambda match: match[0].translate(_LETTER_DIGITS), text)


def join_split_groups(text: str) -> str:
    """Digit groups separated by a few words, joined: "415 then 555" -> "415 555"."""
    return _BETWEEN_GROUPS.sub(" ", text)
