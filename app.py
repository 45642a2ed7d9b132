"""Snout: `create_app(settings)` and the command line.

python app.py migrate                      apply the database migrations
python app.py serve [--host --port --workers]
python app.py worker                       deliver queued messages (its own process)
python app.py demo [--host --port]         migrate, seed a demo org, serve with the simulator
python app.py create-org --name N --front-desk +1... --owner-email E --owner-password P
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import asyncpg
from litestar import Litestar, Request, Response, get
from litestar.datastructures import MutableScopeHeaders, State
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect
from litestar.routes import HTTPRoute
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig
from litestar.types import Message, Scope
from piccolo.engine.base import Engine

from db import engine as db_engine
from db import live
from domain.errors import DomainError
from settings import Settings, SettingsError
from sms import worker
from web.api import API_CONTROLLERS
from web.api.contract import SECURITY_SCHEMES, StrictStructSchemaPlugin
from web.auth import IdentityMiddleware, OwnerLoginController
from web.dev_phones import PhonesController
from web.live import LIVE_HANDLERS, channels_plugin, install_sink
from web.owner import OwnerHomeController, register_filters
from web.owner_admin import (
    BookingsController,
    DiagnosticsController,
    NumbersController,
    SittersController,
)
from web.owner_messages import MessagesController
from web.owner_settings import SettingsController
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


def undecodable_body_handler(
    request: Request[Any, Any, Any], error: UnicodeDecodeError
) -> Response[Any]:
    """A body that is not UTF-8 (Litestar lets the decoding error through as a 500)."""
    detail = "The request body is not valid UTF-8."
    return Response({"status_code": 400, "detail": detail}, status_code=400)


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


def create_app(settings: Settings, *, engine: Engine | None = None) -> Litestar:
    """The web app. With `engine`, it uses that (already started) engine and leaves it open."""
    channels = channels_plugin(settings)

    async def connect_database(app: Litestar) -> None:
        if engine is not None:
            db_engine.install(engine)
        else:
            app.state.engine = db_engine.make_engine(settings.database_url)
            db_engine.install(app.state.engine)
            await db_engine.start(app.state.engine)
        install_sink(channels, settings)
        if settings.run_worker_in_process:
            app.state.worker = asyncio.create_task(worker.run_with(settings))

    async def disconnect_database(app: Litestar) -> None:
        live.set_sink(None)  # this app's channels stop with it
        if settings.run_worker_in_process:
            app.state.worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await app.state.worker
        if engine is None:
            await db_engine.stop(app.state.engine)

    return Litestar(
        route_handlers=[
            healthz,
            OwnerLoginController,
            OwnerHomeController,
            MessagesController,
            NumbersController,
            SittersController,
            BookingsController,
            DiagnosticsController,
            SettingsController,
            *SITTER_CONTROLLERS,
            *API_CONTROLLERS,
            *WEBHOOKS,
            *LIVE_HANDLERS,
            PhonesController,
            create_static_files_router(path="/static", directories=[ROOT / "web" / "static"]),
        ],
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
        exception_handlers={
            DomainError: domain_error_handler,
            NotAuthorizedException: not_authorized_handler,
            UnicodeDecodeError: undecodable_body_handler,
            asyncpg.exceptions.DataError: out_of_range_handler,
            OverflowError: out_of_range_handler,
        },
        before_send=[add_security_headers, add_allow_header],
        on_startup=[connect_database],
        on_shutdown=[disconnect_database],
        openapi_config=OpenAPIConfig(
            title="Snout API",
            version="1",
            path="/api/schema",
            components=Components(security_schemes=SECURITY_SCHEMES),
        ),
        request_max_body_size=MAX_BODY_BYTES,
        state=State({"settings": settings}),
        logging_config=None,
    )


def app_from_env() -> Litestar:
    """The factory `serve` hands to uvicorn (each worker process builds its own app)."""
    return create_app(Settings.from_env())


# -- command line ---------------------------------------------------------------------------


async def migrate(settings: Settings) -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    engine = db_engine.make_engine(settings.database_url)
    db_engine.install(engine)
    await db_engine.start(engine)
    try:
        result = await run_forwards("all")
        if not result.success:
            raise SystemExit(f"migrations failed: {result.message}")
    finally:
        await db_engine.stop(engine)


def serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    from logs import LOGGING

    uvicorn.run(
        "app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=LOGGING,
        timeout_graceful_shutdown=3,
        server_header=False,
    )


async def create_org_command(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    from domain.clock import utcnow
    from services.accounts import create_org

    engine = db_engine.make_engine(settings.database_url)
    db_engine.install(engine)
    await db_engine.start(engine)
    try:
        org, token = await create_org(
            name=args.name,
            front_desk=args.front_desk,
            owner_email=args.owner_email,
            owner_password=args.owner_password,
            now=utcnow(),
            time_zone=args.time_zone,
        )
    finally:
        await db_engine.stop(engine)
    return {"orgId": org.id, "apiToken": token}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python app.py", description="Snout, the messaging hub.")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("migrate", help="apply the database migrations")
    serve_cmd = commands.add_parser("serve", help="serve the web app (and its worker)")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("--workers", type=int, default=1)
    commands.add_parser("worker", help="deliver queued messages, as its own process")
    demo_cmd = commands.add_parser("demo", help="migrate, seed a demo org, serve (simulated SMS)")
    demo_cmd.add_argument("--host", default="127.0.0.1")
    demo_cmd.add_argument("--port", type=int, default=8000)
    org_cmd = commands.add_parser("create-org", help="create an org and print its API token")
    org_cmd.add_argument("--name", required=True)
    org_cmd.add_argument("--front-desk", required=True, help="the front-desk number, E.164")
    org_cmd.add_argument("--owner-email", required=True)
    org_cmd.add_argument("--owner-password", required=True)
    org_cmd.add_argument("--time-zone", default="America/Los_Angeles")
    return top


def main(argv: list[str] | None = None) -> int:
    from domain.errors import DomainError
    from logs import configure_logging

    args = parser().parse_args(argv)
    if args.command == "demo":
        from web.demo import demo_environment

        demo_env = {**demo_environment(), "PUBLIC_BASE_URL": f"http://{args.host}:{args.port}"}
        os.environ.update({k: v for k, v in demo_env.items() if k not in os.environ})
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    configure_logging()

    if args.command == "migrate":
        asyncio.run(migrate(settings))
        print("migrations applied")
    elif args.command == "serve":
        serve(args.host, args.port, args.workers)
    elif args.command == "worker":
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(worker.run_worker(settings))
    elif args.command == "demo":
        from web.demo import seed_demo

        asyncio.run(migrate(settings))
        print(asyncio.run(seed_demo(settings)))
        serve(args.host, args.port, 1)  # the demo's SQLite wants a single process
    elif args.command == "create-org":
        try:
            print(json.dumps(asyncio.run(create_org_command(settings, args))))
        except DomainError as error:
            print(f"error: {error.message}", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
