"""The `phone` filter of the owner's pages: numbers the way people write them."""

import pytest

from domain.phones import display_phone


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+14155550141", "(415) 555-0141"),  # US: the national form
        ("+16285550001", "(628) 555-0001"),
        ("+447700900123", "+44 7700 900123"),  # elsewhere: the international form
        ("+33612345678", "+33 6 12 34 56 78"),
        ("+14165550123", "+1 416-555-0123"),  # Canada shares +1 but is not the US
    ],
)
def test_e164_numbers_are_shown_as_people_write_them(stored, shown):
    assert display_phone(stored) == shown


@pytest.mark.parametrize("written", ["(415) 555-0141", "+44 7700 900123"])
def test_already_formatted_numbers_stay_as_they_are(written):
    assert display_phone(written) == written


@pytest.mark.parametrize(
    "garbage", ["+1415****0177", "****", "Sam", "", "12", "call me", "555-0141", "+1 800 FLOWERS"]
)
def test_anything_else_is_shown_unchanged(garbage):
    assert display_phone(garbage) == garbage


def test_nothing_is_shown_as_nothing():
    assert display_phone(None) == ""


def test_the_owner_pages_register_it_as_the_phone_filter():
    from litestar.plugins.jinja import JinjaTemplateEngine

    from web.owner import register_filters

    engine = JinjaTemplateEngine(directory="web/templates")
    register_filters(engine)
    template = engine.engine.from_string("{{ n|phone }}")
    assert template.render(n="+14155550141") == "(415) 555-0141"
