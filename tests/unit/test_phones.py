"""Phone numbers: E.164 normalisation and the one place that redacts them."""

import pytest

from domain.errors import Invalid
from domain.phones import InvalidPhone, checked_phone, normalize_phone, redact_phone, redact_text


@pytest.mark.parametrize(
    "raw",
    [
        "+14155550123",
        "(415) 555-0123",
        "415-555-0123",
        "415.555.0123",
        "4155550123",
        "1 415 555 0123",
        "+1 (415) 555-0123",
        " 415 555 0123 ",
    ],
)
def test_phone_numbers_normalise_to_e164(raw):
    assert normalize_phone(raw) == "+14155550123"


def test_international_numbers_keep_their_country_code():
    assert normalize_phone("+44 7911 123456") == "+447911123456"


def test_the_default_region_reads_national_numbers():
    assert normalize_phone("07911 123456", default_region="GB") == "+447911123456"


def test_fictional_555_numbers_are_accepted_for_demos_and_tests():
    assert normalize_phone("+1 555 555 3456") == "+15555553456"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("", "Enter a phone number"),
        ("   ", "Enter a phone number"),
        ("hello", "does not look like a phone number"),
        ("555-0123", "too short"),
        ("123", "too short"),
        ("+1415555012345678", "too long"),
    ],
)
def test_invalid_phone_numbers_say_what_is_wrong(raw, words):
    with pytest.raises(InvalidPhone, match=words) as error:
        normalize_phone(raw)
    assert "+1 415 555 0123" in str(error.value)


def test_invalid_phone_is_a_value_error_that_never_repeats_the_input():
    assert issubclass(InvalidPhone, ValueError)
    with pytest.raises(InvalidPhone) as error:
        normalize_phone("+1415555012345678")
    assert "+1415555012345678" not in str(error.value)


def test_redact_phone_keeps_the_first_5_and_the_last_4_characters():
    assert redact_phone("+15555553456") == "+1555****3456"
    assert redact_phone("+447911123456") == "+4479****3456"


def test_redact_phone_masks_anything_too_short_entirely():
    assert redact_phone("+1234") == "****"
    assert redact_phone("") == "****"


@pytest.mark.parametrize(
    "text",
    [
        "+14155550123",
        "14155550123",
        "4155550123",
        "(415) 555-0123",
        "(415)555-0123",
        "415-555-0123",
        "415.555.0123",
        "415 555 0123",
        "1-415-555-0123",
        "+1 415 555 0123",
        "+1 (415) 555-0123",
    ],
)
def test_redact_text_redacts_us_numbers_in_every_common_format(text):
    assert redact_text(f"from {text} to x") == "from +1415****0123 to x"


def test_redact_text_redacts_international_numbers():
    assert redact_text("uk +44 7911 123456 and +447911123456") == (
        "uk +4479****3456 and +4479****3456"
    )


def test_redact_text_redacts_every_number_in_a_log_line():
    line = "routed from=+14155550123 to=+16285550104 at 2026-11-21 09:45:56"
    assert redact_text(line) == "routed from=+1415****0123 to=+1628****0104 at 2026-11-21 09:45:56"


def test_redact_text_stops_a_spaced_international_number_before_a_date():
    assert redact_text("+44 7911 123456 2026-11-21") == "+4479****3456 2026-11-21"


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-21 09:45:56",
        "2026-11-21T09:45:56.123456+00:00",
        "listening on 127.0.0.1:8000",
        "message 12345 of thread 987654321",
        "SM0123456789abcdef0123456789abcdef",
        "object at 0x7f3a2b4c5d60",
        "line 415 in routing.py",
        "price $1,234,567,890",
        "walk 10:30-11:30 on 11/21/2026",
        "",
    ],
)
def test_redact_text_leaves_dates_times_ports_and_short_ids_alone(text):
    assert redact_text(text) == text


def test_a_phone_typed_into_a_form_is_refused_on_its_field():
    assert checked_phone("(415) 555-0123", field="phone") == "+14155550123"
    with pytest.raises(Invalid) as refused:
        checked_phone("not a phone", field="e164")
    assert refused.value.field == "e164"
