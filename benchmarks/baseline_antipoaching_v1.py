"""Anti-poaching: does a message try to move the client and the sitter off the platform?

SPEC section 6. ``scan(text)`` returns a ``Verdict``; it is pure, fast and never calls out.

A1 - block a message that shares, requests, promises or points to a way to reach or pay each
     other outside the platform:
       phone         phone numbers in any common format, personal-line phrases
                     ("text my personal phone", "here's my number") and requests for a number
       email         email addresses, however disguised ("sam (at) example [dot] com")
       url           links and bare domains (example.com, bit.ly/x, www.foo.net)
       social        messaging apps and social networks, "dm me", @handles
       payment       Venmo, Cash App and $cashtags, Zelle, PayPal, Apple/Google Pay...
       off_platform  proposals to leave ("let's take this off the app", "book me directly")
     Obfuscation does not help: the text is normalised first (see ``normalise``).
A2 - allow ordinary pet-care text: gate, door, alarm, lockbox and Wi-Fi codes, times and
     dates, prices, doses and weights, addresses, order/tracking/microchip/invoice numbers,
     "text me when you arrive" (the masked line *is* the platform), "snap peas", "oh snap".
A6 - quality bar, measured by tests/unit/test_antipoaching.py and benchmarks/antipoaching.py:
     recall >= 97 % on the labelled corpus, false positives <= 1 %, >= 20,000 messages/s.

How it works:
1. ``normalise`` folds Unicode (full-width, mathematical and keycap digits, zero-width
   characters, look-alike letters), turns vanity numbers (415-555-PAWS) into digits,
   lower-cases, undoes leetspeak in words we care about (v3nmo, 1nsta, f0ur) and rebuilds
   disguised email addresses ("(at)", "[dot]", "arroba", "punto").
2. Word rules (regexes over word lists) look for emails, links, apps, payments, phrases.
3. Digit rules look for runs of digits that are shaped like phone numbers, first in the
   text as written, then with number words spelled as digits (English and Spanish). A run
   right after "code", "gate", "order", "chip", "invoice", "#", "$"... is not a phone number.
   ``phonenumbers`` checks only the international-looking candidates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers


@dataclass(frozen=True, slots=True)
class Verdict:
    blocked: bool
    category: str | None  # "phone", "email", "url", "social", "payment", "off_platform"
    reason: str  # for the owner, in plain words; "" when allowed


ALLOWED = Verdict(blocked=False, category=None, reason="")


def _block(category: str, reason: str) -> Verdict:
    return Verdict(blocked=True, category=category, reason=reason)


def _words(*alternatives: str) -> str:
    """A regex alternation of whole words or phrases; a space inside matches any spacing."""
    return "|".join(a.replace(" ", r"[\s._-]*") for a in alternatives)


def _trie(words: list[str]) -> str:
    """A regex alternation of plain words, factored by first letters: much faster to search."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        tails = [rest for rest in rests if rest]
        tail = _trie(tails) if tails else ""
        optional = "?" if "" in rests and tails else ""
        branches.append(re.escape(first) + (f"(?:{tail}){optional}" if tail else ""))
    return "|".join(branches)


def _loose(word: str) -> str:
    """A regex for ``word`` that tolerates one separator between letters (v.e.n.m.o, ven mo)."""
    return r"[\s._*-]?".join(re.escape(letter) for letter in word.replace(" ", ""))


# --------------------------------------------------------------------------------------------
# 1. Normalisation
# --------------------------------------------------------------------------------------------

_LOOKALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i",
    "ο": "o", "α": "a", "ε": "e", "ι": "i", "ν": "v",
    "‘": "'", "’": "'", "ʼ": "'", "´": "'", "“": '"', "”": '"',
    "\u2028": "\n", "\u2029": "\n", "🔟": "10",
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
    "cell email direct directly personal private call text cash"
).split()
_LEET_AS_I = str.maketrans("0134578@$!|9", "oieastbasiig")
_LEET_AS_L = str.maketrans("0134578@$!|9", "oleastbasllg")
_MIXED_TOKEN = re.compile(r"(?<![\w@$!|])(?:[a-z]+[\d@$!|]|[\d@$!|]+[a-z])[\w@$!|]*")


def _unleet(match: re.Match[str]) -> str:
    token = match[0]
    if any(word in token for word in _LEET_VOCABULARY):  # "four1five" is already readable
        return token
    for table in (_LEET_AS_I, _LEET_AS_L):
        plain = token.translate(table)
        if any(plain.startswith(word) for word in _LEET_VOCABULARY):
            return plain
    return token


