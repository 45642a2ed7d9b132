"""No phone number is ever printed in full in a log line (SPEC section 10)."""

import io
import logging

from logs import RedactingFilter


def _log_through_filter(emit) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("snout.test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_message_and_arguments_are_redacted():
    out = _log_through_filter(
        lambda log: log.warning("inbound from %s to %s", "+15551233456", "4155550123")
    )
    assert "+15551233456" not in out and "4155550123" not in out
    assert "+1555****3456" in out


def test_exception_text_is_redacted():
    def emit(log):
        try:
            raise ValueError("could not text +14155550123 nor (415) 555-0199 or 4155550100")
        except ValueError:
            log.exception("send failed for %s", "+14155550123")

    out = _log_through_filter(emit)
    assert "ValueError" in out
    for number in ("+14155550123", "555-0199", "4155550100", "4155550123"):
        assert number not in out


def test_dates_times_and_ids_survive():
    out = _log_through_filter(
        lambda log: log.info("message 1234 at 2026-11-21 09:45:56 took 87 ms")
    )
    assert out.strip() == "message 1234 at 2026-11-21 09:45:56 took 87 ms"
