"""The owner's set-up pages `/sitters` and `/diagnostics` (`/numbers` is in `web.owner_numbers`,
`/bookings` in `web.owner_bookings`).

Each page is one region (`owner/_<page>.html`, id `<page>`) that every form on it replaces
through htmx; a plain form post gets a 303 back to the page. See `web.owner` for errors.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Template

from domain.clock import utcnow
from domain.phones import display_phone
from services import diagnostics, number_purchases, setup_views, sitters
from web.auth import acting, owner_guard
from web.forms import ReasonForm, SitterForm
from web.owner import page_context, region, render

# -- /sitters ---------------------------------------------------------------------------------


async def sitters_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "sitters")
    context["sitters"] = await setup_views.sitters(request.user.org_id)
    context.setdefault("values", {})
    return context


async def _number_notice(request: Request[Any, Any, Any], sitter: Any) -> str:
    number = await sitters.sitter_number(request.user.org_id, sitter.id)
    if number is None and await number_purchases.number_being_bought(
        request.user.org_id, sitter.id
    ):
        return f"{sitter.name} is active; a number is being bought for them."
    if number is None:
        return f"{sitter.name} is active, without a number: register a sitter number first."
    return f"{sitter.name} is active with number {display_phone(number.e164)}."


async def _create_sitter(request: Request[Any, Any, Any], data: SitterForm) -> str:
    row = await sitters.create_sitter(
        **acting(request),
        name=data.name,
        phone=data.phone,
        active=data.active,
        buy_number=request.app.state.settings.twilio_provisioning,
    )
    if data.active:
        return await _number_notice(request, row)
    return f"{row.name} is added (inactive)."


async def _activate(request: Request[Any, Any, Any], sitter_id: int) -> str:
    row = await sitters.activate_sitter(
        **acting(request),
        sitter_id=sitter_id,
        buy_number=request.app.state.settings.twilio_provisioning,
    )
    return await _number_notice(request, row)


async def _deactivate(request: Request[Any, Any, Any], sitter_id: int) -> str:
    row = await sitters.deactivate_sitter(**acting(request), sitter_id=sitter_id)
    return f"{row.name} is inactive and keeps their number."


async def _offboard(request: Request[Any, Any, Any], sitter_id: int) -> str:
    row = await sitters.offboard_sitter(**acting(request), sitter_id=sitter_id)
    return f"{row.name} is offboarded; their number cools down for 90 days."


async def _unlock(request: Request[Any, Any, Any], sitter_id: int, reason: str) -> str:
    row = await sitters.unlock_sitter(**acting(request), sitter_id=sitter_id, reason=reason)
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
