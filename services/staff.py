"""Staff accounts (SPEC O5): the owner invites staff by email, changes roles and removes them.

An invitation is a random token sent in a link; only its sha256 is stored (`StaffInvite`). It
works once, for `domain.staff.INVITE_LIFETIME`, unless revoked. Accepting it creates the login
(argon2 password, the invited role); the caller signs the new person in. Inviting an email
that has a pending invitation replaces it (the old link stops working). Removing a staff
member keeps their row (messages and audit rows name them), refuses their sign-in and ends
every session of theirs at once; invited again, they come back on that row. The org never
loses its last owner (409).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from db.engine import transaction
from db.scope import get_in_org, lock_org
from db.tables import AuditEvent, LoginSession, StaffInvite, User
from domain import staff
from domain.errors import Conflict, Invalid, NotFound
from domain.names import checked_name
from domain.states import StaffRole
from services.accounts import hash_password
from services.audit import audit
from services.identity import hash_token
from services.owner_notifications import Channels

RECENT_ACTIVITY = 30  # audit rows on the staff page


@dataclass(frozen=True, slots=True)
class Invitation:
    invite: StaffInvite
    token: str  # only ever in the link sent; the database keeps its sha256


@dataclass(frozen=True, slots=True)
class StaffList:
    members: list[User]
    pending: list[StaffInvite]
    activity: list[AuditEvent]  # the latest audit rows, each naming who acted


def _checked_invite(email: str, role: str) -> tuple[str, StaffRole]:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
        raise Invalid("That is not an email address.", field="email")
    try:
        return email, StaffRole(role)
    except ValueError:
        raise Invalid("Choose a role: owner or manager.", field="role") from None


async def invite(
    *, org_id: int, actor: str, invited_by: int | None, email: str, role: str, now: datetime
) -> Invitation:
    """A new one-time link for `email` with `role` (409 when that email already signs in)."""
    email, staff_role = _checked_invite(email, role)
    token = secrets.token_urlsafe(32)
    async with transaction():
        taken = (User.email == email) & (User.removed_at.is_null() | (User.org != org_id))
        if await User.exists().where(taken):  # a removed member of this org may come back
            raise Conflict("That email already has a Snout account.", field="email")
        await StaffInvite.update({StaffInvite.revoked_at: now}).where(
            (StaffInvite.org == org_id)
            & (StaffInvite.email == email)
            & StaffInvite.used_at.is_null()
            & StaffInvite.revoked_at.is_null()
        )
        row = StaffInvite(
            org=org_id,
            email=email,
            role=staff_role,
            token_hash=hash_token(token),
            invited_by=invited_by,
            expires_at=now + staff.INVITE_LIFETIME,
            created_at=now,
        )
        await row.save()
        payload = {"email": email, "role": staff_role.value}
        await audit(org_id, actor, now, "staff.invited", ("staff_invite", row.id), payload=payload)
    return Invitation(row, token)


async def usable_invite(token: str, now: datetime) -> StaffInvite:
    """The invitation `token` opens, or 404 (unknown) / 409 (used, revoked or expired)."""
    row = await StaffInvite.objects().where(StaffInvite.token_hash == hash_token(token)).first()
    if row is None:
        raise NotFound("This invitation link is not valid.")
    state = staff.invite_state(
        expires_at=row.expires_at, used_at=row.used_at, revoked_at=row.revoked_at, now=now
    )
    if state != staff.InviteState.USABLE:
        raise Conflict(staff.INVITE_REFUSALS[state])
    return row


async def accept(*, token: str, name: str, password: str, now: datetime) -> User:
    """Create the invited login, once: a second use of the same link is refused (409)."""
    name = checked_name(name, what="Your name", field="name")
    staff.check_password(password)
    async with transaction():
        row = await usable_invite(token, now)
        taken = (
            await StaffInvite.update({StaffInvite.used_at: now})
            .where((StaffInvite.id == row.id) & StaffInvite.used_at.is_null())
            .returning(StaffInvite.id)
        )
        if not taken:
            raise Conflict(staff.INVITE_REFUSALS[staff.InviteState.USED])
        user = await _login_for(row, name, password, now)
        await StaffInvite.update({StaffInvite.used_by: user.id}).where(StaffInvite.id == row.id)
        payload = {"role": row.role, "inviteId": row.id}
        await audit(
            row.org, f"user:{user.id}", now, "staff.joined", ("user", user.id), payload=payload
        )
    return user


async def _login_for(invite: StaffInvite, name: str, password: str, now: datetime) -> User:
    """A new login, or the removed member of this org with that email back (a rehire)."""
    user = await User.objects().where(User.email == invite.email).first()
    if user is not None and (user.removed_at is None or user.org != invite.org):
        raise Conflict(staff.INVITE_REFUSALS[staff.InviteState.USED])
    if user is None:
        user = User(org=invite.org, email=invite.email, created_at=now)
    user.name, user.role, user.removed_at = name, invite.role, None
    user.password_hash = hash_password(password)
    await user.save()
    return user


async def revoke_invite(*, org_id: int, actor: str, invite_id: int, now: datetime) -> StaffInvite:
    async with transaction():
        row = await get_in_org(StaffInvite, org_id, invite_id, what="invitation")
        if row.used_at is not None:
            raise Conflict("That invitation was already accepted.")
        if row.revoked_at is None:
            await StaffInvite.update({StaffInvite.revoked_at: now}).where(StaffInvite.id == row.id)
            await audit(
                org_id,
                actor,
                now,
                "staff.invite_revoked",
                ("staff_invite", row.id),
                payload={"email": row.email},
            )
    return row


async def _member_keeping_an_owner(org_id: int, user_id: int, new_role: StaffRole | None) -> User:
    """The staff member `user_id` (404 in another org or removed), after checking the org
    still has an owner once they get `new_role` (None: removed), or 409."""
    await lock_org(org_id)
    user = await get_in_org(User, org_id, user_id, what="staff member")
    if user.removed_at is not None:
        raise NotFound(f"No staff member with id {user_id}.")
    owners = await User.select(User.id).where(
        (User.org == org_id) & (User.role == StaffRole.OWNER) & User.removed_at.is_null()
    )
    if not staff.leaves_an_owner({row["id"] for row in owners}, user.id, new_role):
        raise Conflict("The business needs at least one owner: make someone else owner first.")
    return user


async def change_role(*, org_id: int, actor: str, user_id: int, role: str, now: datetime) -> User:
    try:
        new_role = StaffRole(role)
    except ValueError:
        raise Invalid("Choose a role: owner or manager.", field="role") from None
    async with transaction():
        user = await _member_keeping_an_owner(org_id, user_id, new_role)
        if user.role != new_role:
            await User.update({User.role: new_role}).where(User.id == user.id)
            payload = {"from": user.role, "to": new_role.value}
            await audit(
                org_id, actor, now, "staff.role_changed", ("user", user.id), payload=payload
            )
            user.role = new_role
    return user


async def remove(*, org_id: int, actor: str, user_id: int, now: datetime) -> User:
    """The member can no longer sign in, and every session of theirs ends now."""
    async with transaction():
        user = await _member_keeping_an_owner(org_id, user_id, None)
        await User.update({User.removed_at: now}).where(User.id == user.id)
        await LoginSession.delete().where(LoginSession.user == user.id)
        payload = {"email": user.email, "role": user.role}
        await audit(org_id, actor, now, "staff.removed", ("user", user.id), payload=payload)
    return user


async def staff_list(org_id: int, now: datetime) -> StaffList:
    members = (
        await User.objects()
        .where((User.org == org_id) & User.removed_at.is_null())
        .order_by(User.id)
    )
    pending = (
        await StaffInvite.objects()
        .where(
            (StaffInvite.org == org_id)
            & StaffInvite.used_at.is_null()
            & StaffInvite.revoked_at.is_null()
            & (StaffInvite.expires_at > now)
        )
        .order_by(StaffInvite.id)
    )
    activity = (
        await AuditEvent.objects()
        .where(AuditEvent.org == org_id)
        .order_by(AuditEvent.id, ascending=False)
        .limit(RECENT_ACTIVITY)
    )
    return StaffList(members, pending, activity)


async def send_invitation(
    channels: Channels, invitation: Invitation, *, business: str, inviter: str
) -> bool:
    """Email the link (True when the SMTP server took it; False without SMTP or on failure)."""
    if channels.mailer is None:
        return False
    link = invite_link(channels.base_url, invitation.token)
    role = StaffRole(invitation.invite.role)
    subject, text = staff.invite_email(business=business, inviter=inviter, role=role, link=link)
    return await channels.mailer.send(to=invitation.invite.email, subject=subject, text=text)


def invite_link(base_url: str, token: str) -> str:
    return f"{base_url}/join/{token}"
