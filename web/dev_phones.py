"""The demo's phones: every client's and sitter's phone in the browser, and the guided tour.

Only with the simulator provider (404 otherwise), and only for the signed-in owner's org.
What a simulated phone types is posted, signed with the Twilio auth token, to the real
`/webhooks/twilio/sms` handler (in process, through the whole ASGI stack), so it is checked,
stored and routed exactly like a real text. What the business sends shows up on the phone it
was sent to, live.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from litestar import Controller, Request, get, post
from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from twilio.request_validator import RequestValidator

from db.scope import get_in_org, objects_in_org
from db.tables import (
    Booking,
    BusinessNumber,
    Client,
    Message,
    Org,
    PoolLease,
    RoutingDecision,
    Sitter,
    Thread,
)
from domain.clock import utcnow
from domain.errors import DomainError, Invalid
from domain.policy import clock_time
from services import automations, enforcement
from web import demo
from web.auth import owner_guard
from web.forms import PhoneTextForm

SHOWN = 80  # the latest messages on a phone


def simulator_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if connection.app.state.settings.sms_provider != "simulator":
        raise NotFoundException()


@dataclass(frozen=True)
class Bubble:
    id: int
    mine: bool  # sent by this phone
    body: str
    other: str  # the business number on the other side
    at: str
    what_happened: str
    thread_id: int | None


async def _phone_of(org_id: int, kind: str, person_id: int) -> tuple[str, str]:
    """(display name, phone) of a client or sitter of the org (404 otherwise)."""
    if kind == "client":
        client = await get_in_org(Client, org_id, person_id, what="client")
        pet = f" ({client.pet_name})" if client.pet_name else ""
        return f"{client.name}{pet}", client.phone_e164
    if kind == "sitter":
        sitter = await get_in_org(Sitter, org_id, person_id, what="sitter")
        return f"{sitter.name} (sitter)", sitter.phone_e164
    raise NotFoundException()


async def _bubbles(org_id: int, phone: str, zone: Any) -> list[Bubble]:
    rows = (
        await objects_in_org(Message, org_id)
        .where(
            ((Message.direction == "inbound") & (Message.from_e164 == phone))
            | (
                (Message.direction == "outbound")
                & (Message.to_e164 == phone)
                & Message.status.is_in(["sent", "delivered", "undelivered"])
            )
        )
        .order_by(Message.created_at, Message.id, ascending=False)
        .limit(SHOWN)
    )  # newest first: the list is laid out bottom-up, so it opens at the latest text
    decisions = {
        d.message: d
        for d in await RoutingDecision.objects().where(
            RoutingDecision.message.is_in([r.id for r in rows if r.direction == "inbound"] or [0])
        )
    }
    bubbles = []
    for row in rows:
        mine = row.direction == "inbound"
        decision = decisions.get(row.id)
        local = row.created_at.astimezone(zone)
        bubbles.append(
            Bubble(
                id=row.id,
                mine=mine,
                body=row.body,
                other=row.to_e164 if mine else row.from_e164,
                at=f"{local:%a} {clock_time(local)}",
                what_happened=decision.reason if decision else "",
                thread_id=row.thread,
            )
        )
    return bubbles


async def _org(org_id: int) -> Org:
    org = await Org.objects().where(Org.id == org_id).first()
    assert org is not None
    return org


class PhonesController(Controller):
    path = "/dev"
    guards = [simulator_only, owner_guard]

    @get("/phones", name="dev_phones")
    async def phones(
        self,
        request: Request[Any, Any, Any],
        client: FromQuery[int | None] = None,
        sitter: FromQuery[int | None] = None,
    ) -> Template:
        org_id = request.user.org_id
        org = await _org(org_id)
        clients = await objects_in_org(Client, org_id).order_by(Client.name)
        sitters = await objects_in_org(Sitter, org_id).order_by(Sitter.name)
        kind, person_id = (
            ("client", client) if client else ("sitter", sitter) if sitter else ("", 0)
        )
        context: dict[str, Any] = {
            "org": org,
            "clients": clients,
            "sitters": sitters,
            "numbers": [],
            "kind": kind,
            "person_id": person_id,
            "tour": TOUR,
        }
        if kind:
            context.update(await self._phone_context(org, kind, person_id))
        return Template("dev/phones.html", context=context)

    async def _phone_context(self, org: Org, kind: str, person_id: int) -> dict[str, Any]:
        name, phone = await _phone_of(org.id, kind, person_id)
        bubbles = await _bubbles(org.id, phone, ZoneInfo(org.time_zone))
        last = bubbles[-1].other if bubbles else ""
        numbers = await objects_in_org(BusinessNumber, org.id).order_by(BusinessNumber.id)
        return {
            "name": name,
            "phone": phone,
            "bubbles": bubbles,
            "reply_to": last,
            "numbers": numbers,
        }

    @get("/phones/{kind:str}/{person_id:int}/messages", name="dev_phone_messages")
    async def messages(
        self, request: Request[Any, Any, Any], kind: FromPath[str], person_id: FromPath[int]
    ) -> Template:
        org = await _org(request.user.org_id)
        context = {"kind": kind, "person_id": person_id}
        context.update(await self._phone_context(org, kind, person_id))
        return Template("dev/_bubbles.html", context=context)

    @post("/phones/{kind:str}/{person_id:int}", status_code=303)
    async def send(
        self,
        request: Request[Any, Any, Any],
        kind: FromPath[str],
        person_id: FromPath[int],
        data: URLEncodedBody[PhoneTextForm],
    ) -> Redirect | Template:
        org_id = request.user.org_id
        _, phone = await _phone_of(org_id, kind, person_id)
        to = data.to.strip()
        number = (
            await objects_in_org(BusinessNumber, org_id).where(BusinessNumber.e164 == to).first()
        )
        body = data.body.strip()
        error = None
        if number is None:
            error = "Pick one of the business's numbers to text."
        elif not body:
            error = "Type a message first."
        else:
            await text_through_webhook(request, phone, to, body)
        if request.htmx:
            org = await _org(org_id)
            context = {"kind": kind, "person_id": person_id, "error": error}
            context.update(await self._phone_context(org, kind, person_id))
            return Template("dev/_phone.html", context=context, status_code=200)
        return Redirect(f"/dev/phones?{kind}={person_id}", status_code=303)

    @post("/tour/{step:int}", status_code=303)
    async def tour(self, request: Request[Any, Any, Any], step: FromPath[int]) -> Redirect:
        """Set up one of the tour's scenarios, then show where to look."""
        scenario = TOUR[step - 1] if 1 <= step <= len(TOUR) else None
        if scenario is None:
            raise NotFoundException()
        target = await scenario.run(request)
        return Redirect(f"{target}{'&' if '?' in target else '?'}tour={step}", status_code=303)


async def text_through_webhook(
    request: Request[Any, Any, Any], phone: str, to: str, body: str
) -> None:
    """Post a signed Twilio webhook for this text to the app itself, in process."""
    settings = request.app.state.settings
    params = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": settings.twilio_account_sid or "ACsimulator",
        "From": phone,
        "To": to,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
    }
    path = "/webhooks/twilio/sms"
    signature = RequestValidator(settings.twilio_auth_token).compute_signature(
        settings.public_base_url + path, params
    )
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url=settings.public_base_url) as http:
        response = await http.post(path, data=params, headers={"X-Twilio-Signature": signature})
    if response.status_code != 200:
        raise Invalid(f"The webhook refused the text ({response.status_code}).")


# -- the guided tour -----------------------------------------------------------------------------


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
