"""The owner's messages: the four tabs of `/messages` (one conversation, `/messages/{id}`, is in
`web.owner_thread`).

Every tab is a fragment (`owner/_<tab>.html`) that the page includes and that the page
re-fetches on its live event (`sse:inbox`, `sse:threads`, `sse:blocked`, `sse:alerts`,
`sse:thread-<id>`); a direct visit to a fragment's URL gets the whole page.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from domain.errors import DomainError
from services import (
    conversations,
    owner_views,
    sitters,
    triage,
)
from web import blocked
from web.auth import acting, owner_guard
from web.forms import DismissForm, ReasonForm
from web.owner import done, failed, form_errors, page_context, render


class Tab(StrEnum):
    INBOX = "inbox"
    CONVERSATIONS = "conversations"
    BLOCKED = "blocked"
    ALERTS = "alerts"


PAGE = "owner/messages.html"


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
    if tab == Tab.INBOX:
        context["items"] = await owner_views.inbox(org_id)
    elif tab == Tab.CONVERSATIONS:
        context["threads"] = await conversations.conversations(
            org_id, query=q, cursor=after, archived=archived, billing=context["may_bill"]
        )
    elif tab == Tab.BLOCKED:
        context["blocked"] = await owner_views.blocked(org_id)
    else:
        context["alerts"] = await owner_views.alerts(org_id)
    return context


async def tab_action(request: Request[Any, Any, Any], tab: str, form: str, action: Any) -> Any:
    """Run the owner's action on a /messages tab (`action`, a service call not yet awaited),
    then show the tab again; a refused action shows its reason beside the `form` it came from."""
    try:
        await action
    except DomainError as error:
        context = await tab_context(request, tab, errors=form_errors(error, form, "reason"))
        return failed(request, PAGE, f"owner/_{tab}.html", context, error)
    return await show_tab(request, tab)


async def show_tab(request: Request[Any, Any, Any], tab: str) -> Any:
    """After an action on a tab: htmx gets the tab again, a plain form post a 303 back to it."""
    return done(
        request, f"owner/_{tab}.html", await tab_context(request, tab), f"/messages?tab={tab}"
    )


class MessagesController(Controller):
    path = "/messages"
    guards = [owner_guard]

    # -- tabs -----------------------------------------------------------------------------

    @get("/", name="owner_messages")
    async def index(
        self,
        request: Request[Any, Any, Any],
        tab: FromQuery[str] = Tab.INBOX,
        q: FromQuery[str] = "",
        after: FromQuery[str] = "",
        archived: FromQuery[bool] = False,
    ) -> Template:
        tab = tab if tab in set(Tab) else Tab.INBOX
        context = await tab_context(request, tab, q=q, after=after or None, archived=archived)
        return Template(PAGE, context=context)

    @get("/tabs")
    async def tabs(self, request: Request[Any, Any, Any], tab: FromQuery[str] = Tab.INBOX) -> Any:
        if not request.htmx:
            return Redirect(f"/messages?tab={tab if tab in set(Tab) else Tab.INBOX}")
        context = await page_context(request, "messages")
        context.update(tab=tab, counts=await owner_views.tab_counts(request.user.org_id))
        return Template("owner/_tabs.html", context=context)

    @get("/inbox")
    async def inbox(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, PAGE, "owner/_inbox.html", await tab_context(request, Tab.INBOX))

    @get("/conversations")
    async def conversations(
        self,
        request: Request[Any, Any, Any],
        q: FromQuery[str] = "",
        after: FromQuery[str] = "",
        archived: FromQuery[bool] = False,
    ) -> Template:
        context = await tab_context(
            request, Tab.CONVERSATIONS, q=q, after=after or None, archived=archived
        )
        return render(request, PAGE, "owner/_conversations.html", context)

    @get("/blocked")
    async def blocked(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, PAGE, "owner/_blocked.html", await tab_context(request, Tab.BLOCKED))

    @get("/alerts")
    async def alerts(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, PAGE, "owner/_alerts.html", await tab_context(request, Tab.ALERTS))

    # -- tab actions ----------------------------------------------------------------------

    @post("/inbox/{message_id:int}/done", status_code=200)
    async def mark_done(self, request: Request[Any, Any, Any], message_id: FromPath[int]) -> Any:
        await triage.mark_done(**acting(request), message_id=message_id)
        return await show_tab(request, Tab.INBOX)

    @post("/blocked/{message_id:int}/override", status_code=200)
    async def override(
        self,
        request: Request[Any, Any, Any],
        message_id: FromPath[int],
        data: URLEncodedBody[ReasonForm],
    ) -> Any:
        action = blocked.override(request, message_id, data.reason)
        return await tab_action(request, Tab.BLOCKED, f"override-{message_id}", action)

    @post("/blocked/{message_id:int}/dismiss", status_code=200)
    async def dismiss(
        self,
        request: Request[Any, Any, Any],
        message_id: FromPath[int],
        data: URLEncodedBody[DismissForm],
    ) -> Any:
        action = blocked.dismiss(request, message_id, data.reason, not_contact=data.not_contact)
        return await tab_action(request, Tab.BLOCKED, f"dismiss-{message_id}", action)

    @post("/alerts/{alert_id:int}/resolve", status_code=200)
    async def resolve_alert(self, request: Request[Any, Any, Any], alert_id: FromPath[int]) -> Any:
        await triage.resolve_alert(**acting(request), alert_id=alert_id)
        return await show_tab(request, Tab.ALERTS)

    @post("/alerts/unlock/{sitter_id:int}", status_code=200)
    async def unlock(
        self,
        request: Request[Any, Any, Any],
        sitter_id: FromPath[int],
        data: URLEncodedBody[ReasonForm],
    ) -> Any:
        action = sitters.unlock_sitter(**acting(request), sitter_id=sitter_id, reason=data.reason)
        return await tab_action(request, Tab.ALERTS, f"unlock-{sitter_id}", action)
