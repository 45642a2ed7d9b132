"""Small builders shared by the integration and end-to-end tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count

import httpx

from db.tables import Org
from domain.clock import utcnow
from services.accounts import create_org

_numbers = count(100)


@dataclass(frozen=True)
class OrgFixture:
    org_id: int
    token: str
    email: str
    password: str
    front_desk: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def make_org(
    name: str = "Happy Paws",
    *,
    password: str = "correct horse battery",
    quiet: tuple[str, str] = ("00:00", "00:00"),
) -> OrgFixture:
    """An org with an owner and a front desk. Without quiet hours unless `quiet` names them
    (O2), so what a test queues is due at once whatever the time of day the test runs."""
    n = next(_numbers)
    email = f"owner{n}@example.com"
    front_desk = f"+1628555{n:04d}"  # an exchange of their own: no test's number is one
    org, token = await create_org(
        name=name, front_desk=front_desk, owner_email=email, owner_password=password, now=utcnow()
    )
    await Org.update({Org.quiet_hours_start: quiet[0], Org.quiet_hours_end: quiet[1]}).where(
        Org.id == org.id
    )
    return OrgFixture(org.id, token, email, password, front_desk)


def csrf_from(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


async def login(client: httpx.AsyncClient, email: str, password: str):
    await client.get("/login")  # sets the CSRF cookie, whose value the form field repeats
    token = client.cookies.get("csrftoken") or client.cookies["__Host-csrftoken"]  # over https
    return await client.post(
        "/login",
        data={"email": email, "password": password, "_csrf_token": token},
        follow_redirects=False,
    )


async def api(client: httpx.AsyncClient, org: OrgFixture, method: str, path: str, **kwargs):
    """Call the JSON API as `org`'s owner; returns the parsed answer, asserting a 2xx."""
    response = await client.request(method, path, headers=org.auth, **kwargs)
    assert response.is_success, f"{method} {path} -> {response.status_code} {response.text}"
    return response.json()


# -- building an org's world through the API ------------------------------------------------


def at(minutes: int) -> str:
    """An ISO time `minutes` from now (negative: in the past)."""
    return (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat()


async def new_client(client, org, *, recurring=False, phone="+14155550177", name="Dana Reyes"):
    return await api(
        client,
        org,
        "POST",
        "/api/clients",
        json={"name": name, "phone": phone, "recurring": recurring, "petName": "Biscuit"},
    )


async def new_sitter(client, org, *, number="+14155550200", phone="+14155550190", name="Sam"):
    await api(client, org, "POST", "/api/numbers", json={"e164": number, "numberClass": "sitter"})
    return await api(
        client, org, "POST", "/api/sitters", json={"name": name, "phone": phone, "active": True}
    )


async def book(client, org, pet_parent, *, sitter=None, start=-10, end=30, kind="dog_walk", **more):
    body = {
        "clientId": pet_parent["id"],
        "serviceType": kind,
        "startAt": at(start),
        "endAt": at(end),
        **more,
    }
    if sitter is not None:
        body["sitterId"] = sitter["id"]
    return await api(client, org, "POST", "/api/bookings", json=body)


async def confirm(client, org, booking):
    return await api(
        client, org, "PATCH", f"/api/bookings/{booking['id']}", json={"status": "confirmed"}
    )


async def add_pool(client, org, *numbers: str) -> None:
    for e164 in numbers:
        await api(client, org, "POST", "/api/numbers", json={"e164": e164, "numberClass": "pool"})


async def audits(action: str) -> list[dict]:
    """The audit rows of `action`, oldest first, their payloads parsed."""
    from db.tables import AuditEvent

    return (
        await AuditEvent.select()
        .where(AuditEvent.action == action)
        .order_by(AuditEvent.id)
        .output(load_json=True)
    )
