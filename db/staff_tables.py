"""Invitations to join an org's staff (SPEC O5). `db.tables` adds them to `ALL_TABLES`."""

from piccolo.columns import ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

from domain import states

# `db.tables` imports this module for ALL_TABLES, so its tables are named, not imported.
Org = LazyTableReference("Org", module_path="db.tables")
User = LazyTableReference("User", module_path="db.tables")


class StaffInvite(Table, tablename="staff_invite"):
    """A one-time link sent by email: only the sha256 of its random token is stored."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    email = Varchar(length=254)
    role = Varchar(length=16, choices=states.StaffRole)
    token_hash = Varchar(length=64, unique=True)
    invited_by = ForeignKey(User, null=True, on_delete=OnDelete.restrict)
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    used_by = ForeignKey(User, null=True, on_delete=OnDelete.restrict)
    revoked_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
