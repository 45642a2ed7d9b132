"""Bookings, threads, windows and number choice through the API (SPEC sections 2-4, the seeds)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from db.tables import (
    Alert,
    AssignmentWindow,
    AuditEvent,
    AutomationRun,
    Booking,
    Message,
    PoolLease,
    Thread,
)
from tests.helpers import add_pool, api, at, book, confirm, make_org, new_client, new_sitter


async def thread_of(client, org, pet_parent):
    threads = await api(client, org, "GET", "/api/threads", params={"clientId": pet_parent["id"]})
    assert len(threads) == 1
    return await api(client, org, "GET", f"/api/threads/{threads[0]['id']}")


async def test_T1_confirming_bookings_of_the_same_client_five_times_keeps_one_thread(client, db):
    org = await make_org()
    dana = await new_client(client, org)
    booking = await book(client, org, dana)
    for _ in range(5):
        await confirm(client, org, booking)
    for _ in range(4):
        await confirm(client, org, await book(client, org, dana, start=60 * 24, end=60 * 25))
    assert await Thread.count() == 1


async def test_T3_confirmation_is_idempotent_and_sends_the_confirmation_once(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    booking = await book(client, org, dana, sitter=sam, start=60 * 24, end=60 * 25)
    first = await confirm(client, org, booking)
    second = await confirm(client, org, booking)
    assert first["window"] == second["window"]
    assert await AssignmentWindow.count() == 1
    assert await AutomationRun.count() == 1
    confirmations = await Message.objects().where(Message.kind == "automation")
    assert len(confirmations) == 1
    assert confirmations[0].status == "queued"
    assert "Dana" in confirmations[0].body and "confirmed" in confirmations[0].body
    assert await AuditEvent.exists().where(AuditEvent.action == "booking.updated")


async def test_N3_activated_sitter_gets_a_number_and_keeps_it_across_bookings(client, db):
    org = await make_org()
    sam = await new_sitter(client, org)
    number = sam["maskedNumber"]
    assert number["e164"] == "+14155550200"
    for phone in ("+14155550177", "+14155550178"):
        pet_parent = await new_client(client, org, recurring=True, phone=phone)
        await confirm(client, org, await book(client, org, pet_parent, sitter=sam))
    again = await api(client, org, "GET", f"/api/sitters/{sam['id']}")
    assert again["maskedNumber"] == number


async def test_S1_owner_send_in_an_active_window_leaves_from_the_sitter_number(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    await confirm(client, org, await book(client, org, dana, sitter=sam, start=-10, end=30))
    thread = await thread_of(client, org, dana)
    assert (thread["numberClass"], thread["effectiveNumber"]) == ("sitter", "+14155550200")
    sent = await api(
        client, org, "POST", f"/api/threads/{thread['id']}/messages", json={"body": "On my way!"}
    )
    assert (sent["fromE164"], sent["toE164"], sent["status"]) == (
        "+14155550200",
        "+14155550177",
        "queued",
    )


async def test_section4_when_the_window_is_over_the_front_desk_sends(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    # A walk that ended two hours ago: its window (60 min buffer) ended an hour ago.
    await confirm(client, org, await book(client, org, dana, sitter=sam, start=-180, end=-120))
    thread = await thread_of(client, org, dana)
    assert (thread["numberClass"], thread["effectiveNumber"]) == ("front_desk", org.front_desk)
    sent = await api(
        client, org, "POST", f"/api/threads/{thread['id']}/messages", json={"body": "Thanks!"}
    )
    assert sent["fromE164"] == org.front_desk


async def test_S3_billing_leaves_from_the_front_desk_even_in_an_active_window(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    await confirm(client, org, await book(client, org, dana, sitter=sam))
    thread = await thread_of(client, org, dana)
    sent = await api(
        client,
        org,
        "POST",
        f"/api/threads/{thread['id']}/messages",
        json={"body": "Your invoice: $45", "billing": True},
    )
    assert (sent["fromE164"], sent["billing"]) == (org.front_desk, True)


async def test_W1_windows_add_the_buffer_of_their_service_type(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=150)
    end = start + timedelta(hours=1)  # a booking starts at most two years ahead
    for kind, buffer in (("dog_walk", 60), ("house_sitting", 120), ("care_24_7", 120)):
        booking = await api(
            client,
            org,
            "POST",
            "/api/bookings",
            json={
                "clientId": dana["id"],
                "serviceType": kind,
                "startAt": start.isoformat(),
                "endAt": end.isoformat(),
                "sitterId": sam["id"],
            },
        )
        window = (await confirm(client, org, booking))["window"]
        assert datetime.fromisoformat(window["startsAt"]) == start - timedelta(minutes=buffer)
        assert datetime.fromisoformat(window["endsAt"]) == end + timedelta(minutes=buffer)


async def test_T5_reassignment_moves_the_window_and_unassignment_closes_it(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    kim = await new_sitter(client, org, number="+14155550201", phone="+14155550191", name="Kim")
    booking = await confirm(client, org, await book(client, org, dana, sitter=sam))
    moved = await api(
        client, org, "PATCH", f"/api/bookings/{booking['id']}", json={"sitterId": kim["id"]}
    )
    assert moved["window"]["sitterId"] == kim["id"] and not moved["window"]["closed"]
    thread = await thread_of(client, org, dana)
    assert thread["effectiveNumber"] == "+14155550201"
    unassigned = await api(
        client, org, "PATCH", f"/api/bookings/{booking['id']}", json={"sitterId": None}
    )
    assert unassigned["window"]["closed"] is True
    assert (await thread_of(client, org, dana))["numberClass"] == "front_desk"


async def test_T5_changing_the_times_moves_the_window_and_cancelling_closes_it(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    booking = await confirm(client, org, await book(client, org, dana, sitter=sam))
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=35)
    end = start + timedelta(hours=1)  # a booking starts at most two years ahead
    moved = await api(
        client,
        org,
        "PATCH",
        f"/api/bookings/{booking['id']}",
        json={"startAt": start.isoformat(), "endAt": end.isoformat()},
    )
    assert datetime.fromisoformat(moved["window"]["startsAt"]) == start - timedelta(hours=1)
    cancelled = await api(
        client, org, "PATCH", f"/api/bookings/{booking['id']}", json={"status": "cancelled"}
    )
    assert cancelled["window"]["closed"] is True


async def test_T4_proactive_flag_creates_thread_and_window_at_assignment(make_client, db):
    client = await make_client(enable_proactive_thread_creation=True)
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    booking = await book(client, org, dana, start=60 * 24, end=60 * 25)
    assert await Thread.count() == 0
    for _ in range(2):
        assigned = await api(
            client, org, "PATCH", f"/api/bookings/{booking['id']}", json={"sitterId": sam["id"]}
        )
    assert assigned["status"] == "requested"
    assert assigned["window"]["sitterId"] == sam["id"]
    assert await Thread.count() == 1 and await AssignmentWindow.count() == 1


async def test_T4_proactive_creation_skips_one_time_clients(make_client, db):
    client = await make_client(enable_proactive_thread_creation=True)
    org = await make_org()
    dana = await new_client(client, org, recurring=False)
    sam = await new_sitter(client, org)
    booking = await book(client, org, dana, sitter=sam, start=60 * 24, end=60 * 25)
    assert booking["window"] is None
    assert await Thread.count() == 0


async def test_T4_without_the_flag_nothing_is_created_before_confirmation(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    booking = await book(client, org, dana, sitter=sam, start=60 * 24, end=60 * 25)
    assert booking["window"] is None and await Thread.count() == 0


async def test_T2_a_recurring_booking_makes_the_client_recurring_and_owner_can_flip(client, db):
    org = await make_org()
    dana = await new_client(client, org)
    assert dana["isOneTimeClient"] is True
    await book(client, org, dana, recurring=True)
    assert (await api(client, org, "GET", f"/api/clients/{dana['id']}"))["isOneTimeClient"] is False
    flipped = await api(
        client, org, "PATCH", f"/api/clients/{dana['id']}", json={"recurring": False}
    )
    assert flipped["isOneTimeClient"] is True
    assert await AuditEvent.count().where(AuditEvent.action == "client.classified") == 2


async def test_N6_a_one_time_client_gets_a_pool_number_on_confirmation(client, db):
    org = await make_org()
    await add_pool(client, org, "+14155550300", "+14155550301")
    dana = await new_client(client, org)
    sam = await new_sitter(client, org)
    await confirm(client, org, await book(client, org, dana, sitter=sam))
    thread = await thread_of(client, org, dana)
    assert thread["numberClass"] == "pool"
    assert thread["effectiveNumber"] in ("+14155550300", "+14155550301")
    assert await PoolLease.count() == 1


async def test_N6_pool_exhausted_falls_back_to_the_front_desk_with_an_alert(client, db):
    org = await make_org()
    await add_pool(client, org, "+14155550300")
    sam = await new_sitter(client, org)
    first = await new_client(client, org, phone="+14155550177")
    second = await new_client(client, org, phone="+14155550178", name="Lee Park")
    await confirm(client, org, await book(client, org, first, sitter=sam))
    await confirm(client, org, await book(client, org, second, sitter=sam))
    assert (await thread_of(client, org, second))["numberClass"] == "front_desk"
    assert await Alert.exists().where(Alert.kind == "pool_exhausted")


async def test_N6_cancelling_the_booking_ends_the_lease(client, db):
    org = await make_org()
    await add_pool(client, org, "+14155550300")
    dana = await new_client(client, org)
    booking = await confirm(client, org, await book(client, org, dana))
    await api(client, org, "PATCH", f"/api/bookings/{booking['id']}", json={"status": "cancelled"})
    lease = await PoolLease.objects().first()
    assert lease.released_at is not None


async def test_T6_meet_and_greet_uses_the_front_desk_until_approved(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    greet = await confirm(
        client, org, await book(client, org, dana, sitter=sam, kind="meet_and_greet")
    )
    thread = await thread_of(client, org, dana)
    assert thread["meetAndGreet"] == "pending"
    assert thread["numberClass"] == "front_desk"
    assert greet["window"] is None  # the sitter has no access until the owner allows it
    path = f"/api/bookings/{greet['id']}/meet-and-greet"
    await api(client, org, "POST", path, json={"allowSitter": True})
    assert (await api(client, org, "GET", f"/api/bookings/{greet['id']}"))["window"][
        "closed"
    ] is False
    await api(client, org, "POST", path, json={"outcome": "approved"})
    walk = await confirm(client, org, await book(client, org, dana, sitter=sam, start=-5, end=25))
    assert walk["window"]["closed"] is False
    assert (await thread_of(client, org, dana))["numberClass"] == "sitter"


async def test_T6_failed_meet_and_greet_removes_the_sitters_access(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    greet = await confirm(
        client, org, await book(client, org, dana, sitter=sam, kind="meet_and_greet")
    )
    path = f"/api/bookings/{greet['id']}/meet-and-greet"
    await api(client, org, "POST", path, json={"allowSitter": True})
    await api(client, org, "POST", path, json={"outcome": "failed"})
    assert (await api(client, org, "GET", f"/api/bookings/{greet['id']}"))["window"][
        "closed"
    ] is True
    assert (await thread_of(client, org, dana))["numberClass"] == "front_desk"


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"serviceType": "grooming"}, 422, "Unknown service type"),
        ({"endAt": at(-60)}, 422, "end after it starts"),
        ({"startAt": "2030-01-01T10:00:00"}, 422, "time zone"),
        (
            {"startAt": "1970-01-01T00:00:00+00:00", "endAt": "2100-01-01T00:00:00+00:00"},
            422,
            "more than a year in the past",
        ),
        ({"startAt": at(60 * 24 * 800), "endAt": at(60 * 24 * 801)}, 422, "two years ahead"),
        ({"endAt": at(60 * 24 * 61)}, 422, "longer than 60 days"),
        ({"endAt": at(0)}, 422, "end after it starts"),
        ({"clientId": 999999}, 404, "No client"),
        ({"sitterId": 999999}, 404, "No sitter"),
    ],
)
async def test_bad_booking_input_is_refused_and_writes_nothing(client, db, change, status, words):
    org = await make_org()
    dana = await new_client(client, org)
    body = {"clientId": dana["id"], "serviceType": "dog_walk", "startAt": at(0), "endAt": at(30)}
    response = await client.post("/api/bookings", json={**body, **change}, headers=org.auth)
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]
    assert await Booking.count() == 0


async def test_another_orgs_bookings_and_threads_answer_404(client, db):
    mine, theirs = await make_org("Mine"), await make_org("Theirs")
    dana = await new_client(client, theirs)
    booking = await confirm(client, theirs, await book(client, theirs, dana))
    thread = await thread_of(client, theirs, dana)
    for method, path, body in (
        ("GET", f"/api/bookings/{booking['id']}", None),
        ("PATCH", f"/api/bookings/{booking['id']}", {"status": "cancelled"}),
        ("GET", f"/api/threads/{thread['id']}", None),
        ("POST", f"/api/threads/{thread['id']}/messages", {"body": "hi"}),
        (
            "POST",
            "/api/bookings",
            {"clientId": dana["id"], "serviceType": "dog_walk", "startAt": at(0), "endAt": at(30)},
        ),
    ):
        response = await client.request(method, path, json=body, headers=mine.auth)
        assert response.status_code == 404, (method, path, response.text)
    assert await api(client, mine, "GET", "/api/threads") == []


async def test_N4_T5_an_offboarded_sitters_window_never_reopens(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    booking = await confirm(
        client, org, await book(client, org, dana, sitter=sam, start=60, end=90)
    )
    await api(client, org, "PATCH", f"/api/sitters/{sam['id']}", json={"offboard": True})
    moved = await api(
        client, org, "PATCH", f"/api/bookings/{booking['id']}", json={"startAt": at(30)}
    )
    assert moved["window"]["closed"] is True


async def test_S1_an_owner_send_retried_with_its_idempotency_key_is_stored_once(client, db):
    org = await make_org()
    dana = await new_client(client, org)
    await confirm(client, org, await book(client, org, dana))
    thread = await thread_of(client, org, dana)
    url = f"/api/threads/{thread['id']}/messages"
    key = {**org.auth, "Idempotency-Key": "send-7f3a"}
    first = await client.post(url, json={"body": "On my way!"}, headers=key)
    again = await client.post(url, json={"body": "On my way!"}, headers=key)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert await Message.count().where(Message.body == "On my way!") == 1
    other = await client.post(url, json={"body": "Running late"}, headers=key)
    assert (
        other.status_code == 409
        and await Message.count().where(Message.body == "Running late") == 0
    )
    too_long = await client.post(
        url, json={"body": "Hi"}, headers={**org.auth, "Idempotency-Key": "k" * 65}
    )
    assert too_long.status_code == 400
    without = [await api(client, org, "POST", url, json={"body": "Twice"}) for _ in range(2)]
    assert without[0]["id"] != without[1]["id"]  # no key: two sends are two messages


async def test_S1_ten_retries_of_one_keyed_send_at_once_store_one_message(client, db):
    org = await make_org()
    dana = await new_client(client, org)
    await confirm(client, org, await book(client, org, dana))
    thread = await thread_of(client, org, dana)
    url = f"/api/threads/{thread['id']}/messages"
    headers = {**org.auth, "Idempotency-Key": "burst-1"}
    answers = await asyncio.gather(
        *(client.post(url, json={"body": "Walk done"}, headers=headers) for _ in range(10))
    )
    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert await Message.count().where(Message.body == "Walk done") == 1


async def test_changing_a_bookings_times_to_absurd_ones_is_refused(client, db):
    org = await make_org()
    dana = await new_client(client, org)
    booking = await book(client, org, dana, start=60, end=90)
    path = f"/api/bookings/{booking['id']}"
    for change, words in [
        ({"startAt": "1970-01-01T00:00:00+00:00"}, "year in the past"),
        ({"endAt": at(60 * 24 * 90)}, "longer than 60 days"),
        ({"endAt": booking["startAt"]}, "end after it starts"),
    ]:
        response = await client.patch(path, json=change, headers=org.auth)
        assert response.status_code == 422, response.text
        assert words in response.json()["detail"]
    stored = await api(client, org, "GET", path)
    assert (stored["startAt"], stored["endAt"]) == (booking["startAt"], booking["endAt"])
