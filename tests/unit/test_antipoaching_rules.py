"""Anti-poaching rules on messages nobody on the team wrote: the generated set and its misses.

The frozen test split (tests/data/antipoaching_test.tsv) holds the quality bar; the cases
below are the ones a review found delivered or wrongly blocked, one test per rule.
"""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.antipoaching import load_rows
from domain.antipoaching import AllowList, scan
from tests.data import make_antipoaching_set

DATA = Path(__file__).resolve().parents[1] / "data"


def load(split: str) -> list[tuple[str, str, str]]:
    rows = load_rows(DATA / f"antipoaching_{split}.tsv")
    return [(row.label, row.category, row.text) for row in rows]


def blocked(text: str) -> bool:
    return scan(text).blocked


# --- A6 on the generated set --------------------------------------------------------------


def test_A6_generated_files_are_what_the_generator_writes() -> None:
    rows = make_antipoaching_set.build(random.Random(make_antipoaching_set.SEED))
    for split, split_rows in rows.items():
        clean = [(label, category, text.replace("\t", " ").replace("\r", ""))
                 for label, category, text in split_rows]  # fmt: skip
        assert clean == load(split), split


def test_A6_frozen_test_split_recall_and_false_positives() -> None:
    rows = load("test")
    blocks = [text for label, _, text in rows if label == "block"]
    allows = [text for label, _, text in rows if label == "allow"]
    misses = [text for text in blocks if not blocked(text)]
    wrong = [text for text in allows if blocked(text)]
    assert 1 - len(misses) / len(blocks) >= 0.97, misses
    assert len(wrong) / len(allows) <= 0.01, wrong


# --- Digit rules: a phone number whatever stands beside it --------------------------------


def test_digits_phone_after_a_small_number() -> None:
    for text in (
        "Back at 5 415.555.0177 if anything comes up",
        "Walk 3 (415) 555-0177",
        "ok 10 4155550141",
        "room 12 (415) 555-0141",
        "(415) 555-0141 ~71760",
    ):
        assert scan(text).category == "phone", text


def test_digits_small_numbers_beside_codes_and_times_are_not_a_phone() -> None:
    for text in ("gate 4821, back at 5:30", "3 walks, 2 feedings, 1 pill at 8", "room 12, 3 bags"):
        assert not blocked(text), text


def test_digits_ocr_text_without_spaces() -> None:
    for text in ("Kim415-555-0123", "cell917-555-0102", "Call or text:(415)555-0123"):
        assert scan(text).category == "phone", text
    assert scan("insta@pawsbykim").category == "social"


def test_digits_ocr_of_everyday_documents_passes() -> None:
    for text in (
        "FEEDING\n7:00AM 1 cup\n12:00PM meds 2.5 mg\n5:30PM 1 cup",
        "RECEIPT\nSUBTOTAL $42.00\nTAX $3.67\nTOTAL $45.67\nVISA ****1234\nAUTH 004512",
        "Carprofen 75 mg\n1 tab q12h x 14 days\nRefills: 2\nRx# 6012345",
        "GATE CODE\n#4821\nPLEASE CLOSE BEHIND YOU",
        "INGREDIENTS chicken, rice\nNET WT 30 lbs\n0 12345 67890 5",
        "1420 Oak St, Apt 3, San Francisco, CA 94110",
        "Microchip: 985112003456789",
    ):
        assert not blocked(text), text


def test_digits_homophones_letters_and_separators() -> None:
    for text in (
        "for won five, triple five, oh won too three",
        "415x555x0123",
        "415/555/0123",
        "4I5-5S5-O123",
        "my number is 415 555 and the rest is 0123",
        "+44 7700 900123",
        "415–555–0123",
        "4155 550 123",
    ):
        assert scan(text).category == "phone", text


def test_digits_lists_of_days_counts_and_weights_are_not_a_phone() -> None:
    for text in (
        "Nov 22 23 24 25 26 27 28",
        "days 5 6 7 8 9 10 11 12",
        "dates: 2, 3, 4, 5, 6, 7, 8, 9, 10",
        "lbs 45 46 47 45 44 46",
    ):
        assert not blocked(text), text


def test_digits_pharmacy_rx_number_is_not_a_phone() -> None:
    assert not blocked("Rx 601-2345 is ready at the pharmacy")


# --- Channel rules: mentioned is not offered -------------------------------------------------


def test_channels_platform_mentioned_is_not_an_offer() -> None:
    for text in (
        "Facebook is down",
        "a TikTok said grapes are toxic",
        "found you through a Facebook group",
    ):
        assert not blocked(text), text


def test_channels_platform_offered_is_blocked() -> None:
    for text in ("my tiktok is full of your dogs", "find me on facebook", "TG me instead"):
        assert scan(text).category == "social", text


def test_channels_obfuscated_links() -> None:
    spaced = "p a w s b y k i m . c o m"
    for text in ("pawsbykim . com", "pawsbykim(.)com", "pawsbykim dot com", spaced,
                 "pawsbykim dot see oh em", "my site is pawsbykim,com"):  # fmt: skip
        assert scan(text).category == "url", text


def test_channels_obfuscated_emails() -> None:
    for text in ("k i m @ g m a i l . c o m", "kim at gee mail", "kimwalks at aol"):
        assert scan(text).category == "email", text


def test_channels_obfuscated_social() -> None:
    for text in ("hmu on the gram", "👻 kimwalks", "let's chat on tele", "discord: kim#1234"):
        assert scan(text).category == "social", text


# --- Phrase rules: intent without a channel --------------------------------------------------


def test_intent_moving_elsewhere_or_promising_a_number() -> None:
    for text in (
        "let's take this somewhere else",
        "I'll send you my number later",
        "google my name, my site comes up",
    ):
        assert blocked(text), text
    assert not blocked("take her somewhere else if the dog park is crowded")


# --- The allow-list ---------------------------------------------------------------------------


def test_allow_list_lets_the_vets_number_through_and_nothing_else() -> None:
    allowed = AllowList.of(["(415) 555-0100", "frontdesk@citypaws.vet", "citypaws.vet"])
    assert allowed.phones == frozenset({"+14155550100"})
    assert not scan("the vet is 415-555-0100 if she limps", allowed).blocked
    assert not scan("vet: +1 415 555 0100, frontdesk@citypaws.vet", allowed).blocked
    assert scan("vet is 415-555-0100, or me at 415-555-0199", allowed).category == "phone"
    assert scan("the vet is 415-555-0100 if she limps").category == "phone"
    assert scan("book at citypaws.vet or kimwalks.com", allowed).category == "url"
