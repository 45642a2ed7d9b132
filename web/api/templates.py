"""/api/templates: the org's templates (canned replies) and their placeholders
(`domain.reply_templates`). A role without billing (a manager) never sees a billing template
(404 by id) and may not make one (403)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Request, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from db.owner_tables import ReplyTemplate
from services import reply_templates
from web.api.contract import ApiController, errors, from_row
from web.auth import acting, may_bill, require_billing


class TemplateIn(msgspec.Struct, rename="camel", forbid_unknown_fields=True):
    name: str
    body: str  # placeholders: {client_first_name} {pet_name} {sitter_first_name} {visit_time}
    billing: bool = False


class TemplateOut(msgspec.Struct, rename="camel"):
    id: int
    name: str
    body: str
    billing: bool
    created_at: datetime
    updated_at: datetime


class TemplateController(ApiController):
    path = "/api/templates"

    @get("/", responses=errors())
    async def index(self, request: Request[Any, Any, Any]) -> list[TemplateOut]:
        rows = await reply_templates.templates_of(
            request.user.org_id, with_billing=may_bill(request.user)
        )
        return [from_row(row, TemplateOut) for row in rows]

    @post("/", responses=errors(403, 422))
    async def create(
        self, request: Request[Any, Any, Any], data: JSONBody[TemplateIn]
    ) -> TemplateOut:
        """422 names an unknown placeholder; a billing template by a manager: 403."""
        return from_row(await _save(request, data, None), TemplateOut)

    @patch("/{template_id:int}", responses=errors(403, 404, 422))
    async def update(
        self,
        request: Request[Any, Any, Any],
        template_id: FromPath[int],
        data: JSONBody[TemplateIn],
    ) -> TemplateOut:
        return from_row(await _save(request, data, template_id), TemplateOut)

    @delete("/{template_id:int}", responses=errors(404))
    async def remove(self, request: Request[Any, Any, Any], template_id: FromPath[int]) -> None:
        await reply_templates.delete_template(
            **acting(request), template_id=template_id, with_billing=may_bill(request.user)
        )


async def _save(
    request: Request[Any, Any, Any], data: TemplateIn, template_id: int | None
) -> ReplyTemplate:
    require_billing(request.user, when=data.billing)  # a manager: 403
    return await reply_templates.save_template(
        **acting(request),
        name=data.name,
        body=data.body,
        billing=data.billing,
        template_id=template_id,
        with_billing=may_bill(request.user),
    )
