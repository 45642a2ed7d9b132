"""O4: allow-list values are stored normalised, refused with a message when they are not what
their kind says, and let exactly themselves through the detector."""

import pytest

from domain import antipoaching
from domain.allowed_contacts import allow_list, contact_kind, normalise_contact
from domain.errors import Invalid
from domain.states import ContactKind


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        (ContactKind.PHONE, "(415) 555-0111", "+14155550111"),
        (ContactKind.PHONE, "+44 20 7946 0018", "+442079460018"),
        (ContactKind.EMAIL, " Vet@Clinic.Example ", "vet@clinic.example"),
        (ContactKind.EMAIL, "mailto:vet@clinic.example", "vet@clinic.example"),
        (ContactKind.DOMAIN, "https://www.Clinic.example/hours", "clinic.example"),
        (ContactKind.DOMAIN, "vets.clinic.co.uk", "vets.clinic.co.uk"),
    ],
)
def test_O4_values_are_stored_normalised(kind, raw, stored):
    assert normalise_contact(kind, raw) == stored


@pytest.mark.parametrize(
    ("kind", "raw", "words"),
    [
        (ContactKind.PHONE, "555-0111", "too short"),
        (ContactKind.PHONE, "call the vet", "does not look like a phone number"),
        (ContactKind.EMAIL, "vet at clinic", "email address"),
        (ContactKind.DOMAIN, "clinic", "domain"),
        (ContactKind.DOMAIN, "", "Enter"),
    ],
)
def test_O4_a_value_that_is_not_its_kind_is_refused_with_a_message(kind, raw, words):
    with pytest.raises(Invalid) as refused:
        normalise_contact(kind, raw)
    assert words in refused.value.message and refused.value.field == "value"


def test_O4_an_unknown_kind_is_refused():
    with pytest.raises(Invalid) as refused:
        contact_kind("fax")
    assert refused.value.field == "kind"


def test_O4_only_the_listed_values_pass():
    allowed = allow_list(
        [("phone", "+14155550111"), ("email", "vet@clinic.example"), ("domain", "clinic.example")]
    )
    assert not antipoaching.scan(
        "Vet: 415.555.0111, vet@clinic.example, clinic.example", allowed
    ).blocked
    assert antipoaching.scan("Vet: 415.555.0111 or me at 415.555.0123", allowed).blocked
    assert antipoaching.scan("mail me at sam@walks.com", allowed).blocked
    assert antipoaching.scan("Vet: 415.555.0111").blocked  # without the list