_TLDS = (
    "com|net|org|io|co|me|us|ly|info|biz|app|dev|ai|gg|tv|uk|ca|mx|es|de|fr|au|nz|ie|link|"
    "site|online|shop|store|page|xyz|pet|pets|dog|vet|club|blog|ee|gl|cc"
)
_AT = r"(?:\s?@\s?|\s*[\[({<]\s*(?:at|arroba)\s*[\])}>]\s*|\s+(?:at|arroba)\s+)"
_DOT = r"(?:\s?\.\s?|\s*[\[({<]\s*(?:dot|punto|\.)\s*[\])}>]\s*|\s+(?:dot|punto)\s+)"
_DISGUISED_EMAIL = re.compile(
    rf"\b(?P<user>[a-z0-9][a-z0-9._%+-]*){_AT}(?P<host>[a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*?)"
    rf"{_DOT}(?P<tld>{_TLDS})\b"
)
_DISGUISED_DOT = re.compile(rf"\s*(?:[\[({{<]\s*(?:dot|punto)\s*[\])}}>]|\s(?:dot|punto)\s)\s*"
                            rf"(?=(?:{_TLDS})\b)")  # fmt: skip


_MAYBE_EMAIL = re.compile(r"@|\bat\b|arroba")


def _rebuild_email(match: re.Match[str]) -> str:
    host = re.sub(_DOT, ".", match["host"])
    return f"{match['user']}@{host}.{match['tld']}"


def normalise(text: str) -> str:
    """The text as the rules read it: plain lower-case ASCII-ish, disguises undone."""
    if not text.isascii():
        text = _fold_unicode(text)
    text = _VANITY.sub(_vanity_to_digits, text).lower()
    text = _MIXED_TOKEN.sub(_unleet, text)
    if _MAYBE_EMAIL.search(text):
        text = _DISGUISED_EMAIL.sub(_rebuild_email, text)
    if "dot" in text or "punto" in text:
        text = _DISGUISED_DOT.sub(".", text)
    return text


_NUMBER_WORDS = {
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
    "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16",
    "seventeen": "17", "eighteen": "18", "nineteen": "19",
    "cero": "0", "uno": "1", "una": "1", "dos": "2", "tres": "3", "cuatro": "4", "cinco": "5",
    "seis": "6", "siete": "7", "ocho": "8", "nueve": "9", "diez": "10", "doce": "12",
    "trece": "13", "catorce": "14", "quince": "15",
}  # fmt: skip
_TENS = {
    "twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7",
    "eighty": "8", "ninety": "9", "veinte": "2", "treinta": "3", "cuarenta": "4",
    "cincuenta": "5", "sesenta": "6", "setenta": "7", "ochenta": "8", "noventa": "9",
}  # fmt: skip
_UNITS = "|".join(word for word, digit in _NUMBER_WORDS.items() if len(digit) == 1)
_TENS_WORD = re.compile(rf"(?<![a-z])({_trie(list(_TENS))})(?:[\s-]*(?:y\s+)?({_UNITS})(?![a-z]))?")
_NUMBER_WORD = re.compile(rf"(?<![a-z])({_trie(list(_NUMBER_WORDS))})(?![a-z])")  # "four1five" too
_REPEATED_DIGIT = re.compile(r"\b(double|doble|triple)\s+(\d)\b")
_LETTER_O_NEAR_DIGITS = re.compile(r"(?<=\d)o\b|\bo(?=\d)|(?<=\d[\s.-])o(?=[\s.-]\d)")
_MAYBE_SPELLED = re.compile(
    rf"(?<![a-z])(?:{_trie([*_NUMBER_WORDS, *_TENS])})(?![a-z])|\do\b|\bo\d|\d[\s.-]o[\s.-]\d"
)


def _tens_to_digits(match: re.Match[str]) -> str:
    unit = _NUMBER_WORDS[match[2]] if match[2] else "0"
    return _TENS[match[1]] + unit


def _repeat_digit(match: re.Match[str]) -> str:
    times = 3 if match[1] == "triple" else 2
    return " ".join(match[2] * times)


def spell_digits(text: str) -> str:
    """Number words as digits: "four one five" -> "4 1 5", "cinco cinco" -> "5 5"."""
    text = _TENS_WORD.sub(_tens_to_digits, text)
    text = _NUMBER_WORD.sub(lambda match: _NUMBER_WORDS[match[1]], text)
    text = _REPEATED_DIGIT.sub(_repeat_digit, text)
    return _LETTER_O_NEAR_DIGITS.sub("0", text)


