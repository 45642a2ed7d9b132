"""Labelled examples: the owner's overrides and "not a contact detail" dismissals are kept, listed
and exported as JSONL, each org's apart."""

from __future__ import annotations

import json

from db.owner_tables import LabelledExample
from tests.helpers import make_org
from tests.integration.test_enforcement import POACHING, send, walk
from tests.integration.test_owner_pages import post, signed_in


async def two_blocked(client, org):
    sam, thread = await walk(client, org)
    first = await send(org, sam, thread, POACHING)
    second = await send(org, sam, thread, "my insta is @sam.walks")
    assert first.blocked and second.blocked
    return first.message, second.message


async def test_an_override_and_a_dismissal_each_keep_one_example(client, db):
    org = await make_org()
    overridden, dismissed = await two_blocked(client, org)
    api = {"headers": org.auth}
    answer = await client.post(
        f"/api/messages/{overridden.id}/override", json={"reason": "It is our vet"}, **api
    )
    assert answer.status_code == 200, answer.text
    answer = await client.post(
        f"/api/messages/{dismissed.id}/dismiss", json={"notContact": True}, **api
    )
    assert answer.status_code == 200, answer.text
    rows = await LabelledExample.objects().order_by(LabelledExample.id)
    assert [(r.message, r.decision, r.reason) for r in rows] == [
        (overridden.id, "overridden", "It is our vet"),
        (dismissed.id, "dismissed_not_contact", "Not a contact detail"),
    ]
    assert rows[0].body == POACHING and rows[0].detector_category == "phone"
    assert rows[1].detector_category == "social" and rows[1].detector_reason


async def test_a_plain_dismissal_keeps_no_example(client, db):
    org = await make_org()
    message, _ = await two_blocked(client, org)
    answer = await client.post(f"/api/messages/{message.id}/dismiss", json={}, headers=org.auth)
    assert answer.status_code == 200 and await LabelledExample.count() == 0


async def test_the_blocked_tab_offers_not_a_contact_detail_and_the_page_lists_and_exports(
    client, db
):
    org = await make_org()
    await signed_in(client, org)
    empty = await client.get("/settings/examples")
    assert empty.status_code == 200 and "No examples yet" in empty.text
    assert (await client.get("/settings/examples.jsonl")).text == ""
    first, second = await two_blocked(client, org)
    tab = await client.get("/messages?tab=blocked")
    assert 'name="not_contact" value="true"' in tab.text
    dismissed = await post(client, f"/messages/blocked/{first.id}/dismiss", {"not_contact": "true"})
    assert dismissed.status_code == 303
    overridden = await post(
        client, f"/messages/blocked/{second.id}/override", {"reason": "Fine by me"}
    )
    assert overridden.status_code == 303
    page = await client.get("/settings/examples")
    assert page.text.index("Fine by me") < page.text.index("Not a contact detail</span><br>")
    assert "Export JSONL" in page.text
    export = await client.get("/settings/examples.jsonl")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    lines = [json.loads(line) for line in export.text.splitlines()]
    assert [line["decision"] for line in lines] == ["dismissed_not_contact", "overridden"]
    assert set(lines[0]) == {
        "text",
        "detector_category",
        "detector_reason",
        "decision",
        "reason",
        "at",
    }
    assert lines[0]["text"] == POACHING


async def test_another_orgs_examples_are_never_listed(client, make_client, db):
    org, other = await make_org(), await make_org("Other Paws")
    first, _ = await two_blocked(client, org)
    await client.post(f"/api/messages/{first.id}/override", json={"reason": "ok"}, headers=org.auth)
    theirs = await signed_in(await make_client(), other)
    assert "No examples yet" in (await theirs.get("/settings/examples")).text
    assert (await theirs.get("/settings/examples.jsonl")).text == ""
    assert POACHING not in (await theirs.get("/settings/examples")).text
    # API tokens do not open the owner's pages.
    assert (await client.get("/settings/examples.jsonl", headers=other.auth)).status_code != 200
