"""Every row of the routing table of SPEC section 5, through the database (webhooks come later)."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime

from db.tables import AntiPoachingAttempt, Message, RoutingDecision, Thread
from services.inbound import receive_sms
from tests.helpers import add_pool, api, book, confirm, make_org, new_client, new_sitter

_sids = itertools.count(1)


async def text(to: str, sender: str, body: str = "Is Biscuit OK?"):
    return await receive_sms(
        to_e164=to,
        from_e164=sender,
        body=body,
        provider_sid=f"SM{next(_sids):032d}",
        now=datetime.now(UTC),
    )


async def queued_answers():
    return await Message.objects().where(
        (Message.direction == "outbound") & (Message.kind.is_in(["auto_response", "warning"]))
    )


async def walk_with(client, org, *, recurring=True):
    """Dana, a sitter Sam (number +14155550200) and a walk of Dana's in an active window."""
    dana = await new_client(client, org, recurring=recurring)
    sam = await new_sitter(client, org)
    await confirm(client, org, await book(client, org, dana, sitter=sam))
    return dana, sam


async def test_R_active_window_on_the_sitter_number_goes_to_that_sitter(client, db):
    org = await make_org()
    _, sam = await walk_with(client, org)
    received = await text("+14155550200", "+14155550177")
    assert received.decision.target == "sitter" and received.decision.sitter_id == sam["id"]
    assert received.decision.code == "active_window"
    assert "Active assignment window" in received.decision.reason
    assert received.message.needs_owner_attention is False


async def test_R_sitter_number_without_active_window_goes_to_the_owner(client, db):
    org = await make_org()
    dana = await new_client(client, org, recurring=True)
    sam = await new_sitter(client, org)
    await confirm(client, org, await book(client, org, dana, sitter=sam, start=600, end=660))
    received = await text("+14155550200", "+14155550177")
    assert (received.decision.target, received.decision.code) == ("owner_inbox", "no_active_window")
    assert "No active assignment window" in received.decision.reason
    assert received.message.needs_owner_attention is True


async def test_R_front_desk_with_one_active_window_goes_to_its_sitter(client, db):
    org = await make_org()
    _, sam = await walk_with(client, org)
    received = await text(org.front_desk, "+14155550177")
    assert received.decision.sitter_id == sam["id"]
    assert received.decision.code == "active_window"


async def test_R_front_desk_without_active_window_goes_to_the_owner(client, db):
    org = await make_org()
    await new_client(client, org)
    received = await text(org.front_desk, "+14155550177")
    assert received.decision.code == "no_active_window"


async def test_R_overlapping_windows_go_to_the_owner_with_a_prompt(client, db):
    org = await make_org()
    dana, sam = await walk_with(client, org)
    kim = await new_sitter(client, org, number="+14155550201", phone="+14155550191", name="Kim")
    await confirm(client, org, await book(client, org, dana, sitter=kim, start=-5, end=40))
    received = await text(org.front_desk, "+14155550177")
    assert (received.decision.target, received.decision.code) == (
        "owner_inbox",
        "overlapping_windows",
    )
    assert "Multiple active assignment windows" in received.decision.reason
    assert set(received.decision.candidate_sitter_ids) == {sam["id"], kim["id"]}


async def test_R_pool_mismatch_answers_the_stranger_and_spares_the_leaseholder(client, db):
    org = await make_org()
    await add_pool(client, org, "+14155550300")
    dana = await new_client(client, org)  # one-time: gets the pool number
    await confirm(client, org, await book(client, org, dana))
    leaseholder_thread = await Thread.objects().where(Thread.client == dana["id"]).first()
    received = await text("+14155550300", "+14155550999", "hello? who is this")
    assert (received.decision.target, received.decision.code) == ("owner_inbox", "pool_mismatch")
    assert "Pool number mismatch" in received.decision.reason
    assert received.message.thread != leaseholder_thread.id
    [answer] = await queued_answers()
    assert (answer.from_e164, answer.to_e164) == ("+14155550300", "+14155550999")


