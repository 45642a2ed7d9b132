"""The demo: settings that turn everything on, and a seeded business to play with.

Everything is built through the same services the app uses, with times placed relative to the
moment of seeding: an active window, an upcoming one, an overlap, and a finished one-time
booking whose pool lease was released; a few conversations, one blocked attempt, an alert.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.engine import connected, transaction
from db.tables import Booking, Org, Thread, User
from domain.clock import utcnow
from services import enforcement
from services.accounts import create_org
from services.bookings import BookingChanges, create_booking, update_booking
from services.clients import create_client
from services.inbound import receive_sms
from services.numbers import register_number
from services.pool import release_lease
from services.sending import owner_send
from services.sitters import create_sitter
from settings import Settings

DEMO_OWNER_EMAIL = "owner@happypaws.example"
DEMO_OWNER_PASSWORD = "demo-password"  # noqa: S105 (the demo's published login)
DEMO_FRONT_DESK = "+14155550100"


@dataclass(frozen=True)
class Person:
    name: str
    phone: str
    pet: str = ""
    number: str = ""  # a sitter's dedicated business number


# Sitters, each with a dedicated number (N2), and their own phones.
MAYA = Person("Maya Chen", "+14155550181", number="+14155550121")
LEO = Person("Leo Park", "+14155550182", number="+14155550122")
ARI = Person("Ari Gold", "+14155550183", number="+14155550123")
POOL = ("+14155550131", "+14155550132", "+14155550133", "+14155550134")
# Clients: weekly ones keep their sitter's number; one-time ones get a pool number.
DANA = Person("Dana Reyes", "+14155550141", pet="Biscuit")
PRIYA = Person("Priya Shah", "+14155550142", pet="Mochi")
TOM = Person("Tom Becker", "+14155550143", pet="Luna")
ALEX = Person("Alex Kim", "+14155550144", pet="Pepper")
JORDAN = Person("Jordan Lee", "+14155550145", pet="Ziggy")
SAM = Person("Sam Ortiz", "+14155550146", pet="Nacho")
STRANGER = "+14155550199"  # texts a released pool number in the tour

_sids = itertools.count(1)


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
    """Create the demo business once; re-running finds it and changes nothing."""
    async with connected(settings.database_url):
        org = await ensure_demo(settings, utcnow())
    base = settings.public_base_url
    return "\n".join(
        [
            f"Demo business {org.name!r} is ready (simulated SMS: nothing leaves this machine).",
            f"  Owner dashboard  {base}/login   ({DEMO_OWNER_EMAIL} / {DEMO_OWNER_PASSWORD})",
            f"  Phone simulator  {base}/dev/phones   (every client's and sitter's phone)",
            f"  Sitter app       {base}/sitter/login   (sign in with a sitter's phone number"
            " from the phone simulator; the code arrives on that simulated phone)",
        ]
    )


async def ensure_demo(settings: Settings, now: datetime) -> Org:
    """The demo business: found by its owner's email, else seeded."""
    owner = await User.objects().where(User.email == DEMO_OWNER_EMAIL).first()
    if owner is not None:
        org = await Org.objects().where(Org.id == owner.org).first()
        assert org is not None
        return org
    return await _seed(settings, now)


