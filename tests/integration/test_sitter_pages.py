"""The sitter's pages (SPEC section 8 sitter screens, S2, S3; issue 7)."""

from __future__ import annotations

import re

import httpx
import phonenumbers

from db.tables import Message, Sitter
from domain.clock import utcnow
from services.enforcement import SITTER_WARNING
from tests.helpers import api, make_org
from tests.sitter_helpers import (
    CLIENT_PHONES,
    DANA,
    ELI,
    FAY,
    KIM_PHONE,
    SAM_PHONE,
    client_texts,
    latest_code,
    sitter_login,
    sitter_world,
)

HTMX = {"HX-Request": "true"}


async def signed_in_sam(client, make_client):
    world = await sitter_world(client)
    phone = await make_client()
    await sitter_login(phone, SAM_PHONE)
    await phone.get("/sitter")  # a page: the browser has its CSRF cookie again
    return world, phone


async def send(phone, thread_id: int, body: str, *, htmx: bool = True):
    return await phone.post(
        f"/sitter/threads/{thread_id}/messages",
        data={"body": body, "_csrf_token": phone.cookies["csrftoken"]},
        headers=HTMX if htmx else {},
        follow_redirects=False,
    )


async def test_the_list_has_only_my_threads_active_first_by_first_name_and_pet(client, make_client):
    world, phone = await signed_in_sam(client, make_client)
    page = await phone.get("/sitter")
    assert page.status_code == 200
    html = page.text
    assert html.index("Dana") < html.index("Eli")  # active window first
    assert "Biscuit" in html and "Mochi" in html
    assert "Reyes" not in html and "Park" not in html  # first names only
    assert "Fay" not in html and "Pepper" not in html  # Kim's client
    assert "Active window:" in html and "Next window:" in html
    assert "Today" in html
    assert f'href="/sitter/threads/{world["threads"][FAY]}"' not in html
    fragment = await phone.get("/sitter", headers=HTMX)
    assert fragment.text.lstrip().startswith('<div id="thread-list"')


async def test_thread_in_window_shows_the_window_and_an_open_composer(client, make_client):
    world, phone = await signed_in_sam(client, make_client)
    page = await phone.get(f"/sitter/threads/{world['threads'][DANA]}")
    assert page.status_code == 200
    assert "Active window:" in page.text
    assert '<textarea name="body" rows="2" maxlength="1600"' in page.text  # or photos alone
    assert 'type="file" name="files" accept="image/*" capture="environment" multiple' in page.text
    assert 'sse-connect="/sitter/live"' in page.text
    assert f'hx-trigger="sse:thread-{world["threads"][DANA]}' in page.text


async def test_S2_outside_the_window_the_composer_is_disabled_with_the_next_window(
    client, make_client
):
    world, phone = await signed_in_sam(client, make_client)
    page = await phone.get(f"/sitter/threads/{world['threads'][ELI]}")
    assert "Next window:" in page.text
    assert "only during your visit windows" in page.text
    assert "Your next window starts" in page.text
    assert "disabled" in page.text.split('id="composer"')[1]


async def test_another_sitters_thread_is_not_found(client, make_client):
    world, phone = await signed_in_sam(client, make_client)
    for path in (f"/sitter/threads/{world['threads'][FAY]}", "/sitter/threads/999999"):
        assert (await phone.get(path)).status_code == 404
    fragment = await phone.get(f"/sitter/threads/{world['threads'][FAY]}/messages")
    assert fragment.status_code == 404
    assert "Fay" not in fragment.text


