"""The owner's pages. Handlers parse, call a service, and choose a template."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from db.tables import Org, User
from web.auth import owner_guard
from web.dev_phones import tour_context


class OwnerHomeController(Controller):
    path = "/"
    guards = [owner_guard]

    @get("/", name="owner_home")
    async def home(self, request: Request[Any, Any, Any]) -> Template:
        identity = request.user
        org = await Org.objects().where(Org.id == identity.org_id).first()
        user = await User.objects().where(User.id == identity.user_id).first()
        tour = tour_context(request.app.state.settings)
        return Template("owner/home.html", context={"org": org, "user": user, "tour": tour})
