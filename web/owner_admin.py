"""The owner's set-up pages: `/numbers`, `/sitters`, `/bookings`, `/diagnostics`.

Each page is one region (`owner/_<page>.html`, id `<page>`) that every form on it replaces
through htmx; a plain form post gets a 303 back to the page. See `web.owner` for errors.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Template

from domain.clock import utcnow
from domain.errors import DomainError, Invalid
from domain.model import ServiceType
from services import bookings, clients, diagnostics, numbers, owner_views, sitters
from services.bookings import UNSET, BookingChanges
from web.auth import owner_guard
from web.owner import done, failed, form_errors, page_context, render, text

Form = dict[str, str]


async def region(
    request: Request[Any, Any, Any],
    name: str,
    action: Callable[[], Awaitable[Any]],
    *,
    form: str,
    default_field: str,
    values: Form | None = None,
) -> Any:
    """Run a service call for a form of page `name`; answer like every owner form does."""
    page, fragment = f"owner/{name}.html", f"owner/_{name}.html"
    try:
        result = await action()
    except DomainError as error:
        context = await CONTEXTS[name](request)
        context.update(errors=form_errors(error, form, default_field), values=values or {})
        return failed(request, page, fragment, context, error)
    context = await CONTEXTS[name](request)
    context["notice"] = result if isinstance(result, str) else ""
    return done(request, fragment, context, f"/{name}")


# -- /numbers ---------------------------------------------------------------------------------


async def numbers_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "numbers")
    context["groups"] = await owner_views.numbers_by_class(request.user.org_id, context["now"])
    context.setdefault("values", {})
    return context


class NumbersController(Controller):
    path = "/numbers"
    guards = [owner_guard]

    @get("/", name="owner_numbers")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await numbers_context(request)
        return render(request, "owner/numbers.html", "owner/_numbers.html", context)

    @post("/", status_code=200)
    async def register(self, request: Request[Any, Any, Any], data: URLEncodedBody[Form]) -> Any:
        async def action() -> str:
            row = await numbers.register_number(
                org_id=request.user.org_id,
                actor=request.user.actor,
                e164=text(data, "e164"),
                number_class=text(data, "number_class"),
                now=utcnow(),
            )
            return f"{row.e164} is registered."

        return await region(
            request, "numbers", action, form="register", default_field="e164", values=data
        )

    @post("/{number_id:int}/quarantine", status_code=200)
    async def quarantine(
        self, request: Request[Any, Any, Any], number_id: FromPath[int], data: URLEncodedBody[Form]
    ) -> Any:
        duration = text(data, "duration") or None
        custom = text(data, "custom_days").strip()

        async def action() -> str:
            if duration == "custom" and not custom:
                raise Invalid("Enter the number of days (1 to 365).", field="custom_days")
            row = await numbers.quarantine_number(
                org_id=request.user.org_id,
                actor=request.user.actor,
                number_id=number_id,
                duration=duration,
                custom_days=int(custom) if custom.isdigit() else (custom or None),  # type: ignore[arg-type]
                reason=text(data, "reason"),
                now=utcnow(),
            )
            return f"{row.e164} is quarantined."

        field = "custom_days" if duration == "custom" else "duration"
        return await region(
            request,
            "numbers",
            action,
            form=f"quarantine-{number_id}",
            default_field=field,
            values=data,
        )

    @post("/{number_id:int}/release", status_code=200)
    async def release(
        self, request: Request[Any, Any, Any], number_id: FromPath[int], data: URLEncodedBody[Form]
    ) -> Any:
        """Restore now (`force_restore` with a required reason) or recycle a cooled-down number."""
        force = text(data, "force_restore") in ("true", "on", "1")

        async def action() -> str:
            row = await numbers.release_number(
                org_id=request.user.org_id,
                actor=request.user.actor,
                number_id=number_id,
                force_restore=force,
                restore_reason=text(data, "restore_reason"),
                now=utcnow(),
            )
            return (
                f"{row.e164} is back in service as a {row.number_class.replace('_', ' ')} number."
            )

        form = f"restore-{number_id}" if force else f"recycle-{number_id}"
        return await region(
            request, "numbers", action, form=form, default_field="restore_reason", values=data
        )


# -- /sitters ---------------------------------------------------------------------------------


async def sitters_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "sitters")
    context["sitters"] = await owner_views.sitters(request.user.org_id)
    context.setdefault("values", {})
    return context


async def _number_notice(org_id: int, sitter: Any) -> str:
    number = await sitters.sitter_number(org_id, sitter.id)
    if number is None:
        return f"{sitter.name} is active, without a number: register a sitter number first."
    return f"{sitter.name} is active with number {number.e164}."


class SittersController(Controller):
    path = "/sitters"
    guards = [owner_guard]

    @get("/", name="owner_sitters")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await sitters_context(request)
        return render(request, "owner/sitters.html", "owner/_sitters.html", context)

    @post("/", status_code=200)
    async def create(self, request: Request[Any, Any, Any], data: URLEncodedBody[Form]) -> Any:
        org_id = request.user.org_id
        active = text(data, "active") in ("on", "true", "1")

        async def action() -> str:
            row = await sitters.create_sitter(
                org_id=org_id,
                actor=request.user.actor,
                name=text(data, "name"),
                phone=text(data, "phone"),
                active=active,
                now=utcnow(),
            )
            if active:
                return await _number_notice(org_id, row)
            return f"{row.name} is added (inactive)."

        return await region(
            request, "sitters", action, form="add", default_field="name", values=data
        )

    @post("/{sitter_id:int}/{change:str}", status_code=200)
    async def change(
        self,
        request: Request[Any, Any, Any],
        sitter_id: FromPath[int],
        change: FromPath[str],
        data: URLEncodedBody[Form],
    ) -> Any:
        """`activate` (N2, shows the number assigned), `deactivate`, `offboard` (N4),
        `unlock` (with a required reason)."""
        org_id, actor = request.user.org_id, request.user.actor

        async def action() -> str:
            now = utcnow()
            if change == "activate":
                row = await sitters.activate_sitter(
                    org_id=org_id, actor=actor, sitter_id=sitter_id, now=now
                )
                return await _number_notice(org_id, row)
            if change == "deactivate":
                row = await sitters.deactivate_sitter(
                    org_id=org_id, actor=actor, sitter_id=sitter_id, now=now
                )
                return f"{row.name} is inactive and keeps their number."
            if change == "offboard":
                row = await sitters.offboard_sitter(
                    org_id=org_id, actor=actor, sitter_id=sitter_id, now=now
                )
                return f"{row.name} is offboarded; their number cools down for 90 days."
            if change == "unlock":
                row = await sitters.unlock_sitter(
                    org_id=org_id,
                    actor=actor,
                    sitter_id=sitter_id,
                    reason=text(data, "reason"),
                    now=now,
                )
                return f"{row.name} can message again."
            raise Invalid("Unknown change.", field="change")

        return await region(
            request, "sitters", action, form=f"{change}-{sitter_id}", default_field="reason"
        )


# -- /bookings --------------------------------------------------------------------------------


async def bookings_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "bookings")
    org_id = request.user.org_id
    context["bookings"] = await owner_views.bookings(org_id, context["now"])
    context.update(await owner_views.booking_choices(org_id))
    context["service_types"] = [t.value for t in ServiceType]
    context.setdefault("values", {})
    return context


def local_time(value: str, tz: str, field: str) -> datetime:
    """A `datetime-local` field, read in the org's time zone."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise Invalid("Enter a date and time.", field=field) from None
    return moment.replace(tzinfo=ZoneInfo(tz)) if moment.tzinfo is None else moment


