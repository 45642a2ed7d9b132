"""One phone, one role: a phone that is a business number, a working sitter's phone or a
client's phone of an org cannot become another of these (409)."""

from __future__ import annotations

from enum import StrEnum

from db.tables import BusinessNumber, Client, Sitter
from domain.errors import Conflict
from domain.model import NumberClass, SitterStatus


class PhoneRole(StrEnum):
    BUSINESS_NUMBER = "business_number"
    SITTER = "sitter"
    CLIENT = "client"


LABELS = {
    PhoneRole.BUSINESS_NUMBER: "business number",
    PhoneRole.SITTER: "sitter's phone",
    PhoneRole.CLIENT: "client's phone",
}


async def check_phone_free(org_id: int, e164: str, *, becoming: PhoneRole, field: str) -> None:
    """Raise `Conflict` when `e164` already has a role other than `becoming` (its own role's
    uniqueness is checked, with its own wording, where it is created)."""
    if becoming != PhoneRole.BUSINESS_NUMBER:
        number = (
            await BusinessNumber.select(BusinessNumber.number_class)
            .where(BusinessNumber.e164 == e164)
            .first()
        )
        if number is not None:
            what = (
                "the front desk number"
                if number["number_class"] == NumberClass.FRONT_DESK
                else "a business number"
            )
            raise _taken(what, becoming, field)
    if becoming != PhoneRole.SITTER and await Sitter.exists().where(
        (Sitter.org == org_id)
        & (Sitter.phone_e164 == e164)
        & (Sitter.status != SitterStatus.OFFBOARDED)
    ):
        raise _taken("a sitter's phone", becoming, field)
    if becoming != PhoneRole.CLIENT and await Client.exists().where(
        (Client.org == org_id) & (Client.phone_e164 == e164)
    ):
        raise _taken("a client's phone", becoming, field)


def _taken(what: str, becoming: PhoneRole, field: str) -> Conflict:
    return Conflict(f"That phone is {what}; it cannot also be a {LABELS[becoming]}.", field=field)
