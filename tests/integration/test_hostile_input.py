"""Hostile input: fuzzed webhooks, oversized and non-UTF-8 bodies.

Whatever arrives, the answer is a 2xx or a 4xx with a message, never a server error, and a
webhook without a valid signature writes nothing. The API's operations are fuzzed from their
OpenAPI document in tests/integration/test_schemathesis.py.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.tables import Message
from tests.helpers import make_org
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
