"""One phone, one role: a business number, a working sitter's phone and a client's phone of an
org are never the same phone (409 with a clear message)."""

from __future__ import annotations

from db.tables import BusinessNumber, Client, Sitter
from tests.helpers import make_org, new_client, new_sitter


async def test_a_client_cannot_have_a_business_number_or_a_sitters_phone(client, db):
    org = await make_org()
    await new_sitter(client, org, number="+14155550200", phone="+14155550190")
    for phone, words in [
        (org.front_desk, "the front desk number"),
        ("+14155550200", "a business number"),
        ("+14155550190", "a sitter's phone"),
    ]:
        response = await client.post(
            "/api/clients", json={"name": "Dana", "phone": phone}, headers=org.auth
        )
        assert response.status_code == 409, response.text
        assert words in response.json()["detail"]
    assert await Client.count() == 0


async def test_a_sitter_cannot_have_a_clients_phone_or_a_business_number(client, db):
    org = await make_org()
    await new_client(client, org, phone="+14155550177")
    for phone, words in [("+14155550177", "a client's phone"), (org.front_desk, "front desk")]:
        response = await client.post(
            "/api/sitters", json={"name": "Sam", "phone": phone, "active": False}, headers=org.auth
        )
        assert response.status_code == 409, response.text
        assert words in response.json()["detail"]
    assert await Sitter.count() == 0


async def test_a_business_number_cannot_be_a_clients_or_a_working_sitters_phone(client, db):
    org = await make_org()
    await new_client(client, org, phone="+14155550177")
    await new_sitter(client, org, number="+14155550200", phone="+14155550190")
    for e164, words in [("+14155550177", "a client's phone"), ("+14155550190", "a sitter's")]:
        response = await client.post(
            "/api/numbers", json={"e164": e164, "numberClass": "pool"}, headers=org.auth
        )
        assert response.status_code == 409, response.text
        assert words in response.json()["detail"]
    assert await BusinessNumber.count() == 2  # the front desk and the sitter's number