async def test_R2_an_old_client_texting_a_released_pool_number_lands_in_their_own_thread(
    client, db
):
    org = await make_org()
    await add_pool(client, org, "+14155550300")
    old = await new_client(client, org, phone="+14155550178", name="Lee Park")
    done = await confirm(client, org, await book(client, org, old))
    await api(client, org, "PATCH", f"/api/bookings/{done['id']}", json={"status": "cancelled"})
    new = await new_client(client, org)
    await confirm(client, org, await book(client, org, new))
    received = await text("+14155550300", "+14155550178")
    assert received.decision.code == "pool_mismatch"
    own = await Thread.objects().where(Thread.client == old["id"]).first()
    assert received.message.thread == own.id


async def test_R_a_quarantined_number_is_not_in_service(client, db):
    org = await make_org()
    _, sam = await walk_with(client, org)
    number_id = sam["maskedNumber"]["id"]
    await api(client, org, "POST", f"/api/numbers/{number_id}/quarantine", json={"duration": "7"})
    received = await text("+14155550200", "+14155550177")
    assert (received.decision.target, received.decision.code) == ("owner_inbox", "number_inactive")
    assert "Number not in service" in received.decision.reason
    [answer] = await queued_answers()
    assert answer.from_e164 == org.front_desk  # a quarantined number is never used


async def test_R_unknown_sender_gets_a_new_contact_thread(client, db):
    org = await make_org()
    received = await text(org.front_desk, "+14155550999")
    assert received.decision.code == "unknown_sender"
    assert "Unknown sender" in received.decision.reason
    assert await Thread.count() == 1


async def test_R_anti_poaching_blocks_and_warns_the_sender(client, db):
    org = await make_org()
    _, sam = await walk_with(client, org)
    received = await text("+14155550200", "+14155550177", "text my cell 415 555 0123 instead")
    decision = received.decision
    assert (decision.target, decision.code, decision.row_code) == (
        "owner_inbox",
        "anti_poaching_blocked",
        "active_window",
    )
    assert "Anti-poaching" in decision.reason and decision.row_sitter_id == sam["id"]
    assert received.message.blocked is True
    attempt = await AntiPoachingAttempt.objects().first()
    assert attempt.category == "phone"
    [warning] = await queued_answers()
    assert warning.kind == "warning" and "0123" not in warning.body


async def test_R3_a_retried_webhook_is_stored_once(client, db):
    org = await make_org()
    await new_client(client, org)
    first = await receive_sms(
        to_e164=org.front_desk,
        from_e164="+14155550177",
        body="hi",
        provider_sid="SMdup",
        now=datetime.now(UTC),
    )
    again = await receive_sms(
        to_e164=org.front_desk,
        from_e164="+14155550177",
        body="hi",
        provider_sid="SMdup",
        now=datetime.now(UTC),
    )
    assert not first.duplicate and again.duplicate
    assert await Message.count().where(Message.direction == "inbound") == 1
    assert await RoutingDecision.count() == 1


async def test_R3_fifty_concurrent_deliveries_of_one_sid_store_one_message(client, db):
    org = await make_org()
    await new_client(client, org)
    results = await asyncio.gather(
        *(
            receive_sms(
                to_e164=org.front_desk,
                from_e164="+14155550177",
                body="hi",
                provider_sid="SMrace",
                now=datetime.now(UTC),
            )
            for _ in range(50)
        )
    )
    assert sum(not r.duplicate for r in results) == 1
    assert await Message.count().where(Message.direction == "inbound") == 1
    assert await RoutingDecision.count() == 1


async def test_R_a_number_of_no_org_is_ignored(db):
    assert await text("+14155559999", "+14155550177") is None
    assert await Message.count() == 0


