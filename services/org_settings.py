"""The org's settings the owner edits: quiet hours (SPEC O2)."""

from __future__ import annotations

from datetime import datetime

from db.engine import transaction
from db.tables import Org
from domain.errors import Invalid
from domain.quiet_hours import QuietHours, parse_clock
from services.audit import audit


def quiet_hours_of(org: Org) -> QuietHours:
    return QuietHours.of(org.time_zone, org.quiet_hours_start, org.quiet_hours_end)


def _clock(value: str, field: str) -> str:
    try:
        return parse_clock(value).strftime("%H:%M")
    except ValueError:
        raise Invalid("Use a 24-hour time like 21:00.", field=field) from None


async def set_quiet_hours(*, org_id: int, actor: str, start: str, end: str, now: datetime) -> Org:
    """Quiet hours from `start` to `end` (local HH:MM; the same twice means none). Audited."""
    start = _clock(start, "quietHoursStart")
    end = _clock(end, "quietHoursEnd")
    async with transaction():
        org = await Org.objects().where(Org.id == org_id).first()
        before = {"start": org.quiet_hours_start, "end": org.quiet_hours_end}
        org.quiet_hours_start, org.quiet_hours_end = start, end
        await org.save()
        payload = {"before": before, "after": {"start": start, "end": end}}
        await audit(org_id, actor, now, "org.quiet_hours", ("org", org_id), payload=payload)
    return org
