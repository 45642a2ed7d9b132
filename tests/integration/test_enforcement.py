"""Anti-poaching enforcement, SPEC A3-A5 and S2: the sitter's send path through the database."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from db.tables import (
    Alert,
    AntiPoachingAttempt,
    AssignmentWindow,
    AuditEvent,
    LoginSession,
    Message,
    RoutingDecision,
    Sitter,
    Thread,
)
from domain.errors import Forbidden
from domain.model import MessagingFlags
from domain.policy import when_text
from services import enforcement
from services.accounts import start_session
from services.sitters import unlock_sitter
from sms.providers import SimulatorProvider
from sms.worker import run_once
from tests.helpers import api, book, confirm, make_org, new_client, new_sitter
from tests.integration.test_inbound_routing import text

ON = MessagingFlags(messaging_v1=True, sitter_messages_v1=True)
POACHING = "text me on my cell 415 555 0123, easier than the app"
FINE = "Biscuit had a great walk, back home now and fed."
CLIENT_PHONE = "+14155550177"
STATUS_URL = "http://testserver.local/webhooks/twilio/status"


async def walk(client, org, *, start=-10, end=30):
    """Dana, sitter Sam (number +14155550200), a confirmed walk; returns (sam, thread)."""
    dana = await new_client(client, org, recurring=True, phone=CLIENT_PHONE)
    sam = await new_sitter(client, org)
    await confirm(client, org, await book(client, org, dana, sitter=sam, start=start, end=end))
    thread = await Thread.objects().where(Thread.client == dana["id"]).first()
    await run_once(SimulatorProvider(), STATUS_URL)  # the booking confirmation goes out
    return sam, thread


async def send(org, sam, thread, body=POACHING, now=None):
    return await enforcement.sitter_send(
        org_id=org.org_id,
        sitter_id=sam["id"],
        thread_id=thread.id,
        body=body,
        flags=ON,
        now=now or datetime.now(UTC),
    )


async def test_S2_a_sitter_inside_the_window_sends_from_the_sitter_number(client, db):
    org = await make_org()
    sam, thread = await walk(client, org)
    sent = await send(org, sam, thread, FINE)
    assert not sent.blocked and sent.warning == ""
    assert (sent.message.status, sent.message.from_e164) == ("queued", "+14155550200")
    assert sent.message.sender_role == "sitter" and sent.message.sender_sitter == sam["id"]


async def test_S2_outside_the_window_or_in_another_sitters_thread_is_forbidden(client, db):
    org = await make_org()
    sam, thread = await walk(client, org, start=600, end=660)
    with pytest.raises(Forbidden) as refused:
        await send(org, sam, thread, FINE)
    assert refused.value.status == 403 and "next window" in refused.value.message
    kim = await new_sitter(client, org, number="+14155550201", phone="+14155550191", name="Kim")
    with pytest.raises(Forbidden):
        await send(org, kim, thread, FINE)
    assert await Message.count().where(Message.sender_role == "sitter") == 0


async def test_a_sitters_refusal_says_when_the_next_window_starts_in_the_orgs_time_zone(client, db):
    org = await make_org()  # America/Los_Angeles
    sam, thread = await walk(client, org, start=600, end=660)
    with pytest.raises(Forbidden) as refused:
        await send(org, sam, thread, FINE)
    (window,) = await AssignmentWindow.objects()
    assert when_text(window.starts_at, "America/Los_Angeles") in refused.value.message
    assert when_text(window.starts_at, "UTC") not in refused.value.message


async def test_A3_a_blocked_sitter_message_is_stored_never_delivered_and_recorded(client, db):
    org = await make_org()
    sam, thread = await walk(client, org)
    sent = await send(org, sam, thread)
    assert sent.blocked and sent.warning == enforcement.SITTER_WARNING
    assert (sent.message.status, sent.message.blocked) == ("blocked", True)
    assert await run_once(SimulatorProvider(), STATUS_URL) == 0
    attempt = await AntiPoachingAttempt.objects().first()
    assert (attempt.message, attempt.thread, attempt.sender_role, attempt.sitter) == (
        sent.message.id,
        thread.id,
        "sitter",
        sam["id"],
    )
    assert attempt.category == "phone" and attempt.resolution == "open"


def digit_runs(phone: str) -> list[str]:
    digits = re.sub(r"\D", "", phone)
    return [digits[i : i + 4] for i in range(len(digits) - 3)]


async def test_A3_the_warnings_carry_no_digits_of_the_client_number_and_no_match(client, db):
    org = await make_org()
    sam, thread = await walk(client, org)
    await send(org, sam, thread)
    await text("+14155550200", CLIENT_PHONE, "my insta is @dana.walks, dm me there")
    client_warning = await Message.objects().where(Message.kind == "warning").first()
    for warning in (enforcement.SITTER_WARNING, client_warning.body):
        assert not re.search(r"\d", warning.replace(org.front_desk, ""))
        assert not any(run in warning for run in digit_runs(CLIENT_PHONE))
        for matched in ("415", "0123", "insta", "dana.walks", "cell"):
            assert matched not in warning.lower()
    assert client_warning.to_e164 == CLIENT_PHONE


async def test_A4_the_third_offense_locks_the_sitter_and_ends_their_sessions(client, db):
    org = await make_org()
    sam, thread = await walk(client, org)
    await start_session(org_id=org.org_id, sitter_id=sam["id"], now=datetime.now(UTC))
    for _ in range(3):
        assert (await send(org, sam, thread)).blocked
    alerts = await Alert.objects().where(Alert.kind == "anti_poaching").order_by(Alert.id)
    assert [a.severity for a in alerts] == ["normal", "high", "high"]
    locked = await Sitter.objects().where(Sitter.id == sam["id"]).first()
    assert locked.locked_at is not None
    assert await LoginSession.count().where(LoginSession.sitter == sam["id"]) == 0
    with pytest.raises(Forbidden, match="paused"):
        await send(org, sam, thread, FINE)


async def test_A4_unlock_resets_the_count(client, db):
    org = await make_org()
    sam, thread = await walk(client, org)
    for _ in range(3):
        await send(org, sam, thread)
    await unlock_sitter(
        org_id=org.org_id,
        actor="user:1",
        sitter_id=sam["id"],
        reason="Talked it through",
        now=datetime.now(UTC),
    )
    await send(org, sam, thread, now=datetime.now(UTC) + timedelta(seconds=1))
    newest = await Alert.objects().order_by(Alert.id, ascending=False).first()
    assert newest.severity == "normal"
    assert (await Sitter.objects().where(Sitter.id == sam["id"]).first()).locked_at is None


async def test_A4_the_owner_unlocks_through_the_api_with_a_reason(client, db):
    org = await make_org()
    sam, thread = await walk(client, org)
    for _ in range(3):
        await send(org, sam, thread)
    path = f"/api/sitters/{sam['id']}/unlock"
    refused = await client.post(path, json={"reason": " "}, headers=org.auth)
    assert refused.status_code == 422
    await api(client, org, "POST", path, json={"reason": "Reviewed, a vet number"})
    assert (await send(org, sam, thread, FINE)).blocked is False


async def test_A5_override_needs_a_reason(client, db):
    org = await make_org()
    sam, thread = await walk(client, org)
    sent = await send(org, sam, thread)
    for body in ({"reason": ""}, {"reason": "   "}, {}):
        response = await client.post(
            f"/api/messages/{sent.message.id}/override", json=body, headers=org.auth
        )
        assert response.status_code == 400, response.text
        assert response.json()["field"] == "reason"
    stored = await Message.objects().where(Message.id == sent.message.id).first()
    assert stored.status == "blocked"


async def test_A5_override_delivers_from_the_number_it_would_have_used_and_audits(client, db):
    org = await make_org()
    sam, thread = await walk(client, org)
    sent = await send(org, sam, thread)
    answer = await api(
        client,
        org,
        "POST",
        f"/api/messages/{sent.message.id}/override",
        json={"reason": "It is the emergency vet's number"},
    )
    assert (answer["status"], answer["blocked"], answer["fromE164"]) == (
        "queued",
        False,
        "+14155550200",
    )
    assert await run_once(SimulatorProvider(), STATUS_URL) == 1
    attempt = await AntiPoachingAttempt.objects().first()
    assert (attempt.resolution, attempt.resolution_reason) == (
        "overridden",
        "It is the emergency vet's number",
    )
    event = await AuditEvent.objects().where(AuditEvent.action == "antipoaching.overridden").first()
    assert event.reason == "It is the emergency vet's number" and event.actor == "api"
    again = await client.post(
        f"/api/messages/{sent.message.id}/override", json={"reason": "again"}, headers=org.auth
    )
    assert again.status_code == 409


async def test_A5_an_overridden_client_message_goes_where_its_route_would_have_taken_it(client, db):
    org = await make_org()
    sam, _ = await walk(client, org)
    received = await text("+14155550200", CLIENT_PHONE, "what's your real number?")
    assert received.decision.code == "anti_poaching_blocked"
    await api(
        client,
        org,
        "POST",
        f"/api/messages/{received.message.id}/override",
        json={"reason": "Harmless question"},
    )
    decision = await RoutingDecision.objects().first()
    assert (decision.target, decision.sitter, decision.code) == (
        "sitter",
        sam["id"],
        "active_window",
    )
    message = await Message.objects().where(Message.id == received.message.id).first()
    assert not message.blocked and not message.needs_owner_attention
    note = await Message.objects().where(Message.kind == "notification").first()
    assert note.to_e164 == "+14155550190" and CLIENT_PHONE not in note.body


async def test_A5_dismiss_keeps_the_message_undelivered(client, db):
    org = await make_org()
    sam, thread = await walk(client, org)
    sent = await send(org, sam, thread)
    await api(client, org, "POST", f"/api/messages/{sent.message.id}/dismiss", json={})
    attempt = await AntiPoachingAttempt.objects().first()
    assert attempt.resolution == "dismissed"
    assert (await Message.objects().where(Message.id == sent.message.id).first()).status == (
        "blocked"
    )


async def test_override_of_another_orgs_message_is_404(client, db):
    org, other = await make_org(), await make_org("Other Paws")
    sam, thread = await walk(client, org)
    sent = await send(org, sam, thread)
    for action in ("override", "dismiss"):
        response = await client.post(
            f"/api/messages/{sent.message.id}/{action}", json={"reason": "x"}, headers=other.auth
        )
        assert response.status_code == 404
