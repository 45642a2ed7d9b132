"""Clients: the pet parents an org texts with."""

from __future__ import annotations

from datetime import datetime

from db.engine import transaction
from db.scope import get_in_org
from db.tables import Client
from domain.errors import Conflict, Invalid
from domain.names import checked_name
from domain.phones import checked_phone
from services.audit import audit
from services.phone_roles import PhoneRole, check_phone_free


async def create_client(
    *,
    org_id: int,
    actor: str,
    name: str,
    phone: str,
    pet_name: str = "",
    recurring: bool = False,
    now: datetime,
) -> Client:
    name, pet_name, e164 = _checked(name, phone, pet_name)
    async with transaction():
        await _check_phone_unused(org_id, e164)
        client = Client(
            org=org_id,
            name=name,
            pet_name=pet_name,
            phone_e164=e164,
            is_one_time_client=not recurring,
            created_at=now,
        )
        await client.save()
        payload = {"recurring": recurring}
        await audit(org_id, actor, now, "client.created", ("client", client.id), payload=payload)
    return client


def _checked(name: str, phone: str, pet_name: str) -> tuple[str, str, str]:
    """A client's name, pet's name and phone (E.164) as stored, or `Invalid` (422)."""
    name = name.strip()
    if not name:
        raise Invalid("The client needs a name.", field="name")
    name = checked_name(name, what="The client's name", field="name")
    pet_name = checked_name(pet_name, what="The pet's name", field="pet_name", required=False)
    e164 = checked_phone(phone, field="phone")
    return name, pet_name, e164


async def _check_phone_unused(org_id: int, e164: str, client_id: int | None = None) -> None:
    """`Conflict` (409) when another client of the org, a sitter or a business number has the
    phone."""
    others = (Client.org == org_id) & (Client.phone_e164 == e164)
    if client_id is not None:
        others &= Client.id != client_id
    if await Client.exists().where(others):
        raise Conflict("A client with that phone number already exists.", field="phone")
    await check_phone_free(org_id, e164, becoming=PhoneRole.CLIENT, field="phone")


async def update_client(
    *,
    org_id: int,
    actor: str,
    client_id: int,
    name: str,
    phone: str,
    pet_name: str,
    now: datetime,
) -> Client:
    """Change a client's name, pet and phone (the same rules as a new client's); audited with
    the fields that changed (never the phone number itself)."""
    name, pet_name, e164 = _checked(name, phone, pet_name)
    async with transaction():
        client = await get_in_org(Client, org_id, client_id, what="client")
        await _check_phone_unused(org_id, e164, client_id=client.id)
        changed = [
            field
            for field, old, new in (
                ("name", client.name, name),
                ("petName", client.pet_name, pet_name),
                ("phone", client.phone_e164, e164),
            )
            if old != new
        ]
        if not changed:
            return client
        client.name, client.pet_name, client.phone_e164 = name, pet_name, e164
        await client.save()
        payload = {"changed": changed}
        await audit(org_id, actor, now, "client.updated", ("client", client.id), payload=payload)
    return client


async def set_recurring(
    *,
    org_id: int,
    actor: str,
    client_id: int,
    recurring: bool,
    now: datetime,
    reason: str = "set by the owner",
) -> Client:
    """T2: a client becomes recurring or one-time (the owner's flip, or a recurring booking);
    audited with the reason."""
    async with transaction():
        client = await get_in_org(Client, org_id, client_id, what="client")
        if client.is_one_time_client == (not recurring):
            return client
        client.is_one_time_client = not recurring
        await client.save()
        await audit(
            org_id,
            actor,
            now,
            "client.classified",
            ("client", client.id),
            reason=reason,
            payload={"isOneTimeClient": client.is_one_time_client},
        )
    return client
