"""Anti-poaching on messages written by a teammate who never saw the rules.

The 900 written messages were split once into a dev half (tests/data/antipoaching_written_dev.tsv,
studied and tuned on) and a test half (antipoaching_written_test.tsv, frozen: never read while
tuning). The floors below hold the detector to what it measured on the frozen halves, so that a
regression fails. Each rule learnt from a dev miss is tested with new sentences of our own,
not with the dev sentences themselves.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.antipoaching import load_rows
from domain.antipoaching import scan

DATA = Path(__file__).resolve().parents[1] / "data"
# Measured once on the frozen written test half (see the README), less a small margin.
RECALL_FLOOR_WRITTEN = 0.93  # measured 93.9 % (186 of 198) on 2026-11-28, second round
FALSE_POSITIVE_CEILING_WRITTEN = 0.016  # measured 1.2 % (3 of 249)


def blocked(text: str) -> bool:
    return scan(text).blocked


def rates(name: str) -> tuple[float, float, list[str], list[str]]:
    rows = load_rows(DATA / f"antipoaching_{name}.tsv")
    blocks = [row.text for row in rows if row.label == "block"]
    allows = [row.text for row in rows if row.label == "allow"]
    misses = [text for text in blocks if not blocked(text)]
    wrong = [text for text in allows if blocked(text)]
    return 1 - len(misses) / len(blocks), len(wrong) / len(allows), misses, wrong


# --- A6: floors on the frozen halves ---------------------------------------------------------


def test_A6_written_test_half_holds_its_measured_figures() -> None:
    recall, false_positives, _, _ = rates("written_test")  # frozen: figures only, no texts
    assert recall >= RECALL_FLOOR_WRITTEN, recall
    assert false_positives <= FALSE_POSITIVE_CEILING_WRITTEN, false_positives


def test_A6_generated_test_split_holds_its_measured_figures() -> None:
    recall, false_positives, misses, wrong = rates("test")
    assert recall >= 0.995, misses
    assert false_positives <= 0.003, wrong


def test_A6_written_dev_half_holds_its_tuned_figures() -> None:
    recall, false_positives, misses, wrong = rates("written_dev")
    assert recall >= 0.99, misses
    assert false_positives <= 0.01, wrong


# --- Channels: a platform named in passing is a mention ------------------------------------


def test_mention_things_a_platform_has_even_with_my() -> None:
    for text in (
        "my insta feed is nothing but corgis now",
        "the facebook marketplace listing for the crate got taken down",
        "Snapchat filters on cats are the best thing ever",
    ):
        assert not blocked(text), text


def test_mention_not_on_it_or_someone_else_on_it() -> None:
    for text in (
        "I'm not on facebook anymore, deleted it last year",
        "the shelter posts adoption photos on Instagram every Friday",
        "a lady on tiktok swears by pumpkin for tummy trouble",
        "my phone froze when I opened whatsapp, sorry for the slow reply",
    ):
        assert not blocked(text), text


def test_mention_after_verbs_and_company() -> None:
    for text in (
        "Pinterest has the cutest bandana patterns",
        "Instagram deleted my old account for no reason",
        "we were on facetime with grandpa when the dog barked",
    ):
        assert not blocked(text), text


def test_offer_lets_can_we_or_handle_is_makes_a_mention_an_offer() -> None:
    for text in (
        "let's do a whatsapp call later, easier than typing here",
        "can we video chat on facetime on sunday?",
        "I post walks on my IG stories, handle is rosie.walks",
    ):
        assert scan(text).category == "social", text


def test_mail_provider_named_in_passing_is_not_an_email() -> None:
    for text in (
        "Gmail ate the photos you sent yesterday, can you resend here?",
        "the groomer sent an email saying she's booked solid",
        "he stared at me from the window the whole time",
    ):
        assert not blocked(text), text
    for text in ("my gmail is rosie.walks", "drop me an email tonight", "rosie walks at yahoo"):
        assert scan(text).category == "email", text


def test_payment_app_named_in_passing_is_not_an_offer() -> None:
    for text in (
        "Zelle was down so the groomer took a check",
        "I paid the vet with apple pay and it went through twice",
        "the paypal charge for the harness failed, ordering it again",
    ):
        assert not blocked(text), text
    for text in ("venmo was down so pay me on zelle", "just venmo me after", "I take paypal"):
        assert scan(text).category == "payment", text


# --- Digits --------------------------------------------------------------------------------


def test_digits_somebodys_hash_is_a_phone_number() -> None:
    for text in ("the neighbor has a key, his # is 555-0143", "her # is 415 555 0188"):
        assert scan(text).category == "phone", text
    assert not blocked("unit #555-0143 is the one by the stairs")


def test_digits_letter_prefix_and_hyphen_make_an_id() -> None:
    for text in ("Order ORD-2025-771204 shipped", "claim ref PET-4155-550123 approved"):
        assert not blocked(text), text
    assert scan("cell-917-555-0102").category == "phone"


def test_digits_long_unbroken_run_is_a_chip_not_a_phone() -> None:
    for text in ("her ID (from the shelter) 985141000123456", "number on the tag 900164000987654"):
        assert not blocked(text), text
    assert scan("call 00447911123456").category == "phone"


def test_digits_a_count_of_digits_is_a_code_length() -> None:
    for text in ("the alarm code is 8 digits, 52819437", "lockbox takes 7 digits: 4815162"):
        assert not blocked(text), text


def test_digits_spelled_groups_with_ellipses_and_named_groups() -> None:
    for text in (
        "four one five... five five five... zero one nine nine",
        "first three 415, then 555, then the last four are 0143",
    ):
        assert scan(text).category == "phone", text


# --- Normalisation and links ---------------------------------------------------------------


def test_links_middle_dots_leet_tlds_and_a_bare_tld() -> None:
    for text in (
        "rosiepaws · net",
        "rosiepaws。org",
        "rosiepaws.n3t",
        "my site is rosiepaws, it's a .org",
        "book me on calendly, link is in my profile",
    ):
        assert scan(text).category == "url", text


def test_emails_spelled_tld_and_provider_after_at() -> None:
    for text in ("sam at school dot e d u", "sam_k (no spaces) at hotmail", "kim at the yahoo one"):
        assert scan(text).category == "email", text


def test_social_initials_nicknames_and_handles() -> None:
    for text in (
        "text me on W A",
        "I G: rosie.walks",
        "find me on the bird app, same name",
        "snap 👻 rosie_walks",
        "ig -> dee.walks",
        "on the photo app, I'm rosie_walks_la",
    ):
        assert scan(text).category == "social", text


# --- Phrases -------------------------------------------------------------------------------


def test_phrases_a_number_left_somewhere_or_an_email_asked_for() -> None:
    for text in (
        "I wrote my number on the back of the receipt",
        "which email should I use for the photos?",
        "look us up, we're the only corgi sitters in Burbank",
        'search "sunny paws sf" and you\'ll see us',
        "just cancel the booking and I'll walk him anyway, pay me cash",
    ):
        assert blocked(text), text


def test_mention_platform_as_subject_or_used_by_someone_else() -> None:
    for text in (
        "facebook reminded me it's been 3 years since we adopted her",
        "Twitter is a mess these days",
        "I used to be on snapchat but it's too much",
        "my mom only uses whatsapp to talk to family in Mexico",
        "our neighborhood facebook page says the park is closed",
        "is youtube working for you? mine keeps freezing",
    ):
        assert not blocked(text), text


def test_payment_app_not_working_or_a_request_from_someone_else() -> None:
    for text in (
        "apple pay wasn't working at petco so I used my card",
        "the venmo request from the groomer was wrong so I paid in cash",
    ):
        assert not blocked(text), text


def test_email_checked_is_not_an_email_offered() -> None:
    assert not blocked("I have to check my email for the vet confirmation")
    assert scan("send it to my email").category == "email"


def test_more_disguises_learnt_from_the_written_misses() -> None:
    assert scan("area code 415 and the rest is 5550123").category == "phone"
    assert scan("rosiewalks [at] outlook").category == "email"
    assert scan("check my website rosiewalks").category == "url"
    assert scan("bit ly slash rosie").category == "url"
    assert scan("i.g. rosie.walks").category == "social"
    assert scan("can i text you directly instead").category == "off_platform"
    assert scan("we don't need the agency, just text me").category == "off_platform"
    for text in ("I saw it on the weather app, I'm not going out", "on the vet app as well"):
        assert not blocked(text), text


def test_mention_shapes_of_everyday_talk_about_platforms() -> None:
    for text in (
        "found a great tiktok about crate training",
        "lol she'd have 10k followers on instagram if she had an account",
        "my kid's youtube channel has a video of Biscuit lol",
        "Snapchat streaks with my niece are the only reason I open it",
        "I'm on reddit way too much reading about doodles",
        "TikTok is banned at my work",
        "every dog on tiktok seems to love that lick mat",
        "I posted her birthday pics on my instagram, she looked so cute",
        "please don't post her on social media, privacy thing",
        "my cousin got a whatsapp from the school saying it's closed",
    ):
        assert not blocked(text), text
    for text in ("Let's switch to Signal", "my social media is @rosiewalks"):
        assert scan(text).category == "social", text


def test_payment_app_talked_about_not_offered() -> None:
    for text in (
        "is paypal safe for buying a crate from a stranger?",
        "my friend uses cash app for everything lol",
        "paying the vet with zelle was easier than a card honestly",
        "wow venmo's new fees are ridiculous",
        "cash app got my husband scammed once, never again",
        "we paid the dog trainer with venmo last month and it was fine",
    ):
        assert not blocked(text), text
    for text in ("is zelle ok for christmas week?", "venmo works for me", "I accept paypal too"):
        assert scan(text).category == "payment", text
    assert scan("zelle is ok? that way we dont go thru the app").blocked
