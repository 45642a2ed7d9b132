"""Anti-poaching detector (SPEC section 6): the labelled corpus (A6) and one test per rule."""

from __future__ import annotations

from pathlib import Path

from domain.antipoaching import ALLOWED, Verdict, scan

CORPUS = Path(__file__).resolve().parents[1] / "data" / "antipoaching_corpus.tsv"


def load_corpus() -> list[tuple[str, str, str]]:
    """(label, category, text) rows; a literal backslash-n in the file is a line break."""
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            label, category, text = line.split("\t", 2)
            rows.append((label, category, text.replace("\\n", "\n")))
    return rows


def blocked(text: str) -> bool:
    return scan(text).blocked


# --- A6: the quality bar on the labelled corpus ------------------------------------------


def test_A6_corpus_has_more_hard_allows_than_blocks() -> None:
    labels = [label for label, _, _ in load_corpus()]
    assert set(labels) == {"block", "allow"}
    assert labels.count("allow") >= labels.count("block") >= 250


def test_A6_recall_on_block_is_at_least_97_percent() -> None:
    blocks = [(category, text) for label, category, text in load_corpus() if label == "block"]
    misses = [f"{category}: {text!r}" for category, text in blocks if not blocked(text)]
    recall = 1 - len(misses) / len(blocks)
    assert recall >= 0.97, f"recall {recall:.3f}; missed:\n" + "\n".join(misses)


def test_A6_false_positive_rate_on_allow_is_at_most_1_percent() -> None:
    allows = [(kind, text) for label, kind, text in load_corpus() if label == "allow"]
    wrong = [f"{kind}: {text!r} -> {scan(text).reason}" for kind, text in allows if blocked(text)]
    rate = len(wrong) / len(allows)
    assert rate <= 0.01, f"false positives {rate:.3f}:\n" + "\n".join(wrong)


# --- The verdict ---------------------------------------------------------------------------


def test_allowed_verdict_has_no_category_and_no_reason() -> None:
    assert scan("Luna ate everything, see you tomorrow!") == ALLOWED
    assert ALLOWED == Verdict(blocked=False, category=None, reason="")


def test_blocked_verdict_names_category_and_reason_for_the_owner() -> None:
    verdict = scan("four one five five five five oh one two three")
    assert verdict == Verdict(True, "phone", "Phone number (spelled out)")


# --- A1: phone numbers ----------------------------------------------------------------------


def test_A1_blocks_us_phone_formats() -> None:
    for text in ("(415) 555-0123", "415.555.0123", "4155550123", "+1 415 555 0123"):
        assert scan(text).category == "phone", text


def test_A1_blocks_e164_and_international_numbers() -> None:
    for text in ("+14155550123", "+44 20 7946 0958", "+52 55 1234 5678"):
        assert scan(text).category == "phone", text


def test_A1_blocks_seven_digit_local_number() -> None:
    assert scan("just call 555-0123 tonight").category == "phone"


def test_A1_blocks_spelled_out_phone_number() -> None:
    assert scan("it's four one five, five five five, oh one two three").category == "phone"


def test_A1_blocks_spanish_spelled_out_phone_number() -> None:
    assert scan("cuatro uno cinco cinco cinco cinco cero uno dos tres").category == "phone"


def test_A1_blocks_digits_mixed_with_words() -> None:
    assert blocked("4one5 five 5 five oh 1 2 three")


def test_A1_blocks_digits_split_over_lines() -> None:
    assert blocked("415\n555\n0123")


def test_A1_blocks_leetspeak_number_words() -> None:
    assert blocked("f0ur one f1ve 555 0123")


def test_A1_blocks_full_width_and_mathematical_digits() -> None:
    assert blocked("４１５-５５５-０１２３")
    assert blocked("𝟒𝟏𝟓 𝟓𝟓𝟓 𝟎𝟏𝟐𝟑")


def test_A1_blocks_keycap_emoji_digits() -> None:
    assert blocked("4️⃣1️⃣5️⃣5️⃣5️⃣5️⃣0️⃣1️⃣2️⃣3️⃣")


def test_A1_blocks_digits_hidden_with_zero_width_characters() -> None:
    assert blocked("call 4\u200b1\u200b5 5\u200c5\u200c5 0\u200d1\u200d2\u200d3")


