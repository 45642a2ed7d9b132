"""/api/sitters (SPEC section 9, rules N2-N4 in `services.sitters`)."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get, patch, post
from litestar.params import FromPath, JSONBody

from db.scope import get_in_org, objects_in_org
from db.tables import BusinessNumber, Sitter
from domain.errors import Invalid
from services import numbers, sitters
from web.api.contract import ApiController, errors
from web.auth import acting


class SitterIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    name: str
    phone: str
    active: bool


class SitterPatch(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    active: bool | None = None
    offboard: bool | None = None


class UnlockIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    reason: str


class MaskedNumber(msgspec.Struct, rename="camel"):
    id: int
    e164: str


class SitterOut(msgspec.Struct, rename="camel"):
    id: int
    name: str
    phone: str
    status: str
    locked: bool
    locked_reason: str
    masked_number: MaskedNumber | None


def sitter_out(row: Sitter, number: BusinessNumber | None) -> SitterOut:
    return SitterOut(
        id=row.id,
        name=row.name,
        phone=row.phone_e164,
        status=row.status,
        locked=row.locked_at is not None,
        locked_reason=row.locked_reason,
        masked_number=MaskedNumber(id=number.id, e164=number.e164) if number else None,
    )


async def show_sitter(org_id: int, row: Sitter) -> SitterOut:
    return sitter_out(row, await sitters.sitter_number(org_id, row.id))


class SitterController(ApiController):
    path = "/api/sitters"

    @get("/", responses=errors())
    async def index(self, request: Request[Any, Any, Any]) -> list[SitterOut]:
        org_id = request.user.org_id
        rows = await objects_in_org(Sitter, org_id).order_by(Sitter.id)
        owned = numbers.sitter_numbers(await numbers.org_numbers(org_id))
        return [sitter_out(row, owned.get(row.id)) for row in rows]

    @post("/", responses=errors(409, 422))
    async def create(self, request: Request[Any, Any, Any], data: JSONBody[SitterIn]) -> SitterOut:
        row = await sitters.create_sitter(
            **acting(request),
            name=data.name,
            phone=data.phone,
            active=data.active,
            buy_number=request.app.state.settings.twilio_provisioning,
        )
        return await show_sitter(request.user.org_id, row)

    @get("/{sitter_id:int}", responses=errors(404))
    async def show(self, request: Request[Any, Any, Any], sitter_id: FromPath[int]) -> SitterOut:
        row = await get_in_org(Sitter, request.user.org_id, sitter_id, what="sitter")
        return await show_sitter(request.user.org_id, row)

    @patch("/{sitter_id:int}", responses=errors(404, 409, 422))
    async def update(
        self,
        request: Request[Any, Any, Any],
        sitter_id: FromPath[int],
        data: JSONBody[SitterPatch],
    ) -> SitterOut:
        """`offboard: true` offboards (N4); `active` activates (N2) or deactivates (the number
        stays, N3). `offboard: true` with `active: true` is contradictory (422); an empty body
        changes nothing."""
        if data.offboard and data.active:
            raise Invalid("A sitter cannot be offboarded and activated at once.", field="active")
        if data.offboard:
            row = await sitters.offboard_sitter(**acting(request), sitter_id=sitter_id)
        elif data.active is True:
            row = await sitters.activate_sitter(
                **acting(request),
                sitter_id=sitter_id,
                buy_number=request.app.state.settings.twilio_provisioning,
            )
        elif data.active is False:
            row = await sitters.deactivate_sitter(**acting(request), sitter_id=sitter_id)
        else:
            row = await get_in_org(Sitter, request.user.org_id, sitter_id, what="sitter")
        return await show_sitter(request.user.org_id, row)

    @post("/{sitter_id:int}/unlock", status_code=200, responses=errors(404, 409, 422))
    async def unlock(
        self,
        request: Request[Any, Any, Any],
        sitter_id: FromPath[int],
        data: JSONBody[UnlockIn],
    ) -> SitterOut:
        row = await sitters.unlock_sitter(
            **acting(request), sitter_id=sitter_id, reason=data.reason
        )
        return await show_sitter(request.user.org_id, row)
