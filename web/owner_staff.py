"""The staff page `/staff` (owner only, SPEC O5) and the invitation page `/join/{token}`.

`/staff` is one region (`owner/_staff.html`) like the other set-up pages (see `web.owner`):
invite by email, revoke a pending invitation, change a role, remove a member. The invitation
page needs no sign-in: the link's token is the credential; accepting it signs the new member in
with a fresh session (the browser's previous session, if any, ends).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Template

from db.tables import User
from domain.clock import utcnow
from domain.errors import DomainError
from domain.staff import Area
from services import staff
from services.owner_notifications import Channels
from web.auth import acting, area_guard, signed_in_response
from web.forms import JoinForm, StaffInviteForm, StaffRoleForm
from web.owner import page_context, region, render


async def staff_context(request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await page_context(request, "staff")
    context["staff"] = await staff.staff_list(request.user.org_id, context["now"])
    context["me"] = request.user.user_id
    context.setdefault("values", {})
    return context


async def _invite(request: Request[Any, Any, Any], data: StaffInviteForm) -> str:
    identity = request.user
    invitation = await staff.invite(
        **acting(request), invited_by=identity.user_id, email=data.email, role=data.role
    )
    context = await page_context(request, "staff")
    inviter = await User.select(User.name, User.email).where(User.id == identity.user_id).first()
    channels = Channels.from_settings(request.app.state.settings)
    sent = await staff.send_invitation(
        channels,
        invitation,
        business=context["org"].name,
        inviter=(inviter["name"] or inviter["email"]) if inviter else context["org"].name,
    )
    email = invitation.invite.email
    if sent:
        return f"Invitation emailed to {email}. The link works once, for 72 hours."
    link = staff.invite_link(channels.base_url, invitation.token)
    why = "could not be sent" if channels.mailer else "is not set up here (SMTP_URL)"
    return f"Email to {email} {why}. Give them this link yourself: {link}"


async def _revoke(request: Request[Any, Any, Any], invite_id: int) -> str:
    row = await staff.revoke_invite(**acting(request), invite_id=invite_id)
    return f"The invitation to {row.email} is withdrawn."


async def _change_role(request: Request[Any, Any, Any], user_id: int, role: str) -> str:
    user = await staff.change_role(**acting(request), user_id=user_id, role=role)
    return f"{user.name or user.email} is now {user.role}."


async def _remove(request: Request[Any, Any, Any], user_id: int) -> str:
    user = await staff.remove(**acting(request), user_id=user_id)
    return f"{user.name or user.email} is removed and signed out everywhere."


def _staff_change(request: Request[Any, Any, Any], form: str, action: Any, values: Any = None):
    return region(
        request, "staff", staff_context, action, form=form, default_field="role", values=values
    )


class StaffController(Controller):
    path = "/staff"
    guards = [area_guard(Area.STAFF)]

    @get("/", name="owner_staff")
    async def index(self, request: Request[Any, Any, Any]) -> Template:
        context = await staff_context(request)
        return render(request, "owner/staff.html", "owner/_staff.html", context)

    @post("/", status_code=200)
    async def invite(
        self, request: Request[Any, Any, Any], data: URLEncodedBody[StaffInviteForm]
    ) -> Any:
        return await region(
            request,
            "staff",
            staff_context,
            _invite(request, data),
            form="invite",
            default_field="email",
            values=data,
        )

    @post("/invites/{invite_id:int}/revoke", status_code=200)
    async def revoke(self, request: Request[Any, Any, Any], invite_id: FromPath[int]) -> Any:
        return await _staff_change(request, f"revoke-{invite_id}", _revoke(request, invite_id))

    @post("/{user_id:int}/role", status_code=200)
    async def role(
        self,
        request: Request[Any, Any, Any],
        user_id: FromPath[int],
        data: URLEncodedBody[StaffRoleForm],
    ) -> Any:
        action = _change_role(request, user_id, data.role)
        return await _staff_change(request, f"role-{user_id}", action, data)

    @post("/{user_id:int}/remove", status_code=200)
    async def remove(self, request: Request[Any, Any, Any], user_id: FromPath[int]) -> Any:
        return await _staff_change(request, f"remove-{user_id}", _remove(request, user_id))


async def _join_page(
    token: str, error: str | None = None, values: Any = None, status: int = 200
) -> Template:
    """The form while the link is usable; otherwise why not (404 unknown, 409 used/expired)."""
    try:
        invite = await staff.usable_invite(token, utcnow())
    except DomainError as refused:
        context = {"error": refused.message, "invite": None, "values": {}}
        return Template("join.html", context=context, status_code=refused.status)
    context = {"invite": invite, "error": error, "values": values or {}}
    return Template("join.html", context=context, status_code=status)


class JoinController(Controller):
    """The invitation link's page: choose a name and a password, and you are signed in."""

    path = "/join"

    @get("/{token:str}", name="join")
    async def page(self, token: FromPath[str]) -> Template:
        return await _join_page(token)

    @post("/{token:str}", status_code=303)
    async def join(
        self,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        data: URLEncodedBody[JoinForm],
    ) -> Response[Any]:
        now = utcnow()
        try:
            user = await staff.accept(token=token, name=data.name, password=data.password, now=now)
        except DomainError as error:
            return await _join_page(token, error.message, data, error.status)
        return await signed_in_response(request, org_id=user.org, user_id=user.id)
