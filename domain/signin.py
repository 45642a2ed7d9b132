"""How the owner's sign-in slows down guessing without letting anyone lock the owner out.

Failures are counted per (account, address) and per account. An address that keeps failing on
an account waits longer and longer before it may try that account again (`pair_wait`). The
account as a whole never refuses a sign-in: many failures from many addresses only make wrong
answers slower (`failure_delay`) and tell the owner (`should_alert`), so the right password
from an address without recent failures always works.
"""

from __future__ import annotations

from datetime import timedelta

#: Failures an address may make on one account before it has to wait.
FREE_FAILURES = 5
#: Failures of an (account, address) pair are counted over this window.
PAIR_WINDOW = timedelta(hours=1)
#: The longest an address waits after its latest failure on an account.
MAX_PAIR_WAIT = timedelta(minutes=15)
#: Failures of an account (from every address) are counted over this window.
ACCOUNT_WINDOW = timedelta(minutes=15)
#: Account failures after which wrong answers are slowed, and the owner is told.
ACCOUNT_SLOW_AFTER = 10
#: At most one alert per account in this time.
ALERT_EVERY = timedelta(hours=1)


def pair_wait(failures: int) -> timedelta:
    """How long an address waits after its latest failure on an account, given its failures
    there in `PAIR_WINDOW`: nothing up to four, then 1, 2, 4, 8 and 15 minutes."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(minutes=2 ** (failures - FREE_FAILURES)), MAX_PAIR_WAIT)


def failure_delay(account_failures: int, cap_seconds: float) -> float:
    """Seconds added before a wrong-password answer on an account with this many failures in
    `ACCOUNT_WINDOW` (from any address): growing from 0.1 s, at most `cap_seconds`. A right
    password is never delayed."""
    if account_failures <= ACCOUNT_SLOW_AFTER:
        return 0.0
    return min(0.1 * 2 ** ((account_failures - ACCOUNT_SLOW_AFTER - 1) / 5), cap_seconds)


def should_alert(account_failures: int, alerted_lately: bool) -> bool:
    """Tell the owner once the account's failures pass `ACCOUNT_SLOW_AFTER`, once an hour."""
    return account_failures > ACCOUNT_SLOW_AFTER and not alerted_lately


def alert_text(email: str, addresses: int) -> str:
    plural = "address" if addresses == 1 else "addresses"
    return f"Many failed sign-ins for {email} from {addresses} {plural}"