# --------------------------------------------------------------------------------------------
# 2. Word rules
# --------------------------------------------------------------------------------------------

_EMAIL = re.compile(rf"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:{_TLDS})\b")
_EMAIL_WORDS = re.compile(
    r"\b(?:" + _words(
        "gmail", "hotmail", "yahoo mail", "outlook com", "icloud", "protonmail", "aol com",
        "my e mail", "your e mail", "ur e mail", "e mail me", "e mail you", "an e mail",
        "mi correo", "tu correo", "correo electronico", "correo electrónico",
    ) + r")\b"
)  # fmt: skip
_URL = re.compile(
    rf"\b(?:https?://|www\.)\S|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{_TLDS})\b(?![.-]?\w)"
)
_SOCIAL_APPS = {
    "Instagram": _words(_loose("instagram"), _loose("insta") + "(?!-[a-z])", "ig"),
    "Snapchat": _words(_loose("snapchat")),
    "WhatsApp": _words(_loose("whatsapp"), "what's app", "whats app", "watsapp", "wasap",
                       "wassap", "guasap", "wsp", "wpp"),
    "Telegram": _loose("telegram"),
    "Facebook": _words(_loose("facebook"), "fb", "fb messenger"),
    "TikTok": _words(_loose("tiktok")),
    "FaceTime": _loose("facetime"),
    "iMessage": _words("imessage", "i message me"),
    "another messaging app": _words("wechat", "viber", "kik", "skype", "linkedin", "twitter"),
    "direct messages": _words("dm", "dms", "dm'?s", "pm me", "inbox me", "slide into my"),
}  # fmt: skip
_SOCIAL = re.compile(
    r"\b(?:" + "|".join(f"(?P<app{i}>{rx})" for i, rx in enumerate(_SOCIAL_APPS.values())) + r")\b"
)
_SOCIAL_NAMES = list(_SOCIAL_APPS)
# Ordinary words that are also apps: only in a messaging sense ("snap peas", "wifi signal").
_OWNER = r"(?:my|your|ur|mi|tu|on|via|over|through|by|use|download|add me on|hit me up on)"
_SOCIAL_IN_CONTEXT = re.compile(
    rf"\b{_OWNER}\s+(?:snap|signal|discord|messenger|threads|line app|x app)\b"
    r"|\b(?:snap|signal|discord)\s+(?:me|handle|username|name|id|app|number|acct|account)\b"
    r"(?!\s+(?:a|some|the|\d+|few|quick|couple|pics?|photos?|pictures?)\b)"
    r"|\b(?:add|find|follow|look|hit)\s+(?:me\s+|us\s+)(?:up\s+)?on\b"
    r"(?!\s+(?:the|this|here|snout)\b)"
    r"|\b(?:my|your|ur|his|her)\s+(?:handle|username|user name|socials|@)"
    r"|\bsocials\b|\bsocial media\b|\blink in (?:my )?bio\b"
    r"|\b(?:por|al|un|mi|tu|el|my|your|ur)\s+(?:whats|wats|wasa)\b"
)
_HANDLE = re.compile(r"(?<![\w.@])@([a-z0-9_][a-z0-9_.]{1,29})")
_NOT_HANDLES = frozenset(
    "home work noon night midnight the vet park school lunch dinner breakfast tonight today "
    "tomorrow everyone all here door gate front back office daycare clinic groomer".split()
)
_TIME_LIKE = re.compile(r"\d+(?:[:.]\d+)?(?:am|pm|ish)?")

_PAYMENT_APPS = {
    "Venmo": _loose("venmo"),
    "Cash App": _words("cash app", "cashapp", "cash tag", "cashtag"),
    "Zelle": _words(_loose("zelle")),
    "PayPal": _words(_loose("paypal")),
    "Apple Pay": _words("apple pay", "applepay"),
    "Google Pay": _words("google pay", "gpay", "g pay", "samsung pay"),
    "bank transfer": _words("bank transfer", "wire transfer", "e transfer", "etransfer",
                            "interac", "transferencia", "bizum", "chime me", "my chime"),
    "cash off the books": _words("pay me in cash", "pay you in cash", "pay u in cash",
                                 "pay me cash", "pay you cash", "cash only",
                                 "under the table", "off the books"),
}  # fmt: skip
_PAYMENT = re.compile(
    r"\b(?:" + "|".join(f"(?P<app{i}>{rx})" for i, rx in enumerate(_PAYMENT_APPS.values())) + r")\b"
)
_PAYMENT_NAMES = list(_PAYMENT_APPS)
_CASHTAG = re.compile(r"(?<![\w$])\$(?!usd\b|cad\b|mxn\b|aud\b)[a-z][a-z0-9_]{1,19}\b")

