"""The demo: settings that turn everything on, and a seeded org to play with."""

from __future__ import annotations

from db import engine as db_engine
from db.tables import Org, User
from domain.clock import utcnow
from domain.services.accounts import create_org
from settings import Settings

DEMO_OWNER_EMAIL = "owner@happypaws.example"
DEMO_OWNER_PASSWORD = "demo-password"  # noqa: S105 (the demo's published login)
DEMO_FRONT_DESK = "+14155550100"


def demo_environment() -> dict[str, str]:
    """Defaults for `python app.py demo`; variables already set in the environment win."""
    return {
        "DATABASE_URL": "sqlite:///snout-demo.sqlite3",
        "SMS_PROVIDER": "simulator",
        "SECRET_KEY": "demo-only-secret-key-change-me",
        "TWILIO_AUTH_TOKEN": "demo-auth-token",
        "ENABLE_MESSAGING_V1": "true",
        "ENABLE_SITTER_MESSAGES_V1": "true",
        "ENABLE_PROACTIVE_THREAD_CREATION": "true",
    }


async def seed_demo(settings: Settings) -> str:
    """Create the demo org once; re-running finds it and changes nothing."""
    engine = db_engine.make_engine(settings.database_url)
    db_engine.install(engine)
    await db_engine.start(engine)
    try:
        owner = await User.objects().where(User.email == DEMO_OWNER_EMAIL).first()
        if owner is None:
            org, _ = await create_org(
                name="Happy Paws Pet Care",
                front_desk=DEMO_FRONT_DESK,
                owner_email=DEMO_OWNER_EMAIL,
                owner_password=DEMO_OWNER_PASSWORD,
                now=utcnow(),
            )
        else:
            org = await Org.objects().where(Org.id == owner.org).first()
    finally:
        await db_engine.stop(engine)
    return (
        f"Demo org {org.name!r} is ready.\n"
        f"  Open {settings.public_base_url}/login\n"
        f"  Owner login: {DEMO_OWNER_EMAIL} / {DEMO_OWNER_PASSWORD}"
    )
