"""The sign-in throttle's rules (domain.signin): waits grow per address, never a hard lock."""

from datetime import timedelta

from domain import signin


def test_an_address_waits_longer_after_each_failure_up_to_fifteen_minutes():
    waits = [signin.pair_wait(n) for n in range(12)]
    assert waits[:5] == [timedelta(0)] * 5
    assert waits[5:10] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 15)]
    assert max(waits) == signin.MAX_PAIR_WAIT


def test_account_failures_only_slow_wrong_answers_and_the_delay_grows_to_its_cap():
    assert signin.failure_delay(signin.ACCOUNT_SLOW_AFTER, 2.0) == 0
    delays = [signin.failure_delay(n, 2.0) for n in range(11, 80)]
    assert delays == sorted(delays) and delays[0] > 0 and delays[-1] == 2.0


def test_the_owner_is_alerted_past_the_threshold_unless_alerted_lately():
    assert not signin.should_alert(signin.ACCOUNT_SLOW_AFTER, False)
    assert signin.should_alert(signin.ACCOUNT_SLOW_AFTER + 1, False)
    assert not signin.should_alert(50, True)
