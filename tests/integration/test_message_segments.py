"""O6: every outbound message stores the segments its body costs, and the API shows them."""

from __future__ import annotations

from db.tables import Message
from tests.helpers import make_org
from tests.integration.test_inbound_routing import text


async def test_segments_are_stored_on_outbound_messages_and_shown_by_the_api(client, db):
    org = await make_org()
    received = await text(org.front_desk, "+14155550177", "Hi, can you walk Biscuit?")
    thread_id = received.message.thread
    path = f"/api/threads/{thread_id}/messages"
    short = await client.post(path, json={"body": "Yes, at 3 pm."}, headers=org.auth)
    assert short.status_code == 201 and short.json()["segments"] == 1
    long = await client.post(path, json={"body": "Sure! 🐶 " + "x" * 70}, headers=org.auth)
    assert long.json()["segments"] == 2  # an emoji: UCS-2, parts of 67
    stored = await Message.select(Message.direction, Message.segments).order_by(Message.id)
    assert [(m["direction"], m["segments"]) for m in stored] == [
        ("inbound", 0),
        ("outbound", 1),
        ("outbound", 2),
    ]
    thread = (await client.get(f"/api/threads/{thread_id}", headers=org.auth)).json()
    assert [m["segments"] for m in thread["messages"]] == [0, 1, 2]
    schema = (await client.get("/api/schema/openapi.json")).json()
    assert "segments" in schema["components"]["schemas"]["MessageOut"]["properties"]
