"""One conversation of the owner: `/messages/{id}`, its composer, the overlap prompt, archiving.

The thread body (`owner/_thread_body.html`) is re-fetched on the live event `sse:thread-<id>`;
a direct visit to a fragment's URL gets the whole page. See `web.owner` for errors.
"""

from __future__ import annotations

import secrets
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from domain.clock import utcnow
from domain.errors import DomainError, Invalid
from media.limits import MAX_REQUEST_BYTES
from services import (
    automations,
    media_outbound,
    overlap,
    owner_thread,
    reply_templates,
    sending,
    triage,
)
from web.auth import acting, owner_guard, require_billing
from web.forms import ComposerForm, ComposerKind, RouteForm, form_with_files
from web.owner import done, failed, form_errors, page_context, render

THREAD_PAGE = "owner/thread.html"


async def thread_context(
    request: Request[Any, Any, Any],
    thread_id: int,
    *,
    before: int | None = None,
    errors: dict[str, Any] | None = None,
    values: ComposerForm | None = None,
) -> dict[str, Any]:
    context = await page_context(request, "messages")
    context["view"] = await owner_thread.thread_view(
        request.user.org_id,
        thread_id,
        context["now"],
        before=before,
        billing=context["may_bill"],
    )
    context.update(errors=errors or {}, values=values or ComposerForm())
    context["client_key"] = secrets.token_urlsafe(16)  # the composer's next send, sent once
    context["templates"] = await reply_templates.templates_of(
        request.user.org_id, with_billing=context["may_bill"]
    )
    return context


async def compose(
    request: Request[Any, Any, Any], thread_id: int, data: ComposerForm, files: list[bytes]
) -> None:
    org_id, now = request.user.org_id, utcnow()
    billing_kinds = (ComposerKind.BILLING, ComposerKind.PAYMENT_LINK)
    require_billing(request.user, when=data.kind in billing_kinds)  # a manager: 403
    if data.kind == ComposerKind.PAYMENT_LINK:
        if data.booking_id is None:
            raise Invalid("Choose the booking this payment is for.", field="booking_id")
        await automations.send_payment_link(
            org_id=org_id, booking_id=data.booking_id, url=data.url, now=now
        )
        return
    await sending.owner_send(
        org_id=org_id,
        user_id=request.user.user_id,
        thread_id=thread_id,
        body=data.body,
        billing=data.kind == ComposerKind.BILLING,
        now=now,
        client_key=data.client_key or None,
        photos=await media_outbound.prepare(files),
    )


class ThreadController(Controller):
    path = "/messages"
    guards = [owner_guard]

    @get("/{thread_id:int}", name="owner_thread")
    async def thread(
        self,
        request: Request[Any, Any, Any],
        thread_id: FromPath[int],
        before: FromQuery[int | None] = None,
    ) -> Template:
        """The latest messages; `?before=<message id>` the ones older than that message."""
        return Template(
            THREAD_PAGE, context=await thread_context(request, thread_id, before=before)
        )

    @get("/{thread_id:int}/body")
    async def thread_body(
        self,
        request: Request[Any, Any, Any],
        thread_id: FromPath[int],
        before: FromQuery[int | None] = None,
    ) -> Template:
        context = await thread_context(request, thread_id, before=before)
        return render(request, THREAD_PAGE, "owner/_thread_body.html", context)

    @post("/{thread_id:int}/send", status_code=200, request_max_body_size=MAX_REQUEST_BYTES)
    async def send(self, request: Request[Any, Any, Any], thread_id: FromPath[int]) -> Any:
        """The composer: a normal message (with photos), a billing message (from the front
        desk), or a booking's payment link. Url-encoded, or multipart with `files`."""
        data, files = await form_with_files(request, ComposerForm)
        try:
            await compose(request, thread_id, data, files)
        except DomainError as error:
            default_field = "url" if data.kind == ComposerKind.PAYMENT_LINK else "body"
            context = await thread_context(
                request,
                thread_id,
                errors=form_errors(error, "composer", default_field),
                values=data,
            )
            return failed(request, THREAD_PAGE, "owner/_composer.html", context, error)
        context = await thread_context(request, thread_id, values=ComposerForm(kind=data.kind))
        context["oob_body"] = True
        return done(request, "owner/_composer.html", context, f"/messages/{thread_id}")

    @post("/{thread_id:int}/route", status_code=200)
    async def route(
        self,
        request: Request[Any, Any, Any],
        thread_id: FromPath[int],
        data: URLEncodedBody[RouteForm],
    ) -> Any:
        """The overlap prompt: the owner picks which sitter gets the message."""
        try:
            if data.sitter_id is None:
                raise Invalid("Pick a sitter.", field="sitter_id")
            await overlap.route_to_sitter(
                **acting(request),
                message_id=data.message_id,
                sitter_id=data.sitter_id,
                public_base_url=request.app.state.settings.public_base_url,
            )
        except DomainError as error:
            context = await thread_context(
                request, thread_id, errors=form_errors(error, "route", "sitter_id")
            )
            return failed(request, THREAD_PAGE, "owner/_thread_body.html", context, error)
        context = await thread_context(request, thread_id)
        return done(request, "owner/_thread_body.html", context, f"/messages/{thread_id}")

    @post("/{thread_id:int}/archive", status_code=303)
    async def archive(self, request: Request[Any, Any, Any], thread_id: FromPath[int]) -> Any:
        await triage.archive_thread(**acting(request), thread_id=thread_id)
        return Redirect("/messages?tab=conversations", status_code=303)

    @post("/{thread_id:int}/unarchive", status_code=303)
    async def unarchive(self, request: Request[Any, Any, Any], thread_id: FromPath[int]) -> Any:
        await triage.archive_thread(**acting(request), thread_id=thread_id, archived=False)
        return Redirect(f"/messages/{thread_id}", status_code=303)
