"""The owner's messages: the four tabs of `/messages` and the thread view `/messages/{id}`.

Every tab is a fragment (`owner/_<tab>.html`) that the page includes and that the page
re-fetches on its live event (`sse:inbox`, `sse:threads`, `sse:blocked`, `sse:alerts`,
`sse:thread-<id>`); a direct visit to a fragment's URL gets the whole page.
"""

from __future__ import annotations

import secrets
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from domain.clock import utcnow
from domain.errors import DomainError, Invalid
from services import automations, enforcement, overlap, owner_views, sending, sitters, triage
from web.auth import owner_guard
from web.owner import done, failed, form_errors, page_context, render, text

TABS = ("inbox", "conversations", "blocked", "alerts")
PAGE = "owner/messages.html"
THREAD_PAGE = "owner/thread.html"


async def tab_context(
    request: Request[Any, Any, Any],
    tab: str,
    *,
    q: str = "",
    after: str | None = None,
    archived: bool = False,
    errors: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    org_id = request.user.org_id
    context = await page_context(request, "messages")
    context.update(tab=tab, after=after, errors=errors or {}, values=values or {})
    context["counts"] = await owner_views.tab_counts(org_id)
    if tab == "inbox":
        context["items"] = await owner_views.inbox(org_id)
    elif tab == "conversations":
        context["threads"] = await owner_views.conversations(
            org_id, query=q, cursor=after, archived=archived
        )
    elif tab == "blocked":
        context["blocked"] = await owner_views.blocked(org_id)
    else:
        context["alerts"] = await owner_views.alerts(org_id)
    return context


async def tab_action(request: Request[Any, Any, Any], tab: str, form: str, action: Any) -> Any:
    """Run the owner's action on a /messages tab (`action`, a service call not yet awaited),
    then show the tab again; a refused action shows its reason beside the `form` it came from."""
    partial = f"owner/_{tab}.html"
    try:
        await action
    except DomainError as error:
        context = await tab_context(request, tab, errors=form_errors(error, form, "reason"))
        return failed(request, PAGE, partial, context, error)
    return done(request, partial, await tab_context(request, tab), f"/messages?tab={tab}")


async def thread_context(
    request: Request[Any, Any, Any],
    thread_id: int,
    *,
    before: int | None = None,
    errors: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    context = await page_context(request, "messages")
    context["view"] = await owner_views.thread_view(
        request.user.org_id, thread_id, context["now"], before=before
    )
    context.update(errors=errors or {}, values=values or {})
    context["client_key"] = secrets.token_urlsafe(16)  # the composer's next send, sent once
    return context


class MessagesController(Controller):
    path = "/messages"
    guards = [owner_guard]

    # -- tabs -----------------------------------------------------------------------------

    @get("/", name="owner_messages")
    async def index(
        self,
        request: Request[Any, Any, Any],
        tab: FromQuery[str] = "inbox",
        q: FromQuery[str] = "",
        after: FromQuery[str] = "",
        archived: FromQuery[bool] = False,
    ) -> Template:
        tab = tab if tab in TABS else "inbox"
        context = await tab_context(request, tab, q=q, after=after or None, archived=archived)
        return Template(PAGE, context=context)

    @get("/tabs")
    async def tabs(self, request: Request[Any, Any, Any], tab: FromQuery[str] = "inbox") -> Any:
        if not request.htmx:
            return Redirect(f"/messages?tab={tab if tab in TABS else 'inbox'}")
        context = await page_context(request, "messages")
        context.update(tab=tab, counts=await owner_views.tab_counts(request.user.org_id))
        return Template("owner/_tabs.html", context=context)

    @get("/inbox")
    async def inbox(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, PAGE, "owner/_inbox.html", await tab_context(request, "inbox"))

    @get("/conversations")
    async def conversations(
        self,
        request: Request[Any, Any, Any],
        q: FromQuery[str] = "",
        after: FromQuery[str] = "",
        archived: FromQuery[bool] = False,
    ) -> Template:
        context = await tab_context(
            request, "conversations", q=q, after=after or None, archived=archived
        )
        return render(request, PAGE, "owner/_conversations.html", context)

    @get("/blocked")
    async def blocked(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, PAGE, "owner/_blocked.html", await tab_context(request, "blocked"))

    @get("/alerts")
    async def alerts(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, PAGE, "owner/_alerts.html", await tab_context(request, "alerts"))

    # -- tab actions ----------------------------------------------------------------------

    @post("/inbox/{message_id:int}/done", status_code=200)
    async def mark_done(self, request: Request[Any, Any, Any], message_id: FromPath[int]) -> Any:
        await triage.mark_done(
            org_id=request.user.org_id,
            actor=request.user.actor,
            message_id=message_id,
            now=utcnow(),
        )
        context = await tab_context(request, "inbox")
        return done(request, "owner/_inbox.html", context, "/messages?tab=inbox")

    @post("/blocked/{message_id:int}/override", status_code=200)
    async def override(
        self,
        request: Request[Any, Any, Any],
        message_id: FromPath[int],
        data: URLEncodedBody[dict[str, str]],
    ) -> Any:
        action = enforcement.override(
            org_id=request.user.org_id,
            user_id=request.user.user_id,
            actor=request.user.actor,
            message_id=message_id,
            reason=text(data, "reason"),
            now=utcnow(),
            public_base_url=request.app.state.settings.public_base_url,
        )
        return await tab_action(request, "blocked", f"override-{message_id}", action)

    @post("/blocked/{message_id:int}/dismiss", status_code=200)
    async def dismiss(
        self,
        request: Request[Any, Any, Any],
        message_id: FromPath[int],
        data: URLEncodedBody[dict[str, str]],
    ) -> Any:
        action = enforcement.dismiss(
            org_id=request.user.org_id,
            user_id=request.user.user_id,
            actor=request.user.actor,
            message_id=message_id,
            reason=text(data, "reason"),
            now=utcnow(),
        )
        return await tab_action(request, "blocked", f"dismiss-{message_id}", action)

    @post("/alerts/{alert_id:int}/resolve", status_code=200)
    async def resolve_alert(self, request: Request[Any, Any, Any], alert_id: FromPath[int]) -> Any:
        await triage.resolve_alert(
            org_id=request.user.org_id, actor=request.user.actor, alert_id=alert_id, now=utcnow()
        )
        context = await tab_context(request, "alerts")
        return done(request, "owner/_alerts.html", context, "/messages?tab=alerts")

    @post("/alerts/unlock/{sitter_id:int}", status_code=200)
    async def unlock(
        self,
        request: Request[Any, Any, Any],
        sitter_id: FromPath[int],
        data: URLEncodedBody[dict[str, str]],
    ) -> Any:
        action = sitters.unlock_sitter(
            org_id=request.user.org_id,
            actor=request.user.actor,
            sitter_id=sitter_id,
            reason=text(data, "reason"),
            now=utcnow(),
        )
        return await tab_action(request, "alerts", f"unlock-{sitter_id}", action)

    # -- one thread -----------------------------------------------------------------------

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

    @post("/{thread_id:int}/send", status_code=200)
    async def send(
        self,
        request: Request[Any, Any, Any],
        thread_id: FromPath[int],
        data: URLEncodedBody[dict[str, str]],
    ) -> Any:
        """The composer: a normal message, a billing message (from the front desk), or a
        booking's payment link."""
        kind = text(data, "kind") or "normal"
        org_id, now = request.user.org_id, utcnow()
        try:
            if kind == "payment_link":
                booking_id = text(data, "booking_id")
                if not booking_id.isdigit():
                    raise Invalid("Choose the booking this payment is for.", field="booking_id")
                await automations.send_payment_link(
                    org_id=org_id, booking_id=int(booking_id), url=text(data, "url"), now=now
                )
            else:
                await sending.owner_send(
                    org_id=org_id,
                    user_id=request.user.user_id,
                    thread_id=thread_id,
                    body=text(data, "body"),
                    billing=kind == "billing",
                    now=now,
                    client_key=text(data, "client_key") or None,
                )
        except DomainError as error:
            context = await thread_context(
                request,
                thread_id,
                errors=form_errors(error, "composer", "url" if kind == "payment_link" else "body"),
                values=data,
            )
            return failed(request, THREAD_PAGE, "owner/_composer.html", context, error)
        context = await thread_context(request, thread_id, values={"kind": kind})
        context["refresh_body"] = True
        return done(request, "owner/_composer.html", context, f"/messages/{thread_id}")

    @post("/{thread_id:int}/route", status_code=200)
    async def route(
        self,
        request: Request[Any, Any, Any],
        thread_id: FromPath[int],
        data: URLEncodedBody[dict[str, str]],
    ) -> Any:
        """The overlap prompt: the owner picks which sitter gets the message."""
        message_id, sitter_id = text(data, "message_id"), text(data, "sitter_id")
        try:
            if not sitter_id.isdigit():
                raise Invalid("Pick a sitter.", field="sitter_id")
            await overlap.route_to_sitter(
                org_id=request.user.org_id,
                actor=request.user.actor,
                message_id=int(message_id) if message_id.isdigit() else 0,
                sitter_id=int(sitter_id),
                now=utcnow(),
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
        await triage.archive_thread(
            org_id=request.user.org_id,
            actor=request.user.actor,
            thread_id=thread_id,
            now=utcnow(),
        )
        return Redirect("/messages?tab=conversations", status_code=303)

    @post("/{thread_id:int}/unarchive", status_code=303)
    async def unarchive(self, request: Request[Any, Any, Any], thread_id: FromPath[int]) -> Any:
        await triage.archive_thread(
            org_id=request.user.org_id,
            actor=request.user.actor,
            thread_id=thread_id,
            now=utcnow(),
            archived=False,
        )
        return Redirect(f"/messages/{thread_id}", status_code=303)