async def test_R_owner_answers_the_overlap_prompt(client, db):
    org = await make_org()
    dana, _ = await walk_with(client, org)
    kim = await new_sitter(client, org, number="+14155550201", phone="+14155550191", name="Kim")
    await confirm(client, org, await book(client, org, dana, sitter=kim, start=-5, end=40))
    received = await text(org.front_desk, "+14155550177")
    path = f"/api/messages/{received.message.id}/route"
    stranger = await client.post(path, json={"sitterId": 999}, headers=org.auth)
    assert stranger.status_code == 422
    routed = await api(client, org, "POST", path, json={"sitterId": kim["id"]})
    assert (routed["routingTarget"], routed["routingSitterId"]) == ("sitter", kim["id"])
    other = await make_org("Other")
    assert (
        await client.post(path, json={"sitterId": kim["id"]}, headers=other.auth)
    ).status_code == 404


async def test_diagnostics_count_routes_and_redact_numbers(client, db):
    org = await make_org()
    await walk_with(client, org)
    await text("+14155550200", "+14155550177")  # to the sitter, in the window
    await text(org.front_desk, "+14155550999")  # unknown sender
    await text("+14155550200", "+14155550177", "my insta is @biscuit.walks")  # blocked
    figures = await api(client, org, "GET", "/api/messages/diagnostics")
    assert figures["threadsByNumberClass"] == {"front_desk": 1, "sitter": 1, "pool": 0}
    assert figures["antiPoachingBlocked"] == 1
    assert figures["ownerInboxRouted"] == 2 and figures["ownerInboxRoutedOperational"] == 0
    assert figures["sitterNoActiveWindow"] == 0
    latest = figures["routingDecisions"][0]
    assert latest["routingReasonCode"] == "anti_poaching_blocked"
    assert latest["from"] == "+1415****0177" and latest["to"] == "+1415****0200"
    body = str(figures)
    assert "+14155550177" not in body and "4155550999" not in body
    other = await make_org("Other")
    assert (await api(client, other, "GET", "/api/messages/diagnostics"))["routingDecisions"] == []


async def test_R5_the_sitter_is_texted_a_link_at_most_once_per_ten_minutes(client, db):
    org = await make_org()
    await walk_with(client, org)
    for body in ("Is Biscuit OK?", "Also, treats are in the cupboard"):
        await text("+14155550200", "+14155550177", body)
    notices = await Message.objects().where(Message.kind == "notification")
    assert len(notices) == 1
    [notice] = notices
    assert (notice.from_e164, notice.to_e164) == (org.front_desk, "+14155550190")
    assert "/sitter/threads/" in notice.body and "Dana (Biscuit)" in notice.body
    assert "0177" not in notice.body  # never the client's number


async def test_diagnostics_count_decisions_as_made_and_redact_the_owners_reason(client, db):
    org = await make_org()
    _, sam = await walk_with(client, org)
    blocked = await text("+14155550200", "+14155550177", "my insta is @biscuit.walks")
    before = await api(client, org, "GET", "/api/messages/diagnostics")
    reason = "ok, she called me from 415-555-0123 and wrote dana@example.com"
    await api(
        client,
        org,
        "POST",
        f"/api/messages/{blocked.message.id}/override",
        json={"reason": reason},
    )
    after = await api(client, org, "GET", "/api/messages/diagnostics")
    assert after["ownerInboxRouted"] == before["ownerInboxRouted"] == 1
    line = after["routingDecisions"][0]["routingReason"]
    assert "Released by the owner" in line
    assert "555-0123" not in line and "dana@example.com" not in line and "[email]" in line
    # a sitter's thread whose only window starts later: assigned, but no active window
    later = await new_client(client, org, phone="+14155550178", name="Eli Park")
    await confirm(client, org, await book(client, org, later, sitter=sam, start=600, end=660))
    figures = await api(client, org, "GET", "/api/messages/diagnostics")
    assert figures["sitterNoActiveWindow"] == 1
    # every thread once, by the number it would be answered from now (Dana's confirmation left
    # from the front desk, but her thread now sends from Sam's number)
    assert figures["threadsByNumberClass"] == {"front_desk": 1, "sitter": 1, "pool": 0}
