"""Templates (canned replies): managed on `/templates` and through `/api/templates` (audited,
an unknown placeholder refused with 422 naming it), rendered into the owner's composer for the
thread's client, pet, sitter and next visit, and offered to a sitter only when not billing."""

from __future__ import annotations

import asyncio
from datetime import datetime

from db.owner_tables import ReplyTemplate
from domain.policy import when_text
from tests.helpers import api, audits, login, make_org
from tests.integration.test_owner_pages import HTMX, post, signed_in
from tests.sitter_helpers import DANA, FAY, SAM_PHONE, sitter_login, sitter_world
from tests.staff_helpers import new_member

WALK = "Hi {client_first_name}! {sitter_first_name} will walk {pet_name} on {visit_time}."


async def add_template(client, org, name="Walk", body=WALK, billing=False) -> dict:
    return await api(
        client,
        org,
        "POST",
        "/api/templates",
        json={"name": name, "body": body, "billing": billing},
    )


async def test_templates_are_created_edited_and_deleted_on_their_page_audited(client, db):
    org = await make_org()
    await signed_in(client, org)
    empty = await client.get("/templates")
    assert empty.status_code == 200 and "No templates yet" in empty.text
    made = await post(client, "/templates", {"name": "Walk", "body": WALK})
    assert made.status_code == 303 and made.headers["location"] == "/templates"
    row = await ReplyTemplate.objects().first()
    assert (row.name, row.body, row.billing) == ("Walk", WALK, False)
    edited = await post(
        client,
        f"/templates/{row.id}",
        {"name": "Bill", "body": "Paid?", "billing": "true"},
        htmx=True,
    )
    assert edited.status_code == 200 and "“Bill” is saved." in edited.text
    assert (await ReplyTemplate.objects().first()).billing
    gone = await post(client, f"/templates/{row.id}/delete", htmx=True)
    assert "“Bill” is deleted." in gone.text and "No templates yet" in gone.text
    assert await ReplyTemplate.count() == 0
    for action in ("template.created", "template.updated", "template.deleted"):
        (event,) = await audits(action)
        assert event["actor"].startswith("user:") and event["target_id"] == row.id


async def test_an_unknown_placeholder_is_refused_with_422_naming_it(client, db):
    org = await make_org()
    await signed_in(client, org)
    refused = await post(client, "/templates", {"name": "Walk", "body": "Hi {first_name}!"})
    assert refused.status_code == 422
    assert "Unknown placeholder {first_name}" in refused.text
    assert "Hi {first_name}!" in refused.text  # what was typed stays in the form
    by_api = await client.post(
        "/api/templates", headers=org.auth, json={"name": "Walk", "body": "{dog}"}
    )
    assert by_api.status_code == 422 and "{dog}" in by_api.json()["detail"]
    assert await ReplyTemplate.count() == 0


async def test_the_api_lists_creates_changes_and_deletes_templates(client, db):
    org = await make_org()
    made = await add_template(client, org, billing=True)
    assert made["billing"] is True and made["body"] == WALK
    changed = await api(
        client, org, "PATCH", f"/api/templates/{made['id']}", json={"name": "W", "body": "Hi"}
    )
    assert (changed["name"], changed["billing"]) == ("W", False)
    assert [t["id"] for t in await api(client, org, "GET", "/api/templates")] == [made["id"]]
    deleted = await client.delete(f"/api/templates/{made['id']}", headers=org.auth)
    assert deleted.status_code == 204
    assert await api(client, org, "GET", "/api/templates") == []


async def test_another_orgs_template_answers_404(client, db):
    world = await sitter_world(client)
    template = await add_template(client, world["org"])
    other = await make_org("Other Paws")
    path = f"/api/templates/{template['id']}"
    for method in ("PATCH", "DELETE"):
        answer = await client.request(
            method, path, headers=other.auth, json={"name": "x", "body": "y"}
        )
        assert answer.status_code == 404
    await signed_in(client, other)
    assert (
        await post(client, f"/templates/{template['id']}", {"name": "x", "body": "y"})
    ).status_code == 404
    assert (await post(client, f"/templates/{template['id']}/delete")).status_code == 404
    assert (await ReplyTemplate.objects().first()).name == "Walk"


