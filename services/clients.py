"""Clients: the pet parents an org texts with."""

from __future__ import annotations

from datetime import datetime

from db.engine import transaction
from db.scope import get_in_org
from db.tables import Client
from domain.errors import Conflict, Invalid
from domain.names import checked_name
from domain.phones import InvalidPhone, normalize_phone
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
    name = name.strip()
    if not name:
        raise Invalid("The client needs a name.", field="name")
    name = checked_name(name, what="The client's name", field="name")
    pet_name = checked_name(pet_name, what="The pet's name", field="pet_name", required=False)
    try:
        e164 = normalize_phone(phone)
    except InvalidPhone as error:
        raise Invalid(str(error), field="phone") from None
    async with transaction():
        if await Client.exists().where((Client.org == org_id) & (Client.phone_e164 == e164)):
            raise Conflict("A client with that phone number already exists.", field="phone")
        await check_phone_free(org_id, e164, becoming=PhoneRole.CLIENT, field="phone")
        client = Client(
            org=org_id,
            name=name,
            pet_name=pet_name,
            phone_e164=e164,
            is_one_time_client=not recurring,
            created_at=now,
        )
        await client.save()
        await audit(
            org_id=org_id,
            actor=actor,
            action="client.created",
            target_type="client",
            target_id=client.id,
            payload={"recurring": recurring},
            now=now,
        )
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
            org_id=org_id,
            actor=actor,
            action="client.classified",
            target_type="client",
            target_id=client.id,
            reason=reason,
            payload={"isOneTimeClient": client.is_one_time_client},
            now=now,
        )
    return client
