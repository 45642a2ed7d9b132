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
5. ``learned``: when the rules find nothing, a small linear model over words and character
   n-grams (weights in ``model_weights.json``) blocks the message if its probability reaches a
   high threshold chosen by cross-validation: it carries intent and disguise the rules have no
   shape for. It never overrides an org's allow list, nor the rules' judgement on a platform
   or payment app they saw mentioned or a run of digits they read as an ID.
"""

from __future__ import annotations

import re

from domain.antipoaching.allowlist import NOTHING_ALLOWED, AllowList
from domain.antipoaching.channels import check_email, check_social, check_url, names_app
from domain.antipoaching.digits import find_phone
from domain.antipoaching.intent import check_phrases
from domain.antipoaching.learned import saved_model
from domain.antipoaching.payment import check_payment, names_payment_app
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

LEARNED = block("off_platform", "Reads like an offer to move off the platform (learned model)")

__all__ = [
    "ALLOWED", "AllowList", "Verdict", "normalise", "rules", "rules_judged", "scan", "spell_digits",
]  # fmt: skip

_DIGIT_RUN = re.compile(r"\d(?:[\s().\-/]*\d){6}")  # seven digits or more, separators or not
_MODEL = saved_model()  # read once, when the detector is imported
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


def rules(text: str, allowed: AllowList = NOTHING_ALLOWED) -> Verdict:
    """The rules alone: channels, payment, phrases and digits (SPEC A1, A2)."""
    plain = normalise(text)
    if allowed.addresses:
        plain = allowed.mask(plain)
    for rule in _WORD_RULES:
        verdict = rule(plain)
        if verdict is not None:
            return verdict
    return _check_phone_number(plain, allowed.phones) or ALLOWED


def rules_judged(plain: str) -> bool:
    """The rules keep the last word on concrete entities they saw and let pass: a platform or
    payment app only mentioned ("my mom uses WhatsApp"), a run of digits read as an ID."""
    return names_app(plain) or names_payment_app(plain) or _DIGIT_RUN.search(plain) is not None


def scan(text: str, allowed: AllowList = NOTHING_ALLOWED) -> Verdict:
    """Block a message that tries to reach or pay outside the platform (SPEC A1, A2).

    The rules first; a message they pass is blocked when the learned model is confident and
    the rules saw no entity of their own in it. An org's allow list (``allowed``: the vet's
    number) lets exactly those details through, and a message whose only contact detail is on
    the list is not blocked by the model either.
    """
    verdict = rules(text, allowed)
    if verdict.blocked or not _MODEL.confident(text):
        return verdict
    if rules_judged(normalise(text)):
        return verdict
    if (allowed.phones or allowed.addresses) and rules(text).blocked:
        return verdict
    return LEARNED
