"""Templates (canned replies): the placeholders a template may use and how it is rendered for
one thread (`domain.reply_templates`)."""

from __future__ import annotations

import pytest

from domain.errors import Invalid
from domain.names import first_name, first_word
from domain.reply_templates import (
    PLACEHOLDERS,
    TemplateValues,
    checked_template,
    render_template,
    unknown_placeholders,
)

FULL = TemplateValues(
    client_first_name="Dana",
    pet_name="Biscuit",
    sitter_first_name="Maya",
    visit_time="Sat Nov 21 9:05 AM",
)


def test_every_placeholder_is_replaced_by_the_threads_value():
    body = "Hi {client_first_name}! {sitter_first_name} will walk {pet_name} on {visit_time}."
    assert render_template(body, FULL) == "Hi Dana! Maya will walk Biscuit on Sat Nov 21 9:05 AM."


def test_a_placeholder_used_twice_is_replaced_twice():
    assert render_template("{pet_name}, {pet_name}!", FULL) == "Biscuit, Biscuit!"


def test_a_missing_value_is_written_as_plain_words_never_a_gap_or_the_placeholder():
    body = "Hi {client_first_name}! {sitter_first_name} will walk {pet_name} on {visit_time}."
    rendered = render_template(body, TemplateValues())
    assert rendered == "Hi there! your sitter will walk your pet on your next visit."
    assert "{" not in rendered


def test_a_value_of_only_spaces_counts_as_missing():
    assert render_template("Hi {client_first_name}", TemplateValues(client_first_name="  ")) == (
        "Hi there"
    )


def test_a_value_that_looks_like_a_placeholder_is_not_rendered_again():
    values = TemplateValues(pet_name="{client_first_name}")
    assert render_template("{pet_name}", values) == "{client_first_name}"


def test_braces_that_are_not_a_placeholder_stay_as_typed():
    assert render_template("{ } {} :-{", FULL) == "{ } {} :-{"


def test_the_four_placeholders_are_known():
    assert list(PLACEHOLDERS) == [
        "client_first_name",
        "pet_name",
        "sitter_first_name",
        "visit_time",
    ]


def test_unknown_placeholders_are_listed_once_in_order():
    body = "{dog_name} {pet_name} {owner} {dog_name}"
    assert unknown_placeholders(body) == ["dog_name", "owner"]


def test_saving_a_template_with_an_unknown_placeholder_is_refused_naming_it():
    with pytest.raises(Invalid) as refused:
        checked_template("Walk", "Hi {first_name}, {pet_name} is home")
    assert refused.value.field == "body"
    assert "Unknown placeholder {first_name}" in refused.value.message
    assert "{client_first_name}" in refused.value.message  # what to use instead


def test_a_template_needs_a_name_and_a_text():
    with pytest.raises(Invalid) as no_name:
        checked_template("  ", "Hello")
    assert no_name.value.field == "name"
    with pytest.raises(Invalid) as no_body:
        checked_template("Hello", " \n")
    assert no_body.value.field == "body"


def test_a_saved_template_is_trimmed():
    assert checked_template("  On our way ", " {sitter_first_name} is coming\n") == (
        "On our way",
        "{sitter_first_name} is coming",
    )


def test_a_template_longer_than_an_sms_thread_allows_is_refused():
    with pytest.raises(Invalid):
        checked_template("Long", "x" * 1601)


def test_a_first_name_is_the_first_word_and_never_a_number():
    assert first_word("Dana Reyes") == "Dana"
    assert first_word("") == first_word(None) == ""
    assert first_word("415 555 0123") == ""
    assert first_name("415 555 0123") == "Client"
