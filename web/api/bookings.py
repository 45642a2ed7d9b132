"""/api/bookings (SPEC section 9): create, change sitter/times/status, meet-and-greet outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, get, patch, post
from litestar.params import FromPath, JSONBody

from db.scope import get_in_org, objects_in_org
from db.tables import AssignmentWindow, Booking
from domain.clock import utcnow
from domain.model import BookingStatus, MeetAndGreet, MessageStatus, ServiceType
from services import automations, bookings, setup_views
from services.bookings import UNSET, BookingChanges
from web.api.contract import ApiController, errors, one_of
from web.auth import acting, require_billing

#: The statuses a booking may be set to, and the outcomes of a meet-and-greet (SPEC section 9).
BOOKING_CHANGES = (BookingStatus.CONFIRMED, BookingStatus.CANCELLED, BookingStatus.COMPLETED)
OUTCOMES = (MeetAndGreet.APPROVED, MeetAndGreet.FAILED)


class BookingIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    client_id: int
    service_type: Annotated[str, one_of(ServiceType)]
    start_at: datetime
    end_at: datetime
    sitter_id: int | None = None
    recurring: bool = False


class BookingPatch(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    sitter_id: int | msgspec.UnsetType | None = msgspec.UNSET
    start_at: datetime | msgspec.UnsetType = msgspec.UNSET
    end_at: datetime | msgspec.UnsetType = msgspec.UNSET
    status: Annotated[str, one_of(BOOKING_CHANGES)] | msgspec.UnsetType = msgspec.UNSET


class PaymentLinkIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    url: str


class MeetAndGreetIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    allow_sitter: bool | None = None
    outcome: Annotated[str, one_of(OUTCOMES, nullable=True)] | None = None


class WindowOut(msgspec.Struct, rename="camel"):
    id: int
    sitter_id: int
    starts_at: datetime
    ends_at: datetime
    closed: bool


class BookingOut(msgspec.Struct, rename="camel"):
    id: int
    client_id: int
    sitter_id: int | None
    service_type: str
    start_at: datetime
    end_at: datetime
    status: str
    recurring: bool
    window: WindowOut | None


def window_out(row: AssignmentWindow | None) -> WindowOut | None:
    if row is None:
        return None
    return WindowOut(
        id=row.id,
        sitter_id=row.sitter,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        closed=row.closed_at is not None,
    )


async def booking_out(row: Booking) -> BookingOut:
    return (await bookings_out([row]))[0]


async def bookings_out(rows: list[Booking]) -> list[BookingOut]:
    """The bookings with their windows, read in one query."""
    windows = await setup_views.windows_of([row.id for row in rows])
    return [_booking_out(row, windows.get(row.id)) for row in rows]


def _booking_out(row: Booking, window: AssignmentWindow | None) -> BookingOut:
    return BookingOut(
        id=row.id,
        client_id=row.client,
        sitter_id=row.sitter,
        service_type=row.service_type,
        start_at=row.starts_at,
        end_at=row.ends_at,
        status=row.status,
        recurring=row.recurring,
        window=window_out(window),
    )


def _given(value: Any) -> Any:
    return UNSET if value is msgspec.UNSET else value


class BookingController(ApiController):
    path = "/api/bookings"

    @post("/", responses=errors(404, 409, 422))
    async def create(
        self, request: Request[Any, Any, Any], data: JSONBody[BookingIn]
    ) -> BookingOut:
        settings = request.app.state.settings
        row = await bookings.create_booking(
            **acting(request),
            client_id=data.client_id,
            service_type=data.service_type,
            starts_at=data.start_at,
            ends_at=data.end_at,
            sitter_id=data.sitter_id,
            recurring=data.recurring,
            proactive=settings.enable_proactive_thread_creation,
        )
        return await booking_out(row)

    @get("/", responses=errors())
    async def index(self, request: Request[Any, Any, Any]) -> list[BookingOut]:
        rows = await objects_in_org(Booking, request.user.org_id).order_by(Booking.starts_at)
        return await bookings_out(rows)

    @get("/{booking_id:int}", responses=errors(404))
    async def show(self, request: Request[Any, Any, Any], booking_id: FromPath[int]) -> BookingOut:
        return await booking_out(await get_in_org(Booking, request.user.org_id, booking_id))

    @patch("/{booking_id:int}", responses=errors(404, 409, 422))
    async def update(
        self,
        request: Request[Any, Any, Any],
        booking_id: FromPath[int],
        data: JSONBody[BookingPatch],
    ) -> BookingOut:
        settings = request.app.state.settings
        changes = BookingChanges(
            sitter_id=_given(data.sitter_id),
            starts_at=_given(data.start_at),
            ends_at=_given(data.end_at),
            status=_given(data.status),
        )
        row = await bookings.update_booking(
            **acting(request),
            booking_id=booking_id,
            changes=changes,
            proactive=settings.enable_proactive_thread_creation,
        )
        return await booking_out(row)

    @post("/{booking_id:int}/meet-and-greet", status_code=200, responses=errors(404, 409, 422))
    async def meet_and_greet(
        self,
        request: Request[Any, Any, Any],
        booking_id: FromPath[int],
        data: JSONBody[MeetAndGreetIn],
    ) -> dict[str, Any]:
        thread = await bookings.meet_and_greet(
            **acting(request),
            booking_id=booking_id,
            allow_sitter=data.allow_sitter,
            outcome=data.outcome,
        )
        return {
            "threadId": thread.id,
            "meetAndGreet": thread.meet_and_greet,
            "allowSitter": thread.meet_and_greet_allow_sitter,
        }

    @post("/{booking_id:int}/payment-link", status_code=202, responses=errors(404, 409, 422))
    async def payment_link(
        self,
        request: Request[Any, Any, Any],
        booking_id: FromPath[int],
        data: JSONBody[PaymentLinkIn],
    ) -> dict[str, str]:
        """Queue the booking's payment link (billing, from the front desk; once per booking).
        Owners only (a manager's session: 403)."""
        require_billing(request.user)
        await automations.send_payment_link(
            org_id=request.user.org_id, booking_id=booking_id, url=data.url, now=utcnow()
        )
        return {"status": MessageStatus.QUEUED}
