"""SPEC O5: a manager may do everything but billing, staff and numbers. Every page, htmx
fragment and JSON route of those answers a manager 403 (pages: the "not for your account"
page), their links are not shown, billing messages' text never reaches a manager, and every
audit row names the person who acted. The org's API token stays owner-level."""

from __future__ import annotations

import pytest

from db.tables import AuditEvent, BusinessNumber, StaffInvite, Thread, User
from domain.clock import utcnow
from services import sending
from tests.helpers import api, book, confirm, login, make_org, new_client
from tests.staff_helpers import new_member, owner_id

HTMX = {"HX-Request": "true"}
BILLING_TEXT = "Invoice 1042: 3 walks, $75 due Friday"


async def signed_in(client, email: str, password: str):
    assert (await login(client, email, password)).status_code == 303
    await client.get("/")  # signing in renews the CSRF cookie: a page sets the new one
    return client


@pytest.fixture
async def world(client, make_client):
    """An org with a client, a booking, a thread with a billing message, a pending invitation,
    and a manager signed in on their own browser."""
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    booking = await book(client, org, dana)
    await confirm(client, org, booking)
    thread = await Thread.objects().where(Thread.client == dana["id"]).first()
    number = await BusinessNumber.objects().where(BusinessNumber.org == org.org_id).first()
    await sending.owner_send(
        org_id=org.org_id,
        user_id=await owner_id(org),
        thread_id=thread.id,
        body=BILLING_TEXT,
        billing=True,
        now=utcnow(),
    )
    owner = await signed_in(await make_client(), org.email, org.password)
    form = {"email": "x@example.com", "role": "manager", "_csrf_token": owner.cookies["csrftoken"]}
    await owner.post("/staff", data=form)
    invite = await StaffInvite.objects().where(StaffInvite.email == "x@example.com").first()
    mia = await new_member(org)
    manager = await signed_in(await make_client(), mia.email, mia.password)
    return {
        "org": org, "owner": owner, "manager": manager, "mia": mia, "thread": thread.id,
        "booking": booking["id"], "number": number.id, "invite": invite.id,
        "owner_id": await owner_id(org),
    }  # fmt: skip


def gated_pages(w) -> list[str]:
    return ["/numbers", "/numbers/", "/staff", "/staff/"]


def gated_posts(w) -> list[tuple[str, dict]]:
    """Every form of the owner-only areas, and the composer's billing kinds."""
    n, u, i, t, b = w["number"], w["owner_id"], w["invite"], w["thread"], w["booking"]
    return [
        ("/numbers", {"e164": "+14155550300", "number_class": "pool"}),
        (f"/numbers/{n}/quarantine", {"duration": "7", "reason": "spam"}),
        (f"/numbers/{n}/release", {"force_restore": "true", "restore_reason": "ok"}),
        (f"/numbers/{n}/retire", {"reason": "spam"}),
        ("/numbers/front-desk/replace", {"e164": "+14155550301", "reason": "new desk"}),
        ("/staff", {"email": "y@example.com", "role": "owner"}),
        (f"/staff/{u}/role", {"role": "manager"}),
        (f"/staff/{u}/remove", {}),
        (f"/staff/invites/{i}/revoke", {}),
        (f"/messages/{t}/send", {"kind": "billing", "body": "Pay up"}),
        (f"/messages/{t}/send", {"kind": "payment_link", "booking_id": str(b),
                                 "url": "https://pay.example.com/x"}),
    ]  # fmt: skip


def gated_api(w) -> list[tuple[str, str, dict | None]]:
    n, t, b = w["number"], w["thread"], w["booking"]
    return [
        ("GET", "/api/numbers", None),
        ("POST", "/api/numbers", {"e164": "+14155550300", "numberClass": "pool"}),
        ("POST", f"/api/numbers/{n}/quarantine", {"duration": "7", "reason": "spam"}),
        ("POST", f"/api/numbers/{n}/release", {"forceRestore": True, "restoreReason": "ok"}),
        ("POST", f"/api/numbers/{n}/retire", {"reason": "spam"}),
        ("POST", "/api/numbers/front-desk/replace", {"e164": "+14155550301", "reason": "new desk"}),
        ("POST", f"/api/threads/{t}/messages", {"body": "Pay up", "billing": True}),
        ("POST", f"/api/bookings/{b}/payment-link", {"url": "https://pay.example.com/x"}),
    ]


