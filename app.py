"""Snout: `create_app(settings)`, the web app. The command line is in `cli.py`; `python app.py
COMMAND` runs it (see there, or the README, for the commands).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path
from typing import Any

import asyncpg
from litestar import Litestar, Request, Response, get
from litestar.datastructures import MutableScopeHeaders, State
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect, Template
from litestar.routes import HTTPRoute
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig
from litestar.types import Message, Scope
from piccolo.engine.base import Engine

from db import engine as db_engine
from db import live
from domain.errors import DomainError
from domain.model import SenderRole
from settings import Settings
from sms import worker
from web.api import API_CONTROLLERS
from web.api.contract import SECURITY_SCHEMES, StrictStructSchemaPlugin
from web.auth import IdentityMiddleware, OwnerLoginController
from web.dev_phones import PhonesController
from web.live import LIVE_HANDLERS, channels_plugin, install_sink
from web.media import MEDIA_HANDLERS
from web.owner import OwnerHomeController, register_filters
from web.owner_admin import DiagnosticsController, SittersController
from web.owner_allow_list import AllowListController, ExamplesController
from web.owner_bookings import BookingsController
from web.owner_clients import ClientsController
from web.owner_messages import MessagesController
from web.owner_notification_settings import NotificationSettingsController
from web.owner_numbers import NumbersController
from web.owner_settings import SettingsController
from web.owner_staff import JoinController, StaffController
from web.owner_templates import TEMPLATE_CONTROLLERS
from web.owner_thread import ThreadController
from web.security import BearerAwareCSRFMiddleware, add_security_headers, csrf_config
from web.sitter import SITTER_CONTROLLERS
from web.sitter import login_url as sitter_login_url
from web.webhooks import WEBHOOKS

ROOT = Path(__file__).resolve().parent
MAX_BODY_BYTES = 256 * 1024


@get("/healthz", exclude_from_csrf=True)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def domain_error_handler(request: Request[Any, Any, Any], error: DomainError) -> Response[Any]:
    body: dict[str, Any] = {"status_code": error.status, "detail": error.message}
    if error.field:
        body["field"] = error.field
    return Response(body, status_code=error.status)


def not_authorized_handler(
    request: Request[Any, Any, Any], error: NotAuthorizedException
) -> Response[Any]:
    """Browsers are sent to the sign-in page; API clients get a 401."""
    if request.url.path.startswith("/api/") or request.method != "GET":
        return Response({"status_code": 401, "detail": error.detail}, status_code=401)
    path = request.url.path
    if path == "/sitter" or path.startswith("/sitter/"):
        return Redirect(sitter_login_url(path), status_code=303)
    return Redirect("/login", status_code=303)


def permission_denied_handler(
    request: Request[Any, Any, Any], error: PermissionDeniedException
) -> Response[Any]:
    """A signed-in browser on a page of the other kind of user (a sitter on an owner page)
    gets a page with the way back to its own; API clients get the JSON 403."""
    if request.url.path.startswith("/api/") or request.method != "GET":
        return Response({"status_code": 403, "detail": error.detail}, status_code=403)
    identity = request.scope.get("user")
    sitter = identity is not None and identity.kind == SenderRole.SITTER
    home, label = ("/sitter", "Your conversations") if sitter else ("/", "Your home page")
    context = {"detail": error.detail, "home": home, "home_label": label}
    return Template("forbidden.html", context=context, status_code=403)


def undecodable_body_handler(
    request: Request[Any, Any, Any], error: UnicodeDecodeError
) -> Response[Any]:
    """A body that is not UTF-8 (Litestar lets the decoding error through as a 500)."""
    detail = "The request body is not valid UTF-8."
    return Response({"status_code": 400, "detail": detail}, status_code=400)


def too_large_handler(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """A body over the route's limit (photos: `media.limits.MAX_REQUEST_BYTES`)."""
    detail = "The upload is too large: send fewer or smaller photos."
    return Response({"status_code": 413, "detail": detail}, status_code=413)


