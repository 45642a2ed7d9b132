"""The owner's `/bookings` page: bookings, their changes and meet-and-greets, and clients.

One region (`owner/_bookings.html`, id `bookings`) that every form on it replaces through
htmx; a plain form post gets a 303 back to the page. See `web.owner` for errors.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Template

from domain.errors import Invalid
from domain.model import ServiceType
from services import bookings, owner_views, setup_views
from services.bookings import UNSET, BookingChanges
from web.auth import acting, owner_guard
from web.forms import BookingChange, BookingForm, ClientForm, MeetAndGreetForm
from web.owner import page_context, region, render
from web.owner_clients import add_client


async def bookings_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "bookings")
    org_id = request.user.org_id
    context["bookings"] = await setup_views.bookings(org_id, context["now"])
    choices = await setup_views.booking_choices(org_id)
    context.update(clients=choices.clients, sitters=choices.sitters)
    context["service_types"] = list(ServiceType)
    context.setdefault("values", {})
    return context


def local_time(value: str, tz: str, field: str) -> datetime:
    """A `datetime-local` field, read in the org's time zone."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise Invalid("Enter a date and time.", field=field) from None
    return moment.replace(tzinfo=ZoneInfo(tz)) if moment.tzinfo is None else moment


async def _create(request: Request[Any, Any, Any], data: BookingForm) -> str:
    tz = (await owner_views.org_of(request.user.org_id)).time_zone
    if data.client_id is None:
        raise Invalid("Choose a client.", field="client_id")
    await bookings.create_booking(
        **acting(request),
        client_id=data.client_id,
        service_type=data.service_type,
        starts_at=local_time(data.start_at, tz, "start_at"),
        ends_at=local_time(data.end_at, tz, "end_at"),
        sitter_id=data.sitter_id,
        recurring=data.recurring,
        proactive=request.app.state.settings.enable_proactive_thread_creation,
    )
    return "The booking is created."


async def _add_client(request: Request[Any, Any, Any], data: ClientForm) -> str:
    row = await add_client(request, data)
    return f"{row.name} is added."


async def _update(
    request: Request[Any, Any, Any], booking_id: int, change: str, data: BookingForm
) -> str:
    tz = (await owner_views.org_of(request.user.org_id)).time_zone
    if change == BookingChange.SITTER:
        changes = BookingChanges(sitter_id=data.sitter_id)
    elif change == BookingChange.TIMES:
        changes = BookingChanges(
            starts_at=local_time(data.start_at, tz, "start_at"),
            ends_at=local_time(data.end_at, tz, "end_at"),
        )
    else:
        changes = BookingChanges(status=data.status or UNSET)
    await bookings.update_booking(
        **acting(request),
        booking_id=booking_id,
        changes=changes,
        proactive=request.app.state.settings.enable_proactive_thread_creation,
    )
    return "The booking is updated."


async def _meet_and_greet(
    request: Request[Any, Any, Any], booking_id: int, data: MeetAndGreetForm
) -> str:
    await bookings.meet_and_greet(
        **acting(request),
        booking_id=booking_id,
        allow_sitter=data.allow_sitter,
        outcome=data.outcome or None,
    )
    return "The meet-and-greet is updated."


def _change(
    request: Request[Any, Any, Any], booking_id: int, change: str, data: BookingForm
) -> Any:
    return region(
        request,
        "bookings",
        bookings_context,
        _update(request, booking_id, change, data),
        form=f"{change}-{booking_id}",
        default_field="start_at"
        if change in (BookingChange.SITTER, BookingChange.TIMES)
        else "status",
        values=data,
    )


class BookingsController(Controller):
    path = "/bookings"
    guards = [owner_guard]

    @get("/", name="owner_bookings")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await bookings_context(request)
        return render(request, "owner/bookings.html", "owner/_bookings.html", context)

    @post("/", status_code=200)
    async def create(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[BookingForm]
    ) -> Any:
        action = _create(request, data)
        return await region(
            request,
            "bookings",
            bookings_context,
            action,
            form="create",
            default_field="start_at",
            values=data,
        )

    @post("/clients", status_code=200)
    async def add_client(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[ClientForm]
    ) -> Any:
        action = _add_client(request, data)
        return await region(
            request,
            "bookings",
            bookings_context,
            action,
            form="client",
            default_field="name",
            values=data,
        )

    @post("/{booking_id:int}/sitter", status_code=200)
    async def change_sitter(
        self,
        request: Request[Any, Any, Any],
        booking_id: FromPath[int],
        data: URLEncodedBody[BookingForm],
    ) -> Any:
        """An empty sitter unassigns."""
        return await _change(request, booking_id, BookingChange.SITTER, data)

    @post("/{booking_id:int}/times", status_code=200)
    async def change_times(
        self,
        request: Request[Any, Any, Any],
        booking_id: FromPath[int],
        data: URLEncodedBody[BookingForm],
    ) -> Any:
        return await _change(request, booking_id, BookingChange.TIMES, data)

    @post("/{booking_id:int}/status", status_code=200)
    async def change_status(
        self,
        request: Request[Any, Any, Any],
        booking_id: FromPath[int],
        data: URLEncodedBody[BookingForm],
    ) -> Any:
        return await _change(request, booking_id, BookingChange.STATUS, data)

    @post("/{booking_id:int}", status_code=200)
    async def update(
        self,
        request: Request[Any, Any, Any],
        booking_id: FromPath[int],
        data: URLEncodedBody[BookingForm],
    ) -> Any:
        """The change named in the form (`change`: sitter, times or status), as posted by
        forms loaded before the three routes above."""
        return await _change(request, booking_id, data.change, data)

    @post("/{booking_id:int}/meet-and-greet", status_code=200)
    async def meet_and_greet(
        self,
        request: Request[Any, Any, Any],
        booking_id: FromPath[int],
        data: URLEncodedBody[MeetAndGreetForm],
    ) -> Any:
        action = _meet_and_greet(request, booking_id, data)
        return await region(
            request,
            "bookings",
            bookings_context,
            action,
            form=f"mg-{booking_id}",
            default_field="outcome",
        )
