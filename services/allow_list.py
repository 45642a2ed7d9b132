"""The org's allow list (SPEC O4): exact contact details that the anti-poaching scan lets through.

Adding and removing an entry are audited (who, what, why). `for_org` is what every scan of an
org's texts loads first, once per use case: one small indexed read.
"""

from __future__ import annotations

from datetime import datetime

from db.engine import transaction
from db.owner_tables import AllowedContact
from db.queries.allow_list import allow_list_values
from db.scope import get_in_org, objects_in_org
from domain.allowed_contacts import allow_list, checked_label, contact_kind, normalise_contact
from domain.antipoaching import AllowList
from domain.errors import Conflict
from services.audit import audit


async def for_org(org_id: int) -> AllowList:
    """What `antipoaching.scan` takes for this org (nothing allowed when the list is empty)."""
    return allow_list(await allow_list_values(org_id))


async def entries(org_id: int) -> list[AllowedContact]:
    """The list, by kind then value."""
    return await objects_in_org(AllowedContact, org_id).order_by(
        AllowedContact.kind, AllowedContact.value
    )


async def add(
    *,
    org_id: int,
    user_id: int | None,
    actor: str,
    kind: str,
    value: str,
    label: str,
    now: datetime,
) -> AllowedContact:
    """Allow one exact phone number, email or domain: 422 for a value that is not one, 409 for
    one already on the list."""
    entry_kind = contact_kind(kind)
    stored = normalise_contact(entry_kind, value)
    label = checked_label(label)
    async with transaction():
        rows = (
            await AllowedContact.insert(
                AllowedContact(
                    org=org_id,
                    kind=entry_kind,
                    value=stored,
                    label=label,
                    created_by=user_id,
                    created_at=now,
                )
            )
            .on_conflict(
                target=(AllowedContact.org, AllowedContact.kind, AllowedContact.value),
                action="DO NOTHING",
            )
            .returning(AllowedContact.id)
        )
        if not rows:
            raise Conflict(f"{stored} is already on the allow list.", field="value")
        entry = await get_in_org(AllowedContact, org_id, rows[0]["id"])
        await audit(
            org_id,
            actor,
            now,
            "allow_list.added",
            ("allowed_contact", entry.id),
            reason=label,
            payload={"kind": entry_kind.value, "value": stored},
        )
    return entry


async def remove(
    *, org_id: int, actor: str, entry_id: int, reason: str = "", now: datetime
) -> AllowedContact:
    """Take an entry off the list (404 for another org's): its value is blocked again."""
    async with transaction():
        entry = await get_in_org(AllowedContact, org_id, entry_id, what="allow-list entry")
        await AllowedContact.delete().where(AllowedContact.id == entry.id)
        await audit(
            org_id,
            actor,
            now,
            "allow_list.removed",
            ("allowed_contact", entry.id),
            reason=(reason or "").strip(),
            payload={"kind": entry.kind, "value": entry.value, "label": entry.label},
        )
    return entry
