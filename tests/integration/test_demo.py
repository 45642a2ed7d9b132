"""The demo: the seeded business, the phone simulator and the guided tour (issue 8)."""

from __future__ import annotations

from datetime import UTC, datetime

from db.tables import (
    Alert,
    AntiPoachingAttempt,
    AssignmentWindow,
    Booking,
    BusinessNumber,
    Client,
    Message,
    PoolLease,
    RoutingDecision,
    Sitter,
    Thread,
)
from domain.windows import active_windows
from services import records
from tests.helpers import login
from web import demo


async def seeded(make_client, settings, **changes):
    http = await make_client(**changes)
    org = await demo.ensure_demo(settings.with_changes(**changes), datetime.now(UTC))
    response = await login(http, demo.DEMO_OWNER_EMAIL, demo.DEMO_OWNER_PASSWORD)
    assert response.status_code == 303
    await http.get("/")  # a page after sign-in issues the new CSRF token
    return http, org


async def client_id(phone: str) -> int:
    return (await Client.objects().where(Client.phone_e164 == phone).first()).id


async def test_the_demo_business_has_what_the_tour_needs(settings, db):
    now = datetime.now(UTC)
    org = await demo.ensure_demo(settings, now)
    sitters = await Sitter.objects().where(Sitter.org == org.id)
    assert len(sitters) == 3 and all(s.status == "active" for s in sitters)
    numbers = await BusinessNumber.objects().where(BusinessNumber.org == org.id)
    classes = sorted(n.number_class for n in numbers)
    assert classes.count("sitter") == 3 and classes.count("pool") == 4
    assert classes.count("front_desk") == 1
    assert all(n.assigned_sitter for n in numbers if n.number_class == "sitter")
    clients = await Client.objects().where(Client.org == org.id)
    assert len(clients) == 6
    assert {c.is_one_time_client for c in clients} == {True, False}

    windows = [records.window_record(w) for w in await AssignmentWindow.objects()]
    active = active_windows(windows, now)
    assert active, "an active window"
    assert any(w.starts_at > now for w in windows), "an upcoming window"
    by_thread: dict[int, set[int]] = {}
    for w in active:
        by_thread.setdefault(w.thread_id, set()).add(w.sitter_id)
    assert any(len(s) > 1 for s in by_thread.values()), "an overlap"
    done = await Booking.objects().where(Booking.status == "completed").first()
    lease = await PoolLease.objects().where(PoolLease.booking == done.id).first()
    assert lease.released_at is not None, "a finished one-time booking, lease released"

    assert await Message.count().where(Message.direction == "inbound") >= 3
    assert await AntiPoachingAttempt.count() == 1
    assert await Alert.count().where(Alert.kind == "anti_poaching") == 1


async def test_seeding_twice_changes_nothing(settings, db):
    first = await demo.ensure_demo(settings, datetime.now(UTC))
    counts = [await table.count() for table in (Client, Sitter, Booking, Message, BusinessNumber)]
    again = await demo.ensure_demo(settings, datetime.now(UTC))
    assert again.id == first.id
    assert [await t.count() for t in (Client, Sitter, Booking, Message, BusinessNumber)] == counts


async def test_the_phone_simulator_is_404_without_the_simulator(make_client, settings, db):
    http, _ = await seeded(make_client, settings, sms_provider="twilio")
    assert (await http.get("/dev/phones")).status_code == 404
    assert (await http.post("/dev/tour/1")).status_code in (403, 404)


async def test_the_phone_simulator_needs_the_owner(make_client, db):
    http = await make_client()
    response = await http.get("/dev/phones", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"


async def test_a_simulated_text_goes_through_the_signed_webhook_and_is_routed(
    make_client, settings, db
):
    http, _ = await seeded(make_client, settings)
    dana = await client_id(demo.DANA.phone)
    page = await http.get(f"/dev/phones?client={dana}")
    assert page.status_code == 200 and "leash is on the hook" in page.text
    token = http.cookies["csrftoken"]
    response = await http.post(
        f"/dev/phones/client/{dana}",
        data={"to": demo.MAYA.number, "body": "<b>Is Biscuit OK?</b>", "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    message = await Message.objects().where(Message.body == "<b>Is Biscuit OK?</b>").first()
    assert message.provider_sid.startswith("SM") and message.from_e164 == demo.DANA.phone
    decision = await RoutingDecision.objects().where(RoutingDecision.message == message.id).first()
    assert (decision.target, decision.code) == ("sitter", "active_window")
    page = await http.get(f"/dev/phones?client={dana}")
    assert "&lt;b&gt;Is Biscuit OK?&lt;/b&gt;" in page.text and "<b>Is Biscuit" not in page.text
    assert "Active assignment window" in page.text  # what happened


async def test_a_simulated_text_to_a_number_of_no_org_is_refused(make_client, settings, db):
    http, _ = await seeded(make_client, settings)
    dana = await client_id(demo.DANA.phone)
    before = await Message.count()
    response = await http.post(
        f"/dev/phones/client/{dana}",
        data={"to": "+14155559999", "body": "hello", "_csrf_token": http.cookies["csrftoken"]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "Pick one of the business" in response.text
    assert await Message.count() == before


async def test_each_tour_step_sets_up_its_scenario(make_client, settings, db):
    http, _ = await seeded(make_client, settings)
    token = http.cookies["csrftoken"]

    async def step(n: int) -> str:
        response = await http.post(
            f"/dev/tour/{n}", data={"_csrf_token": token}, follow_redirects=False
        )
        assert response.status_code == 303, response.text
        return response.headers["location"]

    assert "tour=1" in await step(1)
    newest = await RoutingDecision.objects().order_by(RoutingDecision.id, ascending=False).first()
    assert (newest.target, newest.code) == ("sitter", "active_window")

    await step(2)
    newest = await RoutingDecision.objects().order_by(RoutingDecision.id, ascending=False).first()
    assert newest.code == "no_active_window"

    await step(3)
    newest = await RoutingDecision.objects().order_by(RoutingDecision.id, ascending=False).first()
    assert newest.code == "pool_mismatch"
    stranger = await Thread.objects().where(
        Thread.client.is_in(
            Client.select(Client.id).where(Client.phone_e164 == demo.STRANGER)  # type: ignore[arg-type]
        )
    )
    assert stranger, "the stranger got a thread of their own"
    answer = await Message.objects().where(Message.to_e164 == demo.STRANGER).first()
    assert answer.kind == "auto_response" and answer.from_e164 == newest_number(answer)

    await step(4)
    assert await AntiPoachingAttempt.count() == 2

    await step(5)
    link = await Message.objects().where(Message.billing.eq(True)).first()
    assert link.from_e164 == demo.DEMO_FRONT_DESK and link.to_e164 == demo.DANA.phone
    assert (await http.post("/dev/tour/9", data={"_csrf_token": token})).status_code == 404


def newest_number(message: Message) -> str:
    return message.from_e164 if message.from_e164 in demo.POOL else "not a pool number"


async def test_the_owner_home_offers_the_tour_with_the_simulator(make_client, settings, db):
    http, _ = await seeded(make_client, settings)
    home = await http.get("/")
    assert "Take the tour" in home.text and home.text.count('action="/dev/tour/') == 5
