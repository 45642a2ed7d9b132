"""Orgs, owner logins, sessions and API tokens.

Sessions: the browser holds a random token; the database holds its sha256 only. A new session
is created at every sign-in (the session id is never carried over from before sign-in), and
signing out, offboarding or locking deletes the rows, which ends the session everywhere.

Sign-in is rate limited in the database (so it holds across processes): at most
`MAX_ATTEMPTS_PER_IP` attempts per minute from one address; an address that keeps failing on
one account waits longer and longer before trying it again; failures on an account from many
addresses only slow the wrong answers down and alert the owner, so nobody can lock the owner
out (`domain.signin`).

Sitters sign in with their phone and a 6-digit code texted from the front desk (see
`services.sitter_login`).
"""

from __future__ import annotations

import asyncio
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from db.engine import transaction
from db.scope import starts_with
from db.tables import (
    Alert,
    BusinessNumber,
    LoginAttempt,
    LoginSession,
    Org,
    User,
)
from domain import signin
from domain.errors import Conflict, Invalid, TooManyAttempts
from domain.model import AlertKind, NumberClass, NumberStatus, SenderRole, StaffRole
from domain.names import checked_name
from domain.phones import InvalidPhone, normalize_phone
from services.audit import audit, raise_alert
from services.identity import Identity, hash_token

SESSION_LIFETIME = timedelta(days=14)
MAX_ATTEMPTS_PER_IP = 10
IP_WINDOW = timedelta(minutes=1)
MAX_FAILURES_PER_ACCOUNT = signin.FREE_FAILURES  # per (account, address) before waits begin
MAX_CODE_FAILURES = 5  # wrong sitter codes per phone
CODE_WINDOW = timedelta(minutes=15)

_hasher = PasswordHasher()
# Verified against when the email is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    """Argon2, as every login's password is stored."""
    return _hasher.hash(password)


def new_api_token() -> str:
    return "snout_" + secrets.token_urlsafe(32)


async def create_org(
    *,
    name: str,
    front_desk: str,
    owner_email: str,
    owner_password: str,
    now: datetime,
    time_zone: str = "America/Los_Angeles",
) -> tuple[Org, str]:
    """Create an org with its owner and front-desk number; returns the org and its API token."""
    name, email, front_desk_e164 = _checked_org(name, owner_email, owner_password, front_desk)
    token = new_api_token()
    async with transaction():
        if await User.exists().where(User.email == email):
            raise Conflict("An account with that email already exists.", field="owner_email")
        if await BusinessNumber.exists().where(BusinessNumber.e164 == front_desk_e164):
            raise Conflict("That number already belongs to a business.", field="front_desk")
        org = Org(name=name, time_zone=time_zone, api_token_hash=hash_token(token), created_at=now)
        await org.save()
        owner = User(
            org=org.id, email=email, password_hash=hash_password(owner_password), created_at=now
        )
        await owner.save()
        await BusinessNumber(
            org=org.id,
            e164=front_desk_e164,
            number_class=NumberClass.FRONT_DESK,
            status=NumberStatus.ACTIVE,
            created_at=now,
        ).save()
        payload = {"ownerUserId": owner.id}
        await audit(org.id, "system", now, "org.created", ("org", org.id), payload=payload)
    return org, token


def _checked_org(
    name: str, owner_email: str, owner_password: str, front_desk: str
) -> tuple[str, str, str]:
    """The new org's name, owner email and front desk in E.164, or `Invalid`."""
    name = name.strip()
    email = owner_email.strip().lower()
    if not name:
        raise Invalid("The business needs a name.", field="name")
    name = checked_name(name, what="The business name", field="name")
    if "@" not in email:
        raise Invalid("The owner email is not an email address.", field="owner_email")
    if len(owner_password) < 8:
        raise Invalid("The owner password needs at least 8 characters.", field="owner_password")
    try:
        return name, email, normalize_phone(front_desk)
    except InvalidPhone as error:
        raise Invalid(f"Front-desk number: {error}", field="front_desk") from None


async def check_login_rate(*, ip: str, pair_key: str, now: datetime) -> None:
    """Raise `TooManyAttempts` when this address has tried too often, or must still wait
    before trying this account again (`domain.signin.pair_wait`). The account alone never
    refuses: see `authenticate_owner`."""
    ip_attempts = await LoginAttempt.count().where(
        (LoginAttempt.key == f"ip:{ip}") & (LoginAttempt.created_at > now - IP_WINDOW)
    )
    pair_failures = await LoginAttempt.select(LoginAttempt.created_at).where(
        (LoginAttempt.key == pair_key)
        & LoginAttempt.succeeded.eq(False)
        & (LoginAttempt.created_at > now - signin.PAIR_WINDOW)
    )
    latest = max((row["created_at"] for row in pair_failures), default=None)
    waiting = latest is not None and now < latest + signin.pair_wait(len(pair_failures))
    if ip_attempts >= MAX_ATTEMPTS_PER_IP or waiting:
        raise TooManyAttempts("Too many sign-in attempts. Wait a few minutes and try again.")


