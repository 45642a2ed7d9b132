"""SPEC O3: an owner's notification settings, and the texted code that verifies their phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from db.tables import AuditEvent, Message, NotificationSettings, User
from domain.clock import utcnow
from domain.errors import Invalid, TooManyAttempts
from domain.model import MessageKind
from services import notification_settings as settings
from tests.helpers import make_org
from tests.integration.test_owner_pages import post, signed_in

PHONE = "+14155550142"
HTMX = {"HX-Request": "true"}


async def owner_id(org) -> int:
    return (await User.objects().where(User.email == org.email).first()).id


async def ask(org, user_id, now, phone=PHONE) -> str:
    await settings.request_phone_code(org_id=org.org_id, user_id=user_id, phone=phone, now=now)
    [sms] = (
        await Message.objects()
        .where(Message.to_e164 == phone)
        .order_by(Message.id, ascending=False)
        .limit(1)
    )
    assert sms.from_e164 == org.front_desk and sms.kind == MessageKind.LOGIN_CODE
    return re.match(r"(\d{6}) is your Snout code", sms.body).group(1)


async def verify(org, user_id, code, now):
    return await settings.verify_phone_code(
        org_id=org.org_id, user_id=user_id, actor=f"user:{user_id}", code=code, now=now
    )


async def test_the_texted_code_verifies_the_phone_and_only_its_hash_is_kept(db):
    org = await make_org()
    user_id, now = await owner_id(org), utcnow()
    code = await ask(org, user_id, now)
    row = await NotificationSettings.objects().where(NotificationSettings.user == user_id).first()
    assert code not in row.code_hash and row.phone_verified_at is None
    assert await verify(org, user_id, code, now + timedelta(minutes=9)) == PHONE
    mine = await settings.settings_of(user_id)
    assert mine.phone_verified and mine.phone_e164 == PHONE and mine.pending_phone_e164 == ""
    assert await AuditEvent.exists().where(AuditEvent.action == "notifications.phone_verified")
    with pytest.raises(Invalid):  # a code works once
        await verify(org, user_id, code, now)


async def test_a_wrong_code_is_refused_and_verifies_nothing(db):
    org = await make_org()
    user_id, now = await owner_id(org), utcnow()
    code = await ask(org, user_id, now)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(Invalid, match="wrong"):
        await verify(org, user_id, wrong, now)
    assert not (await settings.settings_of(user_id)).phone_verified
    assert await verify(org, user_id, code, now) == PHONE  # the right one still works


async def test_an_expired_code_is_refused(db):
    org = await make_org()
    user_id, now = await owner_id(org), utcnow()
    code = await ask(org, user_id, now)
    with pytest.raises(Invalid, match="expired"):
        await verify(org, user_id, code, now + timedelta(minutes=10))
    assert not (await settings.settings_of(user_id)).phone_verified


async def test_wrong_codes_and_code_requests_are_limited(db):
    org = await make_org()
    user_id, now = await owner_id(org), utcnow()
    for _ in range(3):
        await ask(org, user_id, now)
    with pytest.raises(TooManyAttempts):
        await ask(org, user_id, now)
    for _ in range(5):
        with pytest.raises(Invalid):
            await verify(org, user_id, "000000x", now)
    with pytest.raises(TooManyAttempts):
        await verify(org, user_id, "123456", now)


async def test_the_settings_page_saves_choices_and_shows_errors_beside_their_field(client):
    org = await make_org()
    await signed_in(client, org)
    page = await client.get("/settings/notifications")
    assert page.status_code == 200 and org.email in page.text
    assert 'href="/settings/notifications" aria-current="page"' in page.text
    bad = await post(client, "/settings/notifications", {"wait_minutes": "soon"}, htmx=True)
    assert bad.status_code == 200 and 'role="alert"' in bad.text and "whole number" in bad.text
    answer = await post(
        client,
        "/settings/notifications",
        {"email": "Me@Example.org", "high_alerts": "true", "wait_minutes": "30"},
        htmx=True,
    )
    assert "saved" in answer.text
    mine = await settings.settings_of(await owner_id(org))
    assert mine.email == "me@example.org" and mine.wants.wait_minutes == 30
    assert mine.wants.high_alerts and not mine.wants.waiting_clients
    plain = await post(client, "/settings/notifications", {"wait_minutes": "0"})
    assert plain.status_code == 422 and "between 1 and 1440" in plain.text


async def test_the_page_texts_a_code_and_verifies_it(client):
    org = await make_org()
    await signed_in(client, org)
    bad = await post(client, "/settings/notifications/phone", {"phone": "12"}, htmx=True)
    assert 'role="alert"' in bad.text
    asked = await post(client, "/settings/notifications/phone", {"phone": "(415) 555-0142"})
    assert asked.status_code == 303
    [sms] = await Message.objects().where(Message.to_e164 == PHONE)
    wrong = await post(
        client, "/settings/notifications/phone/verify", {"code": "999999x"}, htmx=True
    )
    assert "That code is wrong." in wrong.text
    code = sms.body[:6]
    right = await post(client, "/settings/notifications/phone/verify", {"code": code}, htmx=True)
    assert f"Notifications will be texted to {PHONE}" in right.text and "verified" in right.text


async def test_the_api_token_cannot_change_an_owners_notifications(client):
    org = await make_org()
    response = await client.get("/settings/notifications", headers=org.auth)
    assert response.status_code in (303, 401, 403)  # the sign-in page, never the settings
