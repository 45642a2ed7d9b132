"""Sitters sign in with their phone and a 6-digit code texted from the front desk.

The code goes through the same send pipeline as every message; only its hash is stored. The
limits are those of every sign-in (`services.accounts`), plus `MAX_CODES_PER_PHONE` requests
per 15 minutes per phone.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from db.engine import transaction
from db.tables import LoginAttempt, Sitter, SitterLoginCode
from domain import model, texts
from domain.errors import Invalid, TooManyAttempts
from domain.model import MessageKind, SitterStatus
from domain.phones import InvalidPhone, normalize_phone
from services import records
from services.accounts import (
    IP_WINDOW,
    MAX_ATTEMPTS_PER_IP,
    check_code_rate,
    hash_token,
    record_login_attempt,
    start_session,
)
from services.outbox import enqueue

CODE_LIFETIME = timedelta(minutes=10)
MAX_CODES_PER_PHONE = 3  # per CODE_REQUEST_WINDOW
CODE_REQUEST_WINDOW = timedelta(minutes=15)
CODE_REASON = "Sign-in codes leave from the front desk."


def _code_hash(sitter_id: int, code: str) -> str:
    return hash_token(f"{sitter_id}:{code}")


def _phone_or_none(phone: str) -> str | None:
    try:
        return normalize_phone(phone)
    except InvalidPhone:
        return None


async def request_sitter_code(*, phone: str, ip: str, now: datetime) -> None:
    """Text a 6-digit sign-in code to the *active* sitters with this phone number.

    The answer is the same whatever the phone (unknown, inactive, offboarded or active), so the
    page cannot be used to find out who works where. Each org that has an active sitter with
    this phone texts its own code from its active front desk (a phone is normally one sitter in
    one org); the code typed back decides which org's sitter signs in. Locked sitters get a
    code too (they see that their messaging is paused). A new code replaces the sitter's
    earlier unused ones. Only the code's hash is stored.

    A phone number that cannot be read raises `Invalid` (that says nothing about accounts).
    Limits (`TooManyAttempts`): `MAX_ATTEMPTS_PER_IP` requests per minute from one address
    (shared with every sign-in attempt), `MAX_CODES_PER_PHONE` per 15 minutes per phone.
    """
    e164 = _phone_or_none(phone)
    key = f"code:{e164 or phone.strip()[:40]}"
    ip_attempts = await LoginAttempt.count().where(
        (LoginAttempt.key == f"ip:{ip}") & (LoginAttempt.created_at > now - IP_WINDOW)
    )
    phone_requests = await LoginAttempt.count().where(
        (LoginAttempt.key == key) & (LoginAttempt.created_at > now - CODE_REQUEST_WINDOW)
    )
    if ip_attempts >= MAX_ATTEMPTS_PER_IP or phone_requests >= MAX_CODES_PER_PHONE:
        raise TooManyAttempts("Too many sign-in attempts. Wait a few minutes and try again.")
    if e164 is None:
        raise Invalid("Enter your mobile number, for example (415) 555-0123.", field="phone")
    async with transaction():
        await record_login_attempt(keys=[f"ip:{ip}", key], succeeded=True, now=now)
        sitters = await Sitter.objects().where(
            (Sitter.phone_e164 == e164) & (Sitter.status == SitterStatus.ACTIVE)
        )
        for sitter in sitters:
            await _text_code(sitter, now)


async def _text_code(sitter: Sitter, now: datetime) -> None:
    """A new code replaces the sitter's unused ones and is texted from the org's front desk
    (none in service: nothing is sent)."""
    desk = await records.active_front_desk(sitter.org)
    if desk is None:
        return
    code = f"{secrets.randbelow(1_000_000):06d}"
    await SitterLoginCode.update({SitterLoginCode.used_at: now}).where(
        (SitterLoginCode.sitter == sitter.id) & SitterLoginCode.used_at.is_null()
    )
    await SitterLoginCode(
        sitter=sitter.id,
        code_hash=_code_hash(sitter.id, code),
        expires_at=now + CODE_LIFETIME,
        created_at=now,
    ).save()
    await enqueue(
        org_id=sitter.org,
        to_e164=sitter.phone_e164,
        choice=model.NumberChoice(records.number_record(desk), CODE_REASON),
        kind=MessageKind.LOGIN_CODE,
        body=texts.login_code(code),
        now=now,
    )


async def verify_sitter_code(
    *, phone: str, code: str, ip: str, now: datetime, replaces: str | None = None
) -> str | None:
    """A new sitter session token when `code` is a live code texted to this phone, else None.

    A code works once, for 10 minutes, and only while the sitter is active. Every attempt
    counts for the limits of `check_code_rate` (per address, and failures per phone), so a
    phone gets at most `MAX_CODE_FAILURES` wrong guesses per 15 minutes, whichever code.
    """
    e164 = _phone_or_none(phone) or phone.strip()[:40]
    await check_code_rate(ip=ip, phone_key=f"account:sitter:{e164}", now=now)
    code = "".join(ch for ch in code if not ch.isspace())
    sitter_id = org_id = None
    async with transaction():
        if len(code) == 6 and code.isdigit():
            rows = await SitterLoginCode.select(
                SitterLoginCode.id,
                SitterLoginCode.sitter,
                SitterLoginCode.code_hash,
                SitterLoginCode.sitter.org.as_alias("org"),
            ).where(
                (SitterLoginCode.sitter.phone_e164 == e164)
                & (SitterLoginCode.sitter.status == SitterStatus.ACTIVE)
                & SitterLoginCode.used_at.is_null()
                & (SitterLoginCode.expires_at > now)
            )
            for row in rows:
                if not secrets.compare_digest(row["code_hash"], _code_hash(row["sitter"], code)):
                    continue
                used = (
                    await SitterLoginCode.update({SitterLoginCode.used_at: now})
                    .where((SitterLoginCode.id == row["id"]) & SitterLoginCode.used_at.is_null())
                    .returning(SitterLoginCode.id)
                )
                if used:  # a concurrent request with the same code did not get there first
                    sitter_id, org_id = row["sitter"], row["org"]
                break
        await record_login_attempt(
            keys=[f"ip:{ip}", f"account:sitter:{e164}"], succeeded=sitter_id is not None, now=now
        )
        if sitter_id is None or org_id is None:
            return None
        return await start_session(org_id=org_id, sitter_id=sitter_id, now=now, replaces=replaces)
