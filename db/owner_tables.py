"""The owner's own lists: contact details the business allows (SPEC O4), the blocked
messages the owner decided about, kept as labelled examples for the detector, and the org's
templates (canned replies).

`db.tables` adds them to `ALL_TABLES`; their unique index is created by the migrations.
"""

from piccolo.columns import Boolean, ForeignKey, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

from domain import states

# `db.tables` imports this module for ALL_TABLES, so its tables are named, not imported.
Org = LazyTableReference("Org", module_path="db.tables")
User = LazyTableReference("User", module_path="db.tables")
Message = LazyTableReference("Message", module_path="db.tables")


class AllowedContact(Table, tablename="allowed_contact"):
    """An exact phone number (E.164), email or domain (lower case) that is never blocked.

    Unique per (org, kind, value).
    """

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    kind = Varchar(length=8, choices=states.ContactKind)
    value = Varchar(length=254)
    label = Varchar(length=100, default="")  # "Emergency vet"
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz()


class LabelledExample(Table, tablename="labelled_example"):
    """A blocked message the owner let through or said holds no contact detail."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    message = ForeignKey(Message, null=False, on_delete=OnDelete.restrict)
    body = Text()  # as sent
    detector_category = Varchar(length=16)
    detector_reason = Text(default="")
    decision = Varchar(length=24, choices=states.ExampleDecision)
    reason = Text(default="")
    decided_by = ForeignKey(User, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz()


class ReplyTemplate(Table, tablename="reply_template"):
    """A canned reply with placeholders (`domain.reply_templates`); a `billing` one is the
    owner's only, never offered to (or rendered for) a sitter."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    name = Varchar(length=100)
    body = Text()
    billing = Boolean(default=False)
    created_at = Timestamptz()
    updated_at = Timestamptz()
