"""The org's allow list (SPEC O4): its page, its API, and every scan of the org's texts."""

from __future__ import annotations

from db.owner_tables import AllowedContact
from db.tables import AuditEvent, Message
from tests.helpers import make_org
from tests.integration.test_enforcement import send, walk
from tests.integration.test_inbound_routing import text
from tests.integration.test_owner_pages import post, signed_in

VET = "+14155550111"
VET_TEXT = "If Biscuit limps, the emergency vet is at (415) 555-0111, open all night."
OTHER_TEXT = "Or call my cell 415 555 0123 instead."


async def allow(client, org, kind="phone", value="(415) 555-0111", label="Emergency vet"):
    return await client.post(
        "/api/allow-list", json={"kind": kind, "value": value, "label": label}, headers=org.auth
    )


async def test_the_vets_number_passes_and_any_other_number_is_still_blocked(client, db):
    org = await make_org()
    sam, thread = await walk(client, org)
    assert (await send(org, sam, thread, VET_TEXT)).blocked  # before: blocked like any number
    added = await allow(client, org)
    assert added.status_code == 201 and added.json()["value"] == VET
    assert not (await send(org, sam, thread, VET_TEXT)).blocked
    assert (await send(org, sam, thread, f"{VET_TEXT} {OTHER_TEXT}")).blocked  # same text
    assert (await send(org, sam, thread, OTHER_TEXT)).blocked  # another text
    # A client's text to the sitter's number is scanned with the same list.
    assert not (await text("+14155550200", "+14155550177", VET_TEXT)).decision.blocked
    assert (await text("+14155550200", "+14155550177", OTHER_TEXT)).decision.blocked


async def test_another_orgs_list_does_not_apply(client, db):
    org, other = await make_org(), await make_org("Other Paws")
    sam, thread = await walk(client, org)
    assert (await allow(client, other)).status_code == 201
    assert (await send(org, sam, thread, VET_TEXT)).blocked
    assert (await text("+14155550200", "+14155550177", VET_TEXT)).decision.blocked


async def test_api_adds_lists_refuses_duplicates_and_bad_values_and_removes(client, db):
    org, other = await make_org(), await make_org("Other Paws")
    first = (await allow(client, org)).json()
    assert (await allow(client, org, value="+1 415 555 0111")).status_code == 409
    assert (await allow(client, org, kind="email", value="Vet@Clinic.example")).json()[
        "value"
    ] == "vet@clinic.example"
    assert (await allow(client, org, kind="domain", value="https://www.Clinic.example/x")).json()[
        "value"
    ] == "clinic.example"
    for kind, bad in (("phone", "12"), ("email", "vet at clinic"), ("domain", "no domain")):
        refused = await allow(client, org, kind=kind, value=bad)
        assert refused.status_code == 422 and refused.json()["field"] == "value", refused.text
    listed = (await client.get("/api/allow-list", headers=org.auth)).json()
    assert [e["kind"] for e in listed] == ["domain", "email", "phone"]
    assert (await client.get("/api/allow-list", headers=other.auth)).json() == []
    path = f"/api/allow-list/{first['id']}"
    assert (await client.delete(path, headers=other.auth)).status_code == 404
    assert (await client.delete(path + "?reason=moved", headers=org.auth)).status_code == 204
    assert (await client.delete(path, headers=org.auth)).status_code == 404
    actions = await AuditEvent.select(AuditEvent.action, AuditEvent.reason).where(
        AuditEvent.target_type == "allowed_contact"
    )
    assert {(a["action"], a["reason"]) for a in actions} == {
        ("allow_list.added", "Emergency vet"),
        ("allow_list.removed", "moved"),
    }


async def test_the_page_explains_adds_refuses_and_removes(client, db):
    org = await make_org()
    await signed_in(client, org)
    page = await client.get("/settings/allow-list")
    assert page.status_code == 200 and "Nothing allowed yet" in page.text
    assert 'href="/settings/allow-list"' in page.text  # in the nav
    bad = await post(client, "/settings/allow-list", {"kind": "email", "value": "nope"})
    assert bad.status_code == 422 and "does not look like an email" in bad.text
    bad = await post(client, "/settings/allow-list", {"kind": "phone", "value": "abc"}, htmx=True)
    assert bad.status_code == 200 and 'role="alert"' in bad.text
    added = await post(
        client, "/settings/allow-list", {"kind": "phone", "value": "415-555-0111"}, htmx=True
    )
    assert VET in added.text and "is allowed" in added.text and "<html" not in added.text
    twice = await post(client, "/settings/allow-list", {"kind": "phone", "value": VET})
    assert twice.status_code == 409 and "already on the allow list" in twice.text
    entry = await AllowedContact.objects().first()
    assert entry.created_by is not None
    gone = await post(client, f"/settings/allow-list/{entry.id}/remove", htmx=True)
    assert "blocked again" in gone.text and await AllowedContact.count() == 0


async def test_an_empty_text_reads_no_list(client, db):
    """A photo-only text has nothing to scan: it is never blocked."""
    org = await make_org()
    await walk(client, org)
    received = await text("+14155550200", "+14155550177", "")
    assert not received.decision.blocked
    assert await Message.count().where(Message.blocked.eq(True)) == 0
