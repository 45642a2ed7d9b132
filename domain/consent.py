"""R4: a client stops and restarts texts with the carriers' keywords, or asks for help.

One consent per client in the org (O1): a STOP to any business number stops every send from
every number, until START."""

from __future__ import annotations

from enum import StrEnum

#: Carrier keywords (Twilio also sends `OptOutType` for them).
STOP_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
START_WORDS = frozenset({"START", "UNSTOP", "YES", "OPTIN"})
HELP_WORDS = frozenset({"HELP", "INFO"})


class Consent(StrEnum):
    STOP = "stop"
    START = "start"


def consent_change(body: str, opt_out_type: str = "") -> Consent | None:
    """Stop, start or None, from Twilio's `OptOutType` or the keyword alone in the body."""
    kind = opt_out_type.strip().upper()
    word = body.strip().strip(".!").upper()
    if kind == "STOP" or word in STOP_WORDS:
        return Consent.STOP
    if kind == "START" or word in START_WORDS:
        return Consent.START
    return None


def asks_for_help(body: str, opt_out_type: str = "") -> bool:
    """HELP or INFO alone in the body, or Twilio's `OptOutType=HELP`: consent is unchanged."""
    return opt_out_type.strip().upper() == "HELP" or body.strip().strip(".!?").upper() in HELP_WORDS
