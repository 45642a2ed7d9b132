"""Templates (canned replies): the org's list, its changes (audited), and a template rendered
for one thread (`domain.reply_templates`).

A sitter, or staff whose role has no billing (a manager), only ever sees the non-billing
templates: a billing one answers them exactly like an unknown id (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.engine import transaction
from db.scope import get_in_org, objects_in_org
from db.tables import Booking, Client, Org, ReplyTemplate, Sitter, Thread
from domain.errors import NotFound
from domain.names import first_word
from domain.policy import when_text
from domain.reply_templates import TemplateValues, checked_template, render_template
from domain.states import BookingStatus
from services.audit import audit

UPCOMING = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


async def templates_of(org_id: int, *, with_billing: bool = True) -> list[ReplyTemplate]:
    """The org's templates by name; without billing, the billing ones are left out."""
    query = objects_in_org(ReplyTemplate, org_id)
    if not with_billing:
        query = query.where(ReplyTemplate.billing.eq(False))
    return await query.order_by(ReplyTemplate.name).order_by(ReplyTemplate.id)


async def template_for(
    org_id: int, template_id: int, *, with_billing: bool = True
) -> ReplyTemplate:
    row = await get_in_org(ReplyTemplate, org_id, template_id, what="template")
    if row.billing and not with_billing:
        raise NotFound(f"No template with id {template_id}.")
    return row


async def save_template(
    *,
    org_id: int,
    actor: str,
    name: str,
    body: str,
    billing: bool,
    now: datetime,
    template_id: int | None = None,
    with_billing: bool = True,
) -> ReplyTemplate:
    """Create a template (`template_id` None) or change one; 422 names an unknown
    placeholder. Without billing, a billing template is not found (the caller refuses to
    make one)."""
    name, body = checked_template(name, body)
    async with transaction():
        if template_id is None:
            row = ReplyTemplate(org=org_id, created_at=now)
        else:
            row = await template_for(org_id, template_id, with_billing=with_billing)
        row.name, row.body, row.billing, row.updated_at = name, body, billing, now
        await row.save()
        await audit(
            org_id,
            actor,
            now,
            "template.created" if template_id is None else "template.updated",
            ("template", row.id),
            payload={"name": name, "billing": billing},
        )
    return row


async def delete_template(
    *, org_id: int, actor: str, template_id: int, now: datetime, with_billing: bool = True
) -> str:
    """Delete a template; its name, for the notice."""
    async with transaction():
        row = await template_for(org_id, template_id, with_billing=with_billing)
        await ReplyTemplate.delete().where(ReplyTemplate.id == row.id)
        payload = {"name": row.name, "billing": row.billing}
        await audit(org_id, actor, now, "template.deleted", ("template", row.id), payload=payload)
    return row.name


async def thread_values(
    org_id: int, thread_id: int, now: datetime, *, sitter_id: int | None = None
) -> TemplateValues:
    """What a template may say about one thread: the client's first name, the pet, the sitter
    (`sitter_id` when a sitter asks, else the next visit's or the thread's sitter) and the
    next visit that has not ended (that sitter's own, when a sitter asks), in the org's zone."""
    thread = await get_in_org(Thread, org_id, thread_id, what="thread")
    client = await Client.objects().where(Client.id == thread.client).first()
    visits = Booking.objects().where(
        (Booking.client == thread.client)
        & Booking.status.is_in(list(UPCOMING))
        & (Booking.ends_at >= now)
    )
    if sitter_id is not None:
        visits = visits.where(Booking.sitter == sitter_id)
    visit = await visits.order_by(Booking.starts_at).first()
    if sitter_id is None:
        sitter_id = (visit.sitter if visit else None) or thread.assigned_sitter
    sitter = await Sitter.objects().where(Sitter.id == sitter_id).first() if sitter_id else None
    zone = (await Org.select(Org.time_zone).where(Org.id == org_id).first())["time_zone"]
    return TemplateValues(
        client_first_name=first_word(client.name if client else ""),
        pet_name=client.pet_name if client else "",
        sitter_first_name=first_word(sitter.name if sitter else ""),
        visit_time=when_text(visit.starts_at, zone) if visit else "",
    )


@dataclass(frozen=True)
class Rendered:
    text: str
    billing: bool  # a billing template: the owner's composer switches to a billing message


async def rendered_for_thread(
    org_id: int,
    template_id: int | None,
    thread_id: int,
    now: datetime,
    *,
    sitter_id: int | None = None,
    with_billing: bool = True,
) -> Rendered | None:
    """The template's text for the thread (a sitter, or without billing: non-billing templates
    only); None when no template is chosen. Another org's thread or template: 404."""
    values = await thread_values(org_id, thread_id, now, sitter_id=sitter_id)
    if template_id is None:
        return None
    with_billing = with_billing and sitter_id is None
    row = await template_for(org_id, template_id, with_billing=with_billing)
    return Rendered(render_template(row.body, values), row.billing)
