"""The owner's set-up pages `/numbers`, `/sitters` and `/diagnostics` (`/bookings` is in
`web.owner_bookings`).

Each page is one region (`owner/_<page>.html`, id `<page>`) that every form on it replaces
through htmx; a plain form post gets a 303 back to the page. See `web.owner` for errors.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Template

from domain.clock import utcnow
from domain.errors import Invalid
from domain.phones import display_phone
from domain.staff import Area
from services import diagnostics, numbers, setup_views, sitters
from web.auth import area_guard, owner_guard
from web.forms import NumberForm, QuarantineForm, ReasonForm, ReleaseForm, SitterForm
from web.owner import page_context, region, render

# -- /numbers ---------------------------------------------------------------------------------


async def numbers_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "numbers")
    context["groups"] = await setup_views.numbers_by_class(request.user.org_id, context["now"])
    context.setdefault("values", {})
    return context


async def _register(request: Request[Any, Any, Any], data: NumberForm) -> str:
    row = await numbers.register_number(
        org_id=request.user.org_id,
        actor=request.user.actor,
        e164=data.e164,
        number_class=data.number_class,
        now=utcnow(),
    )
    return f"{display_phone(row.e164)} is registered."


async def _quarantine(request: Request[Any, Any, Any], number_id: int, data: QuarantineForm) -> str:
    if data.custom and data.days is None:
        raise Invalid("Enter the number of days (1 to 365).", field="custom_days")
    row = await numbers.quarantine_number(
        org_id=request.user.org_id,
        actor=request.user.actor,
        number_id=number_id,
        duration=data.duration or None,
        custom_days=data.days if data.custom else None,  # type: ignore[arg-type]
        reason=data.reason,
        now=utcnow(),
    )
    return f"{display_phone(row.e164)} is quarantined."


async def _release(request: Request[Any, Any, Any], number_id: int, data: ReleaseForm) -> str:
    row = await numbers.release_number(
        org_id=request.user.org_id,
        actor=request.user.actor,
        number_id=number_id,
        force_restore=data.force_restore,
        restore_reason=data.restore_reason,
        now=utcnow(),
    )
    number_class = row.number_class.replace("_", " ")
    return f"{display_phone(row.e164)} is back in service as a {number_class} number."


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
        return await region(
            request,
            "numbers",
            numbers_context,
            action,
            form="register",
            default_field="e164",
            values=data,
        )

    @post("/{number_id:int}/quarantine", status_code=200)
    async def quarantine(
        self,
        request: Request[Any, Any, Any],
        number_id: FromPath[int],
        data: URLEncodedBody[QuarantineForm],
    ) -> Any:
        field = "custom_days" if data.custom else "duration"
        return await region(
            request,
            "numbers",
            numbers_context,
            _quarantine(request, number_id, data),
            form=f"quarantine-{number_id}",
            default_field=field,
            values=data,
        )

    @post("/{number_id:int}/release", status_code=200)
    async def release(
        self,
        request: Request[Any, Any, Any],
        number_id: FromPath[int],
        data: URLEncodedBody[ReleaseForm],
    ) -> Any:
        """Restore now (`force_restore` with a required reason) or recycle a cooled-down number."""
        form = f"restore-{number_id}" if data.force_restore else f"recycle-{number_id}"
        return await region(
            request,
            "numbers",
            numbers_context,
            _release(request, number_id, data),
            form=form,
            default_field="restore_reason",
            values=data,
        )


# -- /sitters ---------------------------------------------------------------------------------


async def sitters_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "sitters")
    context["sitters"] = await setup_views.sitters(request.user.org_id)
    context.setdefault("values", {})
    return context


async def _number_notice(org_id: int, sitter: Any) -> str:
    number = await sitters.sitter_number(org_id, sitter.id)
    if number is None:
        return f"{sitter.name} is active, without a number: register a sitter number first."
    return f"{sitter.name} is active with number {display_phone(number.e164)}."


async def _create_sitter(request: Request[Any, Any, Any], data: SitterForm) -> str:
    org_id = request.user.org_id
    row = await sitters.create_sitter(
        org_id=org_id,
        actor=request.user.actor,
        name=data.name,
        phone=data.phone,
        active=data.active,
        now=utcnow(),
    )
    if data.active:
        return await _number_notice(org_id, row)
    return f"{row.name} is added (inactive)."


async def _activate(request: Request[Any, Any, Any], sitter_id: int) -> str:
    org_id = request.user.org_id
    row = await sitters.activate_sitter(
        org_id=org_id, actor=request.user.actor, sitter_id=sitter_id, now=utcnow()
    )
    return await _number_notice(org_id, row)


async def _deactivate(request: Request[Any, Any, Any], sitter_id: int) -> str:
    row = await sitters.deactivate_sitter(
        org_id=request.user.org_id, actor=request.user.actor, sitter_id=sitter_id, now=utcnow()
    )
    return f"{row.name} is inactive and keeps their number."


async def _offboard(request: Request[Any, Any, Any], sitter_id: int) -> str:
    row = await sitters.offboard_sitter(
        org_id=request.user.org_id, actor=request.user.actor, sitter_id=sitter_id, now=utcnow()
    )
    return f"{row.name} is offboarded; their number cools down for 90 days."


async def _unlock(request: Request[Any, Any, Any], sitter_id: int, reason: str) -> str:
    row = await sitters.unlock_sitter(
        org_id=request.user.org_id,
        actor=request.user.actor,
        sitter_id=sitter_id,
        reason=reason,
        now=utcnow(),
    )
    return f"{row.name} can message again."


def _sitter_change(request: Request[Any, Any, Any], form: str, action: Any) -> Any:
    return region(request, "sitters", sitters_context, action, form=form, default_field="reason")


class SittersController(Controller):
    path = "/sitters"
    guards = [owner_guard]

    @get("/", name="owner_sitters")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await sitters_context(request)
        return render(request, "owner/sitters.html", "owner/_sitters.html", context)

    @post("/", status_code=200)
    async def create(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[SitterForm]
    ) -> Any:
        action = _create_sitter(request, data)
        return await region(
            request,
            "sitters",
            sitters_context,
            action,
            form="add",
            default_field="name",
            values=data,
        )

    @post("/{sitter_id:int}/activate", status_code=200)
    async def activate(self, request: Request[Any, Any, Any], sitter_id: FromPath[int]) -> Any:
        """N2: the notice shows the number assigned."""
        action = _activate(request, sitter_id)
        return await _sitter_change(request, f"activate-{sitter_id}", action)

    @post("/{sitter_id:int}/deactivate", status_code=200)
    async def deactivate(self, request: Request[Any, Any, Any], sitter_id: FromPath[int]) -> Any:
        action = _deactivate(request, sitter_id)
        return await _sitter_change(request, f"deactivate-{sitter_id}", action)

    @post("/{sitter_id:int}/offboard", status_code=200)
    async def offboard(self, request: Request[Any, Any, Any], sitter_id: FromPath[int]) -> Any:
        """N4: the sitter's number cools down."""
        action = _offboard(request, sitter_id)
        return await _sitter_change(request, f"offboard-{sitter_id}", action)

    @post("/{sitter_id:int}/unlock", status_code=200)
    async def unlock(
        self,
        request: Request[Any, Any, Any],
        sitter_id: FromPath[int],
        data: URLEncodedBody[ReasonForm],
    ) -> Any:
        """With a required reason."""
        action = _unlock(request, sitter_id, data.reason)
        return await _sitter_change(request, f"unlock-{sitter_id}", action)


# -- /diagnostics -----------------------------------------------------------------------------


class DiagnosticsController(Controller):
    path = "/diagnostics"
    guards = [owner_guard]

    @get("/", name="owner_diagnostics")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await page_context(request, "diagnostics")
        context["figures"] = await diagnostics.diagnostics(request.user.org_id, utcnow())
        return render(request, "owner/diagnostics.html", "owner/_diagnostics.html", context)
