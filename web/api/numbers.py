"""/api/numbers (SPEC section 9, rules N1, N4, N5 in `services.numbers`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.params import FromPath, JSONBody

from db.tables import BusinessNumber
from domain.clock import utcnow
from domain.model import NumberClass
from domain.quarantine import QUARANTINE_DURATIONS
from domain.staff import Area
from services import number_lifecycle, numbers
from web.api.contract import ApiController, errors, one_of
from web.auth import acting, area_guard


class NumberIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    e164: str
    number_class: Annotated[str, one_of(NumberClass)]


class QuarantineIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    duration: Annotated[str, one_of(QUARANTINE_DURATIONS, nullable=True)] | None = None
    custom_days: int | None = None
    reason: str = ""


class ReleaseIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    force_restore: bool = False
    restore_reason: str | None = None


class RetireIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    reason: str | None = None


class ReplaceFrontDeskIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    e164: str
    reason: str | None = None


class NumberOut(msgspec.Struct, rename="camel"):
    id: int
    e164: str
    number_class: Annotated[str, one_of(NumberClass)]
    status: str
    assigned_sitter_id: int | None
    was_sitter_identity: bool
    quarantined_until: datetime | None
    cooldown_until: datetime | None
    status_reason: str


def number_out(row: BusinessNumber, now: datetime) -> NumberOut:
    """The number as the owner sees it: the effective status (a finished quarantine reads
    `active`, N5)."""
    status = numbers.effective_status(row, now)
    return NumberOut(
        id=row.id,
        e164=row.e164,
        number_class=row.number_class,
        status=status.value,
        assigned_sitter_id=row.assigned_sitter,
        was_sitter_identity=row.was_sitter_identity,
        quarantined_until=row.quarantined_until if status.value == row.status else None,
        cooldown_until=row.cooldown_until,
        status_reason=row.status_reason if status.value == row.status else "",
    )


class NumberController(ApiController):
    path = "/api/numbers"
    guards = [area_guard(Area.NUMBERS)]

    @get("/", responses=errors())
    async def index(self, request: Request[Any, Any, Any]) -> list[NumberOut]:
        now = utcnow()
        rows = await numbers.list_numbers(request.user.org_id, now)
        return [number_out(row, now) for row in rows]

    @post("/", responses=errors(409, 422))
    async def create(self, request: Request[Any, Any, Any], data: JSONBody[NumberIn]) -> NumberOut:
        now = utcnow()
        row = await numbers.register_number(
            **acting(request, now), e164=data.e164, number_class=data.number_class
        )
        return number_out(row, now)

    @post("/{number_id:int}/quarantine", status_code=200, responses=errors(404, 409, 422))
    async def quarantine(
        self,
        request: Request[Any, Any, Any],
        number_id: FromPath[int],
        data: JSONBody[QuarantineIn],
    ) -> NumberOut:
        now = utcnow()
        row = await numbers.quarantine_number(
            **acting(request, now),
            number_id=number_id,
            duration=data.duration,
            custom_days=data.custom_days,
            reason=data.reason,
        )
        return number_out(row, now)

    @post("/{number_id:int}/release", status_code=200, responses=errors(404, 409, 422))
    async def release(
        self,
        request: Request[Any, Any, Any],
        number_id: FromPath[int],
        data: JSONBody[ReleaseIn],
    ) -> NumberOut:
        now = utcnow()
        row = await numbers.release_number(
            **acting(request, now),
            number_id=number_id,
            force_restore=data.force_restore,
            restore_reason=data.restore_reason,
        )
        return number_out(row, now)

    @post("/{number_id:int}/retire", status_code=200, responses=errors(404, 409, 422))
    async def retire(
        self,
        request: Request[Any, Any, Any],
        number_id: FromPath[int],
        data: JSONBody[RetireIn],
    ) -> NumberOut:
        """Retire a number for good, with a reason (422 without)."""
        now = utcnow()
        row = await number_lifecycle.retire_number(
            **acting(request, now), number_id=number_id, reason=data.reason
        )
        return number_out(row, now)

    @post("/front-desk/replace", status_code=200, responses=errors(409, 422))
    async def replace_front_desk(
        self, request: Request[Any, Any, Any], data: JSONBody[ReplaceFrontDeskIn]
    ) -> NumberOut:
        """N1 in one step: `e164` becomes the front desk, the old one is retired with the
        reason; answers the new front desk."""
        now = utcnow()
        row = await number_lifecycle.replace_front_desk(
            **acting(request, now), e164=data.e164, reason=data.reason
        )
        return number_out(row, now)