async def _seed(settings: Settings, now: datetime) -> Org:
    org, _ = await create_org(
        name="Happy Paws Pet Care",
        front_desk=DEMO_FRONT_DESK,
        owner_email=DEMO_OWNER_EMAIL,
        owner_password=DEMO_OWNER_PASSWORD,
        now=now,
    )
    actor = "demo"
    for number in (MAYA.number, LEO.number, ARI.number):
        await register_number(
            org_id=org.id, actor=actor, e164=number, number_class="sitter", now=now
        )
    for number in POOL:
        await register_number(org_id=org.id, actor=actor, e164=number, number_class="pool", now=now)
    sitters = {}
    for person in (MAYA, LEO, ARI):
        sitter = await create_sitter(
            org_id=org.id, actor=actor, name=person.name, phone=person.phone, active=True, now=now
        )
        sitters[person] = sitter.id
    clients = {}
    for person, weekly in ((DANA, True), (PRIYA, True), (TOM, True), (SAM, True)):
        clients[person] = await _client(org.id, person, weekly, now)
    for person in (ALEX, JORDAN):
        clients[person] = await _client(org.id, person, False, now)

    async def booking(who, sitter, kind, start, end, *, recurring=False, confirm=True):
        row = await create_booking(
            org_id=org.id,
            actor=actor,
            client_id=clients[who],
            service_type=kind,
            starts_at=now + start,
            ends_at=now + end,
            sitter_id=sitters[sitter],
            recurring=recurring,
            proactive=False,
            now=now,
        )
        if confirm:
            await update_booking(
                org_id=org.id,
                actor=actor,
                booking_id=row.id,
                changes=BookingChanges(status="confirmed"),
                proactive=False,
                now=now,
            )
        return row

    minutes = lambda n: timedelta(minutes=n)  # noqa: E731
    # An active window: Maya is walking Biscuit now.
    await booking(DANA, MAYA, "dog_walk", minutes(-20), minutes(40), recurring=True)
    # An upcoming one: Leo drops in on Mochi tomorrow morning.
    await booking(PRIYA, LEO, "drop_in", timedelta(hours=20), timedelta(hours=20, minutes=30))
    # An overlap: Leo house-sits Luna while Ari takes her for a walk.
    await booking(TOM, LEO, "house_sitting", timedelta(hours=-2), timedelta(hours=6))
    await booking(TOM, ARI, "dog_walk", minutes(-10), minutes(50))
    # A finished one-time booking: Pepper's drop-in three days ago, lease released.
    done = await booking(ALEX, ARI, "drop_in", timedelta(days=-3), timedelta(days=-3, hours=1))
    await update_booking(
        org_id=org.id,
        actor=actor,
        booking_id=done.id,
        changes=BookingChanges(status="completed"),
        proactive=False,
        now=now,
    )
    async with transaction():
        finished = await Booking.objects().where(Booking.id == done.id).first()
        await release_lease(finished, now)
    # A one-time client with a booking in two days (holds a pool number).
    await booking(JORDAN, MAYA, "drop_in", timedelta(days=2), timedelta(days=2, minutes=45))

    # A few conversations.
    base = settings.public_base_url
    await text(
        DANA.phone, MAYA.number, "Hi Maya! Biscuit's leash is on the hook by the door.", now, base
    )
    thread = await _thread(org.id, clients[DANA])
    flags = settings.messaging_flags
    await enforcement.sitter_send(
        org_id=org.id,
        sitter_id=sitters[MAYA],
        thread_id=thread,
        body="Got it, thanks! Heading out for the walk now.",
        flags=flags,
        now=now,
    )
    await text(PRIYA.phone, DEMO_FRONT_DESK, "Can we move tomorrow's visit to 10am?", now, base)
    await owner_send(
        org_id=org.id,
        user_id=None,
        thread_id=await _thread(org.id, clients[PRIYA]),
        body="Hi Priya, let me check with Leo and get back to you shortly.",
        billing=False,
        now=now,
    )
    await text(TOM.phone, DEMO_FRONT_DESK, "Is Luna eating OK today?", now, base)
    # One blocked attempt (and its alert): Maya tries to move Dana to her own phone.
    await enforcement.sitter_send(
        org_id=org.id,
        sitter_id=sitters[MAYA],
        thread_id=thread,
        body="Next time just text my cell, four one five 555 0199",
        flags=flags,
        now=now,
    )
    return org


async def text(from_phone: str, to_number: str, body: str, now: datetime, base_url: str) -> None:
    """A client's text, stored and routed exactly as a webhook would have it."""
    await receive_sms(
        to_e164=to_number,
        from_e164=from_phone,
        body=body,
        provider_sid=f"SMdemo{now:%Y%m%d%H%M%S}{next(_sids):06d}",
        now=now,
        public_base_url=base_url,
    )


async def _client(org_id: int, person: Person, weekly: bool, now: datetime) -> int:
    client = await create_client(
        org_id=org_id,
        actor="demo",
        name=person.name,
        phone=person.phone,
        pet_name=person.pet,
        recurring=weekly,
        now=now,
    )
    return client.id


async def _thread(org_id: int, client_id: int) -> int:
    thread = (
        await Thread.objects().where((Thread.org == org_id) & (Thread.client == client_id)).first()
    )
    assert thread is not None
    return thread.id