_LINE = r"(?:number|num|#|digits|line|cell|cel|phone|mobile|cellphone|cell phone|phone number)"
_PRIVATE = r"(?:personal|private|real|direct|other|own|actual|second|cell|mobile|home|work|new)"
_PERSONAL_LINE = re.compile(
    rf"\bmy\s+{_PRIVATE}\s+(?:number|num|#|digits|line|phone|cell|mobile|cellphone)\b"
    r"|\b(?:call|text|txt|ring|reach|message|msg|contact|whatsapp)\s+(?:me\s+|us\s+)?"
    rf"(?:on|at|to|via|through)?\s*(?:my|our)\s+{_PRIVATE}\b"
    r"|\bmy\s+(?:(?:cell|phone|mobile|personal)\s+)?(?:number|num|#|digits)\s*(?:is|'s|:|=)"
    r"|\b(?:here'?s|here is|this is|that'?s|save|take|jot down|write down|add|use|got|have)"
    r"\s+my\s+(?:\w+\s+)?(?:(?:number|num|digits)\b(?!\s+(?:one|1|two|2)\b)|#)"
    r"|\bmy\s+(?:number|digits)\s+(?:in case|if you|so you|for next|for future)"
    r"|\b(?:mi|mis)\s+(?:número|numero|cel|celular|teléfono|telefono|whats|wasap|número personal)"
    r"|\b(?:llámame|llamame|escríbeme|escribeme|márcame|marcame|mándame|mandame)\s+(?:al|a mi)\b"
)
_ASK = (
    r"(?:what'?s|whats|wats|what is|send|give|share|drop|pass|leave|text|dm|need|want|get"
    r"|can i (?:get|have)|could i (?:get|have)|may i (?:get|have)|i need|do you have)"
)
_CONTACT = (
    r"(?:number|num|#|digits|cell|email|e-mail|insta|ig|instagram|snap|snapchat|whatsapp"
    r"|handle|venmo|cash app|cashapp|zelle|paypal|socials|fb|facebook|telegram|tiktok|signal)"
)
_REQUEST = re.compile(
    rf"\b{_ASK}\s+(?:me\s+)?(?:your|ur|yr|u r)\s+(?:{_PRIVATE}\s+|phone\s+)?{_CONTACT}\b"
    rf"|\b(?:your|ur)\s+{_PRIVATE}\s+(?:number|num|#|digits|line|phone|cell)\b"
    r"|\bdo you have (?:a|another)\s+(?:personal|private|direct|cell|other|real|work)\s+"
    r"(?:number|phone|line|cell)"
    r"|\b(?:tu|su)\s+(?:número|numero|cel|celular|teléfono|telefono|whats|insta|correo)\b"
    r"|\b(?:pásame|pasame|dame|mándame|mandame)\s+tu\b"
    r"|\b(?:best|good|other|another|better|easiest|direct)\s+(?:number|#|cell|phone|way)\s+"
    r"(?:to|for)\s+(?:reach|call|text|contact|get a hold of)\s+(?:you|u|ya)\b"
)
_REQUEST_CATEGORIES = (
    ("email", ("email", "e-mail", "correo")),
    ("social", ("insta", "ig", "snap", "whats", "handle", "socials", "fb", "facebook",
                "telegram", "tiktok", "signal")),
    ("payment", ("venmo", "cash", "zelle", "paypal")),
)  # fmt: skip
_PLATFORM = (
    r"(?:(?:the|this|that|your|our|snout)\s+(?:app|apps|platform|site|website|agency|company|"
    r"middleman|middle man|system|service|business|fees?|commission|cut|booking(?: thing| system"
    r"| process| step)?\b(?! (?:code|number|id|#|notes|details)))|snout)"
)
_OFF_PLATFORM = re.compile(
    r"\b(?:off|outside(?:\s+of)?|away from|around|bypass(?:ing)?|skip(?:ping)?|cut(?:ting)?"
    r"\s+out|avoid(?:ing)?|instead of|not through|without|leave|ditch)\s+" + _PLATFORM + r"\b"
    r"|\b(?:take|move|continue|keep|talk|chat|switch|do)\s+(?:this|it|things|us|our chat|"
    r"the conversation|this conversation)\s+(?:off|outside|elsewhere|private|offline)\b"
    r"|\b(?:book|hire|pay|schedule|reserve|work|deal|arrange|contact|reach|email|go|come|sit|"
    r"walk|board|visit|watch|meet)"
    r"(?:\s+[\w']+){0,2}\s+(?:directly|direct|privately)\b"
    r"(?!\s+(?:in|on|through|via)\s+(?:the|this)\s+app)"
    r"|\b(?:sit|walk|book|work|pay|gig|job|do)s?(?:\s+[\w']+){0,2}\s+on the side\b(?! of)"
    r"|\b(?:don'?t|do not|no need to|stop|never)\s+(?:book|pay|go|message|use)\w*\s+"
    r"(?:through|on|via|in|with)\s+(?:the|this)\s+(?:app|platform|agency|site|company)\b"
    r"|\b(?:agency|app|company|platform|snout)\s+(?:doesn'?t|does not|don'?t|won'?t|"
    r"will not|never|shouldn'?t)\s+(?:need to |have to )?(?:know|find out|hear)\b"
    r"|\b(?:private|side)\s+(?:client|clients|booking|bookings|gig|gigs|sits|walks|business)\b"
    r"|\bmy own(?:\s+[\w-]+){0,3}\s+(?:business|rates|clients|company)\b"
    r"|\b(?:cheaper|lower|better|discounted)\s+(?:rate|rates|price)\s+(?:if|without|outside)\b"
    r"|\b(?:no|without|skip the|save (?:you |on )?the)\s+(?:agency|app|platform|booking)\s+"
    r"(?:fee|fees|cut|commission)\b"
    r"|\b(?:set|sort|work|arrange|keep)\s+(?:it|this|things)\s+(?:up\s+|out\s+)?between us\b"
    r"|\b(?:no|without an?)\s+(?:app|agency|platform|middleman)\b"
    r"(?!\s+(?:access|notifications?|alerts?|updates?))"
    r"|\bcut out the middle\s*man\b|\bbehind (?:the|their) (?:agency|company)'?s? back\b"
    r"|\b(?:por fuera|fuera de la (?:app|aplicación|aplicacion|plataforma|agencia)|"
    r"sin la (?:app|agencia|plataforma)|directamente conmigo|directo conmigo)\b"
)


