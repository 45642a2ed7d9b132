"""Every client text is scanned on arrival (section 8: a sitter sees only texts scanned clean),
a released block goes to the sitter its routing row chose (A5), and a client's attempt names
the sitter the text was bound for (A3)."""

from __future__ import annotations

from db.tables import AntiPoachingAttempt, Message, RoutingDecision, Sitter, Thread
from domain.clock import utcnow
from services import enforcement
from tests.helpers import api, book, confirm, make_org, new_sitter
from tests.integration.test_inbound_routing import text
from tests.sitter_helpers import sitter_login

GUS = "+14155550188"
SAM_PHONE = "+14155550190"
POACHING = "my cell is 415 555 0123, text me there"


async def gus(client, org):
    return await api(
        client,
        org,
        "POST",
        "/api/clients",
        json={"name": "Gus Moreno", "phone": GUS, "recurring": True, "petName": "Rex"},
    )


async def test_section8_a_text_sent_before_the_window_is_shown_only_if_scanned_clean(
    client, make_client, db
):
    org = await make_org()
    sam = await new_sitter(client, org, phone=SAM_PHONE)
    person = await gus(client, org)
    held = await text(org.front_desk, GUS, POACHING)
    clean = await text(org.front_desk, GUS, "Gate code is 4411, Rex eats at six")
    # It routes exactly as before: the owner's, not blocked, no warning sent.
    assert (held.decision.target, held.decision.code) == ("owner_inbox", "no_active_window")
    assert held.message.blocked is False and held.message.needs_owner_attention is True
    assert await Message.count().where(Message.kind == "warning") == 0
    stored = await Message.objects().where(Message.id == held.message.id).first()
    assert stored.scanned_clean is False
    # Then a booking is confirmed whose window reaches back over both texts.
    await confirm(client, org, await book(client, org, person, sitter=sam, start=-10, end=30))
    thread = await Thread.objects().where(Thread.client == person["id"]).first()
    phone = await make_client()
    await sitter_login(phone, SAM_PHONE)
    for path in (f"/sitter/threads/{thread.id}", f"/sitter/threads/{thread.id}/messages"):
        html = (await phone.get(path)).text
        assert "0123" not in html and "my cell" not in html
        assert "Gate code is 4411" in html
    assert clean.message.id is not None


async def anna_and_ben(client, org):
    """Gus with two sitters active on his thread: Anna (+14155550200), Ben (+14155550201)."""
    person = await gus(client, org)
    anna = await new_sitter(client, org, number="+14155550200", phone=SAM_PHONE, name="Anna")
    ben = await new_sitter(client, org, number="+14155550201", phone="+14155550191", name="Ben")
    await confirm(client, org, await book(client, org, person, sitter=anna))
    await confirm(client, org, await book(client, org, person, sitter=ben, start=-5, end=40))
    return anna, ben


async def test_A5_an_overridden_text_to_annas_number_goes_to_anna_while_ben_is_active(client, db):
    org = await make_org()
    anna, _ = await anna_and_ben(client, org)
    received = await text("+14155550200", GUS, POACHING)
    assert received.decision.code == "anti_poaching_blocked"
    stored = (
        await RoutingDecision.objects()
        .where(RoutingDecision.message == received.message.id)
        .first()
    )
    assert (stored.row_code, stored.row_sitter) == ("active_window", anna["id"])
    await enforcement.override(
        org_id=org.org_id,
        user_id=None,
        actor="api",
        message_id=received.message.id,
        reason="It is the vet's number",
        now=utcnow(),
    )
    decision = (
        await RoutingDecision.objects()
        .where(RoutingDecision.message == received.message.id)
        .first()
    )
    assert (decision.target, decision.sitter, decision.code) == (
        "sitter",
        anna["id"],
        "active_window",
    )
    message = await Message.objects().where(Message.id == received.message.id).first()
    assert message.needs_owner_attention is False and message.blocked is False


async def test_A3_a_clients_attempt_records_the_sitter_it_was_bound_for(client, db):
    org = await make_org()
    anna, _ = await anna_and_ben(client, org)
    for _ in range(3):
        await text("+14155550200", GUS, POACHING)
    attempts = await AntiPoachingAttempt.objects()
    assert [(a.sender_role, a.sitter) for a in attempts] == [("client", anna["id"])] * 3
    # A client's attempts never count as the sitter's offenses (A4).
    sitter = await Sitter.objects().where(Sitter.id == anna["id"]).first()
    assert sitter.locked_at is None
    # Bound for nobody yet (front desk, two sitters active): no sitter recorded.
    await text(org.front_desk, GUS, POACHING)
    latest = await AntiPoachingAttempt.objects().order_by(AntiPoachingAttempt.id, ascending=False)
    assert latest[0].sitter is None
