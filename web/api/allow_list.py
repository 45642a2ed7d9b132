"""/api/allow-list (SPEC O4): the exact contact details the org's anti-poaching scan allows."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, delete, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from domain.states import ContactKind
from services import allow_list
from web.api.contract import ApiController, errors, from_row, one_of
from web.auth import acting


class AllowedContactIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    kind: Annotated[str, one_of(ContactKind)]
    value: str
    label: str = ""


class AllowedContactOut(msgspec.Struct, rename="camel"):
    id: int
    kind: Annotated[str, one_of(ContactKind)]
    value: str  # E.164 for a phone number, lower case for an email or domain
    label: str
    created_by: int | None = msgspec.field(name="createdByUserId")  # named as the column
    created_at: datetime


class AllowListController(ApiController):
    path = "/api/allow-list"

    @get("/", responses=errors())
    async def index(self, request: Request[Any, Any, Any]) -> list[AllowedContactOut]:
        rows = await allow_list.entries(request.user.org_id)
        return [from_row(row, AllowedContactOut) for row in rows]

    @post("/", responses=errors(409, 422))
    async def add(
        self, request: Request[Any, Any, Any], data: JSONBody[AllowedContactIn]
    ) -> AllowedContactOut:
        """Allow one exact value: 422 when it is not a phone number, email or domain as its
        `kind` says, 409 when it is already on the list."""
        row = await allow_list.add(
            **acting(request),
            user_id=request.user.user_id,
            kind=data.kind,
            value=data.value,
            label=data.label,
        )
        return from_row(row, AllowedContactOut)

    @delete("/{entry_id:int}", responses=errors(404))
    async def remove(
        self, request: Request[Any, Any, Any], entry_id: FromPath[int], reason: FromQuery[str] = ""
    ) -> None:
        """Take an entry off the list; `reason` goes to the audit log."""
        await allow_list.remove(**acting(request), entry_id=entry_id, reason=reason)
