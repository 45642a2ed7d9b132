"""The demo's phones: every client's and sitter's phone in the browser (the guided tour's
scenarios are in `web.dev_tour`).

Only with the simulator provider (404 otherwise), and only for the signed-in owner's org.
What a simulated phone types is posted, signed with the Twilio auth token, to the real
`/webhooks/twilio/sms` handler (in process, through the whole ASGI stack), so it is checked,
stored and routed exactly like a real text. What the business sends shows up on the phone it
was sent to, live.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.connection import ASGIConnection
from litestar.exceptions import NotFoundException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from db.scope import get_in_org, objects_in_org
from db.tables import (
    BusinessNumber,
    Client,
    Message,
    Org,
    RoutingDecision,
    Sitter,
)
from domain.model import Direction, MessageStatus
from domain.policy import clock_time
from services.message_media import clean, media_by_message
from web.auth import owner_guard, role_context
from web.dev_tour import TOUR, text_through_webhook
from web.forms import PhoneTextForm

SHOWN = 80  # the latest messages on a phone
#: Pictures a demo phone can attach (files in web/static/demo), by the name the form posts.
DEMO_PICTURES = {"dog": "A dog at the park", "card": "A business card with a number"}
#: What a phone has received: what left for it and is not still queued.
SHOWN_STATUSES = [MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED]


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
    photos: tuple[int, ...] = ()  # ids of the clean photos the text carried


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
            ((Message.direction == Direction.INBOUND) & (Message.from_e164 == phone))
            | (
                (Message.direction == Direction.OUTBOUND)
                & (Message.to_e164 == phone)
                & Message.status.is_in(SHOWN_STATUSES)
            )
        )
        .order_by(Message.created_at, Message.id, ascending=False)
        .limit(SHOWN)
    )  # newest first: the list is laid out bottom-up, so it opens at the latest text
    decisions = {
        d.message: d
        for d in await RoutingDecision.objects().where(
            RoutingDecision.message.is_in(
                [r.id for r in rows if r.direction == Direction.INBOUND] or [0]
            )
        )
    }
    media = await media_by_message(row.id for row in rows)
    bubbles = []
    for row in rows:
        mine = row.direction == Direction.INBOUND
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
                photos=tuple(item.id for item in clean(media.get(row.id, []))),
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
            **role_context(request.user),
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
            "pictures": DEMO_PICTURES,
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
        body, picture = data.body.strip(), data.picture.strip()
        error = None
        if number is None:
            error = "Pick one of the business's numbers to text."
        elif picture and picture not in DEMO_PICTURES:
            error = "Pick one of the demo pictures."
        elif not body and not picture:
            error = "Type a message first."
        else:
            base = request.app.state.settings.public_base_url
            urls = [f"{base}/static/demo/{picture}.jpg"] if picture else []
            await text_through_webhook(request, phone, to, body, urls)
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
