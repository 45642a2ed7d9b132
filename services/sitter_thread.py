"""One thread as the sitter's phone shows it (SPEC section 8, sitter screens; S2, S3).

- a thread page opens for any thread where this sitter has an open window (past ones
  included, so the visit's history stays readable); otherwise it answers 404;
- a thread shows the client's conversation only (`chat` and non-billing `automation`
  messages): the sitter's own notifications, sign-in codes, auto-responses and anti-poaching
  warnings are not part of it.

Client phone numbers are never selected here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from db.tables import AssignmentWindow, Client, Message, Thread
from domain import model
from domain.errors import NotFound
from domain.names import first_name
from domain.policy import can_sitter_send, clock_time, visible_to_sitter, window_header
from services import reply_templates
from services.message_media import Attached, clean, held, media_by_message
from services.sitter_views import SitterContext, own_windows, window_of

CONVERSATION_KINDS = (model.MessageKind.CHAT, model.MessageKind.AUTOMATION)
STATUS_LABELS = {
    model.MessageStatus.QUEUED: "Sending…",
    model.MessageStatus.SENDING: "Sending…",
    model.MessageStatus.SENT: "Sent",
    model.MessageStatus.DELIVERED: "Delivered",
    model.MessageStatus.UNDELIVERED: "Not delivered",
    model.MessageStatus.FAILED: "Not delivered",
    model.MessageStatus.UNKNOWN: "Sending…",
}
#: The sitter's own message while its photos are screened, and once a photo blocked it (A3).
CHECKING_LABEL = "Photo being checked…"
PHOTO_BLOCKED_LABEL = (
    "Not sent: a photo showed contact details. Please keep contact details and payments "
    "inside this conversation."
)


@dataclass(frozen=True, slots=True)
class Bubble:
    id: int
    mine: bool
    inbound: bool
    who: str
    body: str
    at: str
    status: str
    photos: tuple[Attached, ...] = ()


@dataclass(frozen=True, slots=True)
class ThreadView:
    thread_id: int
    client_name: str
    pet_name: str
    header: str
    can_send: bool
    explanation: str
    messages: tuple[Bubble, ...]
    templates: tuple[tuple[int, str], ...] = ()  # (id, name): the non-billing ones, to insert


async def thread_view(
    ctx: SitterContext, thread_id: int, now: datetime, flags: model.MessagingFlags
) -> ThreadView:
    """One thread as this sitter may see it; `NotFound` unless they have an open window on it."""
    own_rows = await own_windows(ctx, AssignmentWindow.thread == thread_id)
    if not own_rows:
        raise NotFound(f"No thread with id {thread_id}.")
    own = [window_of(ctx, row) for row in own_rows]
    client = (
        await Client.select(Client.name, Client.pet_name)
        .where(
            Client.id.is_in(
                Thread.select(Thread.client).where(
                    (Thread.id == thread_id) & (Thread.org == ctx.org_id)
                )
            )
        )
        .first()
    )
    if client is None:
        raise NotFound(f"No thread with id {thread_id}.")
    permission = can_sitter_send(ctx.sitter, own, flags, now, ctx.zone)
    return ThreadView(
        thread_id=thread_id,
        client_name=first_name(client["name"]),
        pet_name=client["pet_name"] or "",
        header=window_header(own, now, ctx.zone),
        can_send=permission.allowed,
        explanation=permission.explanation,
        messages=await _messages(ctx, thread_id, own, first_name(client["name"]), now),
        templates=await _templates(ctx) if permission.allowed else (),
    )


async def _templates(ctx: SitterContext) -> tuple[tuple[int, str], ...]:
    rows = await reply_templates.templates_of(ctx.org_id, with_billing=False)
    return tuple((row.id, row.name) for row in rows)


async def _messages(
    ctx: SitterContext, thread_id: int, own: list[model.Window], client_name: str, now: datetime
) -> tuple[Bubble, ...]:
    rows = (
        await Message.select(
            Message.id,
            Message.direction,
            Message.sender_role,
            Message.sender_sitter,
            Message.body,
            Message.status,
            Message.billing,
            Message.blocked,
            Message.scanned_clean,
            Message.created_at,
        )
        .where(
            (Message.org == ctx.org_id)
            & (Message.thread == thread_id)
            & Message.kind.is_in(list(CONVERSATION_KINDS))
            & Message.billing.eq(False)
            & (Message.blocked.eq(False) | (Message.sender_sitter == ctx.sitter.id))
            & (Message.created_at >= min(w.starts_at for w in own))
        )
        .order_by(Message.created_at)
        .order_by(Message.id)
    )
    today = now.astimezone(ctx.zone).date()
    media = await media_by_message(row["id"] for row in rows)
    return tuple(
        _bubble(ctx, row, client_name, today, media.get(row["id"], []))
        for row in rows
        if visible_to_sitter(_seen(thread_id, row, media.get(row["id"], [])), own)
        or _own_photo_message(ctx, row, media.get(row["id"], []))
    )


def _own_photo_message(ctx: SitterContext, row: dict, media: list[Attached]) -> bool:
    """The sitter's own message held for its photos, or blocked by one: they see it, marked."""
    if row["sender_sitter"] != ctx.sitter.id:
        return False
    waiting = model.MediaStatus.BLOCKED if row["blocked"] else model.MediaStatus.CHECKING
    return any(item.status == waiting for item in media)


def _own_status(row: dict, media: list[Attached]) -> str:
    if row["blocked"] and any(item.status == model.MediaStatus.BLOCKED for item in media):
        return PHOTO_BLOCKED_LABEL
    if any(item.status == model.MediaStatus.CHECKING for item in media):
        return CHECKING_LABEL
    return STATUS_LABELS.get(row["status"], "")


def _seen(thread_id: int, row: dict, media: list[Attached]) -> model.Message:
    return model.Message(
        id=row["id"],
        thread_id=thread_id,
        created_at=row["created_at"],
        direction=row["direction"],
        sender_role=row["sender_role"],
        billing=row["billing"],
        blocked=row["blocked"],
        scanned_clean=bool(row["scanned_clean"]),
        attachments_released=not held(media),
    )


def _bubble(
    ctx: SitterContext, row: dict, client_name: str, today: date, media: list[Attached]
) -> Bubble:
    inbound = row["direction"] == model.Direction.INBOUND
    mine = not inbound and row["sender_sitter"] == ctx.sitter.id
    if inbound:
        who = client_name
    elif mine:
        who = "You"
    elif row["sender_role"] == model.SenderRole.SITTER:
        who = "Another sitter"
    else:
        who = ctx.org_name
    local = row["created_at"].astimezone(ctx.zone)
    at = clock_time(local)
    if local.date() != today:
        at = f"{local:%a %b} {local.day}, {at}"
    return Bubble(
        id=row["id"],
        mine=mine,
        inbound=inbound,
        who=who,
        body=row["body"],
        at=at,
        status=_own_status(row, media) if mine else "",
        photos=tuple(clean(media)),
    )
