"""The detector's learned signal (issue 17): its weights file, its inference and the fusion.

Sentences are our own, none from a data set. The model blocks only what the rules pass and
only when confident; it never overrides an org's allow list.
"""

from __future__ import annotations

import json
import math

from domain.antipoaching import AllowList, rules, scan
from domain.antipoaching.learned import WEIGHTS, LinearModel, features, saved_model, tokens


def test_antipoaching_weights_file_is_small_and_loads() -> None:
    assert WEIGHTS.stat().st_size < 300_000
    saved = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert set(saved) == {"bias", "threshold", "weights"}
    model = saved_model()
    assert 0.9 <= model.threshold < 1
    assert len(model.weights) <= 9_000
    assert saved_model() is model  # read once


def test_antipoaching_inference_agrees_with_the_features_it_was_trained_on() -> None:
    model = saved_model()
    for text in ("find me on the clock app, rosiewalks", "Biscuit ate all his dinner 🐶",
                 "gate code 4471, back at 5:30", ""):  # fmt: skip
        by_features = model.bias + sum(
            model.weights.get(feature, 0.0) * value for feature, value in features(text).items()
        )
        assert math.isclose(model.logit(text), by_features, abs_tol=1e-9)
        assert model.confident(text) == (model.probability(text) >= model.threshold)


def test_antipoaching_tokens_fold_case_and_unicode() -> None:
    assert tokens("Call ME @ ５ pm!") == ["call", "me", "@", "5", "pm", "!"]


def test_antipoaching_model_blocks_an_app_nickname_the_rules_pass() -> None:
    text = "find me on the clock app, rosiewalks"
    assert not rules(text).blocked
    verdict = scan(text)
    assert verdict.blocked
    assert verdict.category == "off_platform"
    assert "learned model" in verdict.reason


def test_antipoaching_model_leaves_ordinary_pet_care_text_alone() -> None:
    for text in (
        "Biscuit had a great walk, see you Thursday",
        "the gate code is 4471, back at 5:30",
        "Facebook is down again lol",
        "text me when you arrive and I'll buzz you in",
        "gave her 0.5 ml of the drops at 7pm",
        "3 walks x $24.50 each, paid in the app",
    ):
        assert not scan(text).blocked, text


def test_antipoaching_model_never_overrides_the_allow_list() -> None:
    text = "our number is 415 555 0100 text it anytime"
    allowed = AllowList.of(["(415) 555-0100"])
    assert saved_model().confident(text)
    assert not rules(text, allowed).blocked
    assert not scan(text, allowed).blocked
    assert scan(text).blocked


def test_antipoaching_model_defers_to_the_rules_on_an_id_they_read() -> None:
    text = "booking REF-212-555-0147 confirmed, see you then"
    assert saved_model().confident(text)
    assert not rules(text).blocked
    assert not scan(text).blocked


def test_antipoaching_rules_verdict_comes_first() -> None:
    verdict = scan("call me at 415-555-0123")
    assert verdict == rules("call me at 415-555-0123")
    assert verdict.category == "phone"


def test_antipoaching_a_hand_built_model_scores_by_its_weights() -> None:
    model = LinearModel(bias=-1.0, threshold=0.5, weights={"w:zzz": 10.0})
    assert model.probability("zzz zzz") > 0.5 > model.probability("hello there")
    assert model.confident("zzz zzz")
    assert not model.confident("hello there")


def test_antipoaching_model_leaves_a_text_longer_than_it_knows_to_the_rules() -> None:
    """Its messages were all under MAX_CHARS; in a longer one the counts pile up."""
    from domain.antipoaching.learned import MAX_CHARS

    long_text = "word " * 400 + "THE-END"
    assert len(long_text) > MAX_CHARS and not rules(long_text).blocked
    assert not scan(long_text).blocked
    assert scan("call me at 415 555 0123 " + "word " * 400).blocked  # the rules still read it
