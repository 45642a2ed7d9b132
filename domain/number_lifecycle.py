"""A business number's end of life and its beginnings (SPEC N1, N2, O7): retiring a number,
replacing the front desk, and what a bought sitter number is searched by. Pure.

Rules chosen where the SPEC is silent:

- Retiring is final: a retired number is never chosen again, and inbound to it reaches the
  owner inbox as "Number not in service" (R0). Retiring needs a reason.
- The front desk is never retired on its own (N1: the org would have none): it is retired by
  **replacing** it, which registers the new front desk in the same step.
- A sitter number that is still a sitter's identity (assigned, active or quarantined) is not
  retired while that sitter is on the team: offboard the sitter first (their number cools down,
  N4), then retire it. A number in cooldown, a free sitter number and a pool number may be
  retired at once.
- Retiring a pool number ends its current leases at that moment: those one-time clients'
  threads fall back to the front desk (section 4, step 3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

import phonenumbers

from domain.errors import Conflict, DuplicateNumber, Invalid, OnlyFrontDesk
from domain.records import BusinessNumber, PoolLease
from domain.states import NumberClass, NumberPurchaseStatus, NumberStatus

#: The longest reason kept with a retirement.
MAX_REASON = 500
#: N2: a purchase is tried this many times when Twilio's trouble may pass (5xx, 429, no answer).
MAX_PURCHASE_ATTEMPTS = 3
#: A purchase still `buying` after this long lost its answer (the worker stopped, or Twilio
#: never answered): it is taken up again, looking for the bought number before buying.
STALE_PURCHASE = timedelta(minutes=2)


class AlreadyRetired(Conflict):
    """A retired number stays retired."""


class SitterNumberInUse(Conflict):
    """A sitter's own number is retired only once the sitter is offboarded."""


def checked_retire_reason(reason: str | None) -> str:
    """Retiring a number says why (422 without a reason, or with one over 500 characters)."""
    text = (reason or "").strip()
    if not text:
        raise Invalid("Say why the number is retired.", field="reason")
    if len(text) > MAX_REASON:
        raise Invalid(f"Keep the reason under {MAX_REASON} characters.", field="reason")
    return text


def check_can_retire(number: BusinessNumber) -> None:
    """What can be retired: not a retired number (:class:`AlreadyRetired`), not the front desk
    (:class:`OnlyFrontDesk`: replace it instead), not a sitter's number while it is still their
    identity (:class:`SitterNumberInUse`). Everything else may be."""
    if number.status is NumberStatus.RETIRED:
        raise AlreadyRetired("This number is already retired.")
    if number.number_class is NumberClass.FRONT_DESK:
        raise OnlyFrontDesk(
            "This is the business's front-desk number: it cannot be retired on its own. "
            "Use Replace the front desk to move to a new number and retire this one."
        )
    if (
        number.number_class is NumberClass.SITTER
        and number.assigned_sitter_id is not None
        and number.status in (NumberStatus.ACTIVE, NumberStatus.QUARANTINED)
    ):
        raise SitterNumberInUse(
            "This number is a sitter's own number. Offboard the sitter first; then it can be "
            "retired."
        )


def retire(number: BusinessNumber) -> BusinessNumber:
    """The number retired: out of service for good. Whose number it was and its sitter-identity
    mark are kept for history; a quarantine or cooldown end no longer applies."""
    return replace(number, status=NumberStatus.RETIRED, quarantined_until=None, cooldown_until=None)


def lease_ends_with_retirement(lease: PoolLease, number: BusinessNumber, now: datetime) -> bool:
    """A lease of the retired ``number`` still holding at ``now`` is released at ``now``; its
    client's thread falls back to the front desk."""
    return lease.number_id == number.id and lease.is_current(now)


def front_desk_to_replace(numbers: Iterable[BusinessNumber], new_e164: str) -> BusinessNumber:
    """Replacing the front desk: the org's current front desk (active or quarantined), which is
    retired while ``new_e164`` becomes the front desk. The new number must be new to the org
    (:class:`DuplicateNumber`); an org without a front desk registers one instead
    (:class:`Conflict`)."""
    existing = tuple(numbers)
    if any(n.e164 == new_e164 for n in existing):
        raise DuplicateNumber("This number is already registered.")
    for number in existing:
        if number.number_class is NumberClass.FRONT_DESK and number.status in (
            NumberStatus.ACTIVE,
            NumberStatus.QUARANTINED,
        ):
            return number
    raise Conflict("This business has no front-desk number to replace: register one instead.")


def area_code(e164: str) -> str | None:
    """The area code a bought number is searched in: the first three digits of a North
    American number (``+14155550100`` → ``"415"``); None for any other country."""
    try:
        parsed = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return None
    if parsed.country_code != 1:
        return None
    national = phonenumbers.national_significant_number(parsed)
    return national[:3] if len(national) == 10 else None


def purchase_name(org_id: int, sitter_id: int) -> str:
    """The friendly name a number bought for a sitter carries at Twilio: how a retry finds a
    purchase whose answer was lost, so a sitter's number is never bought twice."""
    return f"snout-org{org_id}-sitter{sitter_id}"


def purchase_is_due(status: NumberPurchaseStatus, updated_at: datetime, now: datetime) -> bool:
    """A purchase the worker takes up at ``now``: a pending one, or one still ``buying`` whose
    last try began at least :data:`STALE_PURCHASE` ago (its answer was lost)."""
    if status is NumberPurchaseStatus.PENDING:
        return True
    return status is NumberPurchaseStatus.BUYING and now - updated_at >= STALE_PURCHASE


def status_after_failure(attempts: int, *, may_pass: bool) -> NumberPurchaseStatus:
    """After a failed try (``attempts`` tries made so far): tried again later when the trouble
    may pass and fewer than :data:`MAX_PURCHASE_ATTEMPTS` tries were made, else failed (the
    owner is alerted)."""
    if may_pass and attempts < MAX_PURCHASE_ATTEMPTS:
        return NumberPurchaseStatus.PENDING
    return NumberPurchaseStatus.FAILED
