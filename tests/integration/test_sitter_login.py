"""Sitters sign in with their phone and a texted one-time code (SPEC section 8, issue 7)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from db.tables import LoginSession, Message, SitterLoginCode
from domain.clock import utcnow
from services import accounts
from services.accounts import MAX_FAILURES_PER_ACCOUNT
from services.sitter_login import MAX_CODES_PER_PHONE, request_sitter_code, verify_sitter_code
from tests.helpers import api, make_org, new_sitter
from tests.sitter_helpers import ask_code, latest_code, sitter_login, verify

PHONE = "+14155550190"
SAM_NUMBER = "+14155558200"  # (outside the range of make_org's front desks)


async def test_a_code_is_texted_from_the_front_desk_through_the_send_pipeline(client):
    org = await make_org()
    await new_sitter(client, org, number=SAM_NUMBER, phone=PHONE)
    response = await ask_code(client, "(415) 555-0190")
    assert response.status_code == 200
    assert "we just texted a 6-digit code" in response.text
    message = await Message.objects().where(Message.kind == "login_code").first()
    assert (message.from_e164, message.to_e164, message.status) == (
        org.front_desk,
        PHONE,
        "queued",
    )
    assert message.thread is None and message.direction == "outbound"
    code = await latest_code(PHONE)
    stored = await SitterLoginCode.objects().first()
    assert code not in stored.code_hash  # only a hash is kept
    assert stored.expires_at - stored.created_at == timedelta(minutes=10)


async def test_the_right_code_signs_in_and_opens_the_conversations(client):
    org = await make_org()
    await new_sitter(client, org, number=SAM_NUMBER, phone=PHONE)
    response = await sitter_login(client, PHONE)
    assert response.headers["location"] == "/sitter"
    set_cookie = next(h for h in response.headers.get_list("set-cookie") if "snout_session=" in h)
    assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie
    home = await client.get("/sitter")
    assert home.status_code == 200
    assert "Conversations" in home.text
    # A sitter session opens no owner page and no API.
    assert (await client.get("/", follow_redirects=False)).status_code == 403
    assert (await client.get("/api/threads")).status_code in (401, 403)


async def test_unknown_inactive_and_offboarded_phones_get_the_same_answer(client):
    org = await make_org()
    sitter = await new_sitter(client, org, number=SAM_NUMBER, phone=PHONE)
    off = await new_sitter(client, org, number="+14155558201", phone="+14155550191", name="Ola")
    await api(client, org, "PATCH", f"/api/sitters/{off['id']}", json={"offboard": True})
    idle = await new_sitter(client, org, number="+14155558202", phone="+14155550192", name="Ida")
    await api(client, org, "PATCH", f"/api/sitters/{idle['id']}", json={"active": False})
    answers = []
    for phone in (PHONE, "+14155550191", "+14155550192", "+14155550999"):
        response = await ask_code(client, phone)
        answers.append((response.status_code, response.text.replace(phone, "PHONE")))
    assert all(answer == answers[0] for answer in answers)
    codes = await Message.objects().where(Message.kind == "login_code")
    assert [m.to_e164 for m in codes] == [PHONE]  # only the active sitter got one
    assert sitter["status"] == "active"


async def test_a_wrong_code_is_refused_without_a_session(client):
    org = await make_org()
    await new_sitter(client, org, number=SAM_NUMBER, phone=PHONE)
    await ask_code(client, PHONE)
    code = await latest_code(PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = await verify(client, PHONE, wrong)
    assert response.status_code == 400
    assert "not right" in response.text
    assert await LoginSession.count() == 0


async def test_a_code_works_once(client):
    org = await make_org()
    await new_sitter(client, org, number=SAM_NUMBER, phone=PHONE)
    await ask_code(client, PHONE)
    code = await latest_code(PHONE)
    assert (await verify(client, PHONE, code)).status_code == 303
    client.cookies.clear()
    assert (await verify(client, PHONE, code)).status_code == 400
    assert await LoginSession.count() == 1


async def test_a_code_expires_after_ten_minutes(db):
    now = utcnow()
    org = await make_org()
    await _sitter_row(org.org_id, PHONE, now)
    await request_sitter_code(phone=PHONE, ip="1.2.3.4", now=now)
    code = await latest_code(PHONE)
    later = now + timedelta(minutes=10)
    assert await verify_sitter_code(phone=PHONE, code=code, ip="1.2.3.4", now=later) is None
    just_in_time = now + timedelta(minutes=9, seconds=59)
    assert await verify_sitter_code(phone=PHONE, code=code, ip="1.2.3.5", now=just_in_time)


async def test_a_new_code_replaces_the_earlier_one(db):
    now = utcnow()
    org = await make_org()
    await _sitter_row(org.org_id, PHONE, now)
    await request_sitter_code(phone=PHONE, ip="1.2.3.4", now=now)
    first = await latest_code(PHONE)
    await request_sitter_code(phone=PHONE, ip="1.2.3.4", now=now + timedelta(seconds=30))
    second = await latest_code(PHONE)
    if first != second:
        assert await verify_sitter_code(phone=PHONE, code=first, ip="1.2.3.4", now=now) is None
    assert await verify_sitter_code(phone=PHONE, code=second, ip="1.2.3.4", now=now)


async def test_wrong_guesses_are_limited_per_phone_even_with_the_right_code_after(db):
    now = utcnow()
    org = await make_org()
    await _sitter_row(org.org_id, PHONE, now)
    await request_sitter_code(phone=PHONE, ip="1.2.3.4", now=now)
    code = await latest_code(PHONE)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for n in range(MAX_FAILURES_PER_ACCOUNT):
        assert await verify_sitter_code(phone=PHONE, code=wrong, ip=f"10.0.0.{n}", now=now) is None
    try:
        await verify_sitter_code(phone=PHONE, code=code, ip="10.0.1.1", now=now)
    except accounts.TooManyAttempts:
        pass
    else:
        raise AssertionError("the right code was accepted after too many wrong guesses")


async def test_code_requests_are_limited_per_phone_and_per_address(client):
    org = await make_org()
    await new_sitter(client, org, number=SAM_NUMBER, phone=PHONE)
    for _ in range(MAX_CODES_PER_PHONE):
        assert (await ask_code(client, PHONE)).status_code == 200
    limited = await ask_code(client, PHONE)
    assert limited.status_code == 429
    assert "Too many" in limited.text
    assert await Message.count().where(Message.kind == "login_code") == MAX_CODES_PER_PHONE
    # The same for an unknown phone: its answer tells nothing more.
    for _ in range(MAX_CODES_PER_PHONE):
        await ask_code(client, "+14155550999")
    assert (await ask_code(client, "+14155550999")).status_code == 429


async def test_code_requests_are_limited_per_address(db):
    now = utcnow()
    for n in range(accounts.MAX_ATTEMPTS_PER_IP):
        await request_sitter_code(phone=f"+1415555{n:04d}", ip="9.9.9.9", now=now)
    try:
        await request_sitter_code(phone="+14155551999", ip="9.9.9.9", now=now)
    except accounts.TooManyAttempts:
        pass
    else:
        raise AssertionError("no limit per address")


async def test_an_unreadable_phone_is_asked_again(client):
    response = await ask_code(client, "call me")
    assert response.status_code == 422
    assert "mobile number" in response.text


async def test_sign_in_rotates_the_session_and_logout_ends_it(client):
    org = await make_org()
    await new_sitter(client, org, number=SAM_NUMBER, phone=PHONE)
    first = (await sitter_login(client, PHONE)).cookies["snout_session"]
    second = (await sitter_login(client, PHONE)).cookies["snout_session"]
    assert first != second
    assert await LoginSession.count() == 1
    await client.get("/sitter")
    response = await client.post(
        "/sitter/logout",
        data={"_csrf_token": client.cookies["csrftoken"]},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/sitter/login"
    assert await LoginSession.count() == 0


async def test_offboarding_ends_the_sitters_session(client, make_client):
    org = await make_org()
    sitter = await new_sitter(client, org, number=SAM_NUMBER, phone=PHONE)
    phone_browser = await make_client()
    await sitter_login(phone_browser, PHONE)
    assert (await phone_browser.get("/sitter")).status_code == 200
    await api(client, org, "PATCH", f"/api/sitters/{sitter['id']}", json={"offboard": True})
    response = await phone_browser.get("/sitter", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sitter/login"


async def test_a_deactivated_sitter_is_signed_out_of_the_pages(client, make_client):
    org = await make_org()
    sitter = await new_sitter(client, org, number=SAM_NUMBER, phone=PHONE)
    phone_browser = await make_client()
    await sitter_login(phone_browser, PHONE)
    await api(client, org, "PATCH", f"/api/sitters/{sitter['id']}", json={"active": False})
    response = await phone_browser.get("/sitter", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sitter/login"


async def test_a_code_sent_by_each_org_signs_in_to_that_org(db):
    now = utcnow()
    first, second = await make_org("First"), await make_org("Second")
    one = await _sitter_row(first.org_id, PHONE, now)
    two = await _sitter_row(second.org_id, PHONE, now)
    await request_sitter_code(phone=PHONE, ip="1.2.3.4", now=now)
    texts = await Message.objects().where(Message.kind == "login_code").order_by(Message.org)
    assert [t.from_e164 for t in texts] == [first.front_desk, second.front_desk]
    code_two = texts[1].body.split()[0]
    token = await verify_sitter_code(phone=PHONE, code=code_two, ip="1.2.3.4", now=now)
    identity = await accounts.identity_for_session(token, now)
    assert (identity.org_id, identity.sitter_id) == (second.org_id, two)
    assert one != two


async def test_concurrent_verifies_of_one_code_open_one_session(db):
    now = utcnow()
    org = await make_org()
    await _sitter_row(org.org_id, PHONE, now)
    await request_sitter_code(phone=PHONE, ip="1.2.3.4", now=now)
    code = await latest_code(PHONE)
    tokens = await asyncio.gather(
        *(verify_sitter_code(phone=PHONE, code=code, ip=f"10.1.0.{n}", now=now) for n in range(8)),
        return_exceptions=True,
    )
    # the losers' failed attempts count toward the phone's limit, so on a slow machine the last
    # ones may already be refused (429) instead of answered None: either way, one session
    assert all(isinstance(t, str | None | accounts.TooManyAttempts) for t in tokens), tokens
    assert len([t for t in tokens if isinstance(t, str)]) == 1
    assert await LoginSession.count() == 1


async def _sitter_row(org_id: int, phone: str, now) -> int:
    from db.tables import Sitter

    sitter = Sitter(org=org_id, name="Sam", phone_e164=phone, status="active", created_at=now)
    await sitter.save()
    return sitter.id
