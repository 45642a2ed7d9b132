"""Templates (canned replies): the owner's `/templates` page, and a template rendered into a
composer for one thread (the owner's, and the sitter's for non-billing templates).

Staff without billing (a manager) never see a billing template: not on the page, not in the
composer, not by id (404); making one is refused (403).

The page is one region (`owner/_templates.html`, id `templates`) that its forms replace through
htmx; a plain form post gets a 303 back to the page, or the page again with the error's status
(422 for an unknown placeholder, naming it). See `web.owner` for errors.

Choosing a template in a composer asks `…/template?template_id=N` for the composer's textarea
filled with the text rendered for that thread (an empty choice: 204, nothing changes); a
billing template also checks the owner composer's "Billing" choice (`web/static/owner.js`).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotAuthorizedException
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Response, Template

from domain.clock import utcnow
from domain.errors import NotFound
from domain.reply_templates import PLACEHOLDERS
from services import reply_templates, sitter_thread, sitter_views
from web.auth import acting, may_bill, owner_guard, require_billing, sitter_guard
from web.forms import TemplateForm
from web.owner import page_context, region, render


async def templates_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "templates")
    context["templates"] = await reply_templates.templates_of(
        request.user.org_id, with_billing=context["may_bill"]
    )
    context["placeholders"] = list(PLACEHOLDERS)
    context.setdefault("values", {})
    return context


async def _save(
    request: Request[Any, Any, Any], data: TemplateForm, template_id: int | None
) -> str:
    require_billing(request.user, when=data.billing)  # a manager: 403
    row = await reply_templates.save_template(
        **acting(request),
        name=data.name,
        body=data.body,
        billing=data.billing,
        template_id=template_id,
        with_billing=may_bill(request.user),
    )
    return f"“{row.name}” is saved."


async def _delete(request: Request[Any, Any, Any], template_id: int) -> str:
    name = await reply_templates.delete_template(
        **acting(request), template_id=template_id, with_billing=may_bill(request.user)
    )
    return f"“{name}” is deleted."


def _template_id(value: str) -> int | None:
    """The composer's choice: a template's id, or None for "Choose a template…"; an id that is
    not a number names no template (404)."""
    value = value.strip()
    if not value:
        return None
    if not value.isdigit():
        raise NotFound(f"No template with id {value[:20]}.")
    return int(value)


def _templates_change(
    request: Request[Any, Any, Any], form: str, action: Any, values: Any = None
) -> Any:
    return region(
        request,
        "templates",
        templates_context,
        action,
        form=form,
        default_field="body",
        values=values,
    )


class TemplatesController(Controller):
    path = "/templates"
    guards = [owner_guard]

    @get("/", name="owner_templates")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await templates_context(request)
        return render(request, "owner/templates.html", "owner/_templates.html", context)

    @post("/", status_code=200)
    async def create(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[TemplateForm]
    ) -> Any:
        action = _save(request, data, None)
        return await _templates_change(request, "create", action, values=data)

    @post("/{template_id:int}", status_code=200)
    async def update(
        self,
        request: Request[Any, Any, Any],
        template_id: FromPath[int],
        data: URLEncodedBody[TemplateForm],
    ) -> Any:
        action = _save(request, data, template_id)
        return await _templates_change(request, f"edit-{template_id}", action, values=data)

    @post("/{template_id:int}/delete", status_code=200)
    async def delete(self, request: Request[Any, Any, Any], template_id: FromPath[int]) -> Any:
        action = _delete(request, template_id)
        return await _templates_change(request, f"edit-{template_id}", action)


class TemplateInsertController(Controller):
    """A template rendered into a composer for one thread: `composer_body` (the owner's, the
    sitter's) answers the composer's textarea, or None for an empty choice (204)."""

    @get("/{thread_id:int}/template")
    async def insert(
        self,
        request: Request[Any, Any, Any],
        thread_id: FromPath[int],
        template_id: FromQuery[str] = "",
    ) -> Any:
        body = await self.composer_body(request, thread_id, template_id)
        if body is None:
            return Response(content=b"", status_code=204)
        return body

    async def composer_body(
        self, request: Request[Any, Any, Any], thread_id: int, template_id: str
    ) -> Template | None:
        raise NotImplementedError


class OwnerTemplateInsertController(TemplateInsertController):
    path = "/messages"
    guards = [owner_guard]

    async def composer_body(
        self, request: Request[Any, Any, Any], thread_id: int, template_id: str
    ) -> Template | None:
        """The owner composer's textarea holding the template rendered for this thread."""
        rendered = await reply_templates.rendered_for_thread(
            request.user.org_id,
            _template_id(template_id),
            thread_id,
            utcnow(),
            with_billing=may_bill(request.user),
        )
        if rendered is None:
            return None
        context = {"body_text": rendered.text, "billing_template": rendered.billing}
        return Template("owner/_composer_body.html", context=context)


class SitterTemplateInsertController(TemplateInsertController):
    path = "/sitter/threads"
    guards = [sitter_guard]

    async def composer_body(
        self, request: Request[Any, Any, Any], thread_id: int, template_id: str
    ) -> Template | None:
        """The sitter composer's textarea with a non-billing template rendered for a thread
        the sitter may write in now; a billing template, another sitter's thread or another
        org's template: 404."""
        identity, now = request.user, utcnow()
        ctx = await sitter_views.sitter_context(identity.org_id, identity.sitter_id)
        if ctx is None:
            raise NotAuthorizedException("Sign in first.")
        flags = request.app.state.settings.messaging_flags
        thread = await sitter_thread.thread_view(ctx, thread_id, now, flags)
        rendered = await reply_templates.rendered_for_thread(
            ctx.org_id, _template_id(template_id), thread_id, now, sitter_id=ctx.sitter.id
        )
        if rendered is None:
            return None
        context = {"body_text": rendered.text, "thread": thread}
        return Template("sitter/_composer_body.html", context=context)


TEMPLATE_CONTROLLERS = [
    TemplatesController,
    OwnerTemplateInsertController,
    SitterTemplateInsertController,
]
