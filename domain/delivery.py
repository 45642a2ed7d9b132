"""Delivery of outbound messages (S5): status only moves forward; failed sends back off.

queued → sending → sent → delivered | undelivered | failed. A late or repeated status callback
that would move a message backwards (or sideways between final states) changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.model import BusinessNumber, MessageStatus, NumberClass
from domain.numbers import effective_status, is_in_service

#: Twilio's statuses (and ours) by how far along a message is.
RANK = {
    MessageStatus.QUEUED: 0,
    "accepted": 0,
    "scheduled": 0,
    MessageStatus.SENDING: 1,
    MessageStatus.UNKNOWN: 1,
    MessageStatus.SENT: 2,
    MessageStatus.DELIVERED: 3,
    MessageStatus.UNDELIVERED: 3,
    MessageStatus.FAILED: 3,
    "read": 3,
}
FINAL = {MessageStatus.DELIVERED, MessageStatus.UNDELIVERED, MessageStatus.FAILED}
#: The longest wait between two attempts, in seconds.
MAX_BACKOFF_SECONDS = 300


def our_status(provider_status: str) -> str:
    """Twilio's status as a message status: a message that was read was delivered."""
    return MessageStatus.DELIVERED if provider_status == "read" else provider_status


def moves_forward(current: str, new: str) -> bool:
    """Whether a status callback saying `new` may replace `current`."""
    return new in RANK and current in RANK and RANK[new] > RANK[current]


def backoff(attempts: int) -> timedelta:
    """2, 4, 8 ... seconds after each failed attempt, at most 5 minutes."""
    return timedelta(seconds=min(2**attempts, MAX_BACKOFF_SECONDS))


def unusable_reason(
    number: BusinessNumber | None, *, sitter_offboarded: bool, now: datetime
) -> str | None:
    """Why a queued message can no longer leave from the number chosen when it was queued
    (N4, N5: a number not in service, or an offboarded sitter's number), or None when it can."""
    if number is None:
        return "its number is gone"
    if not is_in_service(number, now):
        return f"its number is {effective_status(number, now).value}"
    if number.number_class is NumberClass.SITTER and sitter_offboarded:
        return "its number belongs to an offboarded sitter"
    return None
