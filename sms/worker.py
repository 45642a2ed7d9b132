"""The outbound worker: claims queued messages and delivers them, exactly once (S5).

- Claim: in one transaction, due `queued` rows become `sending` with a claim deadline in
  `next_attempt_at` (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so several workers share the queue;
  SQLite: writes are serialised anyway).
- Send: success → `sent` with the provider sid. Transient failure (timeouts before sending,
  5xx, 429/20429) → back to `queued` with exponential back-off, for as long as the message is
  less than a day old (a Twilio outage of hours delays messages, it does not fail them).
  Permanent failure (21211, 21610, 21614, other 4xx) → `failed`; 21610 also marks the client
  opted out.
- Unknown outcome (no answer after the request was sent), or a claim whose deadline passed
  (the worker died between claim and send): `reconcile` asks the provider whether it has the
  message (same recipient, sender and body, and no other row holds its sid); found → `sent`
  with its sid, not found → sent again. Never blindly repeated.
- Too late: a night-before reminder whose evening is over is marked failed, never sent.
- Number: just before sending, a message whose number is no longer usable (not active, or an
  offboarded sitter's) leaves from the number section 4 chooses then (`recheck_number`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from db import live
from db.engine import is_sqlite, transaction
from db.tables import Message
from domain.clock import utcnow
from domain.delivery import backoff
from domain.model import MessageStatus
from services import consent
from services.automations import too_late_to_send
from services.media_inbound import MediaStep, run_media_once
from services.media_links import MediaLinks
from services.sending import recheck_number
from sms.number_buying import Webhooks, make_number_buyer
from sms.providers import OPTED_OUT_CODE, Provider, SendFailed

if TYPE_CHECKING:
    from services.owner_notifications import Channels

log = logging.getLogger(__name__)

CLAIM_TIMEOUT = timedelta(seconds=60)
#: How long to let the provider settle before asking whether an unanswered send went out.
RECONCILE_AFTER = timedelta(seconds=30)
#: A message that still cannot be sent this long after it was written fails for good.
GIVE_UP_AFTER = timedelta(hours=24)
AUTOMATIONS_EVERY = timedelta(seconds=30)
TOO_LATE = "A night-before reminder past its evening is not sent."
BATCH = 20  # as many as the provider sends at once (`sms.providers.CONCURRENT_REQUESTS`)


async def claim(now: datetime, limit: int = BATCH) -> list[Message]:
    async with transaction():
        query = (
            Message.objects()
            .where((Message.status == MessageStatus.QUEUED) & (Message.next_attempt_at <= now))
            .order_by(Message.next_attempt_at, Message.id)  # held ones leave in queued order
            .limit(limit)
        )
        if not is_sqlite():
            query = query.lock_rows("UPDATE", skip_locked=True)
        messages = await query
        for message in messages:
            message.status = MessageStatus.SENDING
            message.attempts += 1
            message.next_attempt_at = now + CLAIM_TIMEOUT
        if messages:
            await Message.update(
                {
                    Message.status: MessageStatus.SENDING,
                    Message.attempts: Message.attempts + 1,
                    Message.next_attempt_at: now + CLAIM_TIMEOUT,
                }
            ).where(Message.id.is_in([m.id for m in messages]))
    return messages


async def deliver(
    message: Message, provider: Provider, status_callback: str, links: MediaLinks | None = None
) -> None:
    if await too_late_to_send(message, utcnow()):
        await _record_failure(message, SendFailed(TOO_LATE), utcnow())
        return
    message = await recheck_number(message, utcnow())
    try:
        sent = await provider.send(
            to=message.to_e164,
            from_=message.from_e164,
            body=message.body,
            status_callback=status_callback,
            media_urls=await links.urls(message.id, utcnow()) if links else [],  # photos (M3)
        )
    except SendFailed as failure:
        await _record_failure(message, failure, utcnow())
        return
    await _mark_sent(
        message,
        sent.sid,
        MessageStatus.DELIVERED if sent.status == MessageStatus.DELIVERED else MessageStatus.SENT,
    )


async def _mark_sent(message: Message, sid: str, status: str) -> None:
    async with transaction():
        await Message.update(
            {
                Message.status: status,
                Message.provider_sid: sid,
                Message.sent_at: utcnow(),
                Message.last_error: "",
            }
        ).where(
            (Message.id == message.id)
            & Message.status.is_in([MessageStatus.SENDING, MessageStatus.UNKNOWN])
        )
        await live.message_changed(message)


async def _record_failure(message: Message, failure: SendFailed, now: datetime) -> None:
    log.warning("send of message %s failed: %s", message.id, failure)
    changes: dict = {Message.last_error: str(failure)}
    if failure.outcome_unknown:
        changes |= {
            Message.status: MessageStatus.UNKNOWN,
            Message.next_attempt_at: now + RECONCILE_AFTER,
        }
    elif failure.transient and now - message.created_at < GIVE_UP_AFTER:
        changes |= {
            Message.status: MessageStatus.QUEUED,
            Message.next_attempt_at: now + backoff(message.attempts),
        }
    else:
        changes |= {Message.status: MessageStatus.FAILED}
    async with transaction():
        await Message.update(changes).where(Message.id == message.id)
        await live.message_changed(message)
        if failure.code == OPTED_OUT_CODE:
            await consent.carrier_opt_out(message.org, message.to_e164, message.from_e164, now)


async def reconcile(provider: Provider, now: datetime) -> int:
    """Settle messages whose outcome is unknown or whose claim expired. Returns how many."""
    stale = await (
        Message.objects()
        .where(
            Message.status.is_in([MessageStatus.UNKNOWN, MessageStatus.SENDING])
            & (Message.next_attempt_at <= now)
        )
        .order_by(Message.id)
    )
    for message in stale:
        try:
            await _settle(message, provider, now)
        except SendFailed:
            pass  # the provider could not be asked: again on the next round
        except Exception:  # one message that cannot be settled must not hold up the others
            log.exception("could not settle message %s; trying again next round", message.id)
    return len(stale)


async def _settle(message: Message, provider: Provider, now: datetime) -> None:
    sids = await provider.find_sent(to=message.to_e164, from_=message.from_e164, body=message.body)
    sid = await _unclaimed(sids)
    if sid is not None:
        await _mark_sent(message, sid, MessageStatus.SENT)
    else:
        async with transaction():
            await Message.update(
                {Message.status: MessageStatus.QUEUED, Message.next_attempt_at: now}
            ).where((Message.id == message.id) & (Message.status == message.status))


async def _unclaimed(sids: list[str]) -> str | None:
    """The newest of these provider messages that no row holds yet: two identical texts to
    one person are two messages at the provider, and each row gets its own."""
    if not sids:
        return None
    rows = await Message.select(Message.provider_sid).where(Message.provider_sid.is_in(sids))
    taken = {row["provider_sid"] for row in rows}
    return next((sid for sid in sids if sid not in taken), None)


async def run_once(
    provider: Provider,
    status_callback: str,
    media: MediaStep | None = None,
    links: MediaLinks | None = None,
) -> int:
    """One round: settle what is uncertain, deliver what is due, then download and screen
    media (`services.media_inbound`). Returns how many messages and media it handled."""
    now = utcnow()
    await reconcile(provider, now)
    messages = await claim(now)
    await asyncio.gather(*(deliver(m, provider, status_callback, links) for m in messages))
    handled = await run_media_once(media) if media is not None else 0
    return len(messages) + handled


async def run_forever(
    provider: Provider,
    status_callback: str,
    idle: float = 0.5,
    *,
    media: MediaStep | None = None,
    messaging_on: bool = True,
    owners: Channels | None = None,
    links: MediaLinks | None = None,
    numbers: NumberStep | None = None,
) -> None:
    """Deliver, run automations and screen inbound media until cancelled; every
    `AUTOMATIONS_EVERY` also end the finished quarantines and tell the owners what needs them
    (`owners`: where notices go). With messaging off (`ENABLE_MESSAGING_V1` false) nothing is
    sent and no automation runs: queued rows stay queued, while inbound photos are still
    downloaded and screened. With `numbers` (`TWILIO_PROVISIONING`), each round also buys the
    sitter numbers asked for."""
    from services.automations import run_due_automations
    from services.numbers import end_finished_quarantines
    from services.owner_notifications import notify_owners

    if not messaging_on:
        log.warning("messaging is off (ENABLE_MESSAGING_V1=false): the worker sends nothing")
    next_automations = utcnow()
    while True:
        try:
            if utcnow() >= next_automations:
                if messaging_on:
                    await run_due_automations(utcnow())
                await end_finished_quarantines(utcnow())
                if owners is not None:
                    await notify_owners(utcnow(), owners)
                next_automations = utcnow() + AUTOMATIONS_EVERY
            if numbers is not None:
                await numbers.run(utcnow())
            if messaging_on:
                handled = await run_once(provider, status_callback, media, links)
            else:
                handled = await run_media_once(media) if media is not None else 0
            if handled == 0:
                await asyncio.sleep(idle)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("worker round failed; retrying")
            await asyncio.sleep(idle * 4)


@dataclass(frozen=True, slots=True)
class NumberStep:
    """Buying the sitter numbers asked for (`services.number_purchases`)."""

    buyer: Any
    webhooks: Webhooks

    @classmethod
    def from_settings(cls, settings) -> NumberStep | None:
        buyer = make_number_buyer(settings)
        if buyer is None:
            return None
        return cls(buyer, Webhooks.under(settings.public_base_url))

    async def run(self, now: datetime) -> int:
        from services.number_purchases import buy_due_numbers

        return await buy_due_numbers(self.buyer, self.webhooks, now)


def status_callback_url(settings) -> str:
    return Webhooks.under(settings.public_base_url).status_callback


def run_with(settings) -> Coroutine[Any, Any, None]:
    """The worker loop for these settings (provider, callback URL, `ENABLE_MESSAGING_V1`,
    inbound media, where owners' notices go)."""
    from services.owner_notifications import Channels
    from sms.providers import make_provider

    return run_forever(
        make_provider(settings),
        status_callback_url(settings),
        media=MediaStep.from_settings(settings),
        messaging_on=settings.enable_messaging_v1,
        owners=Channels.from_settings(settings),
        links=MediaLinks.from_settings(settings),
        numbers=NumberStep.from_settings(settings),
    )


async def run_worker(settings) -> None:
    """`python app.py worker`: the worker as its own process, until it is stopped."""
    from db.engine import connected

    async with connected(settings.database_url, pool_size=4):
        log.info("worker started (%s provider)", settings.sms_provider)
        await run_with(settings)
