"""Staff accounts for tests: a manager (or another owner) who joined by invitation."""

from __future__ import annotations

from dataclasses import dataclass

from db.tables import User
from domain.clock import utcnow
from services import staff
from tests.helpers import OrgFixture

PASSWORD = "manager password 1"


@dataclass(frozen=True)
class Member:
    user_id: int
    email: str
    password: str
    name: str


async def owner_id(org: OrgFixture) -> int:
    return (await User.select(User.id).where(User.email == org.email).first())["id"]


async def new_member(
    org: OrgFixture, *, role: str = "manager", email: str | None = None, name: str = "Mia Lopez"
) -> Member:
    """Invited by the org's owner and joined, as `role`."""
    email = email or f"{role}.{org.org_id}@example.com"
    invitation = await staff.invite(
        org_id=org.org_id,
        actor=f"user:{await owner_id(org)}",
        invited_by=await owner_id(org),
        email=email,
        role=role,
        now=utcnow(),
    )
    user = await staff.accept(token=invitation.token, name=name, password=PASSWORD, now=utcnow())
    return Member(user.id, email, PASSWORD, name)
