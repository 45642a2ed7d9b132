"""The owner's `/settings` page: the org's quiet hours (SPEC O2).

One region (`owner/_settings.html`, id `settings`) the form replaces through htmx; a plain form
post gets a 303 back to the page. See `web.owner` for errors.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Template

from domain.errors import DomainError
from services import org_settings
from web.auth import acting, owner_guard
from web.forms import QuietHoursForm
from web.owner import done, failed, form_errors, page_context, render

PAGE, FRAGMENT = "owner/settings.html", "owner/_settings.html"


async def settings_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "settings")
    context.setdefault("values", {})
    return context


class SettingsController(Controller):
    path = "/settings"
    guards = [owner_guard]

    @get("/", name="owner_settings")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, PAGE, FRAGMENT, await settings_context(request))

    @post("/quiet-hours", status_code=200)
    async def quiet_hours(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[QuietHoursForm]
    ) -> Any:
        values = {
            "quiet_hours_start": data.quiet_hours_start.strip(),
            "quiet_hours_end": data.quiet_hours_end.strip(),
        }
        try:
            await org_settings.set_quiet_hours(
                **acting(request), start=values["quiet_hours_start"], end=values["quiet_hours_end"]
            )
        except DomainError as error:
            context = await settings_context(request)
            context.update(errors=form_errors(error, "quiet", "quiet_hours_start"), values=values)
            return failed(request, PAGE, FRAGMENT, context, error)
        context = await settings_context(request)
        context["notice"] = "Quiet hours saved."
        return done(request, FRAGMENT, context, "/settings")
