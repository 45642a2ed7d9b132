"""S5: delivery status only moves forward; failed sends back off (domain.delivery)."""

from datetime import timedelta

import pytest

from domain.delivery import backoff, moves_forward, our_status


@pytest.mark.parametrize(
    ("current", "new"),
    [("queued", "sending"), ("sending", "sent"), ("sent", "delivered"), ("unknown", "failed")],
)
def test_moves_forward_along_the_delivery_order(current, new):
    assert moves_forward(current, new)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        ("delivered", "sent"),
        ("sent", "sent"),
        ("delivered", "failed"),
        ("undelivered", "delivered"),
        ("sent", "queued"),
        ("sent", "nonsense"),
        ("blocked", "sent"),
    ],
)
def test_moves_forward_never_backwards_sideways_or_unknown(current, new):
    assert not moves_forward(current, new)


def test_our_status_counts_read_as_delivered():
    assert our_status("read") == "delivered"
    assert our_status("sent") == "sent"


def test_backoff_doubles_from_two_seconds_up_to_five_minutes():
    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(seconds=s) for s in (2, 4, 8)]
    assert backoff(8) == timedelta(seconds=256)
    assert backoff(9) == backoff(40) == timedelta(minutes=5)


def test_N4_N5_a_queued_message_cannot_leave_from_a_number_no_longer_in_service():
    from datetime import UTC, datetime, timedelta

    from domain.delivery import unusable_reason
    from domain.model import BusinessNumber, NumberClass, NumberStatus

    now = datetime(2026, 11, 21, 12, tzinfo=UTC)
    sams = BusinessNumber(2, "+14155550200", NumberClass.SITTER, assigned_sitter_id=7)
    assert unusable_reason(sams, sitter_offboarded=False, now=now) is None
    assert "offboarded" in unusable_reason(sams, sitter_offboarded=True, now=now)
    cooled = BusinessNumber(
        2,
        "+14155550200",
        NumberClass.SITTER,
        NumberStatus.COOLDOWN,
        cooldown_until=now + timedelta(days=90),
    )
    assert unusable_reason(cooled, sitter_offboarded=False, now=now) == "its number is cooldown"
    assert unusable_reason(None, sitter_offboarded=False, now=now) == "its number is gone"
