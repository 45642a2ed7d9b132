"""An owner's notification settings (SPEC O3): their own mobile number, verified by a texted
6-digit code, an email address (their login email unless they give another), and what reaches
them. What is sent, and when, is `services.owner_notifications`.

The code is made, hashed and limited as sitters' sign-in codes are (`services.sitter_login`):
it leaves from the org's front desk through the send pipeline, only its sha256 is stored, it
works once for 10 minutes, at most `MAX_CODES_PER_PHONE` are texted per 15 minutes, and at most
`MAX_CODE_FAILURES` wrong codes are accepted per 15 minutes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from db.engine import transaction
from db.tables import LoginAttempt, NotificationSettings, User
from domain import model, texts
from domain.errors import Invalid, NoFrontDesk, TooManyAttempts
from domain.model import MessageKind
from domain.owner_notices import MAX_WAIT_MINUTES, Wants
from domain.phones import checked_phone, redact_phone
from services import records
from services.accounts import CODE_WINDOW, MAX_CODE_FAILURES, hash_token
from services.audit import audit
from services.outbox import enqueue
from services.sitter_login import CODE_LIFETIME, CODE_REQUEST_WINDOW, MAX_CODES_PER_PHONE

CODE_REASON = "Notification phone codes leave from the front desk."


@dataclass(frozen=True, slots=True)
class OwnerSettings:
    """What the settings page shows."""

    phone_e164: str
    phone_verified: bool
    pending_phone_e164: str  # a code was texted here and not typed back yet
    email: str
    login_email: str
    wants: Wants


async def _row(user_id: int, now: datetime) -> NotificationSettings:
    row = await NotificationSettings.objects().where(NotificationSettings.user == user_id).first()
    if row is None:
        await NotificationSettings.insert(
            NotificationSettings(user=user_id, updated_at=now)
        ).on_conflict(target=NotificationSettings.user, action="DO NOTHING")
        row = await NotificationSettings.objects().where(NotificationSettings.user == user_id)
        row = row[0]
    return row


async def settings_of(user_id: int) -> OwnerSettings:
    user = await User.objects().where(User.id == user_id).first()
    assert user is not None
    row = await NotificationSettings.objects().where(NotificationSettings.user == user_id).first()
    if row is None:
        return OwnerSettings("", False, "", user.email, user.email, Wants())
    wants = Wants(row.high_alerts, row.overlap_prompts, row.waiting_clients, row.wait_minutes)
    verified = row.phone_verified_at is not None and bool(row.phone_e164)
    email = row.email or user.email
    return OwnerSettings(row.phone_e164, verified, row.pending_phone_e164, email, user.email, wants)


def checked_wants(wants: Wants, wait_minutes: str) -> Wants:
    """`wants` with the minutes typed on the page, or `Invalid`."""
    try:
        minutes = int(wait_minutes.strip())
    except ValueError:
        raise Invalid(
            "Enter the minutes as a whole number, 1 to 1440.", field="wait_minutes"
        ) from None
    if not 1 <= minutes <= MAX_WAIT_MINUTES:
        raise Invalid("Enter between 1 and 1440 minutes (24 hours).", field="wait_minutes")
    return Wants(wants.high_alerts, wants.overlap_prompts, wants.waiting_clients, minutes)


async def save_choices(
    *, org_id: int, user_id: int, actor: str, email: str, wants: Wants, now: datetime
) -> None:
    """The email address (empty: the login email) and what reaches the owner."""
    email = email.strip().lower()
    if email and ("@" not in email or len(email) > 254 or " " in email):
        raise Invalid("That is not an email address.", field="email")
    async with transaction():
        row = await _row(user_id, now)
        login = await User.select(User.email).where(User.id == user_id).first()
        row.email = "" if email == login["email"] else email
        row.high_alerts, row.overlap_prompts = wants.high_alerts, wants.overlap_prompts
        row.waiting_clients, row.wait_minutes = wants.waiting_clients, wants.wait_minutes
        row.updated_at = now
        await row.save()
        payload = {"emailChanged": bool(row.email), "waitMinutes": wants.wait_minutes}
        await audit(org_id, actor, now, "notifications.changed", ("user", user_id), payload=payload)


def _code_hash(user_id: int, phone: str, code: str) -> str:
    return hash_token(f"owner:{user_id}:{phone}:{code}")


async def request_phone_code(*, org_id: int, user_id: int, phone: str, now: datetime) -> str:
    """Text a 6-digit code to `phone` from the front desk; returns the phone in E.164. A new
    code replaces the one before. The phone counts once the code is typed back."""
    e164 = checked_phone(phone, field="phone")
    key = f"owner-code:{user_id}"
    asked = await LoginAttempt.count().where(
        (LoginAttempt.key == key) & (LoginAttempt.created_at > now - CODE_REQUEST_WINDOW)
    )
    if asked >= MAX_CODES_PER_PHONE:
        raise TooManyAttempts("Too many codes asked for. Wait a few minutes and try again.")
    desk = await records.active_front_desk(org_id)
    if desk is None:
        raise NoFrontDesk("Codes leave from the front desk: put a front-desk number in service.")
    code = f"{secrets.randbelow(1_000_000):06d}"
    async with transaction():
        await LoginAttempt(key=key, succeeded=True, created_at=now).save()
        row = await _row(user_id, now)
        row.pending_phone_e164, row.code_hash = e164, _code_hash(user_id, e164, code)
        row.code_expires_at, row.updated_at = now + CODE_LIFETIME, now
        await row.save()
        await enqueue(
            org_id=org_id,
            to_e164=e164,
            choice=model.NumberChoice(records.number_record(desk), CODE_REASON),
            kind=MessageKind.LOGIN_CODE,
            body=texts.owner_phone_code(code),
            now=now,
        )
    return e164


async def verify_phone_code(
    *, org_id: int, user_id: int, actor: str, code: str, now: datetime
) -> str:
    """The texted code typed back: the pending phone becomes the owner's notification phone.
    Returns it. A wrong or expired code raises `Invalid`; too many wrong ones `TooManyAttempts`."""
    key = f"account:owner-phone:{user_id}"
    failures = await LoginAttempt.count().where(
        (LoginAttempt.key == key)
        & LoginAttempt.succeeded.eq(False)
        & (LoginAttempt.created_at > now - CODE_WINDOW)
    )
    if failures >= MAX_CODE_FAILURES:
        raise TooManyAttempts("Too many wrong codes. Wait a few minutes and try again.")
    code = "".join(ch for ch in code if not ch.isspace())
    async with transaction():
        row = await _row(user_id, now)
        phone, expires = row.pending_phone_e164, row.code_expires_at
        right = bool(phone and row.code_hash) and secrets.compare_digest(
            row.code_hash, _code_hash(user_id, phone, code)
        )
        live = right and expires is not None and expires > now
        if live:
            row.phone_e164, row.phone_verified_at = phone, now
            row.pending_phone_e164, row.code_hash, row.code_expires_at = "", "", None
            row.updated_at = now
            await row.save()
            await audit(
                org_id,
                actor,
                now,
                "notifications.phone_verified",
                ("user", user_id),
                payload={"phone": redact_phone(phone)},
            )
    if not live:
        await LoginAttempt(key=key, succeeded=False, created_at=now).save()
        why = "That code has expired: ask for a new one." if right else "That code is wrong."
        raise Invalid(why, field="code")
    return phone


async def remove_phone(*, org_id: int, user_id: int, actor: str, now: datetime) -> None:
    """No more texts to the owner (email goes on as chosen)."""
    async with transaction():
        row = await _row(user_id, now)
        row.phone_e164, row.phone_verified_at, row.pending_phone_e164 = "", None, ""
        row.code_hash, row.code_expires_at, row.updated_at = "", None, now
        await row.save()
        await audit(org_id, actor, now, "notifications.phone_removed", ("user", user_id))
