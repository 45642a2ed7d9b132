"""The allow list as every scan of an org's texts reads it: one small indexed read."""

from __future__ import annotations

from db.owner_tables import AllowedContact

VALUES_SQL = "SELECT kind, value FROM allowed_contact WHERE org = {}"


async def allow_list_values(org_id: int) -> list[tuple[str, str]]:
    """The org's entries as (kind, value) pairs."""
    rows = await AllowedContact.raw(VALUES_SQL, org_id)
    return [(row["kind"], row["value"]) for row in rows]
