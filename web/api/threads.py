"""/api/threads and /api/messages (SPEC section 9)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.exceptions import ValidationException
from litestar.params import FromPath, FromQuery, HeaderParameter, JSONBody, QueryParameter

from db.scope import MAX_ID, get_in_org, is_id, objects_in_org
from db.tables import AssignmentWindow, Message, RoutingDecision, Thread
from domain.clock import utcnow
from media.limits import MAX_REQUEST_BYTES
from services import diagnostics, overlap, owner_thread, sending
from services.message_media import Attached
from services.owner_thread import THREAD_MESSAGES
from web import blocked
from web.api.contract import ApiController, errors
from web.api.photos import MediaOut, send_with_photos
from web.auth import acting, may_bill, require_billing

PAGE_SIZE = 50


WHOLE_NUMBER = re.compile(r"-?\d+")


class SendIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    body: str
    billing: bool = False


class MessageOut(msgspec.Struct, rename="camel"):
    id: int
    direction: str
    sender_role: str
    body: str
    from_e164: str
    to_e164: str
    status: str
    billing: bool
    blocked: bool
    kind: str
    segments: int  # SMS segments an outbound text costs (GSM-7 160/153, UCS-2 70/67); 0 inbound
    routing_target: str | None
    routing_sitter_id: int | None
    routing_reason_code: str | None
    routing_reason: str | None
    created_at: datetime
    media: list[MediaOut] = msgspec.field(default_factory=list)


class WindowOut(msgspec.Struct, rename="camel"):
    id: int
    booking_id: int
    sitter_id: int
    starts_at: datetime
    ends_at: datetime
    closed: bool


class ThreadOut(msgspec.Struct, rename="camel"):
    id: int
    client_id: int
    assigned_sitter_id: int | None
    meet_and_greet: str
    last_activity_at: datetime
    archived: bool


class ThreadDetail(ThreadOut):
    number_class: str
    effective_number: str
    effective_number_reason: str
    windows: list[WindowOut]
    messages: list[MessageOut]


def thread_fields(row: Thread) -> dict[str, Any]:
    return {
        "id": row.id,
        "client_id": row.client,
        "assigned_sitter_id": row.assigned_sitter,
        "meet_and_greet": row.meet_and_greet,
        "last_activity_at": row.last_activity_at,
        "archived": row.archived_at is not None,
    }


def message_out(
    row: Message, decision: RoutingDecision | None, media: list[Attached] | None = None
) -> MessageOut:
    return MessageOut(
        id=row.id,
        direction=row.direction,
        sender_role=row.sender_role,
        body=row.body,
        from_e164=row.from_e164,
        to_e164=row.to_e164,
        status=row.status,
        billing=row.billing,
        blocked=row.blocked,
        kind=row.kind,
        segments=row.segments,
        created_at=row.created_at,
        routing_target=decision.target if decision else None,
        routing_sitter_id=decision.sitter if decision else None,
        routing_reason_code=decision.code if decision else None,
        routing_reason=decision.reason if decision else None,
        media=[
            MediaOut(id=m.id, content_type=m.content_type, size=m.size, status=m.status, url=m.url)
            for m in media or []
        ],
    )


class ThreadController(ApiController):
    path = "/api/threads"

    @get("/", responses=errors())
    async def index(
        self,
        request: Request[Any, Any, Any],
        client_id: Annotated[int | None, QueryParameter(name="clientId")] = None,
        page: FromQuery[int] = 1,
    ) -> list[ThreadOut]:
        for name in ("clientId", "page"):  # "15.0" is no id: the parser would take it as 15
            value = request.query_params.get(name)
            if value is not None and not WHOLE_NUMBER.fullmatch(value):
                raise ValidationException(f"{name} must be a whole number.")
        if (client_id is not None and not is_id(client_id)) or page > MAX_ID // PAGE_SIZE:
            return []  # no thread has that client, or that many threads before it
        query = objects_in_org(Thread, request.user.org_id)
        if client_id is not None:
            query = query.where(Thread.client == client_id)
        rows = (
            await query.order_by(Thread.last_activity_at, ascending=False)
            .limit(PAGE_SIZE)
            .offset(PAGE_SIZE * (max(page, 1) - 1))
        )
        return [ThreadOut(**thread_fields(row)) for row in rows]

    @get("/{thread_id:int}", responses=errors(404))
    async def show(
        self,
        request: Request[Any, Any, Any],
        thread_id: FromPath[int],
        before: Annotated[
            int | None,
            QueryParameter(
                description=(
                    f"The id of a message of this thread: `messages` then holds the (at most "
                    f"{THREAD_MESSAGES}) messages just older than it. Without it, the latest "
                    f"{THREAD_MESSAGES}. Oldest first either way: pass the first one's id to "
                    "read further back."
                ),
            ),
        ] = None,
    ) -> ThreadDetail:
        now, org_id, billing = utcnow(), request.user.org_id, may_bill(request.user)
        thread = await get_in_org(Thread, org_id, thread_id, what="thread")
        choice = await sending.number_for_thread(thread, billing=False, now=now)
        windows = await AssignmentWindow.objects().where(AssignmentWindow.thread == thread.id)
        page = await owner_thread.message_page(org_id, thread.id, before, billing=billing)
        return ThreadDetail(
            **thread_fields(thread),
            number_class=choice.number.number_class.value,
            effective_number=choice.number.e164,
            effective_number_reason=choice.reason,
            windows=[
                WindowOut(
                    id=w.id,
                    booking_id=w.booking,
                    sitter_id=w.sitter,
                    starts_at=w.starts_at,
                    ends_at=w.ends_at,
                    closed=w.closed_at is not None,
                )
                for w in sorted(windows, key=lambda w: w.starts_at)
            ],
            messages=[
                message_out(m, page.decisions.get(m.id), page.media.get(m.id))
                for m in page.messages
            ],
        )

    @post(
        "/{thread_id:int}/messages",
        responses=errors(404, 409, 413, 415, 422),
        before_request=send_with_photos,  # multipart: with photos (web.api.photos)
        request_max_body_size=MAX_REQUEST_BYTES,
    )
    async def send(
        self,
        request: Request[Any, Any, Any],
        thread_id: FromPath[int],
        data: JSONBody[SendIn],
        idempotency_key: Annotated[
            str | None,
            HeaderParameter(
                name="Idempotency-Key",
                min_length=1,
                max_length=64,
                description="Sending again with the same key returns the first message.",
            ),
        ] = None,
    ) -> MessageOut:
        """A JSON body, or `multipart/form-data` with `body`, `billing` and one or more `files`
        (photos, SPEC M3: 413 too large or too many, 415 not a photo, 422 damaged)."""
        require_billing(request.user, when=data.billing)  # a manager: 403
        message = await sending.owner_send(
            org_id=request.user.org_id,
            user_id=request.user.user_id,
            thread_id=thread_id,
            body=data.body,
            billing=data.billing,
            now=utcnow(),
            client_key=idempotency_key,
        )
        return message_out(message, None)


class RouteIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    sitter_id: int


class ReasonIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    reason: str = ""


class DismissIn(ReasonIn, forbid_unknown_fields=True):
    """`notContact`: the text holds no contact detail (kept as a labelled example)."""

    not_contact: bool = False


class MessageController(ApiController):
    path = "/api/messages"

    @get("/diagnostics", responses=errors())
    async def diagnostics(self, request: Request[Any, Any, Any]) -> dict[str, Any]:
        return (await diagnostics.diagnostics(request.user.org_id, utcnow())).to_json()

    @post("/{message_id:int}/route", status_code=200, responses=errors(404, 409, 422))
    async def route(
        self, request: Request[Any, Any, Any], message_id: FromPath[int], data: JSONBody[RouteIn]
    ) -> MessageOut:
        decision = await overlap.route_to_sitter(
            **acting(request),
            message_id=message_id,
            sitter_id=data.sitter_id,
            public_base_url=request.app.state.settings.public_base_url,
        )
        message = await get_in_org(Message, request.user.org_id, message_id)
        return message_out(message, decision)

    @post("/{message_id:int}/override", status_code=200, responses=errors(404, 409, 422))
    async def override(
        self, request: Request[Any, Any, Any], message_id: FromPath[int], data: JSONBody[ReasonIn]
    ) -> MessageOut:
        """A5: deliver a blocked message anyway; `reason` is required (400 without)."""
        message = await blocked.override(request, message_id, data.reason)
        return message_out(message, None)

    @post("/{message_id:int}/dismiss", status_code=200, responses=errors(404, 409, 422))
    async def dismiss(
        self, request: Request[Any, Any, Any], message_id: FromPath[int], data: JSONBody[DismissIn]
    ) -> MessageOut:
        """Keep a blocked message undelivered and close its attempt; with `notContact`, the
        owner says it holds no contact detail and it is kept as a labelled example."""
        message = await blocked.dismiss(
            request, message_id, data.reason, not_contact=data.not_contact
        )
        return message_out(message, None)