async def check_code_rate(*, ip: str, phone_key: str, now: datetime) -> None:
    """Sitter codes: `TooManyAttempts` when this address has tried too often, or the phone has
    had `MAX_CODE_FAILURES` wrong codes in `CODE_WINDOW` (a texted 6-digit code is guessable,
    so the phone waits; the sitter can still reach the business by text)."""
    ip_attempts = await LoginAttempt.count().where(
        (LoginAttempt.key == f"ip:{ip}") & (LoginAttempt.created_at > now - IP_WINDOW)
    )
    failures = await LoginAttempt.count().where(
        (LoginAttempt.key == phone_key)
        & LoginAttempt.succeeded.eq(False)
        & (LoginAttempt.created_at > now - CODE_WINDOW)
    )
    if ip_attempts >= MAX_ATTEMPTS_PER_IP or failures >= MAX_CODE_FAILURES:
        raise TooManyAttempts("Too many sign-in attempts. Wait a few minutes and try again.")


async def record_login_attempt(*, keys: list[str], succeeded: bool, now: datetime) -> None:
    await LoginAttempt.insert(
        *[LoginAttempt(key=key, succeeded=succeeded, created_at=now) for key in keys]
    )


async def authenticate_owner(
    *, email: str, password: str, ip: str, now: datetime, max_delay: float = 2.0
) -> User | None:
    """The owner whose email and password match, or None. Every attempt counts for the limits;
    a wrong password on an account many addresses fail on is answered up to `max_delay` seconds
    late, and the owner is told (`domain.signin`)."""
    email = email.strip().lower()
    pair_key = f"pair:{email} {ip}"[:300]
    await check_login_rate(ip=ip, pair_key=pair_key, now=now)
    user = await User.objects().where((User.email == email) & User.removed_at.is_null()).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
        ok = user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    account_key = f"account:{email}"[:300]
    await record_login_attempt(keys=[f"ip:{ip}", account_key, pair_key], succeeded=ok, now=now)
    if ok:
        return user
    failures = await LoginAttempt.count().where(
        (LoginAttempt.key == account_key)
        & LoginAttempt.succeeded.eq(False)
        & (LoginAttempt.created_at > now - signin.ACCOUNT_WINDOW)
    )
    if user is not None:
        await _alert_on_many_failures(user, email, failures, now)
    delay = signin.failure_delay(failures, max_delay)
    if delay > 0:
        await asyncio.sleep(delay)
    return None


async def _alert_on_many_failures(user: User, email: str, failures: int, now: datetime) -> None:
    """At most one alert an hour per account, naming how many addresses failed on it."""
    prefix = signin.alert_text(email, 0).rsplit(" from ", 1)[0] + " from "
    recent = await Alert.select(Alert.text).where(
        (Alert.org == user.org)
        & (Alert.kind == AlertKind.SIGN_IN_FAILURES)
        & (Alert.created_at > now - signin.ALERT_EVERY)
    )
    if not signin.should_alert(failures, any(r["text"].startswith(prefix) for r in recent)):
        return
    pairs = (
        await LoginAttempt.select(LoginAttempt.key)
        .distinct()
        .where(
            starts_with(LoginAttempt.key, f"pair:{email} ")
            & LoginAttempt.succeeded.eq(False)
            & (LoginAttempt.created_at > now - signin.ACCOUNT_WINDOW)
        )
    )
    addresses = sum(1 for row in pairs if row["key"].startswith(f"pair:{email} "))
    await raise_alert(
        org_id=user.org,
        kind=AlertKind.SIGN_IN_FAILURES,
        text=signin.alert_text(email, addresses),
        now=now,
    )


async def start_session(
    *,
    org_id: int,
    user_id: int | None = None,
    sitter_id: int | None = None,
    now: datetime,
    replaces: str | None = None,
) -> str:
    """A new session token. The session the browser had before (`replaces`) is ended."""
    token = secrets.token_urlsafe(32)
    async with transaction():
        if replaces:
            await LoginSession.delete().where(LoginSession.token_hash == hash_token(replaces))
        await LoginSession(
            token_hash=hash_token(token),
            org=org_id,
            user=user_id,
            sitter=sitter_id,
            expires_at=now + SESSION_LIFETIME,
            created_at=now,
        ).save()
    return token


async def end_session(token: str) -> None:
    await LoginSession.delete().where(LoginSession.token_hash == hash_token(token))


async def end_sitter_sessions(sitter_id: int) -> None:
    await LoginSession.delete().where(LoginSession.sitter == sitter_id)


async def identity_for_session(token: str, now: datetime) -> Identity | None:
    row = (
        await LoginSession.select(
            LoginSession.org,
            LoginSession.user,
            LoginSession.user.role.as_alias("role"),
            LoginSession.sitter,
            LoginSession.expires_at,
        )
        .where(LoginSession.token_hash == hash_token(token))
        .first()
    )
    if row is None or row["expires_at"] <= now:
        return None
    if row["user"] is not None:
        return Identity(
            org_id=row["org"],
            kind=SenderRole.OWNER,
            user_id=row["user"],
            role=StaffRole(row["role"]),
        )
    return Identity(org_id=row["org"], kind=SenderRole.SITTER, sitter_id=row["sitter"])


async def identity_for_api_token(token: str) -> Identity | None:
    row = await Org.select(Org.id).where(Org.api_token_hash == hash_token(token)).first()
    if row is None:
        return None
    return Identity(org_id=row["id"], kind=SenderRole.OWNER, via="token", role=StaffRole.OWNER)