def _named_match(pattern: re.Pattern[str], names: list[str], text: str) -> str | None:
    match = pattern.search(text)
    if match is None:
        return None
    return names[int(match.lastgroup.removeprefix("app"))] if match.lastgroup else ""


def _check_email(text: str) -> Verdict | None:
    if "@" in text and _EMAIL.search(text):
        return _block("email", "Email address")
    if _EMAIL_WORDS.search(text):
        return _block("email", "Email address or email mention")
    return None


def _check_payment(text: str) -> Verdict | None:
    app = _named_match(_PAYMENT, _PAYMENT_NAMES, text)
    if app is not None:
        return _block("payment", f"Off-platform payment ({app})")
    if "$" in text and _CASHTAG.search(text):
        return _block("payment", "Off-platform payment (Cash App $cashtag)")
    return None


def _check_social(text: str) -> Verdict | None:
    app = _named_match(_SOCIAL, _SOCIAL_NAMES, text)
    if app is not None:
        return _block("social", f"Social or messaging app ({app})")
    if _SOCIAL_IN_CONTEXT.search(text):
        return _block("social", "Social or messaging app")
    if "@" in text and any(_is_handle(m[1]) for m in _HANDLE.finditer(text)):
        return _block("social", "Social media @handle")
    return None


def _is_handle(name: str) -> bool:
    name = name.rstrip(".")
    return len(name) >= 3 and name not in _NOT_HANDLES and not _TIME_LIKE.fullmatch(name)


def _check_url(text: str) -> Verdict | None:
    if "." in text and _URL.search(text):
        return _block("url", "Web link")
    return None


def _check_phrases(text: str) -> Verdict | None:
    if _OFF_PLATFORM.search(text):
        return _block("off_platform", "Proposal to deal outside the platform")
    if _PERSONAL_LINE.search(text):
        return _block("phone", "Personal phone line")
    match = _REQUEST.search(text)
    if match:
        asked = match[0]
        for category, hints in _REQUEST_CATEGORIES:
            if any(hint in asked for hint in hints):
                return _block(category, "Asks for contact or payment details")
        return _block("phone", "Asks for a phone number")
    return None


