"""R5: a sitter is texted about a client's message only when their page is not open and the
thread has a message they have not read, at most once per thread per 10 minutes while unread;
the sitter the owner picks at the overlap prompt is notified the same way."""

from __future__ import annotations

from datetime import timedelta

from db.tables import Message, Sitter
from domain.clock import utcnow
from services import presence
from tests.helpers import api, make_org
from tests.integration.test_inbound_routing import text, walk_with
from tests.integration.test_scan_and_release import GUS, anna_and_ben
from tests.sitter_helpers import sitter_login

SAM_NUMBER, SAM_PHONE, DANA = "+14155550200", "+14155550190", "+14155550177"


async def notices(phone: str = SAM_PHONE) -> list[Message]:
    return await Message.objects().where(
        (Message.kind == "notification") & (Message.to_e164 == phone)
    )


async def test_R5_no_text_while_the_sitters_page_is_open(client, db):
    org = await make_org()
    _, sam = await walk_with(client, org)
    await presence.seen(sam["id"], utcnow())
    await text(SAM_NUMBER, DANA, "Is Biscuit OK?")
    assert await notices() == []  # the open page is updated live instead
    await presence.left(sam["id"])
    await text(SAM_NUMBER, DANA, "Treats are in the cupboard")
    assert len(await notices()) == 1


async def test_R5_a_page_not_heard_from_lately_counts_as_closed(client, db):
    org = await make_org()
    _, sam = await walk_with(client, org)
    stale = utcnow() - presence.PRESENT_FOR - timedelta(seconds=1)
    await Sitter.update({Sitter.last_seen_at: stale}).where(Sitter.id == sam["id"])
    await text(SAM_NUMBER, DANA, "Is Biscuit OK?")
    assert len(await notices()) == 1


async def test_R5_once_per_ten_minutes_while_unread_and_again_after_reading(
    client, make_client, db
):
    org = await make_org()
    await walk_with(client, org)
    await text(SAM_NUMBER, DANA, "Is Biscuit OK?")
    await text(SAM_NUMBER, DANA, "Still there?")
    [first] = await notices()
    phone = await make_client()
    await sitter_login(phone, SAM_PHONE)
    link = first.body.split("Open: ")[1]  # a path: `text` passes no public base URL
    assert (await phone.get(link)).status_code == 200
    await text(SAM_NUMBER, DANA, "Thanks for reading!")
    assert len(await notices()) == 2  # read since the last text: a new message is news again


async def test_R5_the_sitter_picked_at_the_overlap_prompt_is_notified(client, db):
    org = await make_org()
    _, ben = await anna_and_ben(client, org)
    received = await text(org.front_desk, GUS, "Who is coming today?")
    assert received.decision.code == "overlapping_windows"
    assert await notices("+14155550191") == []
    path = f"/api/messages/{received.message.id}/route"
    await api(client, org, "POST", path, json={"sitterId": ben["id"]})
    [notice] = await notices("+14155550191")
    assert notice.from_e164 == org.front_desk
    assert f"http://testserver.local/sitter/threads/{received.message.thread}" in notice.body
    assert await notices(SAM_PHONE) == []  # Anna was not picked


async def test_R5_a_present_sitter_picked_at_the_overlap_prompt_is_not_texted(client, db):
    org = await make_org()
    _, ben = await anna_and_ben(client, org)
    received = await text(org.front_desk, GUS, "Who is coming today?")
    await presence.seen(ben["id"], utcnow())
    path = f"/api/messages/{received.message.id}/route"
    await api(client, org, "POST", path, json={"sitterId": ben["id"]})
    assert await notices("+14155550191") == []
