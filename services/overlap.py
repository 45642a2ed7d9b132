"""The owner answers the overlap prompt (section 5: two or more active windows): the text goes
to the sitter they pick, who is notified like any sitter a text is routed to (R5)."""

from __future__ import annotations

from datetime import datetime

from db import live
from db.engine import transaction
from db.scope import get_in_org
from db.tables import Message, RoutingDecision
from domain.errors import Invalid
from domain.model import RouteCode, RouteTarget
from domain.windows import active_windows
from services import records
from services.audit import audit
from services.notifications import notify_routed


async def route_to_sitter(
    *,
    org_id: int,
    actor: str,
    message_id: int,
    sitter_id: int,
    now: datetime,
    public_base_url: str = "",
) -> RoutingDecision:
    """The owner answers the overlap prompt: the message goes to one of the sitters whose
    window is active on the thread now (any other choice is refused), who is notified (R5)."""
    async with transaction():
        message = await get_in_org(Message, org_id, message_id, what="message")
        decision = (
            await RoutingDecision.objects().where(RoutingDecision.message == message.id).first()
        )
        if decision is None or decision.code != RouteCode.OVERLAPPING_WINDOWS:
            raise Invalid("Only a message that arrived during overlapping windows can be routed.")
        windows = await records.thread_windows(message.thread)
        if sitter_id not in {w.sitter_id for w in active_windows(windows, now)}:
            raise Invalid("That sitter has no active window on this thread now.", field="sitterId")
        decision.target, decision.sitter = RouteTarget.SITTER.value, sitter_id
        decision.reason += f" The owner routed it to sitter {sitter_id}."
        await decision.save()
        await Message.update({Message.needs_owner_attention: False}).where(Message.id == message.id)
        payload = {"sitterId": sitter_id}
        await audit(org_id, actor, now, "message.routed", ("message", message.id), payload=payload)
        await notify_routed(
            message, sitter_id, public_base_url, now, unread_since=message.created_at
        )
        await live.signal(live.org_channel(org_id), "inbox")
        for event in (f"thread-{message.thread}", "threads"):
            await live.signal(live.sitter_channel(sitter_id), event)
    return decision
