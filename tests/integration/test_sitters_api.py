"""Sitters through /api/sitters: SPEC N2-N4 and the unlock."""

from __future__ import annotations

from datetime import timedelta

from db.tables import (
    Alert,
    AssignmentWindow,
    AuditEvent,
    Booking,
    BusinessNumber,
    Client,
    LoginSession,
    Sitter,
    Thread,
)
from domain.clock import utcnow
from services.accounts import start_session
from tests.helpers import make_org


async def register(client, org, e164: str, number_class: str = "sitter") -> dict:
    response = await client.post(
        "/api/numbers", json={"e164": e164, "numberClass": number_class}, headers=org.auth
    )
    assert response.status_code == 201, response.text
    return response.json()


async def create_sitter(client, org, phone: str, active: bool = True, name: str = "Sam") -> dict:
    response = await client.post(
        "/api/sitters", json={"name": name, "phone": phone, "active": active}, headers=org.auth
    )
    assert response.status_code == 201, response.text
    return response.json()


async def patch(client, org, sitter_id: int, **body):
    return await client.patch(f"/api/sitters/{sitter_id}", json=body, headers=org.auth)


async def test_N2_activation_assigns_a_dedicated_number(client):
    org = await make_org()
    await register(client, org, "+14155558001", "pool")
    number = await register(client, org, "+14155558002")
    sitter = await create_sitter(client, org, "(415) 555-9001")
    assert sitter == {
        "id": sitter["id"],
        "name": "Sam",
        "phone": "+14155559001",
        "status": "active",
        "locked": False,
        "lockedReason": "",
        "maskedNumber": {"id": number["id"], "e164": "+14155558002"},
    }
    row = await BusinessNumber.objects().get(BusinessNumber.id == number["id"])
    assert (row.assigned_sitter, row.was_sitter_identity) == (sitter["id"], True)
    assert await Alert.count() == 0
    shown = (await client.get(f"/api/sitters/{sitter['id']}", headers=org.auth)).json()
    assert shown == sitter


async def test_N2_an_inactive_sitter_gets_no_number_until_activated(client):
    org = await make_org()
    number = await register(client, org, "+14155558003")
    sitter = await create_sitter(client, org, "+14155559002", active=False)
    assert (sitter["status"], sitter["maskedNumber"]) == ("inactive", None)
    activated = (await patch(client, org, sitter["id"], active=True)).json()
    assert activated["status"] == "active"
    assert activated["maskedNumber"]["id"] == number["id"]


async def test_N2_reactivation_keeps_the_same_number(client):
    org = await make_org()
    first = await register(client, org, "+14155558004")
    await register(client, org, "+14155558005")
    sitter = await create_sitter(client, org, "+14155559003")
    for _ in range(3):
        response = await patch(client, org, sitter["id"], active=True)
        assert response.status_code == 200
        assert response.json()["maskedNumber"]["id"] == first["id"]
    assert await BusinessNumber.count().where(BusinessNumber.assigned_sitter.is_not_null()) == 1


async def test_N2_no_free_number_raises_an_owner_alert(client):
    org = await make_org()
    await register(client, org, "+14155558006", "pool")
    sitter = await create_sitter(client, org, "+14155559004")
    assert (sitter["status"], sitter["maskedNumber"]) == ("active", None)
    (alert,) = await Alert.select().where(Alert.kind == "sitter_without_number")
    assert alert["sitter"] == sitter["id"]
    assert "Sam" in alert["text"]
    await patch(client, org, sitter["id"], active=True)
    assert await Alert.count() == 1  # not raised again while it is open

    number = await register(client, org, "+14155558007")
    again = (await patch(client, org, sitter["id"], active=True)).json()
    assert again["maskedNumber"]["id"] == number["id"]
    assert await Alert.count().where(Alert.resolved_at.is_null()) == 0


async def test_N3_number_persists_across_activation_toggles(client):
    org = await make_org()
    number = await register(client, org, "+14155558008")
    await register(client, org, "+14155558009")
    sitter = await create_sitter(client, org, "+14155559005")
    off = (await patch(client, org, sitter["id"], active=False)).json()
    assert off["status"] == "inactive"
    assert off["maskedNumber"]["id"] == number["id"]
    other = await create_sitter(client, org, "+14155559006", name="Kim")
    assert other["maskedNumber"]["id"] != number["id"]
    on = (await patch(client, org, sitter["id"], active=True)).json()
    assert on["maskedNumber"]["id"] == number["id"]
    actions = [e["action"] for e in await AuditEvent.select(AuditEvent.action)]
    assert actions.count("sitter.deactivated") == 1
    assert actions.count("sitter.activated") == 3


