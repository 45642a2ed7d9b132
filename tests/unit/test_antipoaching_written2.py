"""Anti-poaching rules learnt from the second written set's dev half.

The second written set (1,000 messages by a teammate who never saw the rules) was split into a
dev half (tests/data/antipoaching_written2_dev.tsv, studied and tuned on) and a frozen test half
(antipoaching_written2_test.tsv, never read while tuning; only its figures are looked at). Each
rule below is tested with sentences of our own, not with the dev sentences.
"""

from __future__ import annotations

from tests.unit.test_antipoaching_written import blocked, rates

# Measured once on the frozen second written test half (see the README), less a small margin.
RECALL_FLOOR_WRITTEN2 = 0.88  # measured 89.3 % (201 of 225) on 2026-11-28
FALSE_POSITIVE_CEILING_WRITTEN2 = 0.015  # measured 1.1 % (3 of 275)


# --- A6: floors -------------------------------------------------------------------------------


def test_A6_second_written_test_half_holds_its_measured_figures() -> None:
    recall, false_positives, _, _ = rates("written2_test")  # frozen: figures only, no texts
    assert recall >= RECALL_FLOOR_WRITTEN2, recall
    assert false_positives <= FALSE_POSITIVE_CEILING_WRITTEN2, false_positives


def test_A6_second_written_dev_half_holds_its_tuned_figures() -> None:
    recall, false_positives, misses, wrong = rates("written2_dev")
    assert recall >= 0.99, misses
    assert false_positives <= 0.01, wrong


# --- Phone numbers: spelled, split, foreign, vanity ---------------------------------------------


def test_phone_misspelt_number_words() -> None:
    for text in (
        "fower wun fiv, fiv fiv fiv, sevin sevin nyne niner",
        "my cell: wun 2 wun - fiv fiv fiv - 0 fower 3 3",
        "fife 1 0 - fife fife fife - 2 2 2 2, txt after 6",
    ):
        assert blocked(text), text


def test_phone_homophone_chains_of_any_length() -> None:
    for text in (
        "tu won tree, fiv fiv fiv, oh ate ate won",
        "for won fore, fife fife fife, won tu tree for",
    ):
        assert blocked(text), text
    assert not blocked("I want to go for a walk too, maybe at 5 or 6")


def test_phone_foreign_number_words_and_spelled_plus() -> None:
    for text in (
        "bel me: plus drie een, zes, twee twee twee twee, nul vier vijf zes",
        "ruf an: plus vier neun, eins fünf eins, zwei drei vier fünf sechs sieben acht",
        "appelle-moi au plus trois trois, six, deux deux, trois quatre, cinq six, sept huit",
    ):
        assert blocked(text), text
    assert not blocked("Acht is his name in Dutch class, he's a good boy")


def test_phone_split_with_an_aside_in_brackets() -> None:
    for text in (
        "area code 212 (manhattan) then 555 then 0 1 9 9",
        "first part 646 (the city code), then 555, last four 0123",
    ):
        assert blocked(text), text


def test_phone_hash_after_a_line_word_is_a_persons_number() -> None:
    for text in (
        "my new # is 212 555 0147, use that one",
        "personal # 646.555.0102 if you need me",
        "best # is 3 1 2 5 5 5 0 1 9 8",
    ):
        assert blocked(text), text
    assert not blocked("unit #12, buzz 4 and come up")


def test_phone_vanity_word_after_spelled_digits() -> None:
    for text in (
        "ring two one two - five five five - WALK",
        "it's six four six - 555 - PETS, the shop line",
    ):
        assert blocked(text), text


def test_ids_with_a_company_prefix_are_not_phones() -> None:
    for text in (
        "claim ref NATIONWIDE-22-4150123 is in the folder",
        "policy EMBRACE-9-6465550123, no action needed",
        "lab sample IDEXX-31-2125550199 came back fine",
    ):
        assert not blocked(text), text
    assert blocked("cell-212-555-0147")


# --- Links and emails ---------------------------------------------------------------------------


