"""R4 and O1: one consent per client, whichever business number they text.

STOP (the keyword or Twilio's `OptOutType`) on any number refuses every later send to the
client from every number (`services.outbox` checks it), cancels what is queued to them and is
recorded; START or UNSTOP lifts it; HELP is answered with the business's help text. Every
STOP/START received is a `consent_event`, shown in the owner's thread header.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.queries.inbound import Sender
from db.tables import Client, ConsentEvent, Message, Org
from domain import model, texts
from domain.consent import Consent, asks_for_help, consent_change
from domain.model import MessageKind, MessageStatus
from domain.numbers import is_in_service
from services import records
from services.audit import audit
from services.outbox import OPTED_OUT_ERROR, enqueue

CARRIER_WORDS = "(the carrier refused a send: the number opted out, 21610)"
HELP_REASON = "A HELP answer leaves from the number the client texted."


@dataclass(frozen=True, slots=True)
class Keyword:
    """A client's text, as consent needs it."""

    body: str
    opt_out_type: str
    phone: str
    number: model.BusinessNumber  # the business number texted (HELP is answered from it)


async def apply(org_id: int, sender: Sender, keyword: Keyword, now: datetime) -> None:
    """Act on a consent keyword in the caller's transaction; anything else changes nothing."""
    if asks_for_help(keyword.body, keyword.opt_out_type):
        await _answer_help(org_id, keyword, now)
        return
    change = consent_change(keyword.body, keyword.opt_out_type)
    if change is None:
        return
    stop = change is Consent.STOP
    await ConsentEvent(
        org=org_id,
        client=sender.client_id,
        business_e164=keyword.number.e164,
        words=keyword.body.strip()[:160] or keyword.opt_out_type,
        opted_out=stop,
        created_at=now,
    ).save()
    if stop == (sender.opted_out_at is not None):
        return  # no change of state: recorded, nothing else to do
    await Client.update({Client.opted_out_at: now if stop else None}).where(
        Client.id == sender.client_id
    )
    if stop:
        await cancel_queued(org_id, keyword.phone)
    await audit(
        org_id, "client", now, f"client.opt_{'out' if stop else 'in'}", ("client", sender.client_id)
    )


async def carrier_opt_out(org_id: int, phone: str, business_e164: str, now: datetime) -> None:
    """Twilio refused a send because the client opted out with the carrier (21610): the same
    as their STOP, recorded with the number the refused send left from."""
    client = (
        await Client.objects().where((Client.org == org_id) & (Client.phone_e164 == phone)).first()
    )
    if client is None or client.opted_out_at is not None:
        return
    await Client.update({Client.opted_out_at: now}).where(Client.id == client.id)
    await ConsentEvent(
        org=org_id,
        client=client.id,
        business_e164=business_e164,
        words=CARRIER_WORDS,
        opted_out=True,
        created_at=now,
    ).save()
    await cancel_queued(org_id, phone)


async def cancel_queued(org_id: int, phone: str) -> None:
    """Messages queued to this phone and not yet sent will never be: failed, saying why."""
    await Message.update(
        {
            Message.status: MessageStatus.FAILED,
            Message.last_error: OPTED_OUT_ERROR,
            Message.next_attempt_at: None,
        }
    ).where(
        (Message.org == org_id)
        & (Message.to_e164 == phone)
        & (Message.status == MessageStatus.QUEUED)
    )


async def _answer_help(org_id: int, keyword: Keyword, now: datetime) -> None:
    """From the number texted, or the front desk when that one is out of service (N5)."""
    leaves_from = keyword.number
    if not is_in_service(leaves_from, now):
        desk = await records.active_front_desk(org_id)
        if desk is None:
            return
        leaves_from = records.number_record(desk)
    org = await Org.objects().where(Org.id == org_id).first()
    await enqueue(
        org_id=org_id,
        to_e164=keyword.phone,
        choice=model.NumberChoice(leaves_from, HELP_REASON),
        kind=MessageKind.AUTO_RESPONSE,
        body=texts.help_text(org.name),
        now=now,
        keyword_answer=True,
    )


async def history(client_id: int) -> list[dict]:
    """The client's consent events, newest first (for the owner's thread header)."""
    return (
        await ConsentEvent.select(
            ConsentEvent.created_at,
            ConsentEvent.business_e164,
            ConsentEvent.words,
            ConsentEvent.opted_out,
        )
        .where(ConsentEvent.client == client_id)
        .order_by(ConsentEvent.created_at, ascending=False)
        .order_by(ConsentEvent.id, ascending=False)
        .limit(50)
    )
