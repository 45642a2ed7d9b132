"""The real server: `python app.py serve` on a free port, signed into over HTTP."""

from __future__ import annotations

import httpx

from tests.helpers import at, make_org


async def test_owner_signs_in_over_http_against_the_real_server(live_server, db):
    org = await make_org("Happy Paws")
    async with httpx.AsyncClient(base_url=live_server) as http:
        page = await http.get("/login")
        assert page.status_code == 200
        assert "content-security-policy" in page.headers
        response = await http.post(
            "/login",
            data={
                "email": org.email,
                "password": org.password,
                "_csrf_token": http.cookies["csrftoken"],
            },
        )
        assert response.status_code == 303
        home = await http.get("/")
        assert home.status_code == 200
        assert "Happy Paws" in home.text
        api = await http.get("/api/org", headers=org.auth)
        assert api.json()["name"] == "Happy Paws"


async def test_serve_runs_the_worker_that_delivers_an_owner_send(live_server, db):
    import asyncio

    from db.tables import Message

    org = await make_org()
    async with httpx.AsyncClient(base_url=live_server, headers=org.auth) as http:
        client = (
            await http.post("/api/clients", json={"name": "Dana", "phone": "+14155550177"})
        ).json()
        await http.post(
            "/api/bookings",
            json={
                "clientId": client["id"],
                "serviceType": "dog_walk",
                "startAt": at(60 * 24 * 30),  # at most two years ahead
                "endAt": at(60 * 24 * 30 + 60),
            },
        )
        threads = (await http.get("/api/threads")).json()
        assert threads == []  # nothing confirmed yet
        await http.patch("/api/bookings/1", json={"status": "confirmed"})
        [thread] = (await http.get("/api/threads")).json()
        sent = await http.post(f"/api/threads/{thread['id']}/messages", json={"body": "Hello!"})
        assert sent.status_code == 201
    for _ in range(50):
        statuses = {m.status for m in await Message.objects()}
        if statuses == {"delivered"}:
            break
        await asyncio.sleep(0.1)
    assert statuses == {"delivered"}  # the confirmation and the owner's message
