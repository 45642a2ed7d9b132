"""Hostile input: fuzzed webhooks and API bodies, oversized and non-UTF-8 bodies.

Whatever arrives, the answer is a 2xx or a 4xx with a message, never a server error, and a
webhook without a valid signature writes nothing.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.tables import Message
from tests.helpers import make_org, new_client
from tests.integration.test_webhooks import signed

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(max_size=80)
params = st.dictionaries(
    st.sampled_from(
        ["MessageSid", "From", "To", "Body", "OptOutType", "MessageStatus", "ErrorCode", "x"]
    )
    | text,
    text,
    max_size=8,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=12,
)


@FUZZ
@given(form=params, path=st.sampled_from(["/webhooks/twilio/sms", "/webhooks/twilio/status"]))
async def test_fuzzed_unsigned_webhooks_are_403_and_write_nothing(client, db, form, path):
    response = await client.post(path, data=form)
    assert response.status_code == 403
    assert await Message.count() == 0


@FUZZ
@given(form=params, path=st.sampled_from(["/webhooks/twilio/sms", "/webhooks/twilio/status"]))
async def test_fuzzed_signed_webhooks_never_answer_a_server_error(client, db, form, path):
    response = await client.post(path, data=form, headers=signed(path, form))
    assert response.status_code in (200, 400), response.text


async def test_a_non_utf8_body_and_an_oversized_body_are_refused_cleanly(client, db):
    raw = b"MessageSid=SM1&From=%2B14155550177&Body=\xff\xfe\xfa"
    response = await client.post(
        "/webhooks/twilio/sms",
        content=raw,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code in (400, 403)
    huge = {"Body": "x" * (300 * 1024), "MessageSid": "SM1"}
    response = await client.post("/webhooks/twilio/sms", data=huge)
    assert response.status_code == 413
    org = await make_org()
    response = await client.post(
        "/api/clients",
        content=b'{"name": "\xff\xfe"}',
        headers={**org.auth, "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert await Message.count() == 0


_worlds: dict[int, tuple] = {}


@settings(FUZZ, max_examples=300)
@given(data=st.data())
async def test_fuzzed_bodies_on_every_api_operation_never_answer_a_server_error(client, db, data):
    """A small schemathesis: every operation of the OpenAPI document, with the ids of a real
    client and random JSON bodies built around the documented property names."""
    if id(client) not in _worlds:  # once per test: the database lives across the examples
        org = await make_org()
        dana = await new_client(client, org)
        schema = (await client.get("/api/schema/openapi.json")).json()
        operations = [
            (method.upper(), path, spec)
            for path, item in schema["paths"].items()
            for method, spec in item.items()
            if method in ("get", "post", "patch", "put", "delete")
        ]
        assert len(operations) > 20
        _worlds[id(client)] = (org, dana, schema, operations)
    org, dana, schema, operations = _worlds[id(client)]
    method, template, spec = data.draw(st.sampled_from(operations))
    path = template
    for name in ("client_id", "sitter_id", "booking_id", "thread_id", "message_id"):
        path = path.replace(
            "{" + name + "}", str(data.draw(st.sampled_from([dana["id"], 0, 2**40, 2**70])))
        )
    path = path.replace("{number_id}", str(data.draw(st.integers(-1, 5))))
    names = _property_names(schema, spec)
    body = data.draw(
        st.dictionaries(st.sampled_from(names) if names else text, json_values, max_size=6)
        | json_values
    )
    response = await client.request(
        method,
        path,
        content=json.dumps(body),
        headers={**org.auth, "content-type": "application/json"},
    )
    assert response.status_code < 500, f"{method} {path} {body!r} -> {response.text}"


def _property_names(schema: dict, spec: dict) -> list[str]:
    content = spec.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = content.get("schema", {}).get("$ref", "")
    component = schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    return sorted(component.get("properties", {}))
