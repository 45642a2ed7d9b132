"""R4: STOP/START/HELP keywords (domain.consent)."""

import pytest

from domain.consent import Consent, asks_for_help, consent_change


@pytest.mark.parametrize("body", ["STOP", "stop", " Stop. ", "unsubscribe", "QUIT!", "optout"])
def test_consent_change_stop_keywords_alone_opt_out(body):
    assert consent_change(body) is Consent.STOP


@pytest.mark.parametrize("body", ["START", "unstop", "Yes", "OPTIN."])
def test_consent_change_start_keywords_alone_opt_in(body):
    assert consent_change(body) is Consent.START


@pytest.mark.parametrize("body", ["HELP", "please stop by at 5", "yes please", ""])
def test_consent_change_other_texts_change_nothing(body):
    assert consent_change(body) is None


def test_consent_change_twilio_opt_out_type_wins():
    assert consent_change("anything", "STOP") is Consent.STOP
    assert consent_change("anything", "start") is Consent.START
    assert consent_change("STOP", "HELP") is Consent.STOP


def test_R4_help_and_info_ask_for_help():
    assert asks_for_help("help") and asks_for_help(" Info? ") and asks_for_help("", "HELP")
    assert not asks_for_help("can you help with Rex?") and not asks_for_help("STOP")
