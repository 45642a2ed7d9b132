"""The owner's settings pages: `/settings/allow-list` (SPEC O4) and `/settings/examples`
(blocked messages the owner decided about, exported as JSONL for the detector's training).

Each page is one region, like the set-up pages of `web.owner_admin`: a form's answer replaces it
through htmx, a plain form post gets a 303 back to the page, or the page again with the error's
status (422 for a value that is not a phone number, email or domain).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Response, Template

from domain.errors import DomainError
from domain.states import ContactKind
from services import allow_list, examples
from web.auth import acting, owner_guard
from web.forms import AllowedContactForm, ReasonForm
from web.owner import done, failed, form_errors, page_context, render

ALLOW_LIST_PAGE, ALLOW_LIST_REGION = "owner/allow_list.html", "owner/_allow_list.html"


async def allow_list_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "allow-list")
    context["entries"] = await allow_list.entries(request.user.org_id)
    context["kinds"] = list(ContactKind)
    context.setdefault("values", {})
    return context


async def _allow_list_action(
    request: Request[Any, Any, Any], action: Awaitable[str], form: str, values: Any = None
) -> Template | Redirect:
    try:
        notice = await action
    except DomainError as error:
        context = await allow_list_context(request)
        context.update(errors=form_errors(error, form, "value"), values=values or {})
        return failed(request, ALLOW_LIST_PAGE, ALLOW_LIST_REGION, context, error)
    context = await allow_list_context(request)
    context["notice"] = notice
    return done(request, ALLOW_LIST_REGION, context, "/settings/allow-list")


async def _add(request: Request[Any, Any, Any], data: AllowedContactForm) -> str:
    entry = await allow_list.add(
        **acting(request),
        user_id=request.user.user_id,
        kind=data.kind,
        value=data.value,
        label=data.label,
    )
    return f"{entry.value} is allowed."


async def _remove(request: Request[Any, Any, Any], entry_id: int, reason: str) -> str:
    entry = await allow_list.remove(**acting(request), entry_id=entry_id, reason=reason)
    return f"{entry.value} is blocked again."


class AllowListController(Controller):
    path = "/settings/allow-list"
    guards = [owner_guard]

    @get("/", name="owner_allow_list")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await allow_list_context(request)
        return render(request, ALLOW_LIST_PAGE, ALLOW_LIST_REGION, context)

    @post("/", status_code=200)
    async def add(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[AllowedContactForm]
    ) -> Any:
        return await _allow_list_action(request, _add(request, data), "add", values=data)

    @post("/{entry_id:int}/remove", status_code=200)
    async def remove(
        self,
        request: Request[Any, Any, Any],
        entry_id: FromPath[int],
        data: URLEncodedBody[ReasonForm],
    ) -> Any:
        action = _remove(request, entry_id, data.reason)
        return await _allow_list_action(request, action, f"remove-{entry_id}")


class ExamplesController(Controller):
    path = "/settings"
    guards = [owner_guard]

    @get("/examples", name="owner_examples")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await page_context(request, "examples")
        context["examples"] = await examples.latest(request.user.org_id)
        return Template("owner/examples.html", context=context)

    @get("/examples.jsonl")
    async def export(self, request: Request[Any, Any, Any]) -> Response[str]:
        """One JSON object per line: text, detector_category, detector_reason, decision,
        reason, at."""
        return Response(
            await examples.jsonl(request.user.org_id),
            media_type="application/x-ndjson",
            headers={"Content-Disposition": 'attachment; filename="examples.jsonl"'},
        )
