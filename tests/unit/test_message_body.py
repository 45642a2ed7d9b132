"""What a message written by a person may be (domain.messages)."""

import pytest

from domain.errors import Invalid
from domain.messages import MAX_BODY, check_client_key, checked_body


def test_checked_body_strips_the_surrounding_spaces():
    assert checked_body("  Hello there \n") == "Hello there"


@pytest.mark.parametrize("body", ["", "   ", None])
def test_checked_body_refuses_an_empty_message(body):
    with pytest.raises(Invalid, match="Write a message first") as refused:
        checked_body(body)
    assert refused.value.field == "body"


def test_checked_body_allows_1600_characters_and_refuses_more():
    assert checked_body("x" * MAX_BODY) == "x" * 1600
    with pytest.raises(Invalid, match="Messages are limited to 1600 characters"):
        checked_body("x" * (MAX_BODY + 1))


def test_check_client_key_has_1_to_64_characters():
    check_client_key(None)
    check_client_key("k" * 64)
    for key in ("", "k" * 65):
        with pytest.raises(Invalid, match="An idempotency key has 1 to 64 characters"):
            check_client_key(key)


def test_M3_a_message_may_be_photos_alone():
    assert checked_body("  ", photos=1) == ""
    with pytest.raises(Invalid):
        checked_body("  ", photos=0)