_WORD_RULES = (_check_email, _check_payment, _check_social, _check_url, _check_phrases)


# --------------------------------------------------------------------------------------------
# 3. Digit rules
# --------------------------------------------------------------------------------------------

_DIGIT_RUN = re.compile(r"\+?\(?\d(?:(?:[\s().,_*~|•·-]|\s/){0,3}\d)+")  # "4/1" is a date
_SEPARATORS = str.maketrans("", "", " \t\n\r().,_*~|•·-+/")
_GROUP_SPLIT = re.compile(r"[^\d]+")
_NOT_A_PHONE_BEFORE = re.compile(
    r"(?:\b(?:code|codes|gate|door|alarm|lockbox|lock|box|key|keypad|pin|wifi|wi-fi|password|"
    r"pass|pw|passcode|garage|order|tracking|track|invoice|inv|receipt|chip|microchip|"
    r"account|acct|confirmation|conf|ref|reference|policy|license|licence|tag|rabies|serial|"
    r"model|ticket|case|claim|member|membership|id|sku|rx|prescription|lot|item|transaction|"
    r"booking|reservation|unit|suite|room|flight|zip|po box|box|parcel|package|ups|fedex|usps|"
    r"dhl|amazon|label|vin|plate|certificate|cert|registration|reg|permit|badge|patient|file|"
    r"record|chart|batch|vaccine)|#|\$)\s*"
    r"(?:(?:number|num|no|nr|is|was|are|code|=|:|#|\.|-)\s*){0,3}$"
)
_NOT_A_PHONE_AFTER = re.compile(
    r"^\s*(?:#|\$|%|mg|ml|lbs?|kg|oz|cups?|mins?|minutes|hours|hrs|dollars|usd|bucks|pesos|"
    r"am|pm|a\.m|p\.m)"
)
_PHONE_CONTEXT = re.compile(
    r"\b(?:call|text|txt|number|num|cell|phone|mobile|tel|reach|ring|contact|digits|line|"
    r"whatsapp|número|numero|cel|celular|llama|llámame|llamame|escribe|marca)\b"
)


def _is_nanp(digits: str) -> bool:
    """A North American number: area code and exchange both start with 2-9."""
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    return len(digits) == 10 and digits[0] in "23456789" and digits[3] in "23456789"


def _is_valid_international(digits: str) -> bool:
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def _is_phone_shaped(run: str, digits: str, before: str) -> bool:
    count = len(digits)
    groups = [group for group in _GROUP_SPLIT.split(run) if group]
    spaced = len(groups) >= 3 and all(len(group) <= 4 for group in groups)
    if run.startswith("+"):
        return _is_valid_international(digits)
    if count in (10, 11) and _is_nanp(digits):
        return True
    if count == 7:
        local = [len(group) for group in groups] == [3, 4] or (spaced and len(groups) >= 5)
        return (local and digits[0] != "0") or bool(_PHONE_CONTEXT.search(before))
    if spaced and count >= 10:
        return digits[0] == "0" or _is_valid_international(digits)
    return bool(_PHONE_CONTEXT.search(before))


def _find_phone_number(text: str) -> bool:
    for match in _DIGIT_RUN.finditer(text):
        digits = match[0].translate(_SEPARATORS)
        if not 7 <= len(digits) <= 15:
            continue
        start = match.start()
        before = text[max(0, start - 40) : start]
        if start and text[start - 1].isalpha():  # part of a code like 1Z999AA10123456784
            continue
        if _NOT_A_PHONE_BEFORE.search(before) or _NOT_A_PHONE_AFTER.match(text, match.end()):
            continue
        if _is_phone_shaped(match[0], digits, before):
            return True
    return False


def _check_phone_number(text: str) -> Verdict | None:
    if _find_phone_number(text):
        return _block("phone", "Phone number")
    if _MAYBE_SPELLED.search(text) and _find_phone_number(spell_digits(text)):
        return _block("phone", "Phone number (spelled out)")
    return None


# --------------------------------------------------------------------------------------------
# The entry point
# --------------------------------------------------------------------------------------------


def scan(text: str) -> Verdict:
    """Block a message that tries to reach or pay outside the platform (SPEC A1, A2)."""
    plain = normalise(text)
    for rule in (*_WORD_RULES, _check_phone_number):
        verdict = rule(plain)
        if verdict is not None:
            return verdict
    return ALLOWED
