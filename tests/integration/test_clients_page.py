"""The owner's clients page: list, search (name, pet, phone written any way) and pages; one
client's pet, classification (flipped and audited, T2), consent history, bookings in the org's
time zone and thread; creating and editing a client with the API's rules (422, 409)."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime

from db.tables import Client, Org
from domain.policy import when_text
from services.client_views import PAGE_SIZE
from tests.helpers import api, audits, book, confirm, make_org, new_client, new_sitter
from tests.integration.test_owner_pages import HTMX, post, signed_in
from tests.sitter_helpers import client_texts


async def owner_with_clients(client):
    org = await make_org("Happy Paws")
    dana = await new_client(client, org, phone="+14155550123", name="Dana Reyes")  # Biscuit
    await api(
        client,
        org,
        "POST",
        "/api/clients",
        json={"name": "Eli Park", "phone": "+14155550188", "petName": "Mochi"},
    )
    await signed_in(client, org)
    return org, dana


def listed(html: str) -> list[str]:
    section = html[html.index('id="client-list"') :]
    return re.findall(r'<span class="thread-name">([^<]+)</span>', section)


async def test_an_org_without_clients_sees_how_to_add_one(client, db):
    await signed_in(client, await make_org())
    page = await client.get("/clients")
    assert page.status_code == 200
    assert "No clients yet" in page.text
    assert 'action="/clients"' in page.text


async def test_the_list_shows_each_client_with_pet_and_phone_as_people_write_it(client, db):
    await owner_with_clients(client)
    page = await client.get("/clients")
    assert listed(page.text) == ["Dana Reyes", "Eli Park"]
    assert "(415) 555-0123" in page.text and "+14155550123" not in page.text
    assert "Biscuit" in page.text and "Mochi" in page.text


async def test_search_finds_a_client_by_name_pet_or_phone_in_any_common_format(client, db):
    await owner_with_clients(client)
    for query in (
        "dana",
        "REYES",
        "bisc",
        "(415) 555-0123",
        "415.555.0123",
        "+1 415 555 0123",
        "1-415-555-0123",
        "555 0123",
    ):
        page = await client.get("/clients", params={"q": query})
        assert listed(page.text) == ["Dana Reyes"], query
    none = await client.get("/clients", params={"q": "nobody"})
    assert listed(none.text) == []
    assert "No client matches “nobody”" in none.text


async def test_an_htmx_search_answers_only_the_list(client, db):
    await owner_with_clients(client)
    page = await client.get("/clients", params={"q": "mochi"}, headers=HTMX)
    assert page.text.lstrip().startswith('<section id="client-list"')
    assert listed(page.text) == ["Eli Park"]


async def test_clients_come_a_page_at_a_time(client, db):
    org = await make_org()
    for n in range(PAGE_SIZE + 3):
        await new_client(client, org, phone=f"+1415555{n + 3000:04d}", name=f"Client {n:02d}")
    await signed_in(client, org)
    first = await client.get("/clients")
    assert len(listed(first.text)) == PAGE_SIZE
    assert "Page 1 of 2" in first.text
    second = await client.get("/clients", params={"page": 2})
    assert listed(second.text) == [f"Client {n:02d}" for n in range(PAGE_SIZE, PAGE_SIZE + 3)]
    past = await client.get("/clients", params={"page": 99})
    assert listed(past.text) == listed(second.text)


async def test_a_new_client_gets_an_e164_phone_and_opens_on_their_page(client, db):
    org = await make_org()
    await signed_in(client, org)
    form = {"name": "Dana Reyes", "phone": "(415) 555-0123", "pet_name": "Biscuit"}
    made = await post(client, "/clients", form)
    assert made.status_code == 303
    row = await Client.objects().where(Client.org == org.org_id).first()
    assert row.phone_e164 == "+14155550123" and row.is_one_time_client
    assert made.headers["location"] == f"/clients/{row.id}?done=created"
    page = await client.get(made.headers["location"])
    assert "The client is added." in page.text and "(415) 555-0123" in page.text


async def test_a_phone_that_is_not_one_is_refused_with_422_and_nothing_is_added(client, db):
    org = await make_org()
    await signed_in(client, org)
    refused = await post(client, "/clients", {"name": "Dana", "phone": "call me"})
    assert refused.status_code == 422
    assert 'id="create-phone-error"' in refused.text
    assert "phone number" in refused.text
    assert 'value="Dana"' in refused.text  # what was typed stays
    assert await Client.count().where(Client.org == org.org_id) == 0


async def test_a_phone_another_client_of_the_org_has_is_refused_with_409(client, db):
    org, _ = await owner_with_clients(client)
    refused = await post(client, "/clients", {"name": "Twin", "phone": "415-555-0123"})
    assert refused.status_code == 409
    assert "A client with that phone number already exists." in refused.text
    assert await Client.count().where(Client.org == org.org_id) == 2


async def test_editing_a_client_keeps_the_rules_and_is_audited(client, db):
    _, dana = await owner_with_clients(client)
    url = f"/clients/{dana['id']}"
    taken = await post(client, url, {"name": "Dana", "phone": "(415) 555-0188"})
    assert taken.status_code == 409
    bad = await post(client, url, {"name": "", "phone": "(415) 555-0123"})
    assert bad.status_code == 422 and 'id="edit-name-error"' in bad.text
    saved = await post(
        client, url, {"name": "Dana R. Reyes", "phone": "415 555 0199", "pet_name": "Biscuit"}
    )
    assert saved.status_code == 303 and saved.headers["location"] == f"{url}?done=saved"
    row = await Client.objects().where(Client.id == dana["id"]).first()
    assert (row.name, row.phone_e164) == ("Dana R. Reyes", "+14155550199")
    (event,) = await audits("client.updated")
    assert event["target_id"] == dana["id"] and event["payload"]["changed"] == ["name", "phone"]
    assert "0199" not in str(event["payload"])


async def test_flipping_the_classification_is_audited_both_ways(client, db):
    _, dana = await owner_with_clients(client)
    url = f"/clients/{dana['id']}/classification"
    made = await post(client, url, {"recurring": "true"})
    assert made.status_code == 303
    assert not (await Client.objects().where(Client.id == dana["id"]).first()).is_one_time_client
    page = await client.get(made.headers["location"])
    assert "now recurring" in page.text and "Make one-time" in page.text
    await post(client, url, {"recurring": "false"})
    assert (await Client.objects().where(Client.id == dana["id"]).first()).is_one_time_client
    events = await audits("client.classified")
    assert [e["payload"]["isOneTimeClient"] for e in events] == [False, True]
    assert all(e["actor"].startswith("user:") and e["target_id"] == dana["id"] for e in events)


async def test_a_clients_page_shows_pet_consent_history_bookings_and_the_thread(client, db):
    org, dana = await owner_with_clients(client)
    await Org.update({Org.time_zone: "America/New_York"}).where(Org.id == org.org_id)
    sam = await new_sitter(client, org)
    booking = await confirm(client, org, await book(client, org, dana, sitter=sam))
    await client_texts(org, "+14155550123", "STOP", "SMclientspage0000000000000000001")
    page = await client.get(f"/clients/{dana['id']}")
    assert page.status_code == 200
    assert "Biscuit" in page.text and "one-time" in page.text
    assert "stopped" in page.text and "“STOP”" in page.text and "opted out" in page.text
    starts = datetime.fromisoformat(booking["startAt"])
    assert when_text(starts, "America/New_York") in page.text
    assert "Sam" in page.text and "confirmed" in page.text
    thread = re.search(r'href="/messages/(\d+)" id="thread-link"', page.text)
    assert thread, "no link to the thread"
    assert (await client.get(f"/messages/{thread.group(1)}")).status_code == 200


async def test_another_orgs_client_answers_404_everywhere(client, db):
    _, dana = await owner_with_clients(client)
    other = await make_org("Other Paws")
    await signed_in(client, other)
    url = f"/clients/{dana['id']}"
    assert (await client.get(url)).status_code == 404
    edit = await post(client, url, {"name": "Mine", "phone": "415 555 0123"})
    assert edit.status_code == 404
    flip = await post(client, f"{url}/classification", {"recurring": "true"})
    assert flip.status_code == 404
    assert (await client.get("/clients", params={"q": "dana"})).text.count("Dana") == 0
    row = await Client.objects().where(Client.id == dana["id"]).first()
    assert row.name == "Dana Reyes" and row.is_one_time_client


async def test_concurrent_edits_of_one_client_all_answer_and_the_phone_stays_one_clients(
    client, db
):
    _, dana = await owner_with_clients(client)
    url = f"/clients/{dana['id']}"
    answers = await asyncio.gather(
        *(post(client, url, {"name": f"Dana {n}", "phone": "(415) 555-0123"}) for n in range(8)),
        post(client, url, {"name": "Dana", "phone": "(415) 555-0188"}),  # Eli's: 409
    )
    assert [a.status_code for a in answers] == [303] * 8 + [409]
    assert await Client.count().where(Client.phone_e164 == "+14155550123") == 1