async def test_O5_a_manager_gets_the_forbidden_page_on_numbers_and_staff(world):
    for url in gated_pages(world):
        for headers in ({}, HTMX):
            response = await world["manager"].get(url, headers=headers)
            assert response.status_code == 403, url
            assert "This page is not for your account" in response.text


async def test_O5_a_manager_gets_403_on_every_owner_only_form_and_nothing_changes(world):
    manager = world["manager"]
    audit_rows = await AuditEvent.count()
    for url, data in gated_posts(world):
        for headers in ({}, HTMX):
            body = {**data, "_csrf_token": manager.cookies["csrftoken"]}
            response = await manager.post(url, data=body, headers=headers)
            assert response.status_code == 403, url
    assert await AuditEvent.count() == audit_rows
    assert await StaffInvite.count() == 2
    owner = await User.objects().where(User.id == world["owner_id"]).first()
    assert owner.role == "owner" and owner.removed_at is None


async def test_O5_a_manager_gets_403_on_every_owner_only_api_route_with_their_session(world):
    manager = world["manager"]
    headers = {"x-csrftoken": manager.cookies["csrftoken"]}
    for method, url, body in gated_api(world):
        response = await manager.request(method, url, json=body, headers=headers)
        assert response.status_code == 403, (method, url, response.text)


async def test_O5_the_org_api_token_stays_owner_level(world, client):
    org = world["org"]
    assert await api(client, org, "GET", "/api/numbers")
    sent = await api(client, org, "POST", f"/api/threads/{world['thread']}/messages",
                     json={"body": "Thanks for paying", "billing": True})  # fmt: skip
    assert sent["billing"] is True


async def test_O5_a_manager_sees_no_link_to_numbers_or_staff_and_no_billing_choice(world):
    manager = world["manager"]
    for url in ("/", "/messages", "/bookings", f"/messages/{world['thread']}"):
        page = await manager.get(url)
        assert page.status_code == 200, url
        assert 'href="/numbers"' not in page.text and 'href="/staff"' not in page.text, url
    composer = (await manager.get(f"/messages/{world['thread']}")).text
    assert 'value="billing"' not in composer and 'value="payment_link"' not in composer
    home = (await world["owner"].get(f"/messages/{world['thread']}")).text
    assert 'href="/numbers"' in home and 'href="/staff"' in home and 'value="billing"' in home


async def test_O5_a_manager_never_sees_a_billing_messages_text(world):
    manager, thread = world["manager"], world["thread"]
    headers = {"x-csrftoken": manager.cookies["csrftoken"]}
    for url in (f"/messages/{thread}", f"/messages/{thread}/body", "/messages?tab=conversations",
                "/messages/conversations", f"/api/threads/{thread}"):  # fmt: skip
        response = await manager.get(url, headers=headers)
        assert response.status_code == 200, url
        assert "Invoice 1042" not in response.text, url


async def test_O5_a_manager_still_sends_normal_messages(world):
    manager, thread = world["manager"], world["thread"]
    body = {"kind": "normal", "body": "Biscuit had a great walk", "_csrf_token":
            manager.cookies["csrftoken"]}  # fmt: skip
    response = await manager.post(f"/messages/{thread}/send", data=body, follow_redirects=False)
    assert response.status_code == 303


async def test_O5_every_audit_row_names_the_person_who_acted(world, client):
    manager, mia = world["manager"], world["mia"]
    csrf = manager.cookies["csrftoken"]
    archived = await manager.post(f"/messages/{world['thread']}/archive",
                                  data={"_csrf_token": csrf}, follow_redirects=False)  # fmt: skip
    assert archived.status_code == 303
    row = await AuditEvent.objects().where(AuditEvent.action == "thread.archived").first()
    assert row is not None
    assert (row.actor, row.actor_name) == (f"user:{mia.user_id}", "Mia Lopez")
    invited = await AuditEvent.objects().where(AuditEvent.action == "staff.invited").first()
    assert invited.actor_name == world["org"].email  # the owner has no name yet: their email
    await api(client, world["org"], "PATCH", "/api/org", json={"quietHoursStart": "22:00"})
    by_token = await AuditEvent.objects().order_by(AuditEvent.id, ascending=False).first()
    assert (by_token.actor, by_token.actor_name) == ("api", "API token")
    assert not await AuditEvent.exists().where(AuditEvent.actor_name == "")
    activity = (await world["owner"].get("/staff")).text
    assert "Mia Lopez" in activity and "thread: archived" in activity
