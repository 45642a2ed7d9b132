"""The pages' forms, as typed bodies (`data: URLEncodedBody[SomeForm]`).

A browser leaves an empty field out of the body, so every field has a default and a form never
fails to parse for a missing value: the services decide what is missing, and the pages show
their message next to the field. Fields a person types (days, ids a client may send as text)
stay strings here and are read by the service or by a property below, so a wrong value is
answered with a message rather than a bare 400. Checkboxes and hidden flags post `true`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, TypeVar

import msgspec
from litestar import Request
from litestar.datastructures import UploadFile
from litestar.exceptions import ValidationException

FormT = TypeVar("FormT")


@dataclass
class ReasonForm:
    """Override, dismiss, unlock: a required reason."""

    reason: str = ""


@dataclass
class DismissForm:
    """Dismiss a blocked message; `not_contact`: it holds no contact detail (kept as an
    example of the detector's mistake)."""

    reason: str = ""
    not_contact: bool = False


CUSTOM_DURATION = "custom"  # the quarantine duration that takes `custom_days`


class ComposerKind(StrEnum):
    NORMAL = "normal"
    BILLING = "billing"  # from the front desk
    PAYMENT_LINK = "payment_link"  # a booking's


class BookingChange(StrEnum):
    """What one form of a booking changes."""

    SITTER = "sitter"  # empty unassigns
    TIMES = "times"
    STATUS = "status"


@dataclass
class ComposerForm:
    """The owner's composer: a normal or billing message, or a booking's payment link."""

    kind: str = ComposerKind.NORMAL  # any other kind sends a normal message, as before
    body: str = ""
    url: str = ""
    booking_id: int | None = None
    client_key: str = ""


@dataclass
class RouteForm:
    """The overlap prompt: which sitter gets the message."""

    message_id: int = 0
    sitter_id: int | None = None


@dataclass
class NumberForm:
    e164: str = ""
    number_class: str = ""


@dataclass
class QuarantineForm:
    duration: str = ""  # one of QUARANTINE_DURATIONS (N5), checked by the service
    custom_days: str = ""
    reason: str = ""

    @property
    def custom(self) -> bool:
        return self.duration == CUSTOM_DURATION

    @property
    def days(self) -> int | str | None:
        """The custom duration as typed: a number of days, or the text for the service to
        refuse."""
        custom = self.custom_days.strip()
        return int(custom) if custom.isdigit() else (custom or None)


@dataclass
class ReplaceFrontDeskForm:
    """The new front-desk number, and why the old one is retired (required)."""

    e164: str = ""
    reason: str = ""


@dataclass
class ReleaseForm:
    force_restore: bool = False
    restore_reason: str = ""


@dataclass
class SitterForm:
    name: str = ""
    phone: str = ""
    active: bool = False


@dataclass
class ClientForm:
    name: str = ""
    phone: str = ""
    pet_name: str = ""
    recurring: bool = False


@dataclass
class BookingForm:
    """A new booking, or one change of a booking (`change`: its sitter, times or status)."""

    client_id: int | None = None
    service_type: str = ""
    start_at: str = ""
    end_at: str = ""
    sitter_id: int | None = None
    recurring: bool = False
    change: str = ""  # a BookingChange; another value changes the status
    status: str = ""


@dataclass
class MeetAndGreetForm:
    allow_sitter: bool | None = None
    outcome: str = ""


@dataclass
class OwnerLoginForm:
    email: str = ""
    password: str = ""


@dataclass
class PhoneLoginForm:
    phone: str = ""
    next: str = ""
    code: str = ""

    @property
    def phone_number(self) -> str:
        return self.phone.strip()[:40]


@dataclass
class SitterMessageForm:
    body: str = ""


@dataclass
class PhoneTextForm:
    """What a demo phone texts, and to which business number."""

    to: str = ""
    body: str = ""
    picture: str = ""  # one of the bundled demo pictures (`web.dev_phones.DEMO_PICTURES`)


@dataclass
class QuietHoursForm:
    """The org's quiet hours, "HH:MM" each (O2); the service checks them."""

    quiet_hours_start: str = ""
    quiet_hours_end: str = ""


@dataclass
class AllowedContactForm:
    """An allow-list entry: its kind (phone, email, domain), the value as typed, a label."""

    kind: str = ""
    value: str = ""
    label: str = ""


@dataclass
class ClassificationForm:
    """Flip a client recurring (`true`) or one-time (anything else)."""

    recurring: bool = False


@dataclass
class TemplateForm:
    """A template (canned reply): its name, its text with placeholders, billing only."""

    name: str = ""
    body: str = ""
    billing: bool = False


@dataclass
class StaffInviteForm:
    """The owner invites someone by email, with a role (owner or manager)."""

    email: str = ""
    role: str = ""


@dataclass
class StaffRoleForm:
    role: str = ""


@dataclass
class JoinForm:
    """The invitee's name and password, on the invitation's page."""

    name: str = ""
    password: str = ""


async def form_with_files(
    request: Request[Any, Any, Any], form_type: type[FormT]
) -> tuple[FormT, list[bytes]]:
    """A composer's form, url-encoded or multipart (SPEC M3), with the bytes of its `files`
    parts (a part with no file chosen is left out). 400 for a field of the wrong type."""
    form = await request.form()
    names = {field.name for field in fields(form_type)}  # type: ignore[arg-type]
    values = {
        name: value
        for name, value in form.multi_items()
        if name in names and isinstance(value, str) and value != ""
    }
    try:
        data = msgspec.convert(values, form_type, strict=False)
    except msgspec.ValidationError as error:
        raise ValidationException(f"The form is not valid: {error}") from None
    files = [await part.read() for part in form.getall("files", []) if isinstance(part, UploadFile)]
    return data, [content for content in files if content]
