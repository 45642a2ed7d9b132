"""The media screening rule (SPEC 11, M2): one test per rule of ``domain.media``."""

from __future__ import annotations

import pytest

from domain.antipoaching import ALLOWED, scan
from domain.media import media_verdict, plain_type, unreadable

VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kim\r\nTEL:+14155550123\r\nEND:VCARD\r\n"


# --- M2.1 contact cards ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", ["text/vcard", "text/x-vcard", "Text/VCard; charset=utf-8"]
)
def test_M2_1_contact_card_types_are_blocked(content_type: str) -> None:
    verdict = media_verdict(content_type, "")
    assert verdict.blocked
    assert verdict.category == "contact_card"
    assert verdict.reason == "Contact card (vCard)"


@pytest.mark.parametrize("content_type", ["text/plain", "application/octet-stream", "", None])
def test_M2_1_vcard_content_is_blocked_whatever_the_type(content_type: str | None) -> None:
    verdict = media_verdict(content_type, VCARD)
    assert (verdict.blocked, verdict.category) == (True, "contact_card")


def test_M2_1_vcard_content_in_lower_case_with_spaces_is_blocked() -> None:
    assert media_verdict("text/plain", "\n  begin : vcard\nfn:Kim\n").category == "contact_card"


# --- M2.2 other types ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    ["image/svg+xml", "text/plain", "text/html", "application/zip", "video/mp4", "audio/amr"],
)
def test_M2_2_types_other_than_images_and_pdf_are_blocked_by_type(content_type: str) -> None:
    verdict = media_verdict(content_type, "a good dog")
    assert verdict.blocked
    assert verdict.category == "file_type"
    assert content_type in verdict.reason
    assert "only photos and PDFs" in verdict.reason


def test_M2_2_a_missing_type_is_blocked_as_unknown() -> None:
    verdict = media_verdict(None, "")
    assert (verdict.category, verdict.reason) == (
        "file_type",
        "File type not allowed (unknown): only photos and PDFs",
    )


@pytest.mark.parametrize(
    "content_type", ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"]
)
def test_M2_2_images_and_pdf_without_text_are_allowed(content_type: str) -> None:
    assert media_verdict(content_type, "") == ALLOWED
    assert media_verdict(content_type, "  \n ") == ALLOWED


def test_M2_2_parameters_and_case_of_the_type_do_not_matter() -> None:
    assert plain_type(" Image/JPEG; name=dog.jpg") == "image/jpeg"
    assert media_verdict("Image/JPEG; name=dog.jpg", "") == ALLOWED


# --- M2.3 the read text goes through the same scan as a body ---------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Kim's Pet Care\nCall or text: (415) 555-0123", "phone"),
        ("kim.walks@example.com", "email"),
        ("https://venmo.com/u/Kim-Paws", "payment"),
        ("follow me on insta @pawsbykim", "social"),
        ("www.kimspets.example", "url"),
    ],
)
def test_M2_3_text_in_a_photo_is_blocked_like_a_message_body(text: str, category: str) -> None:
    verdict = media_verdict("image/jpeg", text)
    expected = scan(text)
    assert expected.blocked
    assert verdict.blocked
    assert verdict.category == expected.category == category
    assert verdict.reason == f"{expected.reason} in a photo"


def test_M2_3_text_of_a_pdf_is_blocked_like_a_message_body() -> None:
    verdict = media_verdict("application/pdf", "Questions? Text me at 415-555-0123")
    assert (verdict.blocked, verdict.category) == (True, "phone")
    assert verdict.reason.endswith("in a PDF")


@pytest.mark.parametrize(
    "text",
    [
        "Breakfast 7:30am - 1 cup kibble\nDinner 6pm - 1 cup + 1/2 can",
        "Gate code 4821#\nLockbox 0917",
        "Microchip 985112003456789",
        "product code: 0012345678905\nSalmon & Rice Adult 30 lb",
        "Apoquel 16 mg - 1/2 tablet twice daily with food",
        "TOTAL $42.18\nVISA **** 1234",
    ],
)
def test_M2_3_ordinary_pet_care_text_in_a_photo_is_allowed(text: str) -> None:
    assert not scan(text).blocked
    assert media_verdict("image/jpeg", text) == ALLOWED


# --- M2.4 unreadable files ------------------------------------------------------------------


def test_M2_4_an_unreadable_file_is_blocked_with_its_reason() -> None:
    verdict = unreadable("The photo is damaged or incomplete and cannot be opened.")
    assert verdict.blocked
    assert verdict.category == "unreadable"
    assert verdict.reason == "The photo is damaged or incomplete and cannot be opened."
