"""/api/org and /api/clients (SPEC section 9)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Request, get, patch, post
from litestar.params import FromPath, JSONBody

from db.scope import get_in_org
from db.tables import Client, Org
from services import clients, org_settings
from web.api.contract import ApiController, errors
from web.auth import acting


class ClientIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    name: str
    phone: str
    recurring: bool = False
    pet_name: str = ""


class ClientPatch(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    recurring: bool | None = None


class OrgPatch(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    quiet_hours_start: str | None = None
    quiet_hours_end: str | None = None


class ClientOut(msgspec.Struct, rename="camel"):
    id: int
    name: str
    pet_name: str
    phone: str
    is_one_time_client: bool
    opted_out: bool
    created_at: datetime


def client_out(row: Client) -> ClientOut:
    return ClientOut(
        id=row.id,
        name=row.name,
        pet_name=row.pet_name,
        phone=row.phone_e164,
        is_one_time_client=row.is_one_time_client,
        opted_out=row.opted_out_at is not None,
        created_at=row.created_at,
    )


class OrgController(ApiController):
    path = "/api/org"

    @get("/", responses=errors())
    async def show(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        return org_out(await Org.objects().where(Org.id == request.user.org_id).first())

    @patch("/", responses=errors(422))
    async def update(
        self, request: Request[Any, Any, Any], data: JSONBody[OrgPatch]
    ) -> dict[str, Any]:
        """O2: the org's quiet hours (local HH:MM; the same start and end means none)."""
        org = await Org.objects().where(Org.id == request.user.org_id).first()
        org = await org_settings.set_quiet_hours(
            **acting(request),
            start=data.quiet_hours_start or org.quiet_hours_start,
            end=data.quiet_hours_end or org.quiet_hours_end,
        )
        return org_out(org)


def org_out(org: Org) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "timeZone": org.time_zone,
        "quietHoursStart": org.quiet_hours_start,
        "quietHoursEnd": org.quiet_hours_end,
    }


class ClientController(ApiController):
    path = "/api/clients"

    @post("/", responses=errors(409, 422))
    async def create(self, request: Request[Any, Any, Any], data: JSONBody[ClientIn]) -> ClientOut:
        row = await clients.create_client(
            **acting(request),
            name=data.name,
            phone=data.phone,
            pet_name=data.pet_name,
            recurring=data.recurring,
        )
        return client_out(row)

    @get("/{client_id:int}", responses=errors(404))
    async def show(self, request: Request[Any, Any, Any], client_id: FromPath[int]) -> ClientOut:
        return client_out(await get_in_org(Client, request.user.org_id, client_id, what="client"))

    @patch("/{client_id:int}", responses=errors(404))
    async def update(
        self,
        request: Request[Any, Any, Any],
        client_id: FromPath[int],
        data: JSONBody[ClientPatch],
    ) -> ClientOut:
        row = await get_in_org(Client, request.user.org_id, client_id, what="client")
        if data.recurring is not None:
            row = await clients.set_recurring(
                **acting(request), client_id=client_id, recurring=data.recurring
            )
        return client_out(row)