async def test_S3_billing_and_blocked_messages_never_appear(client, make_client):
    world, phone = await signed_in_sam(client, make_client)
    org, thread = world["org"], world["threads"][DANA]
    await client_texts(org, DANA, "Biscuit had breakfast already", "SM1")
    await client_texts(org, DANA, "my number is 415 555 9876 text me there", "SM2")
    await api(
        client,
        org,
        "POST",
        f"/api/threads/{thread}/messages",
        json={"body": "Invoice: pay here https://pay.example/abc", "billing": True},
    )
    await api(
        client, org, "POST", f"/api/threads/{thread}/messages", json={"body": "Gate code 4412"}
    )
    blocked = await send(phone, thread, "venmo me at @sam-walks")
    assert blocked.status_code == 200
    for path in (f"/sitter/threads/{thread}", f"/sitter/threads/{thread}/messages", "/sitter"):
        html = (await phone.get(path)).text
        assert "Invoice" not in html and "pay.example" not in html
        assert "9876" not in html and "my number is" not in html
        assert "venmo" not in html
    shown = (await phone.get(f"/sitter/threads/{thread}/messages")).text
    assert "Biscuit had breakfast already" in shown
    assert "Gate code 4412" in shown


async def test_a_send_in_the_window_is_queued_and_shown(client, make_client):
    world, phone = await signed_in_sam(client, make_client)
    thread = world["threads"][DANA]
    response = await send(phone, thread, "On my way with Biscuit!")
    assert response.status_code == 200
    assert 'id="composer"' in response.text
    assert re.search(r'<section id="messages"[^>]* hx-swap-oob="true">', response.text)
    assert "On my way with Biscuit!" in response.text
    message = await Message.objects().where(Message.body == "On my way with Biscuit!").first()
    assert (message.status, message.sender_role, message.sender_sitter) == (
        "queued",
        "sitter",
        world["sam"]["id"],
    )
    assert message.from_e164 == "+14155558200"  # Sam's number (recurring client)
    plain = await send(phone, thread, "Back home now", htmx=False)
    assert plain.status_code == 303
    assert plain.headers["location"] == f"/sitter/threads/{thread}"


async def test_A3_a_blocked_send_shows_the_friendly_warning_only(client, make_client):
    world, phone = await signed_in_sam(client, make_client)
    thread = world["threads"][DANA]
    response = await send(phone, thread, "text my personal phone 415-555-2233")
    assert response.status_code == 200
    assert SITTER_WARNING.replace("'", "&#39;") in response.text
    assert "2233" not in response.text and "personal phone" not in response.text
    stored = await Message.objects().where(Message.body.like("%2233%")).first()
    assert (stored.status, stored.blocked) == ("blocked", True)  # kept for the owner, not sent
    plain = await send(phone, thread, "whatsapp me", htmx=False)
    assert plain.headers["location"] == f"/sitter/threads/{thread}?notice=blocked"
    page = await phone.get(plain.headers["location"])
    assert SITTER_WARNING.replace("'", "&#39;") in page.text
    assert "whatsapp" not in page.text


async def _nothing_sent_by(sitter_id: int) -> bool:
    return not await Message.exists().where(Message.sender_sitter == sitter_id)


async def test_S2_forged_posts_are_refused_403_or_404_and_send_nothing(client, make_client):
    world, phone = await signed_in_sam(client, make_client)
    sam = world["sam"]["id"]
    outside = await send(phone, world["threads"][ELI], "hello early")
    assert outside.status_code == 403
    assert "only during your visit windows" in outside.text
    other = await send(phone, world["threads"][FAY], "hello Fay")
    # another sitter's thread is answered exactly like an unknown id (it was a 403, which told
    # the sitter the id exists)
    assert other.status_code == 404
    assert other.text == (await send(phone, 999999, "hello Fay")).text
    assert "Fay" not in other.text and "Pepper" not in other.text
    plain = await send(phone, world["threads"][ELI], "hello early", htmx=False)
    assert plain.status_code == 403
    assert await _nothing_sent_by(sam)
    other_org = await make_org("Elsewhere")
    assert other_org.org_id != world["org"].org_id
    assert (await send(phone, 999999, "hi")).status_code == 404
    assert await _nothing_sent_by(sam)


