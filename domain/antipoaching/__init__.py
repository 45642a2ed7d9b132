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
A6 - quality bar: recall >= 97 %, false positives <= 1 %, >= 20,000 messages/s on one core,
     measured on the frozen test halves of three sets (tests/data/: one generated, two
     written by teammates who never saw the rules) and on the hand-written corpus, next to the
     earlier rules and ``phonenumbers`` (benchmarks/antipoaching.py; figures in the README).

How it works, one module each:
1. ``text.normalise`` folds Unicode, look-alike letters and vanity numbers, lower-cases, joins
   letters spelled one by one, undoes leetspeak in words we care about and rebuilds disguised
   emails and domains ("(at)", "[dot]", "(.)", "period", "arroba", "punto").
2. ``channels``: emails, links, apps and their nicknames (a platform mentioned in passing is
   not an offer); ``payment``: payment apps, cashtags, cash and checks. ``intent``: personal
   lines, requests, proposals to leave, moving elsewhere, promising a number.
3. ``digits``: runs of digits shaped like phone numbers, every window of whole groups tried,
   so numbers beside a phone number do not hide it; ``spelled`` turns number words,
   homophones, letters used as digits and numbers split over a sentence into digits first.
4. ``allowlist``: an org's own contact details (E.164 numbers, emails, domains) that may pass.
"""

from __future__ import annotations

from domain.antipoaching.allowlist import NOTHING_ALLOWED, AllowList
from domain.antipoaching.channels import check_email, check_social, check_url
from domain.antipoaching.digits import find_phone
from domain.antipoaching.intent import check_phrases
from domain.antipoaching.payment import check_payment
from domain.antipoaching.spelled import (
    MAYBE_LETTER_DIGITS,
    MAYBE_SPELLED,
    MAYBE_SPLIT,
    join_split_groups,
    letters_as_digits,
    spell_digits,
)  # fmt: skip
from domain.antipoaching.text import normalise
from domain.antipoaching.verdict import ALLOWED, Verdict, block

__all__ = ["ALLOWED", "AllowList", "Verdict", "normalise", "scan", "spell_digits"]

_WORD_RULES = (check_email, check_payment, check_social, check_url, check_phrases)


def _check_phone_number(text: str, phones: frozenset[str]) -> Verdict | None:
    if find_phone(text, phones):
        return block("phone", "Phone number")
    spelled = text
    if MAYBE_SPELLED.search(text):
        spelled = spell_digits(text)
        if find_phone(spelled, phones):
            return block("phone", "Phone number (spelled out)")
    if MAYBE_LETTER_DIGITS.search(spelled):
        spelled = letters_as_digits(spelled)
        if find_phone(spelled, phones):
            return block("phone", "Phone number (letters for digits)")
    if MAYBE_SPLIT.search(text) and find_phone(join_split_groups(spelled), phones):
        return block("phone", "Phone number (split over the message)")
    return None


def scan(text: str, allowed: AllowList = NOTHING_ALLOWED) -> Verdict:
    """Block a message that tries to reach or pay outside the platform (SPEC A1, A2).

    ``allowed`` lets an org's own exact contact details through (the vet's number).
    """
    plain = normalise(text)
    if allowed.addresses:
        plain = allowed.mask(plain)
    for rule in _WORD_RULES:
        verdict = rule(plain)
        if verdict is not None:
            return verdict
    return _check_phone_number(plain, allowed.phones) or ALLOWED
