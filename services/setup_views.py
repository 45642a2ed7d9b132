"""What the owner's set-up pages show (`/numbers`, `/sitters`, `/bookings`): read-only
queries, each scoped to one org, returning dataclasses. The pages call the services for every
change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.tables import AssignmentWindow, Booking, BusinessNumber, Client, Sitter
from domain.model import BookingStatus, NumberClass, NumberStatus, ServiceType, SitterStatus
from services import numbers
from services.owner_views import INBOX_LIMIT, Choice, sitter_names

CLASS_ORDER = (NumberClass.FRONT_DESK, NumberClass.SITTER, NumberClass.POOL)
SITTER_ORDER = (SitterStatus.ACTIVE, SitterStatus.INACTIVE, SitterStatus.OFFBOARDED)
CLIENT_CHOICES = 1000


@dataclass(frozen=True, slots=True)
class NumberEntry:
    row: BusinessNumber
    status: NumberStatus  # effective: a finished quarantine reads active (N5)
    sitter_name: str | None


@dataclass(frozen=True, slots=True)
class StatusGroup:
    status: NumberStatus
    entries: list[NumberEntry]


@dataclass(frozen=True, slots=True)
class ClassGroup:
    number_class: NumberClass
    statuses: list[StatusGroup]
    count: int


async def numbers_by_class(org_id: int, now: datetime) -> list[ClassGroup]:
    """The org's numbers grouped by class, then status, with their effective status."""
    rows = await numbers.list_numbers(org_id, now)
    names = await sitter_names(org_id)
    groups = []
    for klass in CLASS_ORDER:
        members = [row for row in rows if row.number_class == klass]
        by_status = []
        for status in NumberStatus:
            entries = [
                NumberEntry(
                    row, status, names.get(row.assigned_sitter) if row.assigned_sitter else None
                )
                for row in members
                if numbers.effective_status(row, now) == status
            ]
            if entries:
                by_status.append(StatusGroup(status, entries))
        groups.append(ClassGroup(klass, by_status, len(members)))
    return groups


@dataclass(frozen=True, slots=True)
class SitterLine:
    row: Sitter
    number: BusinessNumber | None  # their own number (N3)


async def sitters(org_id: int) -> list[SitterLine]:
    """Active sitters first, then inactive, then offboarded; by name."""
    rows = await Sitter.objects().where(Sitter.org == org_id).order_by(Sitter.name)
    owned = numbers.sitter_numbers(await numbers.org_numbers(org_id))
    order = {status: place for place, status in enumerate(SITTER_ORDER)}
    rows.sort(key=lambda row: (order.get(row.status, len(order)), row.name.lower()))
    return [SitterLine(row, owned.get(row.id)) for row in rows]


@dataclass(frozen=True, slots=True)
class BookingLine:
    id: int
    client: int
    sitter: int | None
    service_type: ServiceType
    starts_at: datetime
    ends_at: datetime
    status: BookingStatus
    recurring: bool
    client_name: str | None
    sitter_name: str | None
    window: AssignmentWindow | None


async def bookings(org_id: int, now: datetime) -> list[BookingLine]:
    """The latest bookings by start, with their windows (one query for all of them)."""
    rows = (
        await Booking.select(
            Booking.id,
            Booking.client,
            Booking.sitter,
            Booking.service_type,
            Booking.starts_at,
            Booking.ends_at,
            Booking.status,
            Booking.recurring,
            Booking.client.name.as_alias("client_name"),
            Booking.sitter.name.as_alias("sitter_name"),
        )
        .where(Booking.org == org_id)
        .order_by(Booking.starts_at, ascending=False)
        .limit(INBOX_LIMIT)
    )
    windows = await windows_of([row["id"] for row in rows])
    return [
        BookingLine(
            **row
            | {
                "service_type": ServiceType(row["service_type"]),
                "status": BookingStatus(row["status"]),
                "window": windows.get(row["id"]),
            }
        )
        for row in rows
    ]


async def windows_of(booking_ids: list[int]) -> dict[int, AssignmentWindow]:
    """The window of each booking that has one, in one query."""
    if not booking_ids:
        return {}
    rows = await AssignmentWindow.objects().where(AssignmentWindow.booking.is_in(booking_ids))
    return {row.booking: row for row in rows}


@dataclass(frozen=True, slots=True)
class BookingChoices:
    """The clients and sitters a new booking may name."""

    clients: list[Choice]
    sitters: list[Choice]


async def booking_choices(org_id: int) -> BookingChoices:
    clients = (
        await Client.select(Client.id, Client.name)
        .where(Client.org == org_id)
        .order_by(Client.name)
        .limit(CLIENT_CHOICES)
    )
    sitters = (
        await Sitter.select(Sitter.id, Sitter.name)
        .where((Sitter.org == org_id) & (Sitter.status != SitterStatus.OFFBOARDED))
        .order_by(Sitter.name)
    )
    return BookingChoices(
        clients=[Choice(**row) for row in clients], sitters=[Choice(**row) for row in sitters]
    )
