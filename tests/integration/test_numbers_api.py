"""Business numbers through /api/numbers: SPEC N1, N4 (recycling) and N5."""

from __future__ import annotations

from datetime import timedelta

from db.tables import AuditEvent, BusinessNumber
from domain.clock import utcnow
from domain.policy import when_text
from services.numbers import end_finished_quarantines
from tests.helpers import make_org


async def register(client, org, e164: str, number_class: str = "sitter") -> dict:
    response = await client.post(
        "/api/numbers", json={"e164": e164, "numberClass": number_class}, headers=org.auth
    )
    assert response.status_code == 201, response.text
    return response.json()


async def front_desk_id(client, org) -> int:
    listed = (await client.get("/api/numbers", headers=org.auth)).json()
    return next(n["id"] for n in listed if n["numberClass"] == "front_desk")


async def quarantine(client, org, number_id: int, **body):
    return await client.post(f"/api/numbers/{number_id}/quarantine", json=body, headers=org.auth)


async def audits(action: str) -> list[dict]:
    return await AuditEvent.select().where(AuditEvent.action == action).output(load_json=True)


async def test_registering_a_number_answers_the_number(client):
    org = await make_org()
    body = await register(client, org, "(415) 555-7001", "pool")
    assert body == {
        "id": body["id"],
        "e164": "+14155557001",
        "numberClass": "pool",
        "status": "active",
        "assignedSitterId": None,
        "wasSitterIdentity": False,
        "quarantinedUntil": None,
        "cooldownUntil": None,
        "statusReason": "",
    }
    listed = (await client.get("/api/numbers", headers=org.auth)).json()
    assert [n["e164"] for n in listed] == [org.front_desk, "+14155557001"]
    assert len(await audits("number.registered")) == 1


async def test_N1_second_front_desk_is_refused(client):
    org = await make_org()
    response = await client.post(
        "/api/numbers", json={"e164": "+14155557002", "numberClass": "front_desk"}, headers=org.auth
    )
    assert response.status_code == 409
    assert "front-desk" in response.json()["detail"]
    assert await BusinessNumber.count() == 1


async def test_a_number_registered_anywhere_is_refused(client):
    org, other = await make_org(), await make_org("Other")
    await register(client, org, "+14155557003")
    for who in (org, other):
        response = await client.post(
            "/api/numbers",
            json={"e164": "+1 415 555 7003", "numberClass": "pool"},
            headers=who.auth,
        )
        assert response.status_code == 409
        assert "already registered" in response.json()["detail"]
    assert await BusinessNumber.count() == 3


async def test_bad_input_is_refused_with_a_message_and_writes_nothing(client):
    org = await make_org()
    bad_phone = await client.post(
        "/api/numbers", json={"e164": "555-1234", "numberClass": "pool"}, headers=org.auth
    )
    assert bad_phone.status_code == 422
    assert bad_phone.json()["field"] == "e164"
    assert "too short" in bad_phone.json()["detail"]
    bad_class = await client.post(
        "/api/numbers", json={"e164": "+14155557004", "numberClass": "vip"}, headers=org.auth
    )
    assert bad_class.status_code == 422
    assert "front_desk, sitter, pool" in bad_class.json()["detail"]
    unknown_field = await client.post(
        "/api/numbers",
        json={"e164": "+14155557004", "numberClass": "pool", "status": "active"},
        headers=org.auth,
    )
    assert unknown_field.status_code == 400
    assert await BusinessNumber.count() == 1
    assert len(await audits("number.registered")) == 0


async def test_N1_only_front_desk_cannot_be_quarantined(client):
    org = await make_org()
    number_id = await front_desk_id(client, org)
    response = await quarantine(client, org, number_id, duration="7")
    assert response.status_code == 409
    assert "only front-desk" in response.json()["detail"]
    row = await BusinessNumber.objects().get(BusinessNumber.id == number_id)
    assert row.status == "active"


async def test_N5_quarantine_durations_and_custom_days(client):
    org = await make_org()
    number = await register(client, org, "+14155557010", "pool")
    for body, days in (
        ({}, 90),
        ({"duration": "1"}, 1),
        ({"duration": "14", "reason": "spam wave"}, 14),
        ({"duration": "custom", "customDays": 1}, 1),
        ({"duration": "custom", "customDays": 365}, 365),
    ):
        before = utcnow()
        response = await quarantine(client, org, number["id"], **body)
        assert response.status_code == 200, response.text
        answer = response.json()
        assert answer["status"] == "quarantined"
        until = (
            await BusinessNumber.objects().get(BusinessNumber.id == number["id"])
        ).quarantined_until
        assert before + timedelta(days=days) <= until <= utcnow() + timedelta(days=days)
    assert answer["statusReason"] == ""
    assert len(await audits("number.quarantined")) == 5

    for body in (
        {"duration": "custom", "customDays": 0},
        {"duration": "custom", "customDays": 366},
        {"duration": "2"},
        {"duration": "forever"},
    ):
        response = await quarantine(client, org, number["id"], **body)
        assert response.status_code == 422, body
        assert "days" in response.json()["detail"]
    assert (
        await BusinessNumber.objects().get(BusinessNumber.id == number["id"])
    ).quarantined_until == until
    assert len(await audits("number.quarantined")) == 5
    unknown = await quarantine(client, org, number["id"], duration="7", days=3)
    assert unknown.status_code == 400


