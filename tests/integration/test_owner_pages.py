"""The owner's pages (SPEC section 8): every page renders for an empty and a busy org, forms
work as htmx fragments and as plain posts, errors show next to their field, bodies are inert."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest

from db.tables import AuditEvent, BusinessNumber, Client, Message, Sitter, Thread
from domain.clock import utcnow
from domain.model import MessagingFlags
from services import enforcement, inbound
from tests.helpers import api, book, confirm, login, make_org, new_client, new_sitter

PAGES = [
    "/",
    "/messages",
    "/messages?tab=conversations",
    "/messages?tab=blocked",
    "/messages?tab=alerts",
    "/messages/inbox",
    "/messages/conversations",
    "/messages/blocked",
    "/messages/alerts",
    "/numbers",
    "/sitters",
    "/bookings",
    "/diagnostics",
]
HTMX = {"HX-Request": "true"}
_sids = count(1)


async def signed_in(client, org):
    response = await login(client, org.email, org.password)
    assert response.status_code == 303
    await client.get("/")  # signing in renews the CSRF cookie: a page sets the new one
    return client


async def post(client, url: str, data: dict | None = None, *, htmx: bool = False):
    body = {**(data or {}), "_csrf_token": client.cookies["csrftoken"]}
    return await client.post(url, data=body, headers=HTMX if htmx else {}, follow_redirects=False)


async def text_in(org, body: str, sender: str = "+14155550177", to: str | None = None):
    return await inbound.receive_sms(
        to_e164=to or org.front_desk,
        from_e164=sender,
        body=body,
        provider_sid=f"SMpage{next(_sids):028d}",
        now=utcnow(),
    )


async def busy_world(client, org):
    """Sitters, clients, confirmed bookings, inbox items, a blocked text and a locked sitter."""
    sam = await new_sitter(client, org)
    dana = await new_client(client, org, recurring=True)
    await confirm(client, org, await book(client, org, dana, sitter=sam))
    await new_client(client, org, phone="+14155550178", name="Lee Park")
    await text_in(org, "Hello, is anyone there?", sender="+14155550999")  # unknown sender
    await text_in(org, "Walk at 3 today?")  # to the sitter (active window)
    await text_in(org, "text me at 415 555 0100 instead")  # blocked (anti-poaching)
    thread = await Thread.objects().where(Thread.client == dana["id"]).first()
    flags = MessagingFlags(messaging_v1=True, sitter_messages_v1=True)
    for _ in range(3):  # A4: the third offense locks the sitter and raises a high alert
        await enforcement.sitter_send(
            org_id=org.org_id,
            sitter_id=sam["id"],
            thread_id=thread.id,
            body="my insta is @sam.walks",
            flags=flags,
            now=utcnow(),
        )
    return sam, dana, thread


async def test_every_page_renders_for_an_empty_org(client):
    org = await make_org()
    await signed_in(client, org)
    for path in PAGES:
        response = await client.get(path)
        assert response.status_code == 200, path
        assert "<html" in response.text, path  # a direct visit gets the whole page
    assert "Inbox zero" in (await client.get("/messages")).text
    assert "No conversations yet" in (await client.get("/messages?tab=conversations")).text
    assert "Nothing blocked" in (await client.get("/messages?tab=blocked")).text
    assert "No open alerts" in (await client.get("/messages?tab=alerts")).text
    assert "No sitters yet" in (await client.get("/sitters")).text
    assert "No bookings yet" in (await client.get("/bookings")).text
    assert "No inbound message yet" in (await client.get("/diagnostics")).text


async def test_every_page_renders_for_a_busy_org(client):
    org = await make_org()
    await signed_in(client, org)
    _, _, thread = await busy_world(client, org)
    for path in [*PAGES, f"/messages/{thread.id}"]:
        response = await client.get(path)
        assert response.status_code == 200, path
    inbox = (await client.get("/messages")).text
    assert "Unknown sender" in inbox and "Anti-poaching" in inbox
    assert "Dana Reyes" in (await client.get("/messages?tab=conversations")).text
    blocked = (await client.get("/messages?tab=blocked")).text
    assert "my insta is @sam.walks" in blocked and "Override" in blocked
    alerts = (await client.get("/messages?tab=alerts")).text
    assert alerts.index("High severity") < alerts.index("Notice")  # high severity first
    assert "Unlock Sam" in alerts
    page = (await client.get(f"/messages/{thread.id}")).text
    assert "Active window:" in page
    assert "Active assignment window" in page  # the routing explanation
    assert "(415) 555-0200" in page  # the sitter's number the message used
    sitters = (await client.get("/sitters")).text
    assert "(415) 555-0200" in sitters and "locked" in sitters
    assert "Dana Reyes" in (await client.get("/bookings")).text
    diagnostics = (await client.get("/diagnostics")).text
    assert "+1415****" in diagnostics and "+14155550177" not in diagnostics


async def test_fragments_for_htmx_pages_for_direct_visits(client):
    org = await make_org()
    await signed_in(client, org)
    fragment = await client.get("/messages/inbox", headers=HTMX)
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="tab-panel"')
    assert "<html" not in fragment.text
    assert "<html" in (await client.get("/messages/inbox")).text


async def test_pages_need_an_owner(client):
    for path in ["/messages", "/numbers", "/sitters", "/bookings", "/diagnostics"]:
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/login"


async def test_another_orgs_thread_is_404(client):
    mine, theirs = await make_org(), await make_org("Other")
    received = await text_in(theirs, "hi")
    await signed_in(client, mine)
    assert (await client.get(f"/messages/{received.message.thread}")).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        '<script>alert("x")</script>',
        '<img src=x onerror="alert(1)">',
        '<div hx-get="/logout" hx-trigger="load">x</div>',
    ],
)
async def test_injected_bodies_render_as_text(client, body):
    org = await make_org()
    await signed_in(client, org)
    received = await text_in(org, body, sender="+14155550888")
    for path in [
        "/messages",
        "/messages?tab=conversations",
        f"/messages/{received.message.thread}",
    ]:
        html = (await client.get(path)).text
        assert body not in html, path
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'hx-get="/logout"' not in html
    assert "&lt;" in (await client.get(f"/messages/{received.message.thread}")).text


async def test_mark_done_leaves_the_inbox_htmx_and_plain(client):
    org = await make_org()
    await signed_in(client, org)
    first = await text_in(org, "first question", sender="+14155550801")
    second = await text_in(org, "second question", sender="+14155550802")
    response = await post(client, f"/messages/inbox/{first.message.id}/done", htmx=True)
    assert response.status_code == 200
    assert "first question" not in response.text and "second question" in response.text
    response = await post(client, f"/messages/inbox/{second.message.id}/done")
    assert response.status_code == 303 and response.headers["location"] == "/messages?tab=inbox"
    assert await Message.count().where(Message.needs_owner_attention.eq(True)) == 0
    assert await AuditEvent.count().where(AuditEvent.action == "message.marked_done") == 2
    assert "Inbox zero" in (await client.get("/messages")).text


async def test_override_needs_a_reason_shown_in_the_modal(client):
    org = await make_org()
    await signed_in(client, org)
    await busy_world(client, org)
    blocked = await Message.objects().where(Message.blocked.eq(True)).first()
    url = f"/messages/blocked/{blocked.id}/override"
    plain = await post(client, url, {"reason": "  "})
    assert plain.status_code == 400
    assert "Say why this message may go through." in plain.text and "<html" in plain.text
    fragment = await post(client, url, {"reason": ""}, htmx=True)
    assert fragment.status_code == 200  # htmx swaps it: the dialog re-opens with the error
    assert "data-autoshow" in fragment.text and "Say why" in fragment.text
    assert "status_code" not in fragment.text  # never a raw JSON error
    done = await post(client, url, {"reason": "It is the vet's number"}, htmx=True)
    assert done.status_code == 200
    await blocked.refresh()
    assert not blocked.blocked


async def test_dismiss_a_blocked_message(client):
    org = await make_org()
    await signed_in(client, org)
    await busy_world(client, org)
    blocked = await Message.objects().where(Message.blocked.eq(True)).first()
    response = await post(client, f"/messages/blocked/{blocked.id}/dismiss")
    assert response.status_code == 303
    assert "dismissed" in (await client.get("/messages?tab=blocked")).text


async def test_unlock_from_the_alerts_tab(client):
    org = await make_org()
    await signed_in(client, org)
    sam, _, _ = await busy_world(client, org)
    url = f"/messages/alerts/unlock/{sam['id']}"
    missing = await post(client, url, {"reason": ""}, htmx=True)
    assert "Say why the sitter is unlocked." in missing.text
    assert (await post(client, url, {"reason": "We talked"})).status_code == 303
    assert (await Sitter.objects().get(Sitter.id == sam["id"])).locked_at is None


async def test_quarantine_modal_durations_and_restore_now(client):
    org = await make_org()
    await signed_in(client, org)
    await api(
        client, org, "POST", "/api/numbers", json={"e164": "+14155557001", "numberClass": "pool"}
    )
    number = await BusinessNumber.objects().get(BusinessNumber.e164 == "+14155557001")
    url = f"/numbers/{number.id}/quarantine"
    response = await post(client, url, {"duration": "7", "reason": "spam"}, htmx=True)
    assert response.status_code == 200 and "Restore now" in response.text
    await number.refresh()
    assert number.quarantined_until - utcnow() > timedelta(days=6, hours=23)
    missing_days = await post(client, url, {"duration": "custom", "custom_days": ""})
    assert missing_days.status_code == 422 and "Enter the number of days" in missing_days.text
    too_many = await post(client, url, {"duration": "custom", "custom_days": "400"}, htmx=True)
    assert "from 1 to 365" in too_many.text and "data-autoshow" in too_many.text
    await post(client, url, {"duration": "custom", "custom_days": "10"})
    await number.refresh()
    assert timedelta(days=9, hours=23) < number.quarantined_until - utcnow() <= timedelta(days=10)
    release = f"/numbers/{number.id}/release"
    no_reason = await post(client, release, {"force_restore": "true", "restore_reason": " "})
    assert no_reason.status_code == 400 and "Restore now needs a reason" in no_reason.text
    await number.refresh()
    assert number.status == "quarantined"
    restored = await post(
        client, release, {"force_restore": "true", "restore_reason": "Carrier fixed it"}, htmx=True
    )
    assert restored.status_code == 200 and "back in service" in restored.text
    await number.refresh()
    assert number.status == "active"


async def test_only_front_desk_cannot_be_quarantined_error_in_modal(client):
    org = await make_org()
    await signed_in(client, org)
    desk = await BusinessNumber.objects().first()
    response = await post(client, f"/numbers/{desk.id}/quarantine", {"duration": "1"}, htmx=True)
    assert response.status_code == 200 and "data-autoshow" in response.text


async def test_sitters_add_activate_offboard(client):
    org = await make_org()
    await signed_in(client, org)
    await api(
        client, org, "POST", "/api/numbers", json={"e164": "+14155550200", "numberClass": "sitter"}
    )
    invalid = await post(client, "/sitters", {"name": "", "phone": "+14155550190"})
    assert invalid.status_code == 422 and "The sitter needs a name." in invalid.text
    added = await post(client, "/sitters", {"name": "Sam", "phone": "4155550190"}, htmx=True)
    assert "Sam is added (inactive)." in added.text
    sam = await Sitter.objects().get(Sitter.name == "Sam")
    activated = await post(client, f"/sitters/{sam.id}/activate", htmx=True)
    assert "Sam is active with number (415) 555-0200." in activated.text
    offboarded = await post(client, f"/sitters/{sam.id}/offboard", htmx=True)
    assert "offboarded" in offboarded.text
    number = await BusinessNumber.objects().get(BusinessNumber.e164 == "+14155550200")
    assert number.status == "cooldown"


async def test_bookings_create_confirm_and_window(client):
    org = await make_org()
    await signed_in(client, org)
    sam = await new_sitter(client, org)
    added = await post(client, "/bookings/clients", {"name": "Dana", "phone": "4155550177"})
    assert added.status_code == 303
    dana = await Client.objects().first()
    bad = await post(
        client,
        "/bookings",
        {"client_id": str(dana.id), "service_type": "dog_walk", "start_at": "", "end_at": ""},
    )
    assert bad.status_code == 422 and "Enter a date and time." in bad.text
    absurd = await post(
        client,
        "/bookings",
        {
            "client_id": str(dana.id),
            "service_type": "dog_walk",
            "start_at": "1970-01-01T09:00",
            "end_at": "2100-01-01T09:00",
        },
    )
    assert absurd.status_code == 422 and "more than a year in the past" in absurd.text
    day = date.today() + timedelta(days=150)  # a booking starts at most two years ahead
    created = await post(
        client,
        "/bookings",
        {
            "client_id": str(dana.id),
            "service_type": "dog_walk",
            "start_at": f"{day}T09:00",
            "end_at": f"{day}T10:00",
            "sitter_id": str(sam["id"]),
        },
        htmx=True,
    )
    assert "The booking is created." in created.text
    shown = f"{day:%a %b} {day.day}"
    assert f"{shown} 9:00 AM" in created.text  # read and shown in the org's time zone
    booking = (await api(client, org, "GET", "/api/bookings"))[0]
    in_utc = datetime.combine(day, time(9), ZoneInfo("America/Los_Angeles")).astimezone(UTC)
    assert booking["startAt"].startswith(f"{day}T{in_utc:%H}:00")  # 9:00 in Los Angeles
    confirmed = await post(
        client, f"/bookings/{booking['id']}", {"change": "status", "status": "confirmed"}, htmx=True
    )
    assert "confirmed" in confirmed.text
    assert f"{shown} 8:00 AM – {shown} 11:00 AM" in confirmed.text  # the window (W1)


async def test_composer_sends_and_billing(client):
    org = await make_org()
    await signed_in(client, org)
    received = await text_in(org, "hi")
    thread_id = received.message.thread
    empty = await post(
        client, f"/messages/{thread_id}/send", {"kind": "normal", "body": ""}, htmx=True
    )
    assert "Write a message first." in empty.text
    sent = await post(
        client, f"/messages/{thread_id}/send", {"kind": "billing", "body": "Invoice #12"}, htmx=True
    )
    assert 'hx-swap-oob="true"' in sent.text and "Invoice #12" in sent.text
    message = await Message.objects().get(Message.body == "Invoice #12")
    assert message.billing and message.from_e164 == org.front_desk


async def test_conversations_are_paged_and_searchable(client):
    org = await make_org()
    await signed_in(client, org)
    now = utcnow()
    clients = [
        Client(
            org=org.org_id, name=f"Client {n:03d}", phone_e164=f"+1415666{n:04d}", created_at=now
        )
        for n in range(60)
    ]
    await Client.insert(*clients)
    rows = await Client.select(Client.id, Client.name).order_by(Client.id)
    await Thread.insert(
        *[
            Thread(
                org=org.org_id,
                client=row["id"],
                last_activity_at=now - timedelta(minutes=n),
                created_at=now,
            )
            for n, row in enumerate(rows)
        ]
    )
    first = (await client.get("/messages?tab=conversations")).text
    assert "Client 000" in first and "Client 049" in first and "Client 050" not in first
    older = first.split("Older conversations")[0].rsplit('href="', 1)[1].split('"')[0]
    second = (await client.get(older.replace("&amp;", "&"))).text
    assert "Client 050" in second and "Client 059" in second and "Client 000" not in second
    found = (await client.get("/messages/conversations?q=client 05", headers=HTMX)).text
    assert "Client 055" in found and "Client 010" not in found
    # Shorter than a trigram: PostgreSQL cannot use the name index for it, the result is the same.
    short = (await client.get("/messages/conversations?q=55", headers=HTMX)).text
    assert "Client 055" in short and "Client 005" not in short and "Client 050" not in short


async def long_thread(org) -> int:
    """A thread of 205 messages, `Message 0` (the oldest) to `Message 204`; its id."""
    started = utcnow() - timedelta(days=30)
    first = await text_in(org, "Message 0")
    thread_id = first.message.thread
    await Message.insert(
        *[
            Message(
                org=org.org_id,
                thread=thread_id,
                direction="inbound",
                sender_role="client",
                body=f"Message {n}",
                from_e164="+14155550177",
                to_e164=org.front_desk,
                status="received",
                created_at=started + timedelta(minutes=n),
            )
            for n in range(1, 205)
        ]
    )
    await Message.update({Message.created_at: started}).where(Message.id == first.message.id)
    return thread_id


async def test_a_long_conversation_shows_its_latest_messages_then_older_ones(client):
    org = await make_org()
    thread_id = await long_thread(org)
    await signed_in(client, org)
    latest = (await client.get(f"/messages/{thread_id}")).text
    assert "Message 204" in latest and "Message 5<" in latest and "Message 4<" not in latest
    older_link = re.search(r'href="(/messages/\d+\?before=\d+)"', latest)
    assert older_link and "Show older messages" in latest
    older = (await client.get(older_link.group(1).replace("&amp;", "&"))).text
    assert all(f"Message {n}<" in older for n in range(5))
    assert "Message 5<" not in older and "Show older messages" not in older
    assert "Back to the latest messages" in older
    assert f'hx-get="/messages/{thread_id}/body?before=' in older  # live refresh stays put


async def test_the_thread_api_reads_the_latest_page_then_older_ones(client):
    org, other = await make_org(), await make_org("Other")
    thread_id = await long_thread(org)
    latest = await api(client, org, "GET", f"/api/threads/{thread_id}")
    bodies = [m["body"] for m in latest["messages"]]
    assert bodies == [f"Message {n}" for n in range(5, 205)]  # the latest 200, oldest first
    path = f"/api/threads/{thread_id}?before={latest['messages'][0]['id']}"
    older = await api(client, org, "GET", path)
    assert [m["body"] for m in older["messages"]] == [f"Message {n}" for n in range(5)]
    assert older["id"] == thread_id and older["windows"] == []
    theirs = await text_in(other, "hey")
    answer = await client.get(
        f"/api/threads/{thread_id}?before={theirs.message.id}", headers=org.auth
    )
    assert answer.status_code == 404


async def test_older_messages_of_another_thread_or_org_are_404(client):
    org, other = await make_org(), await make_org("Other")
    mine, also_mine = await text_in(org, "hi"), await text_in(org, "yo", sender="+14155550178")
    theirs = await text_in(other, "hey")
    await signed_in(client, org)
    thread = mine.message.thread
    for before in (theirs.message.id, also_mine.message.id, 2**40):
        response = await client.get(f"/messages/{thread}?before={before}")
        assert response.status_code == 404
    assert (await client.get(f"/messages/{thread}?before=x")).status_code == 400


async def test_archived_conversations_have_their_own_list_and_come_back(client):
    org = await make_org()
    dana = await text_in(org, "Biscuit says hi", sender="+14155550177")
    await text_in(org, "Mochi says hi", sender="+14155550178")
    await signed_in(client, org)
    thread = dana.message.thread
    assert (await post(client, f"/messages/{thread}/archive")).status_code == 303
    active = (await client.get("/messages?tab=conversations")).text
    archived = (await client.get("/messages?tab=conversations&archived=true")).text
    assert "Biscuit says hi" not in active and "Mochi says hi" in active
    assert "Biscuit says hi" in archived and "Mochi says hi" not in archived
    assert 'href="/messages?tab=conversations&archived=true"' in active
    fragment = (await client.get("/messages/conversations?archived=true", headers=HTMX)).text
    assert "archived=true" in fragment.split("hx-trigger")[0]  # the live refresh stays put
    assert "Move back to Conversations" in (await client.get(f"/messages/{thread}")).text
    assert (await post(client, f"/messages/{thread}/unarchive")).status_code == 303
    assert "Biscuit says hi" in (await client.get("/messages?tab=conversations")).text
    assert (
        "No archived conversations"
        in (await client.get("/messages?tab=conversations&archived=true")).text
    )
    assert await AuditEvent.exists().where(AuditEvent.action == "thread.unarchived")


async def test_the_composer_posted_twice_with_its_key_sends_once(client):
    org = await make_org()
    await signed_in(client, org)
    thread_id = (await text_in(org, "hi")).message.thread
    page = (await client.get(f"/messages/{thread_id}")).text
    key = re.search(r'name="client_key" value="([^"]+)"', page).group(1)
    form = {"kind": "normal", "body": "See you at 5", "client_key": key}
    for _ in range(2):  # the browser resends the form (a lost answer, a double submit)
        assert (await post(client, f"/messages/{thread_id}/send", form)).status_code in (200, 303)
    assert await Message.count().where(Message.body == "See you at 5") == 1
    fresh = (await client.get(f"/messages/{thread_id}")).text
    assert f'value="{key}"' not in fresh  # the next send gets a key of its own


async def test_conversation_search_treats_percent_and_underscore_as_themselves(client):
    org = await make_org()
    await signed_in(client, org)
    now = utcnow()
    for n, name in enumerate(["50%_off", "5000 off", "50 percent off", "Dana_Reyes"]):
        row = Client(org=org.org_id, name=name, phone_e164=f"+1415666{n:04d}", created_at=now)
        await row.save()
        await Thread(org=org.org_id, client=row.id, last_activity_at=now, created_at=now).save()
    found = (await client.get("/messages/conversations?q=50%25_off", headers=HTMX)).text
    assert "50%_off" in found and "5000 off" not in found and "50 percent off" not in found
    underscore = (await client.get("/messages/conversations?q=_", headers=HTMX)).text
    assert "50%_off" in underscore and "Dana_Reyes" in underscore
    assert "5000 off" not in underscore and "50 percent off" not in underscore
