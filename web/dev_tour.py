"""The demo's guided tour: each scenario sets up one case of the spec on the demo business,
then says where to look. Texts are posted, signed, to the real SMS webhook in process
(`text_through_webhook`, also what the demo phones type)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from litestar import Request
from twilio.request_validator import RequestValidator

from db.scope import objects_in_org
from db.tables import Booking, BusinessNumber, Client, PoolLease, Sitter, Thread
from domain.clock import utcnow
from domain.errors import DomainError, Invalid
from services import automations, enforcement
from web import demo


async def text_through_webhook(
    request: Request[Any, Any, Any], phone: str, to: str, body: str, media_urls: Sequence[str] = ()
) -> None:
    """Post a signed Twilio webhook for this text (and photos) to the app itself, in process."""
    settings = request.app.state.settings
    params = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": settings.twilio_account_sid or "ACsimulator",
        "From": phone,
        "To": to,
        "Body": body,
        "NumMedia": str(len(media_urls)),
        "NumSegments": "1",
    }
    for n, url in enumerate(media_urls):
        params[f"MediaUrl{n}"], params[f"MediaContentType{n}"] = url, "image/jpeg"
    path = "/webhooks/twilio/sms"
    signature = RequestValidator(settings.twilio_auth_token).compute_signature(
        settings.public_base_url + path, params
    )
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url=settings.public_base_url) as http:
        response = await http.post(path, data=params, headers={"X-Twilio-Signature": signature})
    if response.status_code != 200:
        raise Invalid(f"The webhook refused the text ({response.status_code}).")


async def _demo_person(org_id: int, table: Any, phone: str) -> Any:
    row = await objects_in_org(table, org_id).where(table.phone_e164 == phone).first()
    if row is None:
        raise DomainError("This scenario needs the demo business (run `python app.py demo`).")
    return row


async def _in_window(request: Request[Any, Any, Any]) -> str:
    maya = await _demo_person(request.user.org_id, Sitter, demo.MAYA.phone)
    await text_through_webhook(request, demo.DANA.phone, demo.MAYA.number, "Is Biscuit doing OK?")
    return f"/dev/phones?sitter={maya.id}"


async def _outside_window(request: Request[Any, Any, Any]) -> str:
    sam = await _demo_person(request.user.org_id, Client, demo.SAM.phone)
    await text_through_webhook(
        request, demo.SAM.phone, demo.DEMO_FRONT_DESK, "Hi! Could someone walk Nacho on Friday?"
    )
    return f"/dev/phones?client={sam.id}"


async def _released_pool_number(request: Request[Any, Any, Any]) -> str:
    org_id = request.user.org_id
    alex = await _demo_person(org_id, Client, demo.ALEX.phone)
    lease = (
        await objects_in_org(PoolLease, org_id)
        .where((PoolLease.client == alex.id) & PoolLease.released_at.is_not_null())
        .first()
    )
    if lease is None:
        raise DomainError("The demo's released pool lease is missing.")
    number = await BusinessNumber.objects().where(BusinessNumber.id == lease.number).first()
    await text_through_webhook(
        request,
        demo.STRANGER,
        number.e164,
        "Hey, is this the dog sitter? Got your number from Alex",
    )
    return "/messages"


async def _instagram(request: Request[Any, Any, Any]) -> str:
    org_id = request.user.org_id
    maya = await _demo_person(org_id, Sitter, demo.MAYA.phone)
    dana = await _demo_person(org_id, Client, demo.DANA.phone)
    thread = await objects_in_org(Thread, org_id).where(Thread.client == dana.id).first()
    try:
        await enforcement.sitter_send(
            org_id=org_id,
            sitter_id=maya.id,
            thread_id=thread.id,
            body="Follow me on insta, it's maya dot pets dot sf, way easier than this app",
            flags=request.app.state.settings.messaging_flags,
            now=utcnow(),
        )
    except DomainError:
        pass  # locked after three tries: the Alerts tab says so
    return "/messages?tab=blocked"


async def _payment_link(request: Request[Any, Any, Any]) -> str:
    org_id = request.user.org_id
    dana = await _demo_person(org_id, Client, demo.DANA.phone)
    booking = (
        await objects_in_org(Booking, org_id)
        .where(Booking.client == dana.id)
        .order_by(Booking.starts_at, ascending=False)
        .first()
    )
    try:
        await automations.send_payment_link(
            org_id=org_id,
            booking_id=booking.id,
            url="https://pay.example/happy-paws/invoice-1042",
            now=utcnow(),
        )
    except DomainError:
        pass  # already sent once for this booking (S4): the phone shows the first one
    return f"/dev/phones?client={dana.id}"


@dataclass(frozen=True)
class Scenario:
    title: str
    does: str
    look: str
    run: Any


TOUR = [
    Scenario(
        "Text the sitter inside the window",
        "Dana texts Maya's number while Maya is walking Biscuit.",
        "Maya's phone gets a notification (no client number in it), the message is routed "
        "to Maya (active window), and Maya's sitter page shows it live.",
        _in_window,
    ),
    Scenario(
        "Text outside any window",
        "Sam, a weekly client with nothing booked now, texts the front desk.",
        "Messages › Owner inbox: it waits for you with “No active assignment window”.",
        _outside_window,
    ),
    Scenario(
        "A stranger texts a released pool number",
        "Someone texts the pool number Alex used for a one-time visit three days ago.",
        "Owner inbox: “Pool number mismatch”. The stranger gets an automatic answer from that "
        "pool number pointing to the front desk; Alex's thread is untouched.",
        _released_pool_number,
    ),
    Scenario(
        "A sitter tries to share their Instagram",
        "Maya writes her handle, spelled out, to Dana.",
        "Messages › Blocked: the attempt and the matched rule; Dana never receives it; Maya "
        "only sees a friendly warning. A second try raises a high alert, a third locks Maya.",
        _instagram,
    ),
    Scenario(
        "Send a payment link",
        "A payment link for Dana's walk, from the front desk.",
        "Dana's phone: it comes from the front desk, never Maya's number; the thread marks "
        "it billing, and Maya's sitter page never shows it.",
        _payment_link,
    ),
]


def tour_context(settings: Any) -> list[Scenario] | None:
    """The tour for the owner home, when the demo's simulator is on."""
    return TOUR if settings.sms_provider == "simulator" else None
