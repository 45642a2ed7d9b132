"""Numbers bought through Twilio for sitters (SPEC N2, O7). `db.tables` adds the table to
`ALL_TABLES`; one row per sitter, ever (the unique `sitter` column): a sitter's number is
never bought twice."""

from piccolo.columns import ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.reference import LazyTableReference
from piccolo.table import Table

from domain import states

# `db.tables` imports this module for ALL_TABLES, so its tables are named, not imported.
Org = LazyTableReference("Org", module_path="db.tables")
Sitter = LazyTableReference("Sitter", module_path="db.tables")


class NumberPurchase(Table, tablename="number_purchase"):
    """A sitter number asked for on activation when none was free, and bought by the worker."""

    org = ForeignKey(Org, null=False, on_delete=OnDelete.restrict)
    sitter = ForeignKey(Sitter, null=False, unique=True, on_delete=OnDelete.restrict)
    status = Varchar(
        length=16,
        default=states.NumberPurchaseStatus.PENDING,
        choices=states.NumberPurchaseStatus,
    )
    area_code = Varchar(length=8)
    e164 = Varchar(length=20, default="")  # once bought
    attempts = Integer(default=0)
    error = Text(default="")  # the last failure, for the owner's alert and the logs
    created_at = Timestamptz()
    updated_at = Timestamptz()  # when the last try began (a stale `buying` is taken up again)