def test_url_ending_spelled_letter_by_letter() -> None:
    for text in (
        "my pics are at lunawalks dot s h o p",
        "hudsonpets . o r g has my rates",
        "check barkbuddies dot n e t",
    ):
        assert blocked(text), text


def test_url_bracketed_dot_with_any_ending_and_a_path() -> None:
    for text in (
        "my schedule: cal (dot) so slash dana-walks",
        "form at tally (dot) so slash sit-request",
        "everything's on carrd.co/mira-pets",
    ):
        assert blocked(text), text
    assert not blocked("he eats 1.5/2 cups a day, split morning and night")


def test_email_with_any_country_ending() -> None:
    for text in (
        "write to ana.rossi@libero.it when you can",
        "my mail is jan.kowalski@onet.pl",
        "send the photos to sofie@telenet.be please",
    ):
        assert blocked(text), text


def test_email_at_a_name_then_which_ending() -> None:
    for text in (
        "maya at pawsbymaya, the org one",
        "hello at walkwithrae, the com one not net",
    ):
        assert blocked(text), text


# --- Social apps --------------------------------------------------------------------------------


def test_social_handle_with_underscore_spelled_out() -> None:
    for text in (
        "insta: rosie underscore walks 22",
        "TG 👉 max underscore pets",
    ):
        assert blocked(text), text


def test_social_app_named_by_its_icon() -> None:
    for text in (
        "find me on the paper plane app, same name",
        "I'm lizwalks on the ghost app",
    ):
        assert blocked(text), text


def test_social_friend_me_on() -> None:
    for text in (
        "friend me on Facebook, I'm Dana Brooks",
        "just friend me on insta and I'll send more pics",
    ):
        assert blocked(text), text


def test_social_third_party_handle_or_message_them_there() -> None:
    for text in (
        "my sister is on Viber, can you message her there? ID lena_k88",
        "my son uses WeChat, add him there, his ID is tom_chen5",
    ):
        assert blocked(text), text


def test_social_same_name_on_every_app() -> None:
    for text in (
        "I'm rosiepaws on pretty much every app",
        "we're dogdaysnyc on all the socials",
    ):
        assert blocked(text), text


def test_mention_someone_kept_off_social_media() -> None:
    for text in (
        "Biscuit on Instagram? no thanks, we keep her off social media",
        "my kids beg to put him on TikTok but we stay off socials",
    ):
        assert not blocked(text), text


def test_mention_communities_relatives_and_set_up_for_me() -> None:
    for text in (
        "there's a great greyhound forum on Reddit with feeding tips",
        "my granddaughter set up Instagram for me but I never post",
        "grandpa saying the puppy howled at him on FaceTime made my day",
        "Mi hermana dice que Instagram está caído otra vez",
    ):
        assert not blocked(text), text


def test_mention_payment_app_used_for_someone_else() -> None:
    for text in (
        "we used Venmo for the plumber and it took three days",
        "I tried PayPal for my landlord once, never again",
    ):
        assert not blocked(text), text
    assert blocked("I use Venmo for the walks, @dana-k")


# --- Phrases: intent without a channel ----------------------------------------------------------


def test_intent_contact_or_work_direct_any_tense() -> None:
    for text in (
        "just message me direct next time and skip the booking",
        "happy to keep sitting Luna privately once I leave the company",
        "call me direct, it's quicker",
    ):
        assert blocked(text), text


def test_intent_reach_on_another_app() -> None:
    for text in (
        "can I contact you on a different app while I'm travelling?",
        "let me text you on another number when I land",
    ):
        assert blocked(text), text
    assert not blocked("I track his meds on another app, works fine")


def test_personal_line_regular_number_or_house_phone() -> None:
    for text in (
        "text me on my usual number from now on",
        "easier if you called my house phone, I'm in the book",
        "ring my landline after 6",
    ):
        assert blocked(text), text


def test_intent_deal_alone_yourself_or_ourselves() -> None:
    for text in (
        "next time just hire me yourself, it's cheaper",
        "we can settle the payment between us after the trip",
        "let's figure out the money ourselves from now on",
    ):
        assert blocked(text), text
    assert not blocked("I booked it myself through the app, all good")


