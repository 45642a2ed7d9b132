"""The owner's triage actions that have no other home: mark an owner-inbox message done,
resolve an alert, archive a thread (SPEC section 8).

Each runs in one transaction: the change, its audit event and the live signal that refreshes
the owner's open pages.
"""

from __future__ import annotations

from datetime import datetime

from db import live
from db.engine import transaction
from db.scope import get_in_org
from db.tables import Alert, Message, Thread
from domain.errors import Conflict
from services.audit import audit


async def mark_done(*, org_id: int, actor: str, message_id: int, now: datetime) -> Message:
    """The owner has dealt with a message routed to the inbox: it leaves the Owner inbox tab.
    Doing it twice changes nothing (no second audit event)."""
    async with transaction():
        message = await get_in_org(Message, org_id, message_id, what="message")
        if message.needs_owner_attention:
            message.needs_owner_attention = False
            await _save(
                message, "message.marked_done", "inbox", org_id=org_id, actor=actor, now=now
            )
    return message


async def resolve_alert(*, org_id: int, actor: str, alert_id: int, now: datetime) -> Alert:
    """The owner has seen an alert: it leaves the Alerts tab (a lock stays until unlocked)."""
    async with transaction():
        alert = await get_in_org(Alert, org_id, alert_id, what="alert")
        if alert.resolved_at is None:
            alert.resolved_at = now
            await _save(alert, "alert.resolved", "alerts", org_id=org_id, actor=actor, now=now)
    return alert


async def archive_thread(
    *, org_id: int, actor: str, thread_id: int, now: datetime, archived: bool = True
) -> Thread:
    """Section 8: an archived thread leaves Conversations for its Archived list; its history
    and audit stay, and the next message in it brings it back (`threads.touch`), as does the
    owner (`archived=False`)."""
    async with transaction():
        thread = await get_in_org(Thread, org_id, thread_id, what="thread")
        if (thread.archived_at is not None) == archived:
            raise Conflict(f"This conversation is {'already' if archived else 'not'} archived.")
        thread.archived_at = now if archived else None
        action = "thread.archived" if archived else "thread.unarchived"
        await _save(thread, action, "threads", org_id=org_id, actor=actor, now=now)
    return thread


async def _save(
    row: Message | Alert | Thread,
    action: str,
    event: str,
    *,
    org_id: int,
    actor: str,
    now: datetime,
) -> None:
    """Save the changed `row`, audit it (`action` starts with its kind: "alert.resolved"), and
    refresh the owner's pages that show `event`."""
    await row.save()
    await audit(org_id, actor, now, action, (action.partition(".")[0], row.id))
    await live.signal(live.org_channel(org_id), event)
