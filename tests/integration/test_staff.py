"""SPEC O5, staff accounts: the owner invites by email (a one-time link over a real SMTP
server), the invitee chooses a name and password and is signed in; roles change; removing a
member ends every session of theirs; an org never loses its last owner; org isolation."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from email import message_from_bytes

from db.tables import LoginSession, StaffInvite, User
from domain.clock import utcnow
from services.identity import hash_token
from tests.conftest import free_port
from tests.helpers import login, make_org
from tests.staff_helpers import new_member, owner_id

HTMX = {"HX-Request": "true"}


async def signed_in(client, email: str, password: str):
    response = await login(client, email, password)
    assert response.status_code == 303, response.text
    await client.get("/")  # signing in renews the CSRF cookie: a page sets the new one
    return client


async def post(client, url: str, data: dict | None = None, *, htmx: bool = False):
    body = {**(data or {}), "_csrf_token": client.cookies["csrftoken"]}
    return await client.post(url, data=body, headers=HTMX if htmx else {}, follow_redirects=False)


def link_in(source: bytes) -> str:
    text = message_from_bytes(source).get_payload(decode=True).decode()
    return re.search(r"http://testserver\.local(/join/\S+)", text).group(1)


async def invited(client, org, smtp, email="mia@example.com", role="manager") -> str:
    """The owner invites `email` on the staff page; returns the link's path from the email."""
    await signed_in(client, org.email, org.password)
    response = await post(client, "/staff", {"email": email, "role": role}, htmx=True)
    assert response.status_code == 200
    assert f"Invitation emailed to {email}" in response.text
    [(to, source)] = smtp.received[-1:]
    assert to == [email]
    return link_in(source)


async def join(client, path: str, name="Mia Lopez", password="a long password"):
    await client.get(path)  # the form page sets the CSRF cookie
    return await post(client, path, {"name": name, "password": password})


async def test_O5_an_invitation_email_link_lets_the_invitee_choose_a_password_and_signs_them_in(
    make_client, smtp
):
    org = await make_org()
    owner = await make_client(smtp_url=smtp.url, smtp_from="snout@example.com")
    path = await invited(owner, org, smtp)
    invitee = await make_client()
    page = await invitee.get(path)
    assert page.status_code == 200 and "mia@example.com" in page.text and "manager" in page.text
    response = await join(invitee, path)
    assert response.status_code == 303 and response.headers["location"] == "/"
    home = await invitee.get("/")
    assert home.status_code == 200
    user = await User.objects().where(User.email == "mia@example.com").first()
    assert (user.name, user.role, user.org) == ("Mia Lopez", "manager", org.org_id)
    assert user.password_hash.startswith("$argon2")
    relogin = await make_client()
    assert (await login(relogin, "mia@example.com", "a long password")).status_code == 303


async def test_O5_only_the_sha256_of_the_invitation_token_is_stored(make_client, smtp):
    org = await make_org()
    path = await invited(await make_client(smtp_url=smtp.url, smtp_from="s@example.com"), org, smtp)
    token = path.rsplit("/", 1)[1]
    [row] = await StaffInvite.objects()
    assert row.token_hash == hash_token(token) and token not in row.token_hash


async def test_O5_joining_rotates_the_browsers_session(make_client, smtp):
    org = await make_org()
    owner = await make_client(smtp_url=smtp.url, smtp_from="snout@example.com")
    path = await invited(owner, org, smtp)
    before = owner.cookies["snout_session"]
    response = await join(owner, path)  # the owner's own browser opens the link
    assert response.status_code == 303
    assert owner.cookies["snout_session"] != before
    assert not await LoginSession.exists().where(LoginSession.token_hash == hash_token(before))


async def test_O5_an_invitation_link_works_only_once(make_client, smtp):
    org = await make_org()
    path = await invited(await make_client(smtp_url=smtp.url, smtp_from="s@example.com"), org, smtp)
    assert (await join(await make_client(), path)).status_code == 303
    again = await make_client()
    response = await join(again, path, name="Someone Else", password="another password")
    assert response.status_code == 409 and "already used" in response.text
    assert await User.count().where(User.email == "mia@example.com") == 1
    assert (await again.get(path)).status_code == 409