async def test_the_owner_composer_offers_templates_and_fills_in_the_threads_values(client, db):
    world = await sitter_world(client)
    org, thread_id = world["org"], world["threads"][DANA]
    await add_template(client, org)
    await add_template(
        client, org, name="Invoice", body="{client_first_name}, your bill", billing=True
    )
    await signed_in(client, org)
    page = await client.get(f"/messages/{thread_id}")
    assert f'hx-get="/messages/{thread_id}/template"' in page.text
    assert "Walk" in page.text and "Invoice (billing)" in page.text
    walk = (await ReplyTemplate.objects().where(ReplyTemplate.name == "Walk").first()).id
    filled = await client.get(
        f"/messages/{thread_id}/template", params={"template_id": walk}, headers=HTMX
    )
    assert filled.status_code == 200
    bookings = await api(
        client, org, "GET", f"/api/bookings?clientId={world['clients'][DANA]['id']}"
    )
    items = bookings["items"] if isinstance(bookings, dict) else bookings
    starts = datetime.fromisoformat(items[0]["startAt"])
    visit = when_text(starts, "America/Los_Angeles")
    assert f"Hi Dana! Sam will walk Biscuit on {visit}.</textarea>" in filled.text
    assert 'id="message-text"' in filled.text
    assert "data-billing-template" not in filled.text  # the kind chosen stays
    invoice = (await ReplyTemplate.objects().where(ReplyTemplate.billing.eq(True)).first()).id
    billing = await client.get(
        f"/messages/{thread_id}/template", params={"template_id": invoice}, headers=HTMX
    )
    assert "Dana, your bill</textarea>" in billing.text
    assert "data-billing-template" in billing.text  # owner.js then chooses Billing
    nothing = await client.get(f"/messages/{thread_id}/template", params={"template_id": ""})
    assert nothing.status_code == 204


async def test_a_sitter_never_gets_a_billing_template(client, db):
    world = await sitter_world(client)
    org = world["org"]
    walk = await add_template(client, org)
    bill = await add_template(
        client, org, name="Invoice", body="Pay {client_first_name}", billing=True
    )
    await sitter_login(client, SAM_PHONE)
    thread_id = world["threads"][DANA]
    page = await client.get(f"/sitter/threads/{thread_id}")
    assert "Walk" in page.text and "Invoice" not in page.text
    url = f"/sitter/threads/{thread_id}/template"
    filled = await client.get(url, params={"template_id": walk["id"]}, headers=HTMX)
    assert filled.status_code == 200 and "Hi Dana! Sam will walk Biscuit on" in filled.text
    billing = await client.get(url, params={"template_id": bill["id"]}, headers=HTMX)
    assert billing.status_code == 404 and "Pay" not in billing.text
    others = f"/sitter/threads/{world['threads'][FAY]}/template"
    assert (await client.get(others, params={"template_id": walk["id"]})).status_code == 404


async def test_a_manager_never_sees_a_billing_template_and_may_not_make_one(client, db):
    world = await sitter_world(client)
    org, thread_id = world["org"], world["threads"][DANA]
    walk = await add_template(client, org)
    bill = await add_template(client, org, name="Invoice", body="Pay up", billing=True)
    manager = await new_member(org)
    assert (await login(client, manager.email, manager.password)).status_code == 303
    await client.get("/")
    page = await client.get("/templates")
    assert "Walk" in page.text and "Invoice" not in page.text and 'name="billing"' not in page.text
    composer = await client.get(f"/messages/{thread_id}")
    assert "Walk" in composer.text and "Invoice" not in composer.text
    insert = f"/messages/{thread_id}/template"
    assert (await client.get(insert, params={"template_id": walk["id"]})).status_code == 200
    assert (await client.get(insert, params={"template_id": bill["id"]})).status_code == 404
    assert (
        await post(client, f"/templates/{bill['id']}", {"name": "x", "body": "y"})
    ).status_code == 404
    assert (await post(client, f"/templates/{bill['id']}/delete")).status_code == 404
    made = await post(client, "/templates", {"name": "Bill", "body": "Pay", "billing": "true"})
    assert made.status_code == 403
    listed = (await client.get("/api/templates")).json()
    assert [t["name"] for t in listed] == ["Walk"]
    by_api = await client.post(
        "/api/templates",
        json={"name": "Bill", "body": "Pay", "billing": True},
        headers={"x-csrftoken": client.cookies["csrftoken"]},
    )
    assert by_api.status_code == 403
    assert await ReplyTemplate.count() == 2
    assert (
        await ReplyTemplate.objects().where(ReplyTemplate.id == bill["id"]).first()
    ).body == "Pay up"


async def test_concurrent_saves_and_edits_of_templates_all_succeed(client, db):
    org = await make_org()
    made = await asyncio.gather(
        *(
            client.post(
                "/api/templates", headers=org.auth, json={"name": f"T{n}", "body": "{pet_name}"}
            )
            for n in range(8)
        )
    )
    assert [r.status_code for r in made] == [201] * 8
    first = made[0].json()["id"]
    edits = await asyncio.gather(
        *(
            client.patch(
                f"/api/templates/{first}", headers=org.auth, json={"name": f"E{n}", "body": "x"}
            )
            for n in range(8)
        )
    )
    assert [r.status_code for r in edits] == [200] * 8
    assert await ReplyTemplate.count() == 8
    assert len(await audits("template.created")) == 8