def out_of_range_handler(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """A number too large for the database (an id in a body, say): nothing it names exists."""
    detail = "A number in the request is out of range."
    return Response({"status_code": 400, "detail": detail}, status_code=400)


def allowed_methods(app: Litestar, path: str) -> set[str]:
    """The methods of the route that `path` names (more literal segments win, as in routing)."""
    parts = [part for part in path.split("/") if part]
    most_literals, methods = -1, set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or len(route.path_components) != len(parts):
            continue
        literals = [
            (part, component)
            for part, component in zip(parts, route.path_components, strict=True)
            if isinstance(component, str)
        ]
        if all(part == component for part, component in literals) and len(literals) > most_literals:
            most_literals, methods = len(literals), route.methods
    return methods


async def add_allow_header(message: Message, scope: Scope) -> None:
    """`before_send` hook: the `Allow` header of a 405 and of an OPTIONS answer lists every
    method of the path. Litestar 2 sends none with a 405, and answers OPTIONS with the methods
    of the first handler registered on the path (its issues 4277 and 4169)."""
    if message["type"] != "http.response.start":
        return
    if message["status"] == 405 or scope.get("method") == "OPTIONS":
        methods = allowed_methods(Litestar.from_scope(scope), scope["path"])
        if methods:
            headers = MutableScopeHeaders.from_message(message)
            headers["allow"] = ", ".join(sorted(methods | {"OPTIONS"}))


def route_handlers() -> list[Any]:
    """Every route of the app (the static files' router is made anew for each app)."""
    return [
        healthz,
        OwnerLoginController,
        OwnerHomeController,
        MessagesController,
        ThreadController,
        NumbersController,
        SittersController,
        BookingsController,
        ClientsController,
        *TEMPLATE_CONTROLLERS,
        DiagnosticsController,
        SettingsController,
        NotificationSettingsController,
        AllowListController,
        ExamplesController,
        StaffController,
        JoinController,
        *SITTER_CONTROLLERS,
        *API_CONTROLLERS,
        *WEBHOOKS,
        *LIVE_HANDLERS,
        *MEDIA_HANDLERS,
        PhonesController,
        create_static_files_router(path="/static", directories=[ROOT / "web" / "static"]),
    ]


EXCEPTION_HANDLERS = {
    DomainError: domain_error_handler,
    NotAuthorizedException: not_authorized_handler,
    PermissionDeniedException: permission_denied_handler,
    UnicodeDecodeError: undecodable_body_handler,
    asyncpg.exceptions.DataError: out_of_range_handler,
    OverflowError: out_of_range_handler,
    RequestEntityTooLarge: too_large_handler,
}


def lifecycle(settings: Settings, channels: Any, engine: Engine | None) -> tuple[Any, Any]:
    """The app's start and stop hooks: the database (`db.engine.connected`, or `engine` as
    given, left open), the live-update sink, and the in-process worker; stopped in reverse."""
    stack = contextlib.AsyncExitStack()

    async def start(app: Litestar) -> None:
        if engine is None:
            await stack.enter_async_context(db_engine.connected(settings.database_url))
        else:
            db_engine.install(engine)
        install_sink(channels, settings)
        if settings.run_worker_in_process:
            task = asyncio.create_task(worker.run_with(settings))
            stack.push_async_callback(_cancelled, task)
        stack.callback(live.set_sink, None)  # first on stop: this app's channels stop with it

    async def stop(app: Litestar) -> None:
        await stack.aclose()

    return start, stop


async def _cancelled(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def create_app(settings: Settings, *, engine: Engine | None = None) -> Litestar:
    """The web app. With `engine`, it uses that (already started) engine and leaves it open."""
    channels = channels_plugin(settings)
    start, stop = lifecycle(settings, channels, engine)
    return Litestar(
        route_handlers=route_handlers(),
        middleware=[
            DefineMiddleware(
                BearerAwareCSRFMiddleware,
                config=csrf_config(settings.secret_key, secure=settings.secure_cookies),
            ),
            IdentityMiddleware(),
        ],
        template_config=TemplateConfig(
            directory=ROOT / "web" / "templates",
            engine=JinjaTemplateEngine,
            engine_callback=register_filters,
        ),
        plugins=[HTMXPlugin(), channels, StrictStructSchemaPlugin()],
        exception_handlers=EXCEPTION_HANDLERS,
        before_send=[add_security_headers, add_allow_header],
        on_startup=[start],
        on_shutdown=[stop],
        openapi_config=OpenAPIConfig(
            title="Snout API",
            version="1",
            path="/api/schema",
            components=Components(security_schemes=SECURITY_SCHEMES),
            # The JSON document only: the HTML viewers load scripts from a CDN, which the
            # app's own CSP blocks, so they never rendered.
            render_plugins=[JsonRenderPlugin()],
        ),
        request_max_body_size=MAX_BODY_BYTES,
        state=State({"settings": settings}),
        logging_config=None,
    )


def app_from_env() -> Litestar:
    """The factory `serve` hands to uvicorn (each worker process builds its own app)."""
    return create_app(Settings.from_env())


if __name__ == "__main__":
    from cli import main

    sys.exit(main())