async def test_S2_a_locked_sitter_sees_messaging_paused_and_cannot_send(client, make_client):
    world, _ = await signed_in_sam(client, make_client)
    await Sitter.update({Sitter.locked_at: utcnow(), Sitter.locked_reason: "review"}).where(
        Sitter.id == world["sam"]["id"]
    )
    phone = await make_client()
    await sitter_login(phone, SAM_PHONE)  # a locked sitter may still sign in
    home = await phone.get("/sitter")
    assert "messaging is paused pending review" in home.text
    page = await phone.get(f"/sitter/threads/{world['threads'][DANA]}")
    assert "paused" in page.text
    assert "disabled" in page.text.split('id="composer"')[1]
    response = await send(phone, world["threads"][DANA], "hello")
    assert response.status_code == 403
    assert await _nothing_sent_by(world["sam"]["id"])


async def test_the_composer_is_swapped_in_when_the_window_state_changed(client, make_client):
    world, phone = await signed_in_sam(client, make_client)
    thread = world["threads"][DANA]
    same = await phone.get(f"/sitter/threads/{thread}/messages?composer=1", headers=HTMX)
    assert 'id="composer"' not in same.text
    changed = await phone.get(f"/sitter/threads/{thread}/messages?composer=0", headers=HTMX)
    assert 'id="composer"' in changed.text


async def test_signed_out_sitter_links_lead_to_the_sign_in(client):
    for path, login in (
        ("/sitter", "/sitter/login"),
        ("/sitter/threads/1", "/sitter/login?next=/sitter/threads/1"),
        ("/sitter/threads/1/messages", "/sitter/login"),
    ):
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == login


async def test_R5_the_notification_link_opens_the_thread_after_sign_in(client, make_client):
    world = await sitter_world(client)
    thread = world["threads"][DANA]
    phone = await make_client()
    login = await phone.get(f"/sitter/threads/{thread}")
    page = await phone.get(login.headers["location"])
    assert f'name="next" value="/sitter/threads/{thread}"' in page.text
    token = phone.cookies["csrftoken"]
    asked = await phone.post(
        "/sitter/login",
        data={"phone": SAM_PHONE, "next": f"/sitter/threads/{thread}", "_csrf_token": token},
    )
    assert f'name="next" value="/sitter/threads/{thread}"' in asked.text
    response = await phone.post(
        "/sitter/login/verify",
        data={
            "phone": SAM_PHONE,
            "code": await latest_code(SAM_PHONE),
            "next": f"/sitter/threads/{thread}",
            "_csrf_token": token,
        },
    )
    assert response.headers["location"] == f"/sitter/threads/{thread}"


async def test_sign_in_never_sends_the_sitter_elsewhere(client):
    page = await client.get("/sitter/login?next=https://evil.example/")
    assert 'name="next" value="/sitter"' in page.text


# -- no client number in any byte sent to a sitter's browser ----------------------------------


def number_formats(e164: str) -> set[str]:
    """Every way a client's number could be written: E.164, national, international, digits
    only (with and without the country code), split by spaces, dashes or dots."""
    parsed = phonenumbers.parse(e164)
    national = str(parsed.national_number)
    area, exchange, line = national[:3], national[3:6], national[6:]
    forms = {
        e164,
        e164.lstrip("+"),
        national,
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL),
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.RFC3966),
    }
    for sep in (" ", "-", ".", ""):
        forms.add(sep.join((area, exchange, line)))
        forms.add(f"({area}){sep}{exchange}{'-' if sep == '' else sep}{line}")
        forms.add(f"({area}) {exchange}{sep}{line}")
        forms.add(f"1{sep}{area}{sep}{exchange}{sep}{line}")
        forms.add(f"+1{sep}{area}{sep}{exchange}{sep}{line}")
    forms.add(e164.replace("+", "%2B"))  # URL-encoded
    return {form for form in forms if form}


