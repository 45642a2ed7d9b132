"""Tell owners away from the desk what needs them (SPEC O3): a step of the worker's round.

For each owner: what is due (`due_items`: high alerts, messages to route after overlapping
windows, clients waiting in the owner inbox), less what they were told already. Each item is
claimed with an `owner_notification` row (unique per user, item kind and item id, inserted
ON CONFLICT DO NOTHING), so an item is told once even by two workers at the same time; the SMS
is queued in the same transaction, from the org's front desk to the owner's verified phone
(`services.outbox.enqueue`, kind `notification`). Email follows the commit, when SMTP is set;
a failed email is logged, not retried. The words are `domain.owner_notices`'s: names and links,
never a client's number.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.engine import transaction
from db.tables import Alert, Message, NotificationSettings, OwnerNotification, RoutingDecision, User
from domain import model
from domain.model import Direction, MessageKind, NoticeKind, RouteCode, SenderRole
from domain.owner_notices import LOOKBACK, DueItem, Notice, Wants, alert_reaches_owner, notices
from services import records
from services.mailer import Mailer
from services.outbox import enqueue

log = logging.getLogger(__name__)

REASON = "Owner notifications leave from the front desk."


@dataclass(frozen=True, slots=True)
class Channels:
    """Where notices go: links start with `base_url`; no `mailer`, no email."""

    base_url: str
    mailer: Mailer | None = None

    @classmethod
    def from_settings(cls, settings) -> Channels:
        mailer = Mailer(settings.smtp_url, settings.smtp_from) if settings.smtp_url else None
        return cls(settings.public_base_url, mailer)


def wants_of(row: NotificationSettings | None) -> Wants:
    if row is None:
        return Wants()
    return Wants(row.high_alerts, row.overlap_prompts, row.waiting_clients, row.wait_minutes)


async def notify_owners(now: datetime, channels: Channels) -> int:
    """Tell every owner what is due now. Returns how many notices went (SMS or email)."""
    users = await User.select(User.id, User.org, User.email).where(User.removed_at.is_null())
    prefs = {row.user: row for row in await NotificationSettings.objects()}
    told = 0
    for user in users:
        try:
            told += await notify_owner(user, prefs.get(user["id"]), now, channels)
        except Exception:  # one owner's trouble must not keep the others uninformed
            log.exception("could not notify owner %s; trying again next round", user["id"])
    return told


async def notify_owner(
    user: dict, pref: NotificationSettings | None, now: datetime, channels: Channels
) -> int:
    phone = pref.phone_e164 if pref and pref.phone_verified_at and pref.phone_e164 else None
    email = ((pref.email if pref else "") or user["email"]) if channels.mailer else None
    if phone is None and email is None:
        return 0
    items = await due_items(user["org"], user["id"], wants_of(pref), now)
    if not items:
        return 0
    async with transaction():
        claimed = await claim(user["id"], items, now)
        sent = notices(claimed, channels.base_url)
        if phone and sent:
            await _text(user["org"], phone, sent, now)
    if email and channels.mailer:
        for notice in sent:
            await channels.mailer.send(to=email, subject=notice.subject, text=notice.text)
    return len(sent)


async def _text(org_id: int, phone: str, sent: list[Notice], now: datetime) -> None:
    desk = await records.active_front_desk(org_id)
    if desk is None:
        return
    choice = model.NumberChoice(records.number_record(desk), REASON)
    for notice in sent:
        await enqueue(
            org_id=org_id,
            to_e164=phone,
            choice=choice,
            kind=MessageKind.NOTIFICATION,
            body=notice.text,
            now=now,
        )


async def claim(user_id: int, items: list[DueItem], now: datetime) -> list[DueItem]:
    """The items this call is first to tell `user_id` about (the others are left out)."""
    claimed = []
    for item in items:
        inserted = await OwnerNotification.insert(
            OwnerNotification(
                user=user_id, item_kind=item.kind, item_id=item.item_id, created_at=now
            )
        ).on_conflict(
            target=(OwnerNotification.user, OwnerNotification.item_kind, OwnerNotification.item_id),
            action="DO NOTHING",
        )
        if inserted:
            claimed.append(item)
    return claimed


async def due_items(org_id: int, user_id: int, wants: Wants, now: datetime) -> list[DueItem]:
    """What `user_id` should hear about now and has not heard about yet, oldest first."""
    items: list[DueItem] = []
    if wants.high_alerts:
        items += await _alerts(org_id, now)
    if wants.overlap_prompts:
        items += await _overlaps(org_id, now)
    if wants.waiting_clients:
        items += await _waiting(org_id, now, timedelta(minutes=wants.wait_minutes))
    rows = await OwnerNotification.select(
        OwnerNotification.item_kind, OwnerNotification.item_id
    ).where(
        (OwnerNotification.user == user_id) & (OwnerNotification.created_at > now - 2 * LOOKBACK)
    )
    told = {(row["item_kind"], row["item_id"]) for row in rows}
    return [item for item in items if (item.kind, item.item_id) not in told]


async def _alerts(org_id: int, now: datetime) -> list[DueItem]:
    rows = (
        await Alert.select(Alert.id, Alert.kind, Alert.severity, Alert.text)
        .where(
            (Alert.org == org_id)
            & Alert.resolved_at.is_null()
            & (Alert.created_at > now - LOOKBACK)
        )
        .order_by(Alert.id)
    )
    return [
        DueItem(NoticeKind.HIGH_ALERT, row["id"], row["text"], "/messages?tab=alerts")
        for row in rows
        if alert_reaches_owner(row["kind"], row["severity"])
    ]


async def _overlaps(org_id: int, now: datetime) -> list[DueItem]:
    rows = (
        await RoutingDecision.select(
            RoutingDecision.message,
            RoutingDecision.thread,
            RoutingDecision.thread.client.name.as_alias("client_name"),
        )
        .where(
            (RoutingDecision.org == org_id)
            & (RoutingDecision.code == RouteCode.OVERLAPPING_WINDOWS)
            & RoutingDecision.message.needs_owner_attention.eq(True)
            & (RoutingDecision.created_at > now - LOOKBACK)
        )
        .order_by(RoutingDecision.message)
    )
    return [
        DueItem(NoticeKind.OVERLAP, row["message"], _name(row), _thread_path(row["thread"]))
        for row in rows
    ]


async def _waiting(org_id: int, now: datetime, wait: timedelta) -> list[DueItem]:
    rows = (
        await Message.select(
            Message.id,
            Message.thread,
            Message.created_at,
            Message.thread.client.name.as_alias("client_name"),
        )
        .where(
            (Message.org == org_id)
            & (Message.direction == Direction.INBOUND)
            & Message.needs_owner_attention.eq(True)
            & (Message.created_at <= now - wait)
            & (Message.created_at > now - LOOKBACK)
        )
        .order_by(Message.id)
    )
    items = []
    for row in rows:
        if row["thread"] is not None and await _answered(row["thread"], row["created_at"]):
            continue
        minutes = int((now - row["created_at"]).total_seconds() // 60)
        path = _thread_path(row["thread"])
        items.append(DueItem(NoticeKind.WAITING, row["id"], _name(row), path, minutes))
    return items


async def _answered(thread_id: int, since: datetime) -> bool:
    """Someone of the business (the owner or a sitter) wrote in the thread since."""
    return await Message.exists().where(
        (Message.thread == thread_id)
        & (Message.direction == Direction.OUTBOUND)
        & Message.sender_role.is_in([SenderRole.OWNER, SenderRole.SITTER])
        & (Message.created_at >= since)
    )


def _name(row: dict) -> str:
    return row["client_name"] or "A client"


def _thread_path(thread_id: int | None) -> str:
    return f"/messages/{thread_id}" if thread_id is not None else "/messages?tab=inbox"
