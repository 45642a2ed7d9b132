"""The API keeps to its OpenAPI document: the methods it lists, the types of its JSON bodies,
and what the document says of sign-in and errors (found by tests/integration/test_schemathesis.py).
"""

from __future__ import annotations

from db.tables import Booking, Client
from tests.helpers import at, make_org, new_client


async def test_options_and_405_list_every_method_of_the_path(client, db):
    org = await make_org()
    options = await client.options("/api/clients/1", headers=org.auth)
    assert options.headers["allow"] == "GET, OPTIONS, PATCH"
    options = await client.options("/api/sitters", headers=org.auth)
    assert options.headers["allow"] == "GET, OPTIONS, POST"
    refused = await client.delete("/api/sitters", headers=org.auth)
    assert refused.status_code == 405
    assert refused.headers["allow"] == "GET, OPTIONS, POST"


async def test_a_body_must_have_the_documented_types_not_ones_that_convert(client, db):
    """Litestar would read "5" as 5, 1 as true and 0 as a time in 1970."""
    org = await make_org()
    dana = await new_client(client, org)
    walk = {
        "clientId": dana["id"],
        "serviceType": "dog_walk",
        "startAt": at(60 * 24 * 30),  # in a month (a booking starts at most two years ahead)
        "endAt": at(60 * 24 * 30 + 60),
    }
    for change in ({"clientId": str(dana["id"])}, {"startAt": 1893492000}, {"recurring": 1}):
        response = await client.post("/api/bookings", json={**walk, **change}, headers=org.auth)
        assert response.status_code == 400, change
        assert response.json()["extra"][0]["source"] == "body"
    assert await Booking.count() == 0
    path = f"/api/clients/{dana['id']}"
    response = await client.patch(path, json={"recurring": "true"}, headers=org.auth)
    assert response.status_code == 400
    stored = await Client.objects().get(Client.id == dana["id"])
    assert stored.is_one_time_client
    response = await client.post("/api/bookings", json=walk, headers=org.auth)
    assert response.status_code == 201, response.text


async def test_the_document_says_how_to_sign_in_which_errors_come_and_which_values_go(client, db):
    document = (await client.get("/api/schema/openapi.json")).json()
    schemes = document["components"]["securitySchemes"]
    assert schemes["apiToken"]["scheme"] == "bearer"
    assert schemes["session"] == {**schemes["session"], "in": "cookie", "name": "snout_session"}
    schemas = document["components"]["schemas"]
    operations = [
        (path, operation)
        for path, item in document["paths"].items()
        if path.startswith("/api/") and not path.startswith("/api/schema")
        for operation in item.values()
    ]
    assert len(operations) > 20
    for path, operation in operations:
        assert operation["security"] == [{"apiToken": []}, {"session": []}], path
        assert {"401", "403"} <= set(operation["responses"]), path
        if "{" in path:
            assert "404" in operation["responses"], path
        if "requestBody" in operation:
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            assert schemas[ref.rsplit("/", 1)[-1]]["additionalProperties"] is False, path
    service_type = schemas["BookingIn"]["properties"]["serviceType"]
    assert "dog_walk" in service_type["enum"]
    assert schemas["MeetAndGreetIn"]["properties"]["outcome"]["enum"] == [
        "approved",
        "failed",
        None,
    ]


async def test_a_thread_filter_or_page_beyond_any_id_is_an_empty_page_on_every_database(client, db):
    """PostgreSQL refused such numbers (400, out of range) where SQLite answered an empty page."""
    org = await make_org()
    await new_client(client, org)
    for query in ("clientId=21956072894", "page=2305843009213693952", "clientId=-1&page=-5"):
        response = await client.get(f"/api/threads?{query}", headers=org.auth)
        assert response.status_code == 200, response.text
        assert response.json() == []


async def test_the_api_document_is_served_as_json_and_no_cdn_page_is(client, db):
    document = await client.get("/api/schema/openapi.json")
    assert document.status_code == 200 and document.json()["info"]["title"] == "Snout API"
    root = await client.get("/api/schema")  # the same document, not an HTML page of scripts
    assert "json" in root.headers["content-type"] and "<script" not in root.text
    for path in ("/api/schema/swagger", "/api/schema/redoc", "/api/schema/elements"):
        assert (await client.get(path)).status_code == 404
