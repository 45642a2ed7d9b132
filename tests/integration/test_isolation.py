"""Isolation, by walking the app's route table: every route is called anonymously, as a sitter,
and as another org's owner and sitter, with the ids of one org's objects. None may answer with
that org's data or change it. A new route with a path parameter this test does not know fails
the test until it is added here, so no route goes unchecked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from db.owner_tables import AllowedContact
from db.tables import (
    Alert,
    AntiPoachingAttempt,
    Booking,
    BusinessNumber,
    Client,
    Media,
    Message,
    Sitter,
    StaffInvite,
    Thread,
    User,
)
from services import allow_list, reply_templates, staff
from services.accounts import start_session
from tests.helpers import api, book, confirm, login, make_org, new_client, new_sitter
from tests.integration.test_inbound_routing import text
from tests.staff_helpers import new_member

#: Routes anyone may call: sign-in, static files, the API's schema, the webhooks (whose
#: signatures are tested in tests/integration/test_webhooks.py), the invitation page (its
#: link's token is the credential: tests/integration/test_staff.py) and the token URLs of
#: outbound photos (tests/integration/test_media_outbound.py).
PUBLIC = re.compile(
    r"^/(healthz|login|logout|static/|api/schema|webhooks/|sitter/login|sitter/logout|join/"
    r"|media/t/)"
)
#: Path parameters that are not ids of an org's objects, and the value to use.
VALUES = {"kind": "client", "change": "offboard", "step": "1"}
#: Routes for the owner and the sitters alike, which answer everyone else 404 (never 401/403).
SHARED = {"/media/{media_id:int}"}
#: Streams that never end: not called by an identity they would accept.
STREAMS = {"/live": "owner", "/sitter/live": "sitter"}
#: Owner GET routes that answer nothing without a query (the composer's template choice).
NO_CONTENT = {"/messages/{thread_id:int}/template"}
#: Owner GET routes that answer a file to download rather than a page.
DOWNLOADS = {"/settings/examples.jsonl": "application/x-ndjson"}
MARKERS = ("Zelda Quill", "Quentin Marsh", "+14155550177", "(415) 555-0177")
REFUSED = {400, 401, 403, 404, 405, 409, 422}


@dataclass
class World:
    ids: dict[str, int]
    owner_b: httpx.AsyncClient
    api_b: dict[str, str]
    sitter_a: httpx.AsyncClient
    sitter_b: httpx.AsyncClient
    anonymous: httpx.AsyncClient


async def build(make_client) -> World:
    anonymous = await make_client()
    a, b = await make_org("Org A"), await make_org("Org B")
    zelda = await new_client(anonymous, a, recurring=True, name="Zelda Quill")
    quentin = await new_sitter(anonymous, a, name="Quentin Marsh")
    booking = await book(anonymous, a, zelda, sitter=quentin)
    await confirm(anonymous, a, booking)
    received = await text("+14155550200", "+14155550177", "text me at 415 555 0123 instead")
    number = await BusinessNumber.objects().where(BusinessNumber.e164 == "+14155550200").first()
    alert = Alert(org=a.org_id, kind="test", text="Quentin Marsh alert", created_at=_now())
    await alert.save()
    photo = b"a photo of Zelda Quill"
    media = Media(org=a.org_id, message=received.message.id, status="clean", data=photo)
    media.content_type, media.size, media.created_at = "image/jpeg", len(photo), _now()
    await media.save()
    vet = await allow_list.add(
        org_id=a.org_id,
        user_id=None,
        actor="api",
        kind="phone",
        value="+14155550111",
        label="Emergency vet",
        now=_now(),
    )
    template = await reply_templates.save_template(
        org_id=a.org_id,
        actor="api",
        name="Zelda Quill's walk",
        body="Hi {client_first_name}",
        billing=False,
        now=_now(),
    )
    manager = await new_member(a, name="Quentin Marsh")
    invitation = await staff.invite(
        org_id=a.org_id, actor="api", invited_by=None, email="z@x.com", role="owner", now=_now()
    )
    bob = await new_sitter(
        anonymous, b, number="+14155550300", phone="+14155550390", name="Bob Other"
    )
    ids = {
        "client_id": zelda["id"],
        "sitter_id": quentin["id"],
        "booking_id": booking["id"],
        "thread_id": received.message.thread,
        "message_id": received.message.id,
        "number_id": number.id,
        "alert_id": alert.id,
        "person_id": zelda["id"],
        "media_id": media.id,
        "entry_id": vet.id,
        "template_id": template.id,
        "user_id": manager.user_id,
        "invite_id": invitation.invite.id,
    }
    owner_b = await make_client()
    assert (await login(owner_b, b.email, b.password)).status_code == 303
    await owner_b.get("/")  # the new CSRF cookie
    sitter_a = await _sitter_client(make_client, a.org_id, quentin["id"])
    sitter_b = await _sitter_client(make_client, b.org_id, bob["id"])
    await anonymous.get("/login")  # a CSRF cookie, so refusals are not only CSRF's
    return World(ids, owner_b, b.auth, sitter_a, sitter_b, anonymous)


def _now() -> datetime:
    return datetime.now(UTC)


async def _sitter_client(make_client, org_id: int, sitter_id: int) -> httpx.AsyncClient:
    http = await make_client()
    http.cookies.set(
        "snout_session", await start_session(org_id=org_id, sitter_id=sitter_id, now=_now())
    )
    await http.get("/login")  # any GET sets the CSRF cookie
    return http


def routes(app) -> list[tuple[str, str]]:
    found = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                if not PUBLIC.match(route.path):
                    found.append((method, route.path))
    return found


def is_sitter_route(path: str) -> bool:
    return path == "/sitter" or path.startswith("/sitter/")


def concrete(path: str, ids: dict[str, int]) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in VALUES:
            return VALUES[name]
        if name not in ids:
            pytest.fail(f"{path}: the isolation test does not know the parameter {name!r}")
        return str(ids[name])

    return re.sub(r"{(\w+):\w+}", fill, path)


async def call(
    http: httpx.AsyncClient, method: str, path: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    headers = {"x-csrftoken": http.cookies.get("csrftoken", ""), **(headers or {})}
    if path.startswith("/api/"):
        return await http.request(method, path, json={}, headers=headers)
    return await http.request(method, path, data={}, headers=headers)


def leaks(response: httpx.Response) -> list[str]:
    return [marker for marker in MARKERS if marker in response.text]


async def snapshot() -> list[Any]:
    """What a refused call must not have changed in org A."""
    return [
        await Message.select(Message.id, Message.status, Message.blocked).order_by(Message.id),
        await Sitter.select(Sitter.id, Sitter.status, Sitter.locked_at).order_by(Sitter.id),
        await BusinessNumber.select(BusinessNumber.id, BusinessNumber.status).order_by(
            BusinessNumber.id
        ),
        await Booking.select(Booking.id, Booking.status, Booking.sitter).order_by(Booking.id),
        await AntiPoachingAttempt.select(AntiPoachingAttempt.resolution),
        await Alert.select(Alert.id, Alert.resolved_at).order_by(Alert.id),
        await Thread.select(Thread.id, Thread.archived_at).order_by(Thread.id),
        await Client.select(Client.id, Client.name, Client.is_one_time_client).order_by(Client.id),
        await AllowedContact.select(AllowedContact.id, AllowedContact.value),
        await User.select(User.id, User.role, User.removed_at).order_by(User.id),
        await StaffInvite.select(StaffInvite.id, StaffInvite.revoked_at).order_by(StaffInvite.id),
    ]


async def test_every_route_refuses_the_wrong_identity_and_never_leaks_another_orgs_data(
    make_client, db
):
    world = await build(make_client)
    app = world.anonymous._transport.app  # type: ignore[attr-defined]
    before = await snapshot()
    problems: list[str] = []
    checked = 0
    for method, template in routes(app):
        path = concrete(template, world.ids)
        sitter_route = is_sitter_route(template)
        has_ids = any(f"{{{name}:" in template for name in world.ids)

        response = await call(world.anonymous, method, path)
        location = response.headers.get("location", "").split("?")[0]  # (?next=the thread)
        to_login = response.status_code == 303 and location in ("/login", "/sitter/login")
        shared_refusal = template in SHARED and response.status_code == 404
        if not (response.status_code in (401, 403) or to_login or shared_refusal):
            problems.append(f"anonymous {method} {path} -> {response.status_code}")

        wrong_kind = world.owner_b if sitter_route else world.sitter_a
        if STREAMS.get(template) != ("owner" if sitter_route else "sitter"):
            response = await call(wrong_kind, method, path)
            shared_refusal = template in SHARED and response.status_code == 404
            if (
                response.status_code not in (401, 403)
                and not response.is_redirect
                and not shared_refusal
            ):
                problems.append(f"wrong kind {method} {path} -> {response.status_code}")

        other = world.sitter_b if sitter_route else world.owner_b
        if template not in STREAMS:
            attempts = [await call(other, method, path)]
            if template.startswith("/api/"):
                attempts.append(await call(world.anonymous, method, path, world.api_b))
            for response in attempts:
                if has_ids and response.status_code not in REFUSED:
                    problems.append(f"other org {method} {path} -> {response.status_code}")
                if leaks(response):
                    problems.append(f"other org {method} {path} shows {leaks(response)}")
        checked += 1
    assert checked > 60
    assert not problems, "\n".join(problems)
    assert await snapshot() == before, "a refused call changed org A's data"


async def test_every_owner_page_renders_with_the_security_headers(make_client, db):
    world = await build(make_client)
    a_owner = await make_client()
    app = a_owner._transport.app  # type: ignore[attr-defined]
    org_a = await Client.objects().where(Client.name == "Zelda Quill").first()
    owner = await User.objects().where(User.org == org_a.org).order_by(User.id).first()
    token = await start_session(org_id=org_a.org, user_id=owner.id, now=_now())
    a_owner.cookies.set("snout_session", token)
    pages = [
        (path, concrete(path, world.ids))
        for method, path in routes(app)
        if method == "GET"
        and not path.startswith("/api/")
        and not is_sitter_route(path)
        and path not in STREAMS
        and path not in SHARED  # files, not pages: see tests/integration/test_media_serving.py
    ]
    assert {"/messages", "/numbers"} <= {path for _, path in pages}
    for template, path in pages:
        response = await a_owner.get(path, follow_redirects=True)
        expected_status = 204 if template in NO_CONTENT else 200
        assert response.status_code == expected_status, f"{path} -> {response.status_code}"
        expected_type = DOWNLOADS.get(path, "text/html")
        if template not in NO_CONTENT:
            assert response.headers["content-type"].startswith(expected_type), path
        csp = response.headers["content-security-policy"]
        assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp, path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "same-origin", path


async def test_session_cookies_are_httponly_samesite_and_secure_behind_https(make_client, db):
    org = await make_org()
    local = await make_client(public_base_url="https://snout.example")
    transport = httpx.ASGITransport(app=local._transport.app)  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=transport, base_url="https://snout.example") as http:
        response = await login(http, org.email, org.password)
    assert response.status_code == 303
    cookie = next(
        value
        for key, value in response.headers.multi_items()
        if key == "set-cookie" and value.startswith("snout_session=")
    )
    attributes = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "samesite=lax"} <= attributes
    plain = await make_client()
    assert "csrftoken" in (await plain.get("/login")).cookies  # plain http (local dev)
    response = await login(plain, org.email, org.password)
    assert "HttpOnly" in response.headers["set-cookie"]


async def test_the_api_never_lists_another_orgs_rows(make_client, db):
    world = await build(make_client)
    for path in ("/api/threads", "/api/sitters", "/api/numbers", "/api/bookings"):
        answer = await api(world.anonymous, _org_b(world), "GET", path)
        assert not any(marker in str(answer) for marker in MARKERS), path


def _org_b(world: World) -> Any:
    class Token:
        auth = world.api_b

    return Token()


async def test_the_csrf_cookie_is_host_only_over_https_and_renewed_at_sign_in(make_client, db):
    org = await make_org()
    local = await make_client(public_base_url="https://snout.example")
    transport = httpx.ASGITransport(app=local._transport.app)  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=transport, base_url="https://snout.example") as http:
        page = await http.get("/login")
        before = page.cookies["__Host-csrftoken"]
        cookie = page.headers["set-cookie"].lower()
        assert cookie.startswith("__host-csrftoken=") and "secure" in cookie and "path=/" in cookie
        assert "domain=" not in cookie
        signed_in = await login(http, org.email, org.password)
        assert signed_in.status_code == 303
        expired = [v for k, v in signed_in.headers.multi_items() if k == "set-cookie"]
        assert any(
            v.startswith('__Host-csrftoken=""') or v.startswith("__Host-csrftoken=;")
            for v in expired
        ), expired
        after = (await http.get("/")).cookies.get("__Host-csrftoken")
        assert after and after != before  # a new token for the new session