def assert_no_client_number(responses: list, phones=CLIENT_PHONES) -> None:
    for response in responses:
        raw = b"\n".join(
            [f"{k}: {v}".encode() for k, v in response.headers.multi_items()] + [response.content]
        )
        digits = re.sub(rb"\D", b"", raw)
        for phone in phones:
            for form in number_formats(phone):
                assert form.encode() not in raw, f"{form!r} in {response.request.url}"
            # Split by anything at all (tags, entities, words): not even its ten digits in a row.
            assert phone[2:].encode() not in digits, f"{phone} digits in {response.request.url}"


def test_the_scan_finds_a_number_written_any_way():
    for written in (
        "(415) 555-0177",
        "415.555.0177",
        "+1 415 555 0177",
        "4155550177",
        "415-555-<b>0177</b>",
        "%2B14155550177",
    ):
        response = httpx.Response(
            200, text=f"<p>call {written}</p>", request=httpx.Request("GET", "http://x/")
        )
        try:
            assert_no_client_number([response], phones=(DANA,))
        except AssertionError:
            continue
        raise AssertionError(f"{written!r} was not found")


async def test_no_client_number_in_any_byte_sent_to_the_sitter(client, make_client):
    world, phone = await signed_in_sam(client, make_client)
    org, dana = world["org"], world["threads"][DANA]
    await client_texts(org, DANA, "Hi! Biscuit is ready, leash by the door", "SM10")
    await client_texts(org, FAY, "Pepper says hi", "SM11")
    await client_texts(org, ELI, "See you tomorrow", "SM12")
    await client_texts(org, DANA, "call me at (415) 555-0177 instead", "SM13")  # blocked
    responses = [
        await phone.get("/sitter/login", follow_redirects=False),
        await phone.get("/sitter"),
        await phone.get("/sitter", headers=HTMX),
    ]
    for thread in world["threads"].values():
        responses += [
            await phone.get(f"/sitter/threads/{thread}"),
            await phone.get(f"/sitter/threads/{thread}/messages", headers=HTMX),
            await phone.get(f"/sitter/threads/{thread}/messages?composer=0", headers=HTMX),
            await phone.get(f"/sitter/threads/{thread}?notice=blocked"),
            await send(phone, thread, "All good here"),
            await send(phone, thread, "", htmx=False),
            await send(phone, thread, "my cell is 415 555 3344"),
            await send(phone, thread, "Walk done", htmx=False),
        ]
    responses += [
        await phone.get("/sitter/threads/999999"),
    ]
    # Sign in again from a fresh browser: the code pages and the answers around them.
    fresh = await make_client()
    responses.append(await fresh.get("/sitter/login"))
    token = fresh.cookies["csrftoken"]
    responses.append(
        await fresh.post(
            "/sitter/login",
            data={"phone": SAM_PHONE, "_csrf_token": token},
            follow_redirects=False,
        )
    )
    responses.append(
        await fresh.post(
            "/sitter/login/verify",
            data={"phone": SAM_PHONE, "code": "000000", "_csrf_token": token},
            follow_redirects=False,
        )
    )
    assert len(responses) > 30
    assert [
        (str(r.request.url), r.status_code, r.text[:300]) for r in responses if r.status_code >= 500
    ] == []
    assert "leash by the door" in (await phone.get(f"/sitter/threads/{dana}")).text
    assert_no_client_number(responses)
    assert KIM_PHONE  # (the sitters' own numbers are theirs to see)


async def test_a_sitter_on_an_owner_page_gets_a_friendly_page_with_the_way_back(
    client, make_client
):
    _, phone = await signed_in_sam(client, make_client)
    page = await phone.get("/messages")
    assert page.status_code == 403
    assert page.headers["content-type"].startswith("text/html")
    assert "This page is for the business owner." in page.text and 'href="/sitter"' in page.text
    api_answer = await phone.get("/api/threads")
    assert api_answer.status_code == 403 and api_answer.json()["status_code"] == 403
