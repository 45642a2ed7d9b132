"""The owner's numbers page `/numbers` (SPEC section 1): register, quarantine, restore,
recycle, retire, and replace the front desk.

The page is one region (`owner/_numbers.html`, id `numbers`) that every form on it replaces
through htmx; a plain form post gets a 303 back to the page. See `web.owner` for errors.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Template

from domain.errors import Invalid
from domain.phones import display_phone
from domain.staff import Area
from services import number_lifecycle, numbers, setup_views
from web.auth import acting, area_guard
from web.forms import NumberForm, QuarantineForm, ReasonForm, ReleaseForm, ReplaceFrontDeskForm
from web.owner import page_context, region, render

# -- /numbers ---------------------------------------------------------------------------------


async def numbers_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "numbers")
    context["groups"] = await setup_views.numbers_by_class(request.user.org_id, context["now"])
    context.setdefault("values", {})
    return context


async def _register(request: Request[Any, Any, Any], data: NumberForm) -> str:
    row = await numbers.register_number(
        **acting(request), e164=data.e164, number_class=data.number_class
    )
    return f"{display_phone(row.e164)} is registered."


async def _quarantine(request: Request[Any, Any, Any], number_id: int, data: QuarantineForm) -> str:
    if data.custom and data.days is None:
        raise Invalid("Enter the number of days (1 to 365).", field="custom_days")
    row = await numbers.quarantine_number(
        **acting(request),
        number_id=number_id,
        duration=data.duration or None,
        custom_days=data.days if data.custom else None,  # type: ignore[arg-type]
        reason=data.reason,
    )
    return f"{display_phone(row.e164)} is quarantined."


async def _release(request: Request[Any, Any, Any], number_id: int, data: ReleaseForm) -> str:
    row = await numbers.release_number(
        **acting(request),
        number_id=number_id,
        force_restore=data.force_restore,
        restore_reason=data.restore_reason,
    )
    number_class = row.number_class.replace("_", " ")
    return f"{display_phone(row.e164)} is back in service as a {number_class} number."


async def _retire(request: Request[Any, Any, Any], number_id: int, data: ReasonForm) -> str:
    row = await number_lifecycle.retire_number(
        **acting(request), number_id=number_id, reason=data.reason
    )
    return f"{display_phone(row.e164)} is retired."


async def _replace(request: Request[Any, Any, Any], data: ReplaceFrontDeskForm) -> str:
    row = await number_lifecycle.replace_front_desk(
        **acting(request), e164=data.e164, reason=data.reason
    )
    return f"{display_phone(row.e164)} is now the front desk; the old number is retired."


def _numbers_change(
    request: Request[Any, Any, Any], form: str, default_field: str, action: Any, values: Any
) -> Any:
    return region(
        request,
        "numbers",
        numbers_context,
        action,
        form=form,
        default_field=default_field,
        values=values,
    )


class NumbersController(Controller):
    path = "/numbers"
    guards = [area_guard(Area.NUMBERS)]

    @get("/", name="owner_numbers")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await numbers_context(request)
        return render(request, "owner/numbers.html", "owner/_numbers.html", context)

    @post("/", status_code=200)
    async def register(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[NumberForm]
    ) -> Any:
        action = _register(request, data)
        return await _numbers_change(request, "register", "e164", action, data)

    @post("/{number_id:int}/quarantine", status_code=200)
    async def quarantine(
        self,
        request: Request[Any, Any, Any],
        number_id: FromPath[int],
        data: URLEncodedBody[QuarantineForm],
    ) -> Any:
        field = "custom_days" if data.custom else "duration"
        action = _quarantine(request, number_id, data)
        return await _numbers_change(request, f"quarantine-{number_id}", field, action, data)

    @post("/{number_id:int}/release", status_code=200)
    async def release(
        self,
        request: Request[Any, Any, Any],
        number_id: FromPath[int],
        data: URLEncodedBody[ReleaseForm],
    ) -> Any:
        """Restore now (`force_restore` with a required reason) or recycle a cooled-down number."""
        form = f"restore-{number_id}" if data.force_restore else f"recycle-{number_id}"
        action = _release(request, number_id, data)
        return await _numbers_change(request, form, "restore_reason", action, data)

    @post("/{number_id:int}/retire", status_code=200)
    async def retire(
        self,
        request: Request[Any, Any, Any],
        number_id: FromPath[int],
        data: URLEncodedBody[ReasonForm],
    ) -> Any:
        """With a required reason; never the front desk (replace it) nor a sitter's own number."""
        action = _retire(request, number_id, data)
        return await _numbers_change(request, f"retire-{number_id}", "reason", action, data)

    @post("/front-desk/replace", status_code=200)
    async def replace_front_desk(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[ReplaceFrontDeskForm]
    ) -> Any:
        """The new front desk in, the old one retired, in one step."""
        action = _replace(request, data)
        return await _numbers_change(request, "replace-front-desk", "e164", action, data)
