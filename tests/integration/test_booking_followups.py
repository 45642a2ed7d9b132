"""What follows a booking's changes on its thread: the assigned sitter (T5) and a failed
meet-and-greet (T6), and the pool lease the bookings share (N6)."""

from __future__ import annotations

from db.tables import Alert, AssignmentWindow, Booking, Message, PoolLease, Thread
from domain.windows import window_for_booking
from tests.helpers import add_pool, api, book, confirm, make_org, new_client, new_sitter
from tests.sitter_helpers import SAM_PHONE, sitter_login


async def assigned(client, org, thread_id: int):
    return (await api(client, org, "GET", f"/api/threads/{thread_id}"))["assignedSitterId"]


async def the_thread(dana) -> int:
    return (await Thread.objects().where(Thread.client == dana["id"]).first()).id


async def test_T5_unassigning_clears_the_threads_assigned_sitter(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    walk = await confirm(client, org, await book(client, org, dana, sitter=sam))
    thread_id = await the_thread(dana)
    assert await assigned(client, org, thread_id) == sam["id"]
    await api(client, org, "PATCH", f"/api/bookings/{walk['id']}", json={"sitterId": None})
    assert await assigned(client, org, thread_id) is None
    listed = await api(client, org, "GET", "/api/threads", params={"clientId": dana["id"]})
    assert listed[0]["assignedSitterId"] is None


async def test_T5_cancelling_leaves_the_sitter_of_another_running_booking_or_nobody(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    kim = await new_sitter(client, org, number="+14155550201", phone="+14155550191", name="Kim")
    now_walk = await confirm(client, org, await book(client, org, dana, sitter=sam))
    later = await confirm(
        client, org, await book(client, org, dana, sitter=kim, start=60 * 24, end=60 * 25)
    )
    thread_id = await the_thread(dana)
    assert await assigned(client, org, thread_id) == kim["id"]
    await api(client, org, "PATCH", f"/api/bookings/{later['id']}", json={"status": "cancelled"})
    assert await assigned(client, org, thread_id) == sam["id"]
    await api(client, org, "PATCH", f"/api/bookings/{now_walk['id']}", json={"status": "cancelled"})
    assert await assigned(client, org, thread_id) is None


async def test_T6_failed_meet_and_greet_closes_every_window_of_its_sitter_and_refuses_sends(
    client, make_client, db
):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    greet = await confirm(
        client, org, await book(client, org, dana, sitter=sam, kind="meet_and_greet")
    )
    path = f"/api/bookings/{greet['id']}/meet-and-greet"
    await api(client, org, "POST", path, json={"allowSitter": True})
    walk = await confirm(client, org, await book(client, org, dana, sitter=sam))
    thread_id = await the_thread(dana)
    phone = await make_client()
    await sitter_login(phone, SAM_PHONE)
    await phone.get("/sitter")
    await api(client, org, "POST", path, json={"outcome": "failed"})
    windows = await AssignmentWindow.objects().where(AssignmentWindow.thread == thread_id)
    assert len(windows) == 2 and all(w.closed_at is not None for w in windows)
    sent = await phone.post(
        f"/sitter/threads/{thread_id}/messages",
        data={"body": "Hi Dana!", "_csrf_token": phone.cookies["csrftoken"]},
        headers={"HX-Request": "true"},
    )
    # every window of Sam's on the thread is closed: it is no longer his, answered like any
    # thread that is not a sitter's (404, see the sitter-pages rule), and nothing is stored
    assert sent.status_code == 404
    assert not await Message.exists().where(Message.body == "Hi Dana!")
    later = {"endAt": (await api(client, org, "GET", f"/api/bookings/{walk['id']}"))["endAt"]}
    await api(client, org, "PATCH", f"/api/bookings/{walk['id']}", json=later)
    assert (await api(client, org, "GET", f"/api/bookings/{walk['id']}"))["window"]["closed"]
    assert await assigned(client, org, thread_id) is None


async def test_N6_a_lease_ends_only_when_no_booking_of_the_client_still_needs_it(client, db):
    org = await make_org()
    await add_pool(client, org, "+14155550300")
    dana = await new_client(client, org)  # one-time
    first = await confirm(client, org, await book(client, org, dana))
    second = await confirm(client, org, await book(client, org, dana, start=60 * 24, end=60 * 25))
    await api(client, org, "PATCH", f"/api/bookings/{first['id']}", json={"status": "cancelled"})
    [lease] = await PoolLease.objects()
    assert lease.released_at is None and lease.booking == second["id"]
    row = await Booking.objects().where(Booking.id == second["id"]).first()
    assert lease.ends_at == window_for_booking(row.service_type, row.starts_at, row.ends_at)[1]
    await api(client, org, "PATCH", f"/api/bookings/{second['id']}", json={"status": "cancelled"})
    assert (await PoolLease.objects().first()).released_at is not None


async def test_N6_rerunning_T3_without_a_free_pool_number_raises_one_open_alert(client, db):
    org = await make_org()
    await add_pool(client, org, "+14155550300")
    first = await new_client(client, org, phone="+14155550177")
    second = await new_client(client, org, phone="+14155550178", name="Lee Park")
    await confirm(client, org, await book(client, org, first))
    booking = await confirm(client, org, await book(client, org, second))
    for _ in range(3):
        await confirm(client, org, booking)
    alerts = await Alert.objects().where(Alert.kind == "pool_exhausted")
    assert len(alerts) == 1 and alerts[0].resolved_at is None
