"""/api/allow-list (SPEC O4): the exact contact details the org's anti-poaching scan allows."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, delete, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from db.owner_tables import AllowedContact
from domain.states import ContactKind
from services import allow_list
from web.api.contract import ApiController, errors, one_of
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
    created_by_user_id: int | None
    created_at: datetime


def entry_out(row: AllowedContact) -> AllowedContactOut:
    return AllowedContactOut(
        id=row.id,
        kind=row.kind,
        value=row.value,
        label=row.label,
        created_by_user_id=row.created_by,
        created_at=row.created_at,
    )


class AllowListController(ApiController):
    path = "/api/allow-list"

    @get("/", responses=errors())
    async def index(self, request: Request[Any, Any, Any]) -> list[AllowedContactOut]:
        return [entry_out(row) for row in await allow_list.entries(request.user.org_id)]

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
        return entry_out(row)

    @delete("/{entry_id:int}", responses=errors(404))
    async def remove(
        self, request: Request[Any, Any, Any], entry_id: FromPath[int], reason: FromQuery[str] = ""
    ) -> None:
        """Take an entry off the list; `reason` goes to the audit log."""
        await allow_list.remove(**acting(request), entry_id=entry_id, reason=reason)
