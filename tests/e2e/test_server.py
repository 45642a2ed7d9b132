"""The real server: `python app.py serve` on a free port, signed into over HTTP."""

from __future__ import annotations

import httpx

from tests.helpers import make_org


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