async def test_O5_an_expired_invitation_link_is_refused(make_client, smtp):
    org = await make_org()
    path = await invited(await make_client(smtp_url=smtp.url, smtp_from="s@example.com"), org, smtp)
    await StaffInvite.update({StaffInvite.expires_at: utcnow() - timedelta(seconds=1)}).where(
        StaffInvite.email == "mia@example.com"
    )
    invitee = await make_client()
    page = await invitee.get(path)
    assert page.status_code == 409 and "expired" in page.text
    response = await post(invitee, path, {"name": "Mia", "password": "a long password"})
    assert response.status_code == 409
    assert not await User.exists().where(User.email == "mia@example.com")


async def test_O5_a_revoked_invitation_or_an_unknown_link_is_refused(make_client, smtp):
    org = await make_org()
    owner = await make_client(smtp_url=smtp.url, smtp_from="s@example.com")
    path = await invited(owner, org, smtp)
    [row] = await StaffInvite.objects()
    response = await post(owner, f"/staff/invites/{row.id}/revoke", htmx=True)
    assert response.status_code == 200 and "withdrawn" in response.text
    assert (await join(await make_client(), path)).status_code == 409
    assert (await (await make_client()).get("/join/not-a-token")).status_code == 404


async def test_O5_a_bad_name_or_short_password_keeps_the_link_usable(make_client, smtp):
    org = await make_org()
    path = await invited(await make_client(smtp_url=smtp.url, smtp_from="s@example.com"), org, smtp)
    invitee = await make_client()
    assert (await join(invitee, path, password="short")).status_code == 422
    assert (await join(invitee, path, name="  ")).status_code == 422
    assert (await join(invitee, path)).status_code == 303


async def test_O5_inviting_an_email_that_already_signs_in_is_a_conflict(client, db):
    org = await make_org()
    await signed_in(client, org.email, org.password)
    response = await post(client, "/staff", {"email": org.email, "role": "manager"})
    assert response.status_code == 409 and "already has a Snout account" in response.text
    assert await StaffInvite.count() == 0


async def test_O5_without_smtp_the_owner_is_given_the_link_to_pass_on(client, db):
    org = await make_org()
    await signed_in(client, org.email, org.password)
    invite = {"email": "lee@example.com", "role": "owner"}
    response = await post(client, "/staff", invite, htmx=True)
    assert "Give them this link yourself: http://testserver.local/join/" in response.text