def optional_id(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


class BookingsController(Controller):
    path = "/bookings"
    guards = [owner_guard]

    @get("/", name="owner_bookings")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await bookings_context(request)
        return render(request, "owner/bookings.html", "owner/_bookings.html", context)

    @post("/", status_code=200)
    async def create(self, request: Request[Any, Any, Any], data: URLEncodedBody[Form]) -> Any:
        settings = request.app.state.settings
        tz = (await owner_views.org_of(request.user.org_id)).time_zone

        async def action() -> str:
            client_id = optional_id(text(data, "client_id"))
            if client_id is None:
                raise Invalid("Choose a client.", field="client_id")
            await bookings.create_booking(
                org_id=request.user.org_id,
                actor=request.user.actor,
                client_id=client_id,
                service_type=text(data, "service_type"),
                starts_at=local_time(text(data, "start_at"), tz, "start_at"),
                ends_at=local_time(text(data, "end_at"), tz, "end_at"),
                sitter_id=optional_id(text(data, "sitter_id")),
                recurring=text(data, "recurring") in ("on", "true", "1"),
                proactive=settings.enable_proactive_thread_creation,
                now=utcnow(),
            )
            return "The booking is created."

        return await region(
            request, "bookings", action, form="create", default_field="start_at", values=data
        )

    @post("/clients", status_code=200)
    async def add_client(self, request: Request[Any, Any, Any], data: URLEncodedBody[Form]) -> Any:
        async def action() -> str:
            row = await clients.create_client(
                org_id=request.user.org_id,
                actor=request.user.actor,
                name=text(data, "name"),
                phone=text(data, "phone"),
                pet_name=text(data, "pet_name"),
                recurring=text(data, "recurring") in ("on", "true", "1"),
                now=utcnow(),
            )
            return f"{row.name} is added."

        return await region(
            request, "bookings", action, form="client", default_field="name", values=data
        )

    @post("/{booking_id:int}", status_code=200)
    async def update(
        self, request: Request[Any, Any, Any], booking_id: FromPath[int], data: URLEncodedBody[Form]
    ) -> Any:
        """One form per change: `sitter` (empty unassigns), `times`, or `status`."""
        settings = request.app.state.settings
        tz = (await owner_views.org_of(request.user.org_id)).time_zone
        change = text(data, "change")

        async def action() -> str:
            if change == "sitter":
                changes = BookingChanges(sitter_id=optional_id(text(data, "sitter_id")))
            elif change == "times":
                changes = BookingChanges(
                    starts_at=local_time(text(data, "start_at"), tz, "start_at"),
                    ends_at=local_time(text(data, "end_at"), tz, "end_at"),
                )
            else:
                changes = BookingChanges(status=text(data, "status") or UNSET)
            await bookings.update_booking(
                org_id=request.user.org_id,
                actor=request.user.actor,
                booking_id=booking_id,
                changes=changes,
                proactive=settings.enable_proactive_thread_creation,
                now=utcnow(),
            )
            return "The booking is updated."

        return await region(
            request,
            "bookings",
            action,
            form=f"{change}-{booking_id}",
            default_field="status" if change not in ("sitter", "times") else "start_at",
            values=data,
        )

    @post("/{booking_id:int}/meet-and-greet", status_code=200)
    async def meet_and_greet(
        self, request: Request[Any, Any, Any], booking_id: FromPath[int], data: URLEncodedBody[Form]
    ) -> Any:
        async def action() -> str:
            allow = text(data, "allow_sitter")
            await bookings.meet_and_greet(
                org_id=request.user.org_id,
                actor=request.user.actor,
                booking_id=booking_id,
                allow_sitter={"true": True, "false": False}.get(allow),
                outcome=text(data, "outcome") or None,
                now=utcnow(),
            )
            return "The meet-and-greet is updated."

        return await region(
            request, "bookings", action, form=f"mg-{booking_id}", default_field="outcome"
        )


# -- /diagnostics -----------------------------------------------------------------------------


class DiagnosticsController(Controller):
    path = "/diagnostics"
    guards = [owner_guard]

    @get("/", name="owner_diagnostics")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await page_context(request, "diagnostics")
        figures = await diagnostics.diagnostics(request.user.org_id)
        for row in figures["routingDecisions"]:
            row["at_time"] = datetime.fromisoformat(row["at"])
        context["figures"] = figures
        return render(request, "owner/diagnostics.html", "owner/_diagnostics.html", context)


CONTEXTS: dict[str, Callable[[Request[Any, Any, Any]], Awaitable[dict[str, Any]]]] = {
    "numbers": numbers_context,
    "sitters": sitters_context,
    "bookings": bookings_context,
}
