"""Owner sign-in, sessions, CSRF and API tokens (SPEC sections 8-9)."""

from __future__ import annotations

from db.tables import Client, LoginSession
from services.accounts import MAX_ATTEMPTS_PER_IP, MAX_FAILURES_PER_ACCOUNT
from tests.helpers import csrf_from, login, make_org


async def test_login_succeeds_and_opens_the_owner_home(client):
    org = await make_org("Happy Paws")
    response = await login(client, org.email, org.password)
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    cookie = response.cookies.get("snout_session")
    assert cookie
    set_cookie = next(h for h in response.headers.get_list("set-cookie") if "snout_session=" in h)
    assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie
    home = await client.get("/")
    assert home.status_code == 200
    assert "Happy Paws" in home.text


async def test_login_with_wrong_password_is_refused_without_a_session(client):
    org = await make_org()
    response = await login(client, org.email, "not the password")
    assert response.status_code == 400
    assert "do not match" in response.text
    assert await LoginSession.count() == 0
    assert (await client.get("/", follow_redirects=False)).status_code == 303


async def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    response = await login(client, "nobody@example.com", "whatever123")
    assert response.status_code == 400
    assert "do not match" in response.text


async def test_owner_pages_send_anonymous_browsers_to_login(client):
    response = await client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"


async def test_login_is_rate_limited_per_account(client):
    org = await make_org()
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert (await login(client, org.email, "wrong password")).status_code == 400
    # Even the right password is refused until the window passes.
    response = await login(client, org.email, org.password)
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.text
    assert await LoginSession.count() == 0


async def test_login_is_rate_limited_per_address(client):
    for n in range(MAX_ATTEMPTS_PER_IP):
        assert (await login(client, f"someone{n}@example.com", "wrong password")).status_code == 400
    assert (await login(client, "another@example.com", "wrong password")).status_code == 429


async def test_login_rotates_the_session_id(client):
    org = await make_org()
    first = (await login(client, org.email, org.password)).cookies["snout_session"]
    second = (await login(client, org.email, org.password)).cookies["snout_session"]
    assert first != second
    assert await LoginSession.count() == 1  # the earlier session was ended, not kept
    client.cookies.clear()
    client.cookies.set("snout_session", first)
    assert (await client.get("/", follow_redirects=False)).status_code == 303
    client.cookies.clear()
    client.cookies.set("snout_session", second)
    assert (await client.get("/")).status_code == 200


async def test_logout_ends_the_session(client):
    org = await make_org()
    session = (await login(client, org.email, org.password)).cookies["snout_session"]
    page = await client.get("/")
    response = await client.post(
        "/logout", data={"_csrf_token": csrf_from(page.text)}, follow_redirects=False
    )
    assert response.status_code == 303
    assert await LoginSession.count() == 0
    client.cookies.clear()
    client.cookies.set("snout_session", session)
    assert (await client.get("/", follow_redirects=False)).status_code == 303


async def test_post_without_csrf_token_is_forbidden(client):
    org = await make_org()
    response = await client.post("/login", data={"email": org.email, "password": org.password})
    assert response.status_code == 403
    assert await LoginSession.count() == 0


async def test_api_with_session_cookie_needs_csrf_header(client):
    org = await make_org()
    await login(client, org.email, org.password)
    body = {"name": "Dana", "phone": "+14155550177"}
    assert (await client.post("/api/clients", json=body)).status_code == 403
    assert await Client.count() == 0
    page = await client.get("/")
    response = await client.post(
        "/api/clients", json=body, headers={"x-csrftoken": csrf_from(page.text)}
    )
    assert response.status_code == 201


async def test_api_token_authenticates_without_csrf(client):
    org = await make_org("Happy Paws")
    response = await client.get("/api/org", headers=org.auth)
    assert response.status_code == 200
    assert response.json()["name"] == "Happy Paws"
    created = await client.post(
        "/api/clients", json={"name": "Dana", "phone": "(415) 555-0177"}, headers=org.auth
    )
    assert created.status_code == 201
    assert created.json()["phone"] == "+14155550177"
    assert created.json()["isOneTimeClient"] is True


async def test_api_rejects_a_missing_or_wrong_token(client):
    assert (await client.get("/api/org")).status_code == 401
    wrong = {"Authorization": "Bearer snout_not-a-token"}
    assert (await client.get("/api/org", headers=wrong)).status_code == 401


async def test_api_ids_of_another_org_answer_404(client):
    first, second = await make_org("First"), await make_org("Second")
    created = await client.post(
        "/api/clients", json={"name": "Dana", "phone": "+14155550177"}, headers=second.auth
    )
    client_id = created.json()["id"]
    assert (await client.get(f"/api/clients/{client_id}", headers=second.auth)).status_code == 200
    response = await client.get(f"/api/clients/{client_id}", headers=first.auth)
    assert response.status_code == 404
    assert (await client.get("/api/clients/999999", headers=first.auth)).status_code == 404


async def test_invalid_api_input_is_refused_and_writes_nothing(client):
    org = await make_org()
    bad_phone = await client.post(
        "/api/clients", json={"name": "Dana", "phone": "12"}, headers=org.auth
    )
    assert bad_phone.status_code == 422
    assert "phone" in bad_phone.json()["detail"].lower()
    missing = await client.post("/api/clients", json={"phone": "+14155550177"}, headers=org.auth)
    assert missing.status_code == 400
    assert await Client.count() == 0


async def test_every_page_carries_the_security_headers(client):
    for path in ("/login", "/no-such-page", "/static/app.css"):
        response = await client.get(path)
        csp = response.headers["content-security-policy"]
        assert "unsafe-eval" not in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