async def test_O5_removing_a_staff_member_ends_all_their_sessions_at_once(make_client, db):
    org = await make_org()
    mia = await new_member(org)
    phone, laptop = await make_client(), await make_client()
    for browser in (phone, laptop):
        await signed_in(browser, mia.email, mia.password)
    assert await LoginSession.count().where(LoginSession.user == mia.user_id) == 2
    owner = await signed_in(await make_client(), org.email, org.password)
    response = await post(owner, f"/staff/{mia.user_id}/remove", htmx=True)
    assert response.status_code == 200 and "signed out everywhere" in response.text
    assert await LoginSession.count().where(LoginSession.user == mia.user_id) == 0
    for browser in (phone, laptop):
        answer = await browser.get("/messages", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert (await login(await make_client(), mia.email, mia.password)).status_code == 400
    page = await owner.get("/staff")
    assert mia.email not in page.text


async def test_O5_the_last_owner_cannot_remove_or_demote_themself(make_client, db):
    org = await make_org()
    me = await owner_id(org)
    owner = await signed_in(await make_client(), org.email, org.password)
    removed = await post(owner, f"/staff/{me}/remove")
    demoted = await post(owner, f"/staff/{me}/role", {"role": "manager"})
    assert removed.status_code == 409 and demoted.status_code == 409
    assert "at least one owner" in demoted.text
    assert (await User.objects().where(User.id == me).first()).role == "owner"
    other = await new_member(org, role="owner", name="Ana Ortiz")
    assert (await post(owner, f"/staff/{me}/role", {"role": "manager"})).status_code == 303
    ana = await signed_in(await make_client(), other.email, other.password)
    assert (await post(ana, f"/staff/{other.user_id}/remove")).status_code == 409


async def test_O5_the_owner_changes_a_members_role(make_client, db):
    org = await make_org()
    mia = await new_member(org)
    owner = await signed_in(await make_client(), org.email, org.password)
    response = await post(owner, f"/staff/{mia.user_id}/role", {"role": "owner"}, htmx=True)
    assert response.status_code == 200 and "is now owner" in response.text
    browser = await signed_in(await make_client(), mia.email, mia.password)
    assert (await browser.get("/staff")).status_code == 200
    bad = await post(owner, f"/staff/{mia.user_id}/role", {"role": "admin"})
    assert bad.status_code == 422


async def test_O5_another_orgs_staff_and_invitations_answer_404(make_client, db):
    org, other = await make_org(), await make_org("Other Paws")
    mia = await new_member(org)
    await post(await signed_in(await make_client(), org.email, org.password), "/staff",
               {"email": "x@example.com", "role": "manager"})  # fmt: skip
    invite = await StaffInvite.objects().where(StaffInvite.email == "x@example.com").first()
    stranger = await signed_in(await make_client(), other.email, other.password)
    for url, data in [
        (f"/staff/{mia.user_id}/remove", None),
        (f"/staff/{mia.user_id}/role", {"role": "owner"}),
        (f"/staff/invites/{invite.id}/revoke", None),
        (f"/staff/{await owner_id(org)}/remove", None),
    ]:
        assert (await post(stranger, url, data)).status_code == 404, url
    assert mia.email not in (await stranger.get("/staff")).text
    assert (await User.objects().where(User.id == mia.user_id).first()).removed_at is None


async def test_O5_one_link_opened_in_many_browsers_at_once_makes_one_login(make_client, smtp):
    org = await make_org()
    path = await invited(await make_client(smtp_url=smtp.url, smtp_from="s@example.com"), org, smtp)
    browsers = [await make_client() for _ in range(6)]
    for browser in browsers:
        await browser.get(path)
    answers = await asyncio.gather(
        *[
            post(browser, path, {"name": f"Mia {n}", "password": "a long password"})
            for n, browser in enumerate(browsers)
        ]
    )
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [303, 409, 409, 409, 409, 409]
    assert await User.count().where(User.email == "mia@example.com") == 1


async def test_O5_two_owners_demoting_each_other_at_once_leave_one_owner(make_client, db):
    org = await make_org()
    me, ana = await owner_id(org), await new_member(org, role="owner", name="Ana Ortiz")
    mine = await signed_in(await make_client(), org.email, org.password)
    hers = await signed_in(await make_client(), ana.email, ana.password)
    answers = await asyncio.gather(
        post(mine, f"/staff/{ana.user_id}/role", {"role": "manager"}),
        post(hers, f"/staff/{me}/role", {"role": "manager"}),
    )
    assert sorted(answer.status_code for answer in answers) in ([303, 403], [303, 409])
    owners = await User.count().where((User.org == org.org_id) & (User.role == "owner"))
    assert owners == 1


async def test_O5_an_unreachable_smtp_server_still_leaves_the_owner_the_link(make_client, db):
    org = await make_org()
    closed = free_port()
    owner = await make_client(smtp_url=f"smtp://127.0.0.1:{closed}", smtp_from="s@example.com")
    await signed_in(owner, org.email, org.password)
    response = await post(owner, "/staff", {"email": "lee@example.com", "role": "manager"})
    assert response.status_code == 303
    page = await owner.get("/staff")
    assert "lee@example.com" in page.text  # pending
    invite = {"email": "lee@example.com", "role": "manager"}
    again = await post(owner, "/staff", invite, htmx=True)
    assert "could not be sent. Give them this link yourself" in again.text