def test_intent_search_for_me_then_thats_me() -> None:
    for text in (
        "search Happy Tails Petcare on google, that's me",
        "look up Maya Ruiz dog walker, it's me with the red van",
    ):
        assert blocked(text), text


def test_personal_line_number_on_a_note_you_have() -> None:
    for text in (
        "my phone number is on the magnet I left you",
        "my cell is on the card in the folder by the leash",
    ):
        assert blocked(text), text
    assert not blocked("my phone is on the charger, text in the app if it's urgent")


def test_email_spelled_out_with_a_country_ending() -> None:
    for text in (
        "anna at onet dot pl",
        "lars (at) telia (dot) se",
    ):
        assert blocked(text), text
    assert not blocked("I'm at home. it's raining so we skipped the walk")


def test_mention_platform_acting_weird() -> None:
    for text in (
        "WhatsApp was acting weird all morning so I missed the photos",
        "Instagram is so buggy today",
    ):
        assert not blocked(text), text


def test_url_name_then_comma_then_dot_ending() -> None:
    for text in (
        "my blog is lunawalks, dot com",
        "the shop is barkbox-nyc, dot net",
    ):
        assert blocked(text), text


def test_social_less_common_messenger_with_an_id() -> None:
    assert blocked("threema id K7PX2M9Q, that's me")


def test_phone_spanish_message_words_as_context() -> None:
    for text in (
        "mándame un mensaje al 33 1234 5678",
        "mensaje al 81 2345 6789 porfa",
    ):
        assert blocked(text), text


def test_phone_uk_mobile_written_nationally() -> None:
    for text in (
        "07700 900456, my mobile while I'm in London",
        "back home? use 07911 123456",
    ):
        assert blocked(text), text
    assert not blocked("order 07700 shipped, 3 boxes")


def test_intent_contact_me_not_here() -> None:
    for text in (
        "call me, not on here",
        "message me directly please, not in the app",
    ):
        assert blocked(text), text


def test_intent_details_left_with_a_go_between() -> None:
    for text in (
        "I left my number with your concierge",
        "ask the doorman for my details, he has them",
        "my card is with the front desk",
    ):
        assert blocked(text), text


def test_ids_with_a_letter_prefix_even_when_phone_shaped() -> None:
    for text in (
        "invoice INV-212-555-0147 is paid",
        "your booking REF-646-555-0102 is confirmed",
    ):
        assert not blocked(text), text
    for text in ("ph-212-555-0147", "mob-646-555-0102 anytime"):
        assert blocked(text), text


def test_ids_with_a_short_letter_prefix_glued_to_the_digits() -> None:
    for text in (
        "Her UKC number is QT73920184",
        "registration number: SR55102934, if the kennel asks",
    ):
        assert not blocked(text), text
    for text in ("Mia(212) 555-0147", "Sam6465550102", "tel2125550147"):
        assert blocked(text), text


def test_payment_misspelt_apps_checks_and_cash_in_person() -> None:
    for text in (
        "just zel me the $40",
        "request it on vnmo, same name",
        "a personal check is fine, made out to me",
        "let's do cash at the door, simpler",
    ):
        assert blocked(text), text
    assert not blocked("the tip jar is by the door, thanks again")


def test_email_name_then_provider_at_the_end() -> None:
    for text in (
        "email ana lopez pets, outlook",
        "to email me: sam rivera walks, aol.",
    ):
        assert blocked(text), text
    for text in (
        "the email went to my outlook junk folder",
        "I email the vet from outlook at work",
    ):
        assert not blocked(text), text


def test_mention_dont_do_it_how_family_talks_or_it_taught_me() -> None:
    for text in (
        "I don't do Instagram, my kids handle all that",
        "Telegram is how my cousins talk back home",
        "TikTok taught me the frozen yogurt lick mat trick",
        "Mi tía vio en Facebook un perro igualito a Toby",
    ):
        assert not blocked(text), text
    assert blocked("WhatsApp is how you reach me fastest")
