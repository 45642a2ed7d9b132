"""What follows a booking's changes on its thread: the assigned sitter (T5) and a failed
meet-and-greet (T6)."""

from __future__ import annotations

from db.tables import AssignmentWindow, Thread
from tests.helpers import api, book, confirm, make_org, new_client, new_sitter
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
    assert sent.status_code == 403
    later = {"endAt": (await api(client, org, "GET", f"/api/bookings/{walk['id']}"))["endAt"]}
    await api(client, org, "PATCH", f"/api/bookings/{walk['id']}", json=later)
    assert (await api(client, org, "GET", f"/api/bookings/{walk['id']}"))["window"]["closed"]
    assert await assigned(client, org, thread_id) is None
