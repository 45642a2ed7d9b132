"""Normalisation: the message as the rules read it, with disguises undone.

``normalise`` folds Unicode (full-width, mathematical and keycap digits, zero-width characters,
look-alike letters, the Snapchat ghost), turns vanity numbers (415-555-PAWS) into digits,
lower-cases, joins letters spelled one by one ("k i m @ a o l . c o m"), undoes leetspeak in
words the rules care about (v3nmo, 1nsta, d0t) and rebuilds disguised email addresses and
domains ("(at)", "[dot]", "(.)", "period", "arroba", "punto").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from domain.antipoaching.regex import trie

_LOOKALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i",
    "ο": "o", "α": "a", "ε": "e", "ι": "i", "ν": "v",
    "‘": "'", "’": "'", "ʼ": "'", "´": "'", "“": '"', "”": '"',
    "\u2028": "\n", "\u2029": "\n", "🔟": "10", "👻": " snapchat ",
    "·": ".", "。": ".", "｡": ".",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-", "⁃": "-",
}  # fmt: skip


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One non-ASCII character as plain text: digits to 0-9, invisible marks to nothing."""
    if char in _LOOKALIKES:
        return _LOOKALIKES[char]
    kind = unicodedata.category(char)
    if kind == "Nd":
        return str(unicodedata.digit(char))
    if kind in ("Cf", "Mn", "Me"):  # zero-width, variation selectors, keycap enclosures
        return ""
    return char


def _fold_unicode(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(char if char.isascii() else _fold_char(char) for char in text)


_KEYPAD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "22233344455566677778889999")
_VANITY = re.compile(
    r"(?<![\w-])(?P<digits>(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}|1[\s.-]?8\d\d|\d{3})"
    r"(?P<sep>[\s.-])(?P<letters>[A-Za-z]{4,7})\b"
)

_MAYBE_VANITY = re.compile(r"\d[\s.-][A-Za-z]{4}")  # a cheap test: starts with a digit


def _vanity_to_digits(match: re.Match[str]) -> str:
    digits, sep, letters = match["digits"], match["sep"], match["letters"]
    plain_digits = re.sub(r"\D", "", digits)
    short = len(plain_digits) == 3
    if (short or sep == " ") and not letters.isupper():  # "555 PAWS", not "100-days"/"123 main"
        return match[0]
    if len(letters) > 4 and not plain_digits.lstrip("1").startswith("8"):  # 1-800-FLOWERS
        return match[0]
    return digits + sep + letters.upper().translate(_KEYPAD)


# Leetspeak is undone only where the result is a word these rules care about, so that
# "3B", "5pm" and tracking numbers keep their digits.
_LEET_VOCABULARY = (
    "zero one two three four five six seven eight nine cero uno dos tres cuatro cinco seis "
    "siete ocho nueve instagram insta snapchat snap whatsapp telegram facebook tiktok signal "
    "facetime venmo cashapp zelle paypal gmail hotmail yahoo outlook icloud number phone "
    "cell email direct directly personal private call text cash dot com net org"
).split()
_LEET_AS_I = str.maketrans("0134578@$!|9", "oieastbasiig")
_LEET_AS_L = str.maketrans("0134578@$!|9", "oleastbasllg")
_MIXED_TOKEN = re.compile(r"(?<![\w@$!|])(?:[a-z]+[\d@$!|]|[\d@$!|]+[a-z])[\w@$!|]*")


_VOCABULARY = re.compile(trie(_LEET_VOCABULARY))


def _unleet(match: re.Match[str]) -> str:
    token = match[0]
    if _VOCABULARY.search(token):  # "four1five" is already readable
        return token
    for table in (_LEET_AS_I, _LEET_AS_L):
        plain = token.translate(table)
        if _VOCABULARY.match(plain):
            return plain
    return token


