"""Org isolation: every query for an org's rows goes through these helpers.

`in_org(Table, org_id)` is a select already filtered on the org; `get_in_org` loads one row by
id or raises `NotFound`, so another org's id answers exactly like an unknown one.
"""

from __future__ import annotations

from typing import Any, TypeVar

from piccolo.columns.combination import WhereRaw
from piccolo.query import Objects, Select
from piccolo.table import Table

from db.engine import is_sqlite
from db.tables import Org
from domain.errors import NotFound

T = TypeVar("T", bound=Table)
#: Ids are PostgreSQL `integer`s; a larger one names no row (and must not reach the driver).
MAX_ID = 2**31 - 1


def is_id(value: int) -> bool:
    return 0 < value <= MAX_ID


def in_org(table: type[Table], org_id: int, *columns: Any) -> Select:
    return table.select(*columns).where(table.org == org_id)  # type: ignore[attr-defined]


def objects_in_org(table: type[T], org_id: int) -> Objects:
    return table.objects().where(table.org == org_id)  # type: ignore[attr-defined]


async def get_in_org(table: type[T], org_id: int, row_id: int, *, what: str | None = None) -> T:
    row = (
        await objects_in_org(table, org_id).where(table._meta.primary_key == row_id).first()
        if is_id(row_id)
        else None
    )
    if row is None:
        raise NotFound(f"No {what or table._meta.tablename.replace('_', ' ')} with id {row_id}.")
    return row


async def lock_org(org_id: int) -> None:
    """Serialise an org's structural changes (pool leases, sitter numbers) inside a transaction.

    Call it first in the transaction, before any write. On PostgreSQL it takes the org row's
    `FOR NO KEY UPDATE` lock until commit (this mode does not conflict with the key-share locks
    that inserts referencing the org take, so it cannot deadlock with them). On SQLite every
    write transaction is already exclusive (see `db.engine.transaction`): nothing to do.
    """
    if not is_sqlite():
        await Org.select(Org.id).where(Org.id == org_id).lock_rows("NO KEY UPDATE")


def for_update(query: Objects | Select) -> Any:
    """`SELECT ... FOR UPDATE` on PostgreSQL. SQLite needs no row lock: `transaction()` is
    IMMEDIATE behind a process lock there, so writers are already one at a time."""
    return query if is_sqlite() else query.lock_rows("UPDATE")


def like_escaped(text: str) -> str:
    """`text` for a LIKE pattern with `ESCAPE '\\'`: its `%`, `_` and `\\` match themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: Any, text: str) -> WhereRaw:
    """The column contains `text`, ignoring case, `%` and `_` included (not wildcards)."""
    # SQLite's LIKE already ignores ASCII case (and warns on ILIKE); PostgreSQL needs ILIKE.
    operator = "LIKE" if is_sqlite() else "ILIKE"
    name = column._meta.db_column_name
    return WhereRaw(f"{name} {operator} {{}} ESCAPE '\\'", f"%{like_escaped(text)}%")


def starts_with(column: Any, prefix: str) -> WhereRaw:
    """The column starts with `prefix` (ASCII case ignored on SQLite only: check the rows)."""
    name = column._meta.db_column_name
    return WhereRaw(f"{name} LIKE {{}} ESCAPE '\\'", f"{like_escaped(prefix)}%")


async def org_time_zone(org_id: int) -> str:
    """The org's time zone (an IANA name): every time a person reads is shown in it."""
    row = await Org.select(Org.time_zone).where(Org.id == org_id).first()
    return (row["time_zone"] if row else "") or "UTC"