async def test_N3_a_quarantined_number_stays_the_sitters(client):
    org = await make_org()
    number = await register(client, org, "+14155558010")
    await register(client, org, "+14155558011")
    sitter = await create_sitter(client, org, "+14155559007")
    await client.post(
        f"/api/numbers/{number['id']}/quarantine", json={"duration": "3"}, headers=org.auth
    )
    again = (await patch(client, org, sitter["id"], active=True)).json()
    assert again["maskedNumber"]["id"] == number["id"]


async def make_thread_with_windows(org_id: int, sitter_id: int):
    now = utcnow()
    client_row = Client(org=org_id, name="Pat", phone_e164="+14155550999", created_at=now)
    await client_row.save()
    thread = Thread(
        org=org_id,
        client=client_row.id,
        assigned_sitter=sitter_id,
        last_activity_at=now,
        created_at=now,
    )
    await thread.save()
    windows = []
    for start, end in ((-3, -2), (-1, 1), (2, 3)):  # over, active, upcoming (hours)
        booking = Booking(
            org=org_id,
            client=client_row.id,
            sitter=sitter_id,
            service_type="drop_in",
            starts_at=now + timedelta(hours=start),
            ends_at=now + timedelta(hours=end),
            status="confirmed",
            created_at=now,
            updated_at=now,
        )
        await booking.save()
        window = AssignmentWindow(
            org=org_id,
            thread=thread.id,
            booking=booking.id,
            sitter=sitter_id,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            created_at=now,
        )
        await window.save()
        windows.append(window.id)
    return thread.id, windows


async def test_N4_offboarding_cools_down_the_number_closes_windows_and_ends_sessions(client):
    org = await make_org()
    number = await register(client, org, "+14155558012")
    sitter = await create_sitter(client, org, "+14155559008")
    thread_id, (over, active, upcoming) = await make_thread_with_windows(org.org_id, sitter["id"])
    await start_session(org_id=org.org_id, sitter_id=sitter["id"], now=utcnow())
    before = utcnow()

    response = await patch(client, org, sitter["id"], offboard=True)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["maskedNumber"]) == ("offboarded", None)

    row = await BusinessNumber.objects().get(BusinessNumber.id == number["id"])
    assert row.status == "cooldown"
    assert row.was_sitter_identity and row.assigned_sitter == sitter["id"]
    assert before + timedelta(days=90) <= row.cooldown_until <= utcnow() + timedelta(days=90)
    closed = {
        w["id"]: w["closed_at"]
        for w in await AssignmentWindow.select(AssignmentWindow.id, AssignmentWindow.closed_at)
    }
    assert closed[over] is None  # already over: its history is left as it was
    assert closed[active] is not None and closed[upcoming] is not None
    thread = await Thread.objects().get(Thread.id == thread_id)
    assert thread.assigned_sitter is None
    assert await LoginSession.count().where(LoginSession.sitter == sitter["id"]) == 0
    sitter_row = await Sitter.objects().get(Sitter.id == sitter["id"])
    assert sitter_row.offboarded_at is not None
    assert await Booking.count() == 3  # nothing deleted
    (event,) = (
        await AuditEvent.select()
        .where(AuditEvent.action == "sitter.offboarded")
        .output(load_json=True)
    )
    assert event["payload"]["cooldownNumberIds"] == [number["id"]]

    listed = (await client.get("/api/numbers", headers=org.auth)).json()
    assert next(n for n in listed if n["id"] == number["id"])["status"] == "cooldown"
    again = await patch(client, org, sitter["id"], offboard=True)
    assert again.status_code == 200
    refused = await patch(client, org, sitter["id"], active=True)
    assert refused.status_code == 409


