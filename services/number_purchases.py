"""A sitter number bought through Twilio when none is free (SPEC N2, O7;
`TWILIO_PROVISIONING=true`).

Activation only *asks* (a `number_purchase` row, in the activation's transaction); the worker
buys, outside any transaction, then records the number in a transaction of its own:

1. claim the row (`pending` → `buying`, a conditional update: one worker per purchase);
2. look the purchase's friendly name up at Twilio (a retry whose answer was lost finds the
   number it bought), else search the front desk's area code and buy the first number, with
   `SmsUrl` and `StatusCallback` under `PUBLIC_BASE_URL`;
3. save it as an active `sitter` number that is this sitter's identity (or a free sitter
   number, if the sitter was deactivated or offboarded meanwhile), resolve the "sitter without
   number" alert; audited.

One row per sitter, ever (unique): a sitter's number is never bought twice. Trouble that may
pass (5xx, 429, no answer) is tried again, up to three tries; a lost answer is taken up again
after two minutes, looking the name up first. A purchase that fails for good raises the
owner alert of today ("… active without a number"), with the reason.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from db.engine import transaction
from db.number_tables import NumberPurchase
from db.tables import Sitter
from domain import number_lifecycle as rules
from domain.model import NumberClass, SitterStatus
from domain.states import NumberPurchaseStatus as Status
from services import records
from services.audit import audit
from services.number_rows import insert_number
from services.numbers import org_numbers, sitter_numbers
from services.sitter_numbers import alert_no_number, resolve_no_number_alerts
from sms.number_buying import PurchaseFailed, Webhooks

log = logging.getLogger(__name__)


class NumberBuyer(Protocol):
    async def bought(self, name: str) -> str | None: ...

    async def buy(self, *, area_code: str, name: str, webhooks: Webhooks) -> str: ...


async def ask_for_number(org_id: int, sitter_id: int, now: datetime) -> bool:
    """In an activation's transaction: ask the worker to buy this sitter a number. False when
    it cannot (no front desk in a North American area code, or one was bought already): the
    caller raises the alert as without provisioning."""
    desk = await records.active_front_desk(org_id)
    code = rules.area_code(desk.e164) if desk is not None else None
    if code is None:
        return False
    row = await NumberPurchase.objects().where(NumberPurchase.sitter == sitter_id).first()
    if row is None:
        row = NumberPurchase(org=org_id, sitter=sitter_id, area_code=code, created_at=now)
    elif row.status == Status.BOUGHT:
        return False
    elif row.status == Status.FAILED:  # nothing was bought: asking again is safe
        row.status, row.attempts, row.area_code, row.error = Status.PENDING, 0, code, ""
    else:
        return True  # already asked for
    row.updated_at = now
    await row.save()
    payload = {"areaCode": code}
    await audit(
        org_id, "system", now, "number.purchase_requested", ("sitter", sitter_id), payload=payload
    )
    return True


async def number_being_bought(org_id: int, sitter_id: int) -> bool:
    """Whether a number is being bought for this sitter (asked for, not bought or failed)."""
    return await NumberPurchase.exists().where(
        (NumberPurchase.org == org_id)
        & (NumberPurchase.sitter == sitter_id)
        & NumberPurchase.status.is_in([Status.PENDING, Status.BUYING])
    )


async def buy_due_numbers(buyer: NumberBuyer, webhooks: Webhooks, now: datetime) -> int:
    """The worker's step: buy every purchase that is due; how many were tried."""
    open_rows = await NumberPurchase.objects().where(
        NumberPurchase.status.is_in([Status.PENDING, Status.BUYING])
    )
    tried = 0
    for row in open_rows:
        if rules.purchase_is_due(Status(row.status), row.updated_at, now) and await _claim(
            row, now
        ):
            await _buy(row, buyer, webhooks, now)
            tried += 1
    return tried


async def _claim(row: NumberPurchase, now: datetime) -> bool:
    """Take the purchase for this worker, unless another one did meanwhile."""
    claimed = await (
        NumberPurchase.update(
            {
                NumberPurchase.status: Status.BUYING,
                NumberPurchase.attempts: NumberPurchase.attempts + 1,
                NumberPurchase.updated_at: now,
            }
        )
        .where(
            (NumberPurchase.id == row.id)
            & (NumberPurchase.status == row.status)
            & (NumberPurchase.updated_at == row.updated_at)
        )
        .returning(NumberPurchase.attempts)
    )
    if claimed:
        row.attempts = claimed[0]["attempts"]
    return bool(claimed)


async def _buy(row: NumberPurchase, buyer: NumberBuyer, webhooks: Webhooks, now: datetime) -> None:
    name = rules.purchase_name(row.org, row.sitter)
    try:
        e164 = await buyer.bought(name) or await buyer.buy(
            area_code=row.area_code, name=name, webhooks=webhooks
        )
    except PurchaseFailed as error:
        await _failed(row, error, now)
        return
    await _record(row, e164, now)


async def _failed(row: NumberPurchase, error: PurchaseFailed, now: datetime) -> None:
    log.warning("buying a sitter number failed (try %s): %s", row.attempts, error)
    if error.outcome_unknown:
        return  # stays `buying`: taken up again later, looking the number up first
    status = rules.status_after_failure(row.attempts, may_pass=error.may_pass)
    async with transaction():
        await NumberPurchase.update(
            {NumberPurchase.status: status, NumberPurchase.error: str(error)}
        ).where(NumberPurchase.id == row.id)
        if status is Status.FAILED:
            sitter = await Sitter.objects().get(Sitter.id == row.sitter)
            await alert_no_number(row.org, sitter, now, why=f"Buying one failed: {error}.")
            await audit(
                row.org,
                "system",
                now,
                "number.purchase_failed",
                ("sitter", row.sitter),
                reason=str(error),
            )


async def _record(row: NumberPurchase, e164: str, now: datetime) -> None:
    """Save the bought number: the sitter's own if they are active and still without one."""
    async with transaction():
        sitter = await Sitter.objects().get(Sitter.id == row.sitter)
        has_one = row.sitter in sitter_numbers(await org_numbers(row.org))
        take = sitter.status == SitterStatus.ACTIVE and not has_one
        number = await insert_number(
            row.org, "system", e164, NumberClass.SITTER, now, sitter_id=row.sitter if take else None
        )
        await NumberPurchase.update(
            {NumberPurchase.status: Status.BOUGHT, NumberPurchase.e164: e164}
        ).where(NumberPurchase.id == row.id)
        if take:
            await resolve_no_number_alerts(row.org, row.sitter, now)
        payload = {"sitterId": row.sitter, "assigned": take, "areaCode": row.area_code}
        await audit(
            row.org, "system", now, "number.bought", ("business_number", number.id), payload=payload
        )
