"""Retiring a number and replacing the front desk (SPEC N1, O7), through the API, the numbers
page and the inbox."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime

from db.tables import AuditEvent, BusinessNumber, Message, PoolLease, Thread
from services.inbound import receive_sms
from services.sending import owner_send
from tests.helpers import add_pool, api, book, confirm, make_org, new_client, new_sitter
from tests.integration.test_owner_pages import post, signed_in

_sids = itertools.count(1)
NEW_DESK = "+14155550188"


async def text(to: str, sender: str = "+14155550177", body: str = "Is Biscuit OK?"):
    return await receive_sms(
        to_e164=to,
        from_e164=sender,
        body=body,
        provider_sid=f"SMlife{next(_sids):028d}",
        now=datetime.now(UTC),
    )


async def number_id(e164: str) -> int:
    return (await BusinessNumber.objects().get(BusinessNumber.e164 == e164)).id


async def retire(client, org, number: int, **body):
    return await client.post(f"/api/numbers/{number}/retire", json=body, headers=org.auth)


async def send(org, thread_id: int, body: str = "On my way"):
    return await owner_send(
        org_id=org.org_id,
        user_id=None,
        thread_id=thread_id,
        body=body,
        billing=False,
        now=datetime.now(UTC),
    )


async def test_O7_retiring_a_pool_number_needs_a_reason_and_is_audited(client, db):
    org = await make_org()
    await add_pool(client, org, "+14155557001")
    pool = await number_id("+14155557001")
    for body in ({}, {"reason": "  "}):
        refused = await retire(client, org, pool, **body)
        assert refused.status_code == 422 and "why" in refused.json()["detail"]
    assert (await BusinessNumber.objects().get(BusinessNumber.id == pool)).status == "active"
    retired = await retire(client, org, pool, reason="Flagged as spam by carriers")
    assert retired.status_code == 200, retired.text
    assert retired.json()["status"] == "retired"
    assert retired.json()["statusReason"] == "Flagged as spam by carriers"
    [event] = await AuditEvent.objects().where(AuditEvent.action == "number.retired")
    assert (event.actor, event.target_id, event.reason) == (
        "api",
        pool,
        "Flagged as spam by carriers",
    )
    again = await retire(client, org, pool, reason="twice")
    assert again.status_code == 409 and "already retired" in again.json()["detail"]


async def test_O7_retiring_another_orgs_number_is_404(client, db):
    org, other = await make_org(), await make_org("Other")
    await add_pool(client, org, "+14155557002")
    answer = await retire(client, other, await number_id("+14155557002"), reason="mine?")
    assert answer.status_code == 404
    assert (await BusinessNumber.objects().get(BusinessNumber.e164 == "+14155557002")).status == (
        "active"
    )


async def test_O7_the_front_desk_is_not_retired_on_its_own(client, db):
    org = await make_org()
    answer = await retire(client, org, await number_id(org.front_desk), reason="moving")
    assert answer.status_code == 409 and "Replace the front desk" in answer.json()["detail"]


async def test_O7_a_sitters_number_is_retired_only_after_offboarding(client, db):
    org = await make_org()
    sam = await new_sitter(client, org)
    own = sam["maskedNumber"]["id"]
    refused = await retire(client, org, own, reason="not needed")
    assert refused.status_code == 409 and "Offboard the sitter first" in refused.json()["detail"]
    await api(client, org, "PATCH", f"/api/sitters/{sam['id']}", json={"offboard": True})
    retired = await retire(client, org, own, reason="Sam left; we don't keep the number")
    assert retired.status_code == 200 and retired.json()["status"] == "retired"
    assert retired.json()["cooldownUntil"] is None


async def test_O7_retiring_a_leased_pool_number_ends_the_lease_and_the_thread_uses_the_front_desk(
    client, db
):
    org = await make_org()
    await add_pool(client, org, "+14155557003")
    dana = await new_client(client, org)  # one-time: her booking leases the pool number
    sam = await new_sitter(client, org)
    await confirm(client, org, await book(client, org, dana, sitter=sam))
    thread = await Thread.objects().get(Thread.client == dana["id"])
    assert (await send(org, thread.id)).from_e164 == "+14155557003"
    await retire(client, org, await number_id("+14155557003"), reason="spam flag")
    [lease] = await PoolLease.objects()
    assert lease.released_at is not None
    assert (await send(org, thread.id, "Still on my way")).from_e164 == org.front_desk
    inbound = await text("+14155557003")
    assert inbound.decision.code == "number_inactive"


async def test_O7_replacing_the_front_desk_keeps_the_inbox_working(client, db):
    org = await make_org()
    dana = await new_client(client, org)
    first = await text(org.front_desk)  # Dana's thread, started on the old front desk
    new = await api(
        client,
        org,
        "POST",
        "/api/numbers/front-desk/replace",
        json={"e164": "(415) 555-0188", "reason": "Moving to a local number"},
    )
    assert (new["e164"], new["numberClass"], new["status"]) == (NEW_DESK, "front_desk", "active")
    old = await BusinessNumber.objects().get(BusinessNumber.e164 == org.front_desk)
    assert (old.status, old.status_reason) == ("retired", "Moving to a local number")
    reply = await send(org, first.message.thread)
    assert reply.from_e164 == NEW_DESK  # the thread continues through the new front desk
    again = await text(NEW_DESK)
    assert again.message.thread == first.message.thread  # inbound to it lands in Dana's thread
    assert again.decision.code == "no_active_window"
    stale = await text(org.front_desk)  # the old number: not in service, told the new one
    assert stale.decision.code == "number_inactive"
    answer = await Message.objects().where(Message.kind == "auto_response").first()
    assert answer.from_e164 == NEW_DESK and NEW_DESK in answer.body
    assert dana["id"] == (await Thread.objects().get(Thread.id == again.message.thread)).client
    [event] = await AuditEvent.objects().where(AuditEvent.action == "number.front_desk_replaced")
    assert event.payload and event.reason == "Moving to a local number"


async def test_O7_replacing_the_front_desk_refuses_bad_input_and_changes_nothing(client, db):
    org = await make_org()
    await add_pool(client, org, "+14155557004")
    cases = [
        ({"e164": NEW_DESK}, 422),
        ({"e164": "not a phone", "reason": "x"}, 422),
        ({"e164": "+14155557004", "reason": "x"}, 409),
        ({"e164": org.front_desk, "reason": "x"}, 409),
    ]
    for body, status in cases:
        answer = await client.post("/api/numbers/front-desk/replace", json=body, headers=org.auth)
        assert answer.status_code == status, (body, answer.text)
    desks = await BusinessNumber.objects().where(BusinessNumber.number_class == "front_desk")
    assert [(d.e164, d.status) for d in desks] == [(org.front_desk, "active")]


async def test_O7_the_numbers_page_retires_and_replaces_with_csrf(client, db):
    org = await make_org()
    await signed_in(client, org)
    await add_pool(client, org, "+14155557005")
    pool = await number_id("+14155557005")
    page = (await client.get("/numbers")).text
    assert f'hx-post="/numbers/{pool}/retire"' in page and "/numbers/front-desk/replace" in page
    missing = await post(client, f"/numbers/{pool}/retire", {"reason": ""}, htmx=True)
    assert "why" in missing.text and "data-autoshow" in missing.text
    done = await post(client, f"/numbers/{pool}/retire", {"reason": "spam"}, htmx=True)
    assert done.status_code == 200 and "is retired" in done.text
    replaced = await post(
        client, "/numbers/front-desk/replace", {"e164": NEW_DESK, "reason": "local"}, htmx=True
    )
    assert replaced.status_code == 200 and "is now the front desk" in replaced.text
    forged = await client.post(
        "/numbers/front-desk/replace", data={"e164": "+14155550189", "reason": "x"}
    )
    assert forged.status_code == 403
    assert not await BusinessNumber.exists().where(BusinessNumber.e164 == "+14155550189")


async def test_O7_two_front_desk_replacements_at_once_leave_exactly_one_front_desk(client, db):
    org = await make_org()
    answers = await asyncio.gather(
        *(
            client.post(
                "/api/numbers/front-desk/replace",
                json={"e164": f"+1415555018{n}", "reason": "moving"},
                headers=org.auth,
            )
            for n in range(6)
        )
    )
    statuses = sorted(answer.status_code for answer in answers)
    assert set(statuses) <= {200, 409} and 200 in statuses, [a.text for a in answers]
    desks = await BusinessNumber.objects().where(
        (BusinessNumber.number_class == "front_desk") & (BusinessNumber.status == "active")
    )
    assert len(desks) == 1


async def test_O7_the_same_number_retired_six_times_at_once_is_retired_once(client, db):
    org = await make_org()
    await add_pool(client, org, "+14155557006")
    pool = await number_id("+14155557006")
    answers = await asyncio.gather(*(retire(client, org, pool, reason="spam") for _ in range(6)))
    assert sorted(a.status_code for a in answers) == [200] + [409] * 5
    assert await AuditEvent.count().where(AuditEvent.action == "number.retired") == 1
