"""Builders for the sitter's pages: sign a sitter in with the code they were texted."""

from __future__ import annotations

import re

import httpx

from db.tables import Message


async def latest_code(phone: str) -> str:
    """The code in the newest sign-in text queued to `phone` (what the sitter's phone gets)."""
    message = (
        await Message.objects()
        .where((Message.kind == "login_code") & (Message.to_e164 == phone))
        .order_by(Message.id, ascending=False)
        .first()
    )
    assert message is not None, "no sign-in code was texted"
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match
    return match.group(1)


async def form_post(client: httpx.AsyncClient, path: str, data: dict, **kwargs) -> httpx.Response:
    """A browser form POST: the CSRF cookie's token goes in the `_csrf_token` field."""
    if "csrftoken" not in client.cookies:
        await client.get("/sitter/login")
    token = client.cookies["csrftoken"]
    return await client.post(
        path, data={**data, "_csrf_token": token}, follow_redirects=False, **kwargs
    )


async def ask_code(client: httpx.AsyncClient, phone: str) -> httpx.Response:
    return await form_post(client, "/sitter/login", {"phone": phone})


async def verify(client: httpx.AsyncClient, phone: str, code: str) -> httpx.Response:
    return await form_post(client, "/sitter/login/verify", {"phone": phone, "code": code})


async def sitter_login(client: httpx.AsyncClient, phone: str) -> httpx.Response:
    """Sign in as the sitter with this phone; returns the verify answer (303 to /sitter)."""
    assert (await ask_code(client, phone)).status_code == 200
    response = await verify(client, phone, await latest_code(phone))
    assert response.status_code == 303, response.text
    return response


# -- a seeded org for the sitter's pages ------------------------------------------------------

SAM_PHONE = "+14155550190"
KIM_PHONE = "+14155550191"
DANA = "+14155550177"  # Sam's client now (active window)
ELI = "+14155550178"  # Sam's client tomorrow (upcoming window)
FAY = "+14155550179"  # Kim's client (another sitter's thread)
CLIENT_PHONES = (DANA, ELI, FAY)


async def sitter_world(client: httpx.AsyncClient) -> dict:
    """An org with two sitters (Sam, Kim), three clients and their threads:
    Dana (Sam, window active now), Eli (Sam, window tomorrow), Fay (Kim, active now)."""
    from tests.helpers import api, book, confirm, make_org, new_sitter

    org = await make_org("Happy Paws")
    sam = await new_sitter(client, org, number="+14155558200", phone=SAM_PHONE, name="Sam")
    kim = await new_sitter(client, org, number="+14155558201", phone=KIM_PHONE, name="Kim Lee")
    people = {}
    for name, pet, phone in (
        ("Dana Reyes", "Biscuit", DANA),
        ("Eli Park", "Mochi", ELI),
        ("Fay Wong", "Pepper", FAY),
    ):
        people[phone] = await api(
            client,
            org,
            "POST",
            "/api/clients",
            json={"name": name, "phone": phone, "recurring": True, "petName": pet},
        )
    await confirm(client, org, await book(client, org, people[DANA], sitter=sam))
    await confirm(
        client, org, await book(client, org, people[ELI], sitter=sam, start=24 * 60, end=25 * 60)
    )
    await confirm(client, org, await book(client, org, people[FAY], sitter=kim))
    threads = {}
    for phone, person in people.items():
        found = await api(client, org, "GET", f"/api/threads?clientId={person['id']}")
        items = found["items"] if isinstance(found, dict) else found
        threads[phone] = items[0]["id"]
    return {"org": org, "sam": sam, "kim": kim, "clients": people, "threads": threads}


async def client_texts(org, from_e164: str, body: str, sid: str, to_e164: str | None = None):
    """A client's SMS arrives (the same service the Twilio webhook calls)."""
    from domain.clock import utcnow
    from services.inbound import receive_sms

    return await receive_sms(
        to_e164=to_e164 or org.front_desk,
        from_e164=from_e164,
        body=body,
        provider_sid=sid,
        now=utcnow(),
    )
