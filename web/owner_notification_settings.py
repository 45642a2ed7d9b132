"""The owner's `/settings/notifications` page (SPEC O3): their own mobile number, verified by a
texted code, their email, and what reaches them away from the desk.

One region (`owner/_notifications.html`, id `notifications`) that every form replaces through
htmx; a plain post gets a 303 back to the page, an error is shown next to its field (see
`web.owner`).
"""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from litestar import Controller, Request, get, post
from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import URLEncodedBody
from litestar.response import Template

from domain.clock import utcnow
from domain.errors import DomainError
from domain.owner_notices import Wants
from domain.phones import redact_phone
from services import notification_settings as settings
from web.auth import acting, owner_guard
from web.owner import done, failed, form_errors, page_context, render

PATH = "/settings/notifications"
PAGE, FRAGMENT = "owner/notifications.html", "owner/_notifications.html"


@dataclass
class ChoicesForm:
    email: str = ""
    high_alerts: bool = False
    overlap_prompts: bool = False
    waiting_clients: bool = False
    wait_minutes: str = ""


@dataclass
class PhoneForm:
    phone: str = ""


@dataclass
class CodeForm:
    code: str = ""


async def notifications_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "notifications")
    context["mine"] = await settings.settings_of(request.user.user_id)
    context.setdefault("values", {})
    return context


async def answer(
    request: Request[Any, Any, Any], action: Awaitable[str], form: str, field: str, values: Any
) -> Any:
    try:
        notice = await action
    except DomainError as error:
        context = await notifications_context(request)
        context.update(errors=form_errors(error, form, field), values=values)
        return failed(request, PAGE, FRAGMENT, context, error)
    context = await notifications_context(request)
    context["notice"] = notice
    return done(request, FRAGMENT, context, PATH)


async def _save(request: Request[Any, Any, Any], data: ChoicesForm) -> str:
    wants = settings.checked_wants(
        Wants(data.high_alerts, data.overlap_prompts, data.waiting_clients), data.wait_minutes
    )
    await settings.save_choices(
        **acting(request), user_id=request.user.user_id, email=data.email, wants=wants
    )
    return "Your notification settings are saved."


async def _ask(request: Request[Any, Any, Any], data: PhoneForm) -> str:
    user = request.user
    phone = await settings.request_phone_code(
        org_id=user.org_id, user_id=user.user_id, phone=data.phone, now=utcnow()
    )
    return f"A 6-digit code is on its way to {redact_phone(phone)}. Type it below."


async def _verify(request: Request[Any, Any, Any], data: CodeForm) -> str:
    phone = await settings.verify_phone_code(
        **acting(request), user_id=request.user.user_id, code=data.code
    )
    return f"Notifications will be texted to {phone}."


async def _remove(request: Request[Any, Any, Any]) -> str:
    await settings.remove_phone(**acting(request), user_id=request.user.user_id)
    return "No more texts to your phone."


def person_guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Settings belong to a signed-in owner, not to the org's API token."""
    if connection.scope["user"].user_id is None:
        raise PermissionDeniedException("Sign in as the owner to change your notifications.")


class NotificationSettingsController(Controller):
    path = PATH
    guards = [owner_guard, person_guard]

    @get("/", name="owner_notification_settings")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        return render(request, PAGE, FRAGMENT, await notifications_context(request))

    @post("/", status_code=200)
    async def save(self, request: Request[Any, Any, Any], data: URLEncodedBody[ChoicesForm]) -> Any:
        return await answer(request, _save(request, data), "choices", "email", data)

    @post("/phone", status_code=200)
    async def ask_code(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[PhoneForm]
    ) -> Any:
        return await answer(request, _ask(request, data), "phone", "phone", data)

    @post("/phone/verify", status_code=200)
    async def verify(self, request: Request[Any, Any, Any], data: URLEncodedBody[CodeForm]) -> Any:
        return await answer(request, _verify(request, data), "code", "code", {})

    @post("/phone/remove", status_code=200)
    async def remove(self, request: Request[Any, Any, Any]) -> Any:
        return await answer(request, _remove(request), "remove", "phone", {})