async def test_N4_cooled_down_number_is_never_another_sitters_identity(client):
    org = await make_org()
    number = await register(client, org, "+14155558013")
    first = await create_sitter(client, org, "+14155559009")
    await patch(client, org, first["id"], offboard=True)

    early = await client.post(f"/api/numbers/{number['id']}/release", json={}, headers=org.auth)
    assert early.status_code == 409
    assert "cooldown" in early.json()["detail"]
    forced = await client.post(
        f"/api/numbers/{number['id']}/release",
        json={"forceRestore": True, "restoreReason": "need it"},
        headers=org.auth,
    )
    assert forced.status_code == 409

    second = await create_sitter(client, org, "+14155559010", name="Kim")
    assert second["maskedNumber"] is None  # the cooling number is not handed out

    await BusinessNumber.update({BusinessNumber.cooldown_until: utcnow()}).where(
        BusinessNumber.id == number["id"]
    )
    recycled = await client.post(f"/api/numbers/{number['id']}/release", json={}, headers=org.auth)
    assert recycled.status_code == 200
    body = recycled.json()
    assert (body["numberClass"], body["status"]) == ("pool", "active")
    assert (body["assignedSitterId"], body["wasSitterIdentity"]) == (None, True)

    third = await create_sitter(client, org, "+14155559011", name="Lee")
    assert third["maskedNumber"] is None
    again = (await patch(client, org, second["id"], active=True)).json()
    assert again["maskedNumber"] is None


async def test_offboarded_sitters_phone_may_be_used_again(client):
    org = await make_org()
    sitter = await create_sitter(client, org, "+14155559012", active=False)
    duplicate = await client.post(
        "/api/sitters",
        json={"name": "Twin", "phone": "+14155559012", "active": False},
        headers=org.auth,
    )
    assert duplicate.status_code == 409
    await patch(client, org, sitter["id"], offboard=True)
    await create_sitter(client, org, "+14155559012", active=False, name="Back")
    listed = (await client.get("/api/sitters", headers=org.auth)).json()
    assert [s["status"] for s in listed] == ["offboarded", "inactive"]


async def test_unlock_requires_a_reason_and_is_audited(client):
    org = await make_org()
    sitter = await create_sitter(client, org, "+14155559013", active=False)
    await Sitter.update(
        {Sitter.locked_at: utcnow(), Sitter.locked_reason: "three blocked messages"}
    ).where(Sitter.id == sitter["id"])
    assert (await client.get(f"/api/sitters/{sitter['id']}", headers=org.auth)).json()["locked"]

    for body in ({"reason": " "}, {}):
        response = await client.post(
            f"/api/sitters/{sitter['id']}/unlock", json=body, headers=org.auth
        )
        assert response.status_code in (400, 422)
    assert (await Sitter.objects().get(Sitter.id == sitter["id"])).locked_at is not None

    response = await client.post(
        f"/api/sitters/{sitter['id']}/unlock",
        json={"reason": "talked it through"},
        headers=org.auth,
    )
    assert response.status_code == 200
    assert (response.json()["locked"], response.json()["lockedReason"]) == (False, "")
    (event,) = (
        await AuditEvent.select()
        .where(AuditEvent.action == "sitter.unlocked")
        .output(load_json=True)
    )
    assert event["reason"] == "talked it through"
    assert event["payload"]["lockedReason"] == "three blocked messages"


async def test_bad_sitter_input_is_refused_with_a_message(client):
    org = await make_org()
    cases = (
        ({"name": "Sam", "phone": "12", "active": True}, 422, "phone"),
        ({"name": " ", "phone": "+14155559014", "active": True}, 422, "name"),
        ({"name": "Sam", "phone": "+14155559014", "active": True, "role": "x"}, 400, None),
        ({"name": "Sam", "phone": "+14155559014"}, 400, None),
    )
    for body, status, field in cases:
        response = await client.post("/api/sitters", json=body, headers=org.auth)
        assert response.status_code == status, body
        assert response.json()["detail"]
        if field:
            assert response.json()["field"] == field
    assert await Sitter.count() == 0
    sitter = await create_sitter(client, org, "+14155559014", active=False)
    both = await patch(client, org, sitter["id"], active=True, offboard=True)
    assert both.status_code == 422
    assert (await patch(client, org, sitter["id"], fired=True)).status_code == 400
    assert (await Sitter.objects().get(Sitter.id == sitter["id"])).status == "inactive"


async def test_sitter_routes_answer_404_for_another_orgs_sitter(client):
    org, other = await make_org(), await make_org("Other")
    theirs = await create_sitter(client, other, "+14155559015", active=False)
    sid = theirs["id"]
    assert (await client.get(f"/api/sitters/{sid}", headers=org.auth)).status_code == 404
    for body in ({"active": True}, {"active": False}, {"offboard": True}, {}):
        assert (await patch(client, org, sid, **body)).status_code == 404
    unlock = await client.post(
        f"/api/sitters/{sid}/unlock", json={"reason": "mine"}, headers=org.auth
    )
    assert unlock.status_code == 404
    assert (await client.get("/api/sitters", headers=org.auth)).json() == []
    assert (await Sitter.objects().get(Sitter.id == sid)).status == "inactive"