TLDS = (
    "com|net|org|io|co|me|us|ly|info|biz|app|dev|ai|gg|tv|uk|ca|mx|es|de|fr|au|nz|ie|link|"
    "site|online|shop|store|page|xyz|pet|pets|dog|vet|club|blog|ee|gl|cc|care|social|edu|gov|gle"
)
# Country endings that are not English words, for addresses spelled out: "tomasz at wp dot pl".
_COUNTRY_TLDS = "pl|nl|ch|se|dk|fi|pt|br|jp|ru|za|sg|hk|ph"
_AT = r"(?:\s?@\s?|\s*[\[({<]\s*(?:at|arroba)\s*[\])}>]\s*|\s+(?:at|arroba)\s+)"
_DOT = r"(?:\s?\.\s?|\s*[\[({<]\s*(?:dot|punto|\.)\s*[\])}>]\s*|\s+(?:dot|punto|period)\s+)"
_DISGUISED_EMAIL = re.compile(
    rf"\b(?P<user>[a-z0-9][a-z0-9._%+-]*){_AT}(?P<host>[a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*?)"
    rf"{_DOT}(?P<tld>{TLDS}|{_COUNTRY_TLDS})\b"
)
_DISGUISED_DOT = re.compile(
    rf"(?<=[a-z0-9]),?\s*(?:[\[({{<]\s*(?:dot|punto|period|\.)\s*[\])}}>]|\s(?:dot|punto|period)\s"
    rf"|\s\.\s)\s*(?=(?:{TLDS})\b)"
)
_SPELLED_COM = re.compile(
    r"(?<=[a-z0-9])(?:\s*(?:\.|\bdot\b|[\[(]dot[\])])\s*(?:see oh em|cee oh em|c o m|c-o-m)"
    r"|,(?=(?:com|net|org)\b))"
)
# A domain ending spelled out after "dot" or " . ": "dot e d u", ". n e t", "dot b l o g".
_SPELLED_TLD = re.compile(r"(?:(?<=dot )|(?<= \. ))((?:[a-z][ -]){1,5}[a-z])\b")
# "(dot)" in brackets is a dot whatever follows: "notion (dot) so".
_BRACKETED_DOT = re.compile(
    r"(?<=[a-z0-9])\s*[\[({<]\s*(?:dot|punto|period|\.)\s*[\])}>]\s*(?=[a-z])"
)
_UNDERSCORE = re.compile(r"\s*\b(?:underscore|guion bajo)\b\s*")  # "kenji underscore shell"
# App initials spaced or slashed, in capitals: "my W A", "W/A me", "I G".
_APP_INITIALS = re.compile(r"[WIFTS][ /.][AGBC]\b")
_WWW_SPACED = re.compile(rf"\bwww\s+([a-z0-9-]+)\s+({TLDS})\b")
_MAYBE_EMAIL = re.compile(r"@|\bat\b|arroba")
_MAYBE_DOT = re.compile(r"dot|punto|period|[\[(]\.|\s\.\s|www\s|,com|,net|,org")
# Letters and digits spelled one by one with single spaces: "r o s i e p a w s".
_SPELLED_OUT = re.compile(r"(?<![^\s:])(?:[a-z0-9@._-] ){4,}[a-z0-9@._-](?![^\s,;:!?])")


def _rebuild_email(match: re.Match[str]) -> str:
    host = re.sub(_DOT, ".", match["host"])
    return f"{match['user']}@{host}.{match['tld']}"


_LETTER = re.compile("[a-z]")


def _join_letters(match: re.Match[str]) -> str:
    """ "r o s i e" -> "rosie"; digits spaced one by one stay as they are for the digit rules."""
    spelled = match[0]
    return spelled.replace(" ", "") if _LETTER.search(spelled) else spelled


def _join_initials(match: re.Match[str]) -> str:
    initials, start = match[0][0] + match[0][2], match.start()
    glued = start and match.string[start - 1].isalpha()
    return initials if initials in ("WA", "IG", "FB", "TG", "SC") and not glued else match[0]


def _join_tld(match: re.Match[str]) -> str:
    joined = match[1].replace(" ", "").replace("-", "")
    return joined if re.fullmatch(TLDS, joined) else match[0]


def normalise(text: str) -> str:
    """The text as the rules read it: plain lower-case ASCII-ish, disguises undone."""
    if not text.isascii():
        text = _fold_unicode(text)
    if _MAYBE_VANITY.search(text):
        text = _VANITY.sub(_vanity_to_digits, text)
    if _APP_INITIALS.search(text):
        text = _APP_INITIALS.sub(_join_initials, text)
    text = text.lower()
    if "thru" in text:
        text = re.sub(r"\bthru\b", "through", text)
    if "i.g" in text:
        text = re.sub(r"\bi\.g\.?(?=\s|:)", "ig", text)
    text = _SPELLED_OUT.sub(_join_letters, text)
    text = _MIXED_TOKEN.sub(_unleet, text)
    if "dot " in text or " . " in text:
        text = _SPELLED_TLD.sub(_join_tld, text)
    if "under" in text or "guion" in text:
        text = _UNDERSCORE.sub("_", text)
    if _MAYBE_EMAIL.search(text):
        text = _DISGUISED_EMAIL.sub(_rebuild_email, text)
    if _MAYBE_DOT.search(text):
        text = _SPELLED_COM.sub(lambda match: "." if match[0] == "," else ".com", text)
        text = _DISGUISED_DOT.sub(".", text)
        text = _BRACKETED_DOT.sub(".", text)
        text = _WWW_SPACED.sub(r"www.\1.\2", text)
    return text
