"""Payment rules: Venmo, Cash App and $cashtags, Zelle, PayPal, Apple or Google Pay, cash.

A payment app named in passing ("Venmo was down", "paid the groomer with Apple Pay", "I tried
Zelle for the caterer") is not an offer unless the message also asks for or offers a payment.
"""

from __future__ import annotations

import re

from domain.antipoaching.regex import app_name, apps, loose, words
from domain.antipoaching.verdict import Verdict, block

_PAYMENT_APPS = {
    "Venmo": words(loose("venmo"), "vnmo", "venmoo", "vemmo"),
    "Cash App": words("cash app", "cashapp", "cash tag", "cashtag", "apple cash"),
    "Zelle": words(loose("zelle"), "zell", "zel me", "zel you"),
    "PayPal": words(loose("paypal")),
    "Apple Pay": words("apple pay", "applepay"),
    "Google Pay": words("google pay", "gpay", "g pay", "samsung pay"),
    "bank transfer": words("bank transfer", "wire transfer", "e transfer", "etransfer",
                           "interac", "transferencia", "bizum", "chime me", "my chime"),
    "cash off the books": words("pay me in cash", "pay you in cash", "pay u in cash",
                                "pay me cash", "pay you cash", "cash only",
                                "under the table", "off the books", "cash at the door",
                                "cash in person", "cash instead", "made out to me",
                                "personal check", "pay you by check", "pay me by check"),
}  # fmt: skip
_PAYMENT = apps(_PAYMENT_APPS)


def names_payment_app(text: str) -> bool:
    """Whether the (normalised) text names a payment app at all."""
    return _PAYMENT.search(text) is not None


# A payment app named in passing: it was down, a charge failed, someone else was paid with it.
_PAY_MENTION_AFTER = re.compile(
    r"\s*(?:'s\s+)?(?:is|was|went|has been|keeps?)\s+(?:down|broken|crashing|glitchy|out)"
    r"|\s+(?:(?:wasn'?t|isn'?t|stopped|not|was not) working|request from|charge from)\b"
    r"|\s+(?:safe|legit|secure|a scam|got|scammed|hacked|froze|locked)\b"
    r"|\s*(?:'s\s+)?(?:new\s+)?(?:fees?|outage|update)\b"
    r"|\s+for\s+(?:the|my|our|his|her|their)\s+(?!(?:sitter|sitting|sits?|walks?|walker|walking"
    r"|dogs?|pup|puppy|cats?|pets?|visits?|bookings?|stays?|services?|care)\b)[a-z]+"
    r"|\s+(?:thing\s+|app\s+|payment\s+|charge\s+)?(?:[\w' ]{0,20}\s)?(?:didn'?t|did not|doesn'?t|"
    r"won'?t|failed|charged|crashed|glitched|double charged)\b"
)
_PAY_MENTION_BEFORE = re.compile(
    r"\b(?:paid|paying|charged|refunded|tipped)\s+(?:the|my|our|his|her|their)\s+"
    r"(?!sitter|walker)(?:[\w']+\s+){1,2}(?:with|on|via|through|using|by|over)\s+$"
    r"|\b(?:friend|groomer|vet|mom|dad|sister|brother|landlord|trainer|babysitter|husband|wife|"
    r"boss|neighbou?r)s?\b[\w' ]{0,15}\b(?:uses|used|takes|took|paid|pays|charged|requested)\s+$"
)
_PAY_OFFER = re.compile(
    r"\b(?:pay|send|request|venmo|zelle|paypal|tip)\s+(?:me|you|u|ya)\b|\bmy\s+(?:venmo|cash|"
    r"zelle|paypal)|@|\$[a-z]|\b(?:i|we)\s+(?:take|accept|prefer)\b"
    r"|\b(?:do|does) you (?:have|take|use)\b"
)
_CASHTAG = re.compile(r"(?<![\w$])\$\s?(?!usd\b|cad\b|mxn\b|aud\b)[a-z][a-z0-9_]{1,19}\b")


def check_payment(text: str) -> Verdict | None:
    match = _PAYMENT.search(text)
    while match is not None:
        if not _is_payment_mention(text, match):
            return block("payment", f"Off-platform payment ({app_name(match, _PAYMENT_APPS)})")
        match = _PAYMENT.search(text, match.end())
    if "$" in text and _CASHTAG.search(text):
        return block("payment", "Off-platform payment (Cash App $cashtag)")
    return None


def _is_payment_mention(text: str, match: re.Match[str]) -> bool:
    """ "Venmo was down", "paid the groomer with Apple Pay": named, not offered."""
    before = text[max(0, match.start() - 40) : match.start()]
    mention = _PAY_MENTION_AFTER.match(text, match.end()) or _PAY_MENTION_BEFORE.search(before)
    return bool(mention) and not _PAY_OFFER.search(text)
