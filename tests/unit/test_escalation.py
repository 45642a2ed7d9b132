"""A4: a sitter's blocked messages escalate over 30 days: flag, high alert, lock."""

from datetime import UTC, datetime, timedelta

from domain.policy import Escalation, escalation

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def days_ago(*days: float) -> list[datetime]:
    return [NOW - timedelta(days=d) for d in days]


def test_A4_first_offense_is_a_flag():
    assert escalation(days_ago(0), NOW) is Escalation.FLAG


def test_A4_second_offense_is_a_high_severity_alert():
    assert escalation(days_ago(3, 0), NOW) is Escalation.HIGH_ALERT


def test_A4_third_offense_locks_and_so_does_every_later_one():
    assert escalation(days_ago(20, 3, 0), NOW) is Escalation.LOCK
    assert escalation(days_ago(20, 10, 3, 0), NOW) is Escalation.LOCK


def test_A4_an_offense_exactly_30_days_old_no_longer_counts():
    assert escalation(days_ago(30, 1, 0), NOW) is Escalation.HIGH_ALERT
    assert escalation([NOW - timedelta(days=30) + timedelta(seconds=1), *days_ago(1, 0)], NOW) is (
        Escalation.LOCK
    )


def test_A4_unlock_resets_the_count():
    cleared = NOW - timedelta(days=1)
    assert escalation(days_ago(5, 3, 2, 0), NOW, cleared_at=cleared) is Escalation.FLAG
    assert escalation(days_ago(5, 0.5, 0), NOW, cleared_at=cleared) is Escalation.HIGH_ALERT


def test_A4_an_unlock_older_than_30_days_changes_nothing():
    assert escalation(days_ago(2, 1, 0), NOW, cleared_at=NOW - timedelta(days=40)) is (
        Escalation.LOCK
    )
