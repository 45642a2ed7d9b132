"""The owner's pages. Handlers parse, call a service, and choose a template.

Shared by the owner page modules (`owner_messages`, `owner_thread`, `owner_admin`,
`owner_bookings`); forms arrive as the typed bodies of `web.forms`:

- `render`: a direct visit gets the whole page; an htmx request gets only the fragment the
  page includes, so both come from the same markup.
- `done`: after a successful POST, htmx gets the refreshed fragment, a plain form post a
  303 redirect to the page (post/redirect/get).
- `failed`: a domain error is shown next to its field in the re-rendered form. A plain form
  post answers with the whole page and the error's status (400/404/409/422). An htmx request
  gets the fragment with **status 200**, because htmx 2 does not swap 4xx answers; the error
  is in the markup (`role="alert"` next to the field), never a raw JSON body.
- `region`: a set-up page's form (`/numbers`, `/sitters`, `/bookings`) runs its service call,
  then answers as `done` with the call's sentence as the notice, or as `failed`.
- Out-of-band fragments are asked for with `oob_<fragment>` in the context (`oob_body` here,
  `oob_header`, `oob_messages`, `oob_composer` on the sitter's pages).
- Jinja filters render every time in the org's time zone (`when`, `day`, `countdown`), and
  every phone number the way people write it (`phone`).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from markupsafe import Markup

from db.tables import Org, User
from domain.clock import utcnow
from domain.errors import DomainError
from domain.phones import display_phone
from domain.policy import clock_time
from domain.quiet_hours import QuietHours, composer_warning
from services import owner_views
from web.auth import owner_guard, role_context
from web.dev_tour import tour_context


def when(moment: datetime | None, tz: str) -> str:
    """`Sat Nov 21 9:05 AM` in the org's time zone."""
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local:%a %b} {local.day} {clock_time(local)}"


def day(moment: datetime | None, tz: str) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local:%a %b} {local.day}, {local.year}"


def local_input(moment: datetime | None, tz: str) -> str:
    """The value of an `<input type="datetime-local">` in the org's time zone."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")


def countdown(until: datetime | None, now: datetime) -> str:
    """`6 days 4 h left`, `3 h 20 min left`, `ended`."""
    if until is None:
        return ""
    left = until - now
    seconds = int(left.total_seconds())
    if seconds <= 0:
        return "ended"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h left"
    if hours:
        return f"{hours} h {minutes} min left"
    return f"{max(minutes, 1)} min left"


def quiet_warning(source: Org | QuietHours | None, client_name: str) -> str:
    """O2: the composer's note ("It's 11:40 pm for Dana.") during the org's quiet hours."""
    if isinstance(source, Org):
        source = QuietHours.of(source.time_zone, source.quiet_hours_start, source.quiet_hours_end)
    if not isinstance(source, QuietHours):
        return ""
    return composer_warning(source, utcnow(), client_name)


#: Control characters other than tab and newlines: never written into a page.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(value: Any) -> Any:
    """Jinja's `finalize`: a NUL or an escape someone typed (a refused name echoed back into
    its field, say) is dropped from every value a template writes."""
    if isinstance(value, str) and _CONTROLS.search(value):
        cleaned = _CONTROLS.sub("", value)
        return Markup(cleaned) if isinstance(value, Markup) else cleaned  # noqa: S704 (was Markup)
    return value


def register_filters(engine: JinjaTemplateEngine) -> None:
    engine.engine.filters.update(
        when=when, day=day, local_input=local_input, countdown=countdown, phone=display_phone
    )
    engine.engine.globals.update(quiet_warning=quiet_warning)
    engine.engine.finalize = without_controls


async def page_context(request: Request[Any, Any, Any], section: str) -> dict[str, Any]:
    """What every owner page needs: the org (its time zone), the signed-in owner, now, and
    which owner-only areas their role may open (the links and forms shown, SPEC O5)."""
    org = await owner_views.org_of(request.user.org_id)
    return {
        **role_context(request.user),
        "org": org,
        "tz": org.time_zone,
        "now": utcnow(),
        "section": section,
        "errors": {},
        "messaging_off": not request.app.state.settings.enable_messaging_v1,
    }


def render(
    request: Request[Any, Any, Any],
    page: str,
    fragment: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> Template:
    if request.htmx:
        return Template(fragment, context=context, status_code=200)
    return Template(page, context=context, status_code=status)


def done(
    request: Request[Any, Any, Any], fragment: str, context: dict[str, Any], redirect_to: str
) -> Template | Redirect:
    if request.htmx:
        return Template(fragment, context=context)
    return Redirect(redirect_to, status_code=303)


def form_errors(error: DomainError, form: str, default_field: str) -> dict[str, Any]:
    """`errors` for the templates: which form failed, and the message per field (the services
    name fields as the JSON API does, `restoreReason`; the forms as `restore_reason`)."""
    field = re.sub(r"(?<!^)([A-Z])", r"_\1", error.field).lower() if error.field else default_field
    return {"form": form, field: error.message}


def failed(
    request: Request[Any, Any, Any],
    page: str,
    fragment: str,
    context: dict[str, Any],
    error: DomainError,
) -> Template:
    return render(request, page, fragment, context, status=error.status)


ContextOf = Callable[[Request[Any, Any, Any]], Awaitable[dict[str, Any]]]


async def region(
    request: Request[Any, Any, Any],
    name: str,
    context_of: ContextOf,
    action: Awaitable[str],
    *,
    form: str,
    default_field: str,
    values: Any = None,
) -> Template | Redirect:
    """Run the service call `action` for a form of the set-up page `name` (one region,
    `owner/_<name>.html`), then answer like every owner form does; the action's sentence is
    the notice shown above the region."""
    page, fragment = f"owner/{name}.html", f"owner/_{name}.html"
    try:
        notice = await action
    except DomainError as error:
        context = await context_of(request)
        context.update(errors=form_errors(error, form, default_field), values=values or {})
        return failed(request, page, fragment, context, error)
    context = await context_of(request)
    context["notice"] = notice
    return done(request, fragment, context, f"/{name}")


class OwnerHomeController(Controller):
    path = "/"
    guards = [owner_guard]

    @get("/", name="owner_home")
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        identity = request.user
        context = await page_context(request, "home")
        context["user"] = await User.objects().where(User.id == identity.user_id).first()
        context["counts"] = await owner_views.tab_counts(identity.org_id)
        context["tour"] = tour_context(request.app.state.settings)
        return Template("owner/home.html", context=context)