async def test_N5_a_quarantine_request_says_one_thing_custom_with_days_or_fixed_without(client):
    org = await make_org()
    number = await register(client, org, "+14155557010", "pool")
    for body, words in (
        ({"duration": "custom", "customDays": None}, "custom quarantine needs customDays"),
        ({"duration": "custom"}, "custom quarantine needs customDays"),
        ({"duration": "1", "customDays": 50}, 'only with the duration "custom"'),
    ):
        response = await quarantine(client, org, number["id"], **body)
        assert response.status_code == 422, body
        assert words in response.json()["detail"]
    row = await BusinessNumber.objects().get(BusinessNumber.id == number["id"])
    assert row.status == "active" and row.quarantined_until is None


async def test_N5_quarantined_number_keeps_its_reason(client):
    org = await make_org()
    number = await register(client, org, "+14155557011", "pool")
    answer = (await quarantine(client, org, number["id"], duration="3", reason=" spam ")).json()
    assert answer["statusReason"] == "spam"
    (event,) = await audits("number.quarantined")
    assert event["reason"] == "spam"
    assert event["payload"]["duration"] == "3"


async def test_N5_restore_now_requires_a_reason(client):
    org = await make_org()
    number = await register(client, org, "+14155557012", "pool")
    await quarantine(client, org, number["id"], duration="30")
    for body in ({"forceRestore": True}, {"forceRestore": True, "restoreReason": "  "}):
        response = await client.post(
            f"/api/numbers/{number['id']}/release", json=body, headers=org.auth
        )
        assert response.status_code == 400
        assert response.json()["field"] == "restoreReason"
        assert "reason" in response.json()["detail"]
    row = await BusinessNumber.objects().get(BusinessNumber.id == number["id"])
    assert row.status == "quarantined"
    assert await audits("number.restored") == []


async def test_N5_release_before_the_end_without_force_is_refused(client):
    org = await make_org()
    number = await register(client, org, "+14155557013", "pool")
    await quarantine(client, org, number["id"], duration="30")
    response = await client.post(f"/api/numbers/{number['id']}/release", json={}, headers=org.auth)
    assert response.status_code == 409
    assert "Restore now" in response.json()["detail"]
    row = await BusinessNumber.objects().get(BusinessNumber.id == number["id"])
    local = when_text(row.quarantined_until, "America/Los_Angeles")  # the org's time zone
    assert f"quarantined until {local}." in response.json()["detail"]


async def test_N5_restore_now_is_audited_with_both_fields(client):
    org = await make_org()
    number = await register(client, org, "+14155557014", "pool")
    await quarantine(client, org, number["id"], duration="90")
    response = await client.post(
        f"/api/numbers/{number['id']}/release",
        json={"forceRestore": True, "restoreReason": "carrier fixed the filtering"},
        headers=org.auth,
    )
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    assert response.json()["quarantinedUntil"] is None
    (event,) = await audits("number.restored")
    assert event["reason"] == "carrier fixed the filtering"
    assert event["payload"]["forceRestore"] is True
    assert event["payload"]["restoreReason"] == "carrier fixed the filtering"
    assert event["actor"] == "api"
    again = await client.post(f"/api/numbers/{number['id']}/release", json={}, headers=org.auth)
    assert again.status_code == 409


async def test_N5_quarantine_ends_by_itself(client):
    org = await make_org()
    number = await register(client, org, "+14155557015", "pool")
    await quarantine(client, org, number["id"], duration="1", reason="test")
    await BusinessNumber.update({BusinessNumber.quarantined_until: utcnow()}).where(
        BusinessNumber.id == number["id"]
    )
    listed = (await client.get("/api/numbers", headers=org.auth)).json()
    answer = next(n for n in listed if n["id"] == number["id"])
    assert answer["status"] == "active"
    assert answer["quarantinedUntil"] is None
    row = await BusinessNumber.objects().get(BusinessNumber.id == number["id"])
    assert row.status == "quarantined"  # reads never write: the worker ends it
    assert await end_finished_quarantines(utcnow()) == [number["id"]]
    row = await BusinessNumber.objects().get(BusinessNumber.id == number["id"])
    assert (row.status, row.quarantined_until, row.status_reason) == ("active", None, "")
    (event,) = await audits("number.quarantine_ended")
    assert event["actor"] == "system"


async def test_N5_release_after_the_end_restores_without_a_reason(client):
    org = await make_org()
    number = await register(client, org, "+14155557016", "pool")
    await quarantine(client, org, number["id"], duration="1")
    await BusinessNumber.update(
        {BusinessNumber.quarantined_until: utcnow() - timedelta(minutes=1)}
    ).where(BusinessNumber.id == number["id"])
    response = await client.post(f"/api/numbers/{number['id']}/release", json={}, headers=org.auth)
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    (event,) = await audits("number.restored")
    assert event["payload"]["forceRestore"] is False


async def test_number_routes_answer_404_for_another_orgs_number(client):
    org, other = await make_org(), await make_org("Other")
    theirs = await register(client, other, "+14155557017", "pool")
    for path, body in (
        ("quarantine", {"duration": "7"}),
        ("release", {"forceRestore": True, "restoreReason": "mine now"}),
    ):
        response = await client.post(
            f"/api/numbers/{theirs['id']}/{path}", json=body, headers=org.auth
        )
        assert response.status_code == 404
    missing = await client.post("/api/numbers/999999/release", json={}, headers=org.auth)
    assert missing.status_code == 404
    listed = (await client.get("/api/numbers", headers=org.auth)).json()
    assert theirs["id"] not in [n["id"] for n in listed]
    row = await BusinessNumber.objects().get(BusinessNumber.id == theirs["id"])
    assert row.status == "active"


async def test_numbers_need_an_owner(client):
    assert (await client.get("/api/numbers")).status_code == 401
