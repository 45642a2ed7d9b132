"""O8, who's coming, through the API and the database: the confirmation names the sitter; a
reassignment texts the client the new sitter's first name from the front desk, once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from db.tables import Message
from domain.clock import utcnow
from domain.policy import clock_time
from services.inbound import receive_sms
from tests.helpers import api, book, confirm, make_org, new_client, new_sitter


async def team(client, org):
    """Dana (with Biscuit), sitters Maya Lopez and Jo Park."""
    dana = await new_client(client, org, recurring=True)
    maya = await new_sitter(client, org, name="Maya Lopez")
    jo = await new_sitter(client, org, number="+14155550201", phone="+14155550191", name="Jo Park")
    return dana, maya, jo


async def to_client(kind="automation") -> list[Message]:
    return await Message.objects().where(Message.kind == kind).order_by(Message.id)


async def reassign(client, org, booking, sitter):
    return await api(
        client, org, "PATCH", f"/api/bookings/{booking['id']}", json={"sitterId": sitter["id"]}
    )


async def test_O8_the_confirmation_names_the_sitter_in_the_orgs_time_zone(client, db):
    org = await make_org()
    dana, maya, _ = await team(client, org)
    booking = await book(client, org, dana, sitter=maya, start=24 * 60, end=24 * 60 + 30)
    await confirm(client, org, booking)
    [confirmation] = await to_client()
    local = datetime.fromisoformat(booking["startAt"]).astimezone(ZoneInfo("America/Los_Angeles"))
    expected = f"Maya will walk Biscuit on {local:%a %b} {local.day} at {clock_time(local)}"
    assert expected in confirmation.body
    assert "Lopez" not in confirmation.body


async def test_O8_a_reassignment_texts_the_new_sitters_first_name_from_the_front_desk_once(
    client, db
):
    org = await make_org()
    dana, maya, jo = await team(client, org)
    booking = await book(client, org, dana, sitter=maya, start=60, end=90)
    await confirm(client, org, booking)
    await reassign(client, org, booking, jo)
    await reassign(client, org, booking, jo)  # unchanged: nothing more
    confirmation, change = await to_client()
    assert "A change of sitter: Jo will walk Biscuit" in change.body and "Park" not in change.body
    assert change.from_e164 == org.front_desk  # not Maya's nor Jo's number
    assert change.to_e164 == "+14155550177" and change.thread == confirmation.thread
    await reassign(client, org, booking, maya)  # another reassignment: told again
    assert "Maya will walk Biscuit" in (await to_client())[-1].body
    assert len(await to_client()) == 3


async def test_O8_a_sitter_changed_before_confirmation_is_named_by_the_confirmation(client, db):
    org = await make_org()
    dana, maya, jo = await team(client, org)
    booking = await book(client, org, dana, sitter=maya, start=60, end=90)
    await reassign(client, org, booking, jo)
    assert await to_client() == []
    await confirm(client, org, booking)
    [confirmation] = await to_client()
    assert "Jo will walk Biscuit" in confirmation.body


async def test_O8_no_reassignment_text_to_a_client_who_texted_stop(client, db):
    org = await make_org()
    dana, maya, jo = await team(client, org)
    booking = await book(client, org, dana, sitter=maya, start=60, end=90)
    await confirm(client, org, booking)
    await receive_sms(
        to_e164=org.front_desk,
        from_e164="+14155550177",
        body="STOP",
        provider_sid="SM" + "5" * 32,
        now=utcnow(),
    )
    await reassign(client, org, booking, jo)
    assert len(await to_client()) == 1  # the confirmation only


async def test_O8_the_reassignment_text_waits_for_quiet_hours_to_end(client, db):
    local = utcnow().astimezone(ZoneInfo("America/Los_Angeles"))
    hours = f"{(local.hour - 1) % 24:02d}:00", f"{(local.hour + 2) % 24:02d}:00"
    org = await make_org(quiet=hours)  # quiet hours around now
    dana, maya, jo = await team(client, org)
    booking = await book(client, org, dana, sitter=maya, start=60, end=90)
    await confirm(client, org, booking)
    await reassign(client, org, booking, jo)
    change = (await to_client())[-1]
    assert "Jo will walk Biscuit" in change.body
    assert change.status == "queued" and change.next_attempt_at > utcnow()
