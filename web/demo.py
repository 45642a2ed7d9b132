"""The demo: settings that turn everything on, and a seeded business to play with.

Everything is built through the same services the app uses, with times placed relative to the
moment of seeding: an active window, an upcoming one, an overlap, and a finished one-time
booking whose pool lease was released; a few conversations, one blocked attempt, an alert.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from db.engine import connected, transaction
from db.tables import Booking, Org, Thread, User
from domain.clock import utcnow
from domain.model import BookingStatus, NumberClass, ServiceType
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
ACTOR = "demo"


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
    seed = _Seed(org.id, settings, now)
    await seed.numbers_and_people()
    await seed.bookings()
    await seed.conversations()
    return org


@dataclass
class _Seed:
    """The demo org's content, in the order it is created (ids and times follow from it)."""

    org_id: int
    settings: Settings
    now: datetime
    sitters: dict[Person, int] = field(default_factory=dict)
    clients: dict[Person, int] = field(default_factory=dict)

    async def numbers_and_people(self) -> None:
        org_id, now = self.org_id, self.now
        for number in (MAYA.number, LEO.number, ARI.number):
            await register_number(
                org_id=org_id, actor=ACTOR, e164=number, number_class=NumberClass.SITTER, now=now
            )
        for number in POOL:
            await register_number(
                org_id=org_id, actor=ACTOR, e164=number, number_class=NumberClass.POOL, now=now
            )
        for person in (MAYA, LEO, ARI):
            sitter = await create_sitter(
                org_id=org_id,
                actor=ACTOR,
                name=person.name,
                phone=person.phone,
                active=True,
                now=now,
            )
            self.sitters[person] = sitter.id
        for person, weekly in ((DANA, True), (PRIYA, True), (TOM, True), (SAM, True)):
            self.clients[person] = await _client(org_id, person, weekly, now)
        for person in (ALEX, JORDAN):
            self.clients[person] = await _client(org_id, person, False, now)

    async def bookings(self) -> None:
        book, hours = self.booking, lambda n: timedelta(hours=n)
        minutes = lambda n: timedelta(minutes=n)  # noqa: E731
        # An active window: Maya is walking Biscuit now.
        await book(DANA, MAYA, ServiceType.DOG_WALK, minutes(-20), minutes(40), recurring=True)
        # An upcoming one: Leo drops in on Mochi tomorrow morning.
        await book(PRIYA, LEO, ServiceType.DROP_IN, hours(20), hours(20) + minutes(30))
        # An overlap: Leo house-sits Luna while Ari takes her for a walk.
        await book(TOM, LEO, ServiceType.HOUSE_SITTING, hours(-2), hours(6))
        await book(TOM, ARI, ServiceType.DOG_WALK, minutes(-10), minutes(50))
        # A finished one-time booking: Pepper's drop-in three days ago, lease released.
        done = await book(ALEX, ARI, ServiceType.DROP_IN, hours(-72), hours(-71))
        await self.set_status(done.id, BookingStatus.COMPLETED)
        async with transaction():
            finished = await Booking.objects().where(Booking.id == done.id).first()
            await release_lease(finished, self.now)
        # A one-time client with a booking in two days (holds a pool number).
        await book(JORDAN, MAYA, ServiceType.DROP_IN, hours(48), hours(48) + minutes(45))

    async def booking(
        self,
        who: Person,
        sitter: Person,
        kind: ServiceType,
        start: timedelta,
        end: timedelta,
        *,
        recurring: bool = False,
    ) -> Booking:
        row = await create_booking(
            org_id=self.org_id,
            actor=ACTOR,
            client_id=self.clients[who],
            service_type=kind,
            starts_at=self.now + start,
            ends_at=self.now + end,
            sitter_id=self.sitters[sitter],
            recurring=recurring,
            proactive=False,
            now=self.now,
        )
        await self.set_status(row.id, BookingStatus.CONFIRMED)
        return row

    async def set_status(self, booking_id: int, status: BookingStatus) -> None:
        await update_booking(
            org_id=self.org_id,
            actor=ACTOR,
            booking_id=booking_id,
            changes=BookingChanges(status=status),
            proactive=False,
            now=self.now,
        )

    async def conversations(self) -> None:
        """A few conversations, and one blocked attempt (with its alert)."""
        org_id, now, base = self.org_id, self.now, self.settings.public_base_url
        await text(
            DANA.phone,
            MAYA.number,
            "Hi Maya! Biscuit's leash is on the hook by the door.",
            now,
            base,
        )
        thread = await _thread(org_id, self.clients[DANA])
        await self.sitter_send(thread, "Got it, thanks! Heading out for the walk now.")
        await text(PRIYA.phone, DEMO_FRONT_DESK, "Can we move tomorrow's visit to 10am?", now, base)
        await owner_send(
            org_id=org_id,
            user_id=None,
            thread_id=await _thread(org_id, self.clients[PRIYA]),
            body="Hi Priya, let me check with Leo and get back to you shortly.",
            billing=False,
            now=now,
        )
        await text(TOM.phone, DEMO_FRONT_DESK, "Is Luna eating OK today?", now, base)
        # Maya tries to move Dana to her own phone.
        await self.sitter_send(thread, "Next time just text my cell, four one five 555 0199")

    async def sitter_send(self, thread_id: int, body: str) -> None:
        await enforcement.sitter_send(
            org_id=self.org_id,
            sitter_id=self.sitters[MAYA],
            thread_id=thread_id,
            body=body,
            flags=self.settings.messaging_flags,
            now=self.now,
        )


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
        actor=ACTOR,
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