def test_A1_blocks_vanity_phone_number() -> None:
    assert scan("Call 415-555-PAWS for walks").category == "phone"


def test_A1_blocks_personal_line_phrases() -> None:
    for text in ("text my personal phone", "call me on my cell", "here's my number"):
        assert scan(text).category == "phone", text


def test_A1_blocks_request_for_a_real_number() -> None:
    assert scan("can I get your real number?").category == "phone"


# --- A1: email, links, social, payment, leaving -----------------------------------------------


def test_A1_blocks_email_address() -> None:
    assert scan("send it to sam.walker@example.com").category == "email"


def test_A1_blocks_disguised_email_address() -> None:
    for text in ("sam (at) example [dot] com", "sam at example dot com", "sam＠example.com"):
        assert scan(text).category == "email", text


def test_A1_blocks_spanish_disguised_email_address() -> None:
    assert scan("maria arroba example punto com").category == "email"


def test_A1_blocks_urls_and_bare_domains() -> None:
    for text in ("example.com", "bit.ly/x", "www.foo.net", "https://example.org/book"):
        assert scan(text).category == "url", text


def test_A1_blocks_social_apps() -> None:
    for text in ("what's your insta", "add me on snapchat", "whatsapp me", "I'm on telegram"):
        assert scan(text).category == "social", text


def test_A1_blocks_dm_me_and_handles() -> None:
    assert scan("just dm me").category == "social"
    assert scan("follow @lunathepup").category == "social"


def test_A1_blocks_leetspeak_app_names() -> None:
    assert scan("1nsta is lunapup").category == "social"
    assert scan("v3nmo me the 45").category == "payment"


def test_A1_blocks_spaced_out_app_names() -> None:
    assert blocked("v e n m o works")
    assert blocked("i.n.s.t.a.g.r.a.m")


def test_A1_blocks_off_platform_payment() -> None:
    for text in ("venmo me", "my cash app is $jenwalks", "can you zelle me", "paypal me"):
        assert scan(text).category == "payment", text


def test_A1_blocks_apple_and_google_pay() -> None:
    assert scan("I take apple pay").category == "payment"
    assert scan("google pay me").category == "payment"


def test_A1_blocks_proposals_to_leave_the_platform() -> None:
    for text in ("let's take this off the app", "book me directly", "we can skip the agency"):
        assert scan(text).category == "off_platform", text


# --- A2: ordinary pet-care text is allowed ---------------------------------------------------


def test_A2_allows_gate_code() -> None:
    assert not blocked("gate code 4521#")


def test_A2_allows_lockbox_and_alarm_codes() -> None:
    assert not blocked("Lockbox is 0917, alarm code 1985")


def test_A2_allows_wifi_password() -> None:
    assert not blocked("wifi password is Biscuit2020")


def test_A2_allows_times_and_dates() -> None:
    assert not blocked("back by 5:30")
    assert not blocked("home 11/24 at 7am")


def test_A2_allows_prices_and_cash_left_at_home() -> None:
    assert not blocked("$45 on the counter for the extra walk")


def test_A2_allows_doses_and_weights() -> None:
    assert not blocked("give 2.5 mg, she's 62 lbs")


def test_A2_allows_street_address() -> None:
    assert not blocked("1420 Oak St Apt 3B")


def test_A2_allows_order_tracking_microchip_and_invoice_numbers() -> None:
    for text in ("microchip 985112003456789", "tracking 1Z999AA10123456784", "invoice #20231145"):
        assert not blocked(text), text


def test_A2_allows_text_me_when_you_arrive() -> None:
    assert not blocked("text me when you arrive")
    assert not blocked("call me if anything happens")


def test_A2_allows_snap_peas_and_oh_snap() -> None:
    assert not blocked("snap peas are fine, oh snap I forgot the bags")


def test_A2_allows_big_and_fig() -> None:
    assert not blocked("she loves big sticks, no figs please")


def test_A2_allows_signal_in_its_ordinary_sense() -> None:
    assert not blocked("the wifi signal is weak in the back room")


def test_A2_allows_at_in_plain_english() -> None:
    assert not blocked("I'm at the park")
    assert not blocked("see you @ 5")
