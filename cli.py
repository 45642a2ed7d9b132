"""Snout's command line, run as `python app.py COMMAND` (see the README).

python app.py migrate                      apply the database migrations
python app.py serve [--host --port --workers]
python app.py worker                       deliver queued messages (its own process)
python app.py demo [--host --port]         migrate, seed a demo org, serve with the simulator
python app.py create-org --name N --front-desk +1... --owner-email E --owner-password P
python app.py screen [--text T] [FILE ...]  screen a message body and files, one JSON line each
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
from typing import Any

from db.engine import connected
from media import cli as media_cli
from settings import Settings, SettingsError
from sms import worker


async def migrate(settings: Settings) -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    async with connected(settings.database_url):
        result = await run_forwards("all")
    if not result.success:
        raise SystemExit(f"migrations failed: {result.message}")


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
        proxy_headers=False,  # the app reads X-Forwarded-For itself, from TRUSTED_PROXIES only
    )


async def create_org_command(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    from domain.clock import utcnow
    from services.accounts import create_org

    async with connected(settings.database_url):
        org, token = await create_org(
            name=args.name,
            front_desk=args.front_desk,
            owner_email=args.owner_email,
            owner_password=args.owner_password,
            now=utcnow(),
            time_zone=args.time_zone,
        )
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
    media_cli.add_parser(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    from domain.errors import DomainError
    from logs import configure_logging

    args = parser().parse_args(argv)
    if args.command == "screen":  # needs no settings, database or logging
        return media_cli.run(args)
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
