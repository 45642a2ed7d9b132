"""A business number's row as the record the rules take (`domain.model.BusinessNumber`)."""

from __future__ import annotations

from typing import Any

from domain import model


def number_record(row: dict[str, Any]) -> model.BusinessNumber:
    """`row`: the number's columns by name (a written-out statement's row, or a Piccolo
    `select()` or `to_dict()`)."""
    return model.BusinessNumber(
        id=row["id"],
        e164=row["e164"],
        number_class=row["number_class"],
        status=row["status"],
        assigned_sitter_id=row["assigned_sitter"],
        was_sitter_identity=bool(row["was_sitter_identity"]),  # SQLite answers 0 or 1
        quarantined_until=row["quarantined_until"],
        cooldown_until=row["cooldown_until"],
    )
