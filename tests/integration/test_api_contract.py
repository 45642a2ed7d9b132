"""The API keeps to its OpenAPI document: the methods it lists, the types of its JSON bodies,
and what the document says of sign-in and errors (found by tests/integration/test_schemathesis.py).
"""

from __future__ import annotations

from db.tables import Booking, Client
from tests.helpers import make_org, new_client


async def test_options_and_405_list_every_method_of_the_path(client, db):
    org = await make_org()
    options = await client.options("/api/clients/1", headers=org.auth)
    assert options.headers["allow"] == "GET, OPTIONS, PATCH"
    options = await client.options("/api/sitters", headers=org.auth)
    assert options.headers["allow"] == "GET, OPTIONS, POST"
    refused = await client.delete("/api/sitters", headers=org.auth)
    assert refused.status_code == 405
    assert refused.headers["allow"] == "GET, OPTIONS, POST"
