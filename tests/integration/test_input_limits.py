"""Limits on what people type: names of at most 200 characters without control characters
(422, API and forms); a text longer than Twilio's 1,600 characters is stored whole and shown
collapsed."""

from __future__ import annotations

import pytest

from db.tables import Client, Message, Org, Sitter
from domain.clock import utcnow
from domain.errors import Invalid
from services.accounts import create_org
from tests.helpers import make_org, new_sitter
from tests.integration.test_owner_pages import post, signed_in
from tests.integration.test_sitter_pages import signed_in_sam
from tests.sitter_helpers import DANA, client_texts

BAD_NAMES = [("x" * 201, "too long"), ("x" * 100_000, "too long"), ("Dana\x00", "control")]


@pytest.mark.parametrize(("name", "words"), BAD_NAMES)
async def test_client_and_pet_names_are_at_most_200_characters_without_controls(
    client, db, name, words
):
    org = await make_org()
    for body in ({"name": name}, {"name": "Dana", "petName": name}):
        response = await client.post(
            "/api/clients", json={"phone": "+14155550177", **body}, headers=org.auth
        )
        assert response.status_code == 422, response.text
        assert words in response.json()["detail"]
    assert await Client.count() == 0


@pytest.mark.parametrize(("name", "words"), BAD_NAMES)
async def test_sitter_names_are_at_most_200_characters_without_controls(client, db, name, words):
    org = await make_org()
    response = await client.post(
        "/api/sitters",
        json={"name": name, "phone": "+14155550190", "active": False},
        headers=org.auth,
    )
    assert response.status_code == 422 and words in response.json()["detail"]
    assert await Sitter.count() == 0


async def test_the_forms_refuse_bad_names_with_a_message_and_no_nul_reaches_the_page(client, db):
    org = await make_org()
    await signed_in(client, org)
    added = await post(client, "/bookings/clients", {"name": "Dana\x00", "phone": "4155550177"})
    assert added.status_code == 422
    assert "contains a control character" in added.text and "\x00" not in added.text
    long = await post(client, "/sitters", {"name": "S" * 201, "phone": "4155550190"})
    assert long.status_code == 422 and "too long" in long.text
    assert await Client.count() == 0 and await Sitter.count() == 0


async def test_org_names_are_at_most_200_characters_without_controls(db):
    for name in ("x" * 201, "Happy\x1bPaws"):
        with pytest.raises(Invalid):
            await create_org(
                name=name,
                front_desk="+16285559999",
                owner_email="someone@example.com",
                owner_password="long enough password",
                now=utcnow(),
            )
    assert await Org.count() == 0


LONG = "word " * 400 + "THE-END"  # 2,007 characters


async def test_a_text_over_1600_characters_is_stored_whole_and_shown_collapsed(
    client, make_client, db
):
    world, phone = await signed_in_sam(client, make_client)
    org = world["org"]
    await client_texts(org, DANA, LONG, "SMlong")
    stored = await Message.objects().where(Message.provider_sid == "SMlong").first()
    assert stored.body == LONG
    sitter_page = (await phone.get(f"/sitter/threads/{stored.thread}")).text
    await signed_in(client, org)
    owner_page = (await client.get(f"/messages/{stored.thread}")).text
    for page in (sitter_page, owner_page):
        assert '<details class="' in page and "long-body" in page
        summary = page.split('long-body"><summary>', 1)[1].split("</summary>", 1)[0]
        assert summary.startswith(LONG[:300]) and "THE-END" not in summary
        assert "THE-END" in page  # the whole text, behind the summary


async def test_a_short_text_is_shown_as_it_is(client, db):
    org = await make_org()
    await new_sitter(client, org)
    await client_texts(org, DANA, "Short and sweet", "SMshort")
    stored = await Message.objects().where(Message.provider_sid == "SMshort").first()
    await signed_in(client, org)
    page = (await client.get(f"/messages/{stored.thread}")).text
    assert '<p class="sms-body">Short and sweet</p>' in page and "long-body" not in page
