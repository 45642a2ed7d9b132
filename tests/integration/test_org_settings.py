"""O2: the owner sets quiet hours (settings page with CSRF, PATCH /api/org); a person's
composer warns during quiet hours, and their send still goes at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from db.tables import AuditEvent, Org
from services.sending import owner_send
from services.threads import ensure_thread
from tests.helpers import api, book, login, make_org, new_client
from tests.sitter_helpers import DANA, SAM_PHONE, sitter_login, sitter_world

LA = ZoneInfo("America/Los_Angeles")


async def quiet_now(org_id: int) -> None:
    """Quiet hours around the current time in the org's zone."""
    now = datetime.now(LA)
    start = (now - timedelta(hours=1)).strftime("%H:%M")
    end = (now + timedelta(hours=1)).strftime("%H:%M")
    await Org.update({Org.quiet_hours_start: start, Org.quiet_hours_end: end}).where(
        Org.id == org_id
    )


async def test_O2_owner_sets_quiet_hours_on_the_settings_page_with_csrf(client, db):
    org = await make_org()
    assert (await login(client, org.email, org.password)).status_code == 303
    page = await client.get("/settings")
    assert page.status_code == 200 and "Quiet hours" in page.text
    form = {"quiet_hours_start": "22:00", "quiet_hours_end": "07:30"}
    forged = await client.post("/settings/quiet-hours", data=form, follow_redirects=False)
    assert forged.status_code == 403
    token = client.cookies["csrftoken"]
    saved = await client.post(
        "/settings/quiet-hours", data={**form, "_csrf_token": token}, follow_redirects=False
    )
    assert saved.status_code == 303
    row = await Org.objects().where(Org.id == org.org_id).first()
    assert (row.quiet_hours_start, row.quiet_hours_end) == ("22:00", "07:30")
    assert await AuditEvent.exists().where(AuditEvent.action == "org.quiet_hours")
    bad = await client.post(
        "/settings/quiet-hours",
        data={"quiet_hours_start": "9pm", "quiet_hours_end": "07:30", "_csrf_token": token},
    )
    assert bad.status_code == 422 and "24-hour time" in bad.text


async def test_O2_quiet_hours_are_set_through_patch_api_org(client, db):
    org = await make_org()
    shown = await api(client, org, "GET", "/api/org")
    assert (shown["quietHoursStart"], shown["quietHoursEnd"]) == ("00:00", "00:00")
    changed = await api(
        client,
        org,
        "PATCH",
        "/api/org",
        json={"quietHoursStart": "21:00", "quietHoursEnd": "08:00"},
    )
    assert (changed["quietHoursStart"], changed["quietHoursEnd"]) == ("21:00", "08:00")
    bad = await client.patch("/api/org", json={"quietHoursStart": "25:00"}, headers=org.auth)
    assert bad.status_code == 422


async def test_O2_owner_composer_warns_in_quiet_hours_and_the_send_is_not_held(client, db):
    org = await make_org()
    dana = await new_client(client, org)
    await book(client, org, dana)
    await quiet_now(org.org_id)
    assert (await login(client, org.email, org.password)).status_code == 303
    thread_id = (await ensure_thread(org.org_id, dana["id"], datetime.now(LA))).id
    page = await client.get(f"/messages/{thread_id}")
    local = datetime.now(LA)
    assert f"{local.hour % 12 or 12}:" in page.text and "for Dana." in page.text
    row = await owner_send(
        org_id=org.org_id,
        user_id=None,
        thread_id=thread_id,
        body="Running late, sorry!",
        billing=False,
        now=datetime.now(LA),
    )
    assert row.next_attempt_at == row.created_at


async def test_O2_sitter_composer_warns_in_quiet_hours(client, make_client, db):
    world = await sitter_world(client)
    await quiet_now(world["org"].org_id)
    phone = await make_client()
    await sitter_login(phone, SAM_PHONE)
    page = await phone.get(f"/sitter/threads/{world['threads'][DANA]}")
    assert page.status_code == 200 and "for Dana." in page.text
