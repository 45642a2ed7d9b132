"""Buying a phone number through Twilio's API (SPEC N2, O7): search the local numbers of an
area code that take SMS (`AvailablePhoneNumbers`), then buy one with its webhooks pointing at
this service (`IncomingPhoneNumbers`, `SmsUrl` and `StatusCallback` under `PUBLIC_BASE_URL`).

Every purchase carries a friendly name (`domain.number_lifecycle.purchase_name`), so a retry
whose earlier answer was lost first looks the name up instead of buying again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import requests
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client as TwilioClient

from sms.providers import REQUEST_TIMEOUT, BaseUrlHttpClient, never_sent

SMS_WEBHOOK = "/webhooks/twilio/sms"
STATUS_WEBHOOK = "/webhooks/twilio/status"


class PurchaseFailed(Exception):
    """No number was bought. `may_pass`: trying again later may help (5xx, 429, no answer);
    `outcome_unknown`: the purchase request went out and its answer was lost."""

    def __init__(self, message: str, *, may_pass: bool, outcome_unknown: bool = False) -> None:
        super().__init__(message)
        self.may_pass = may_pass
        self.outcome_unknown = outcome_unknown


@dataclass(frozen=True, slots=True)
class Webhooks:
    sms_url: str
    status_callback: str

    @classmethod
    def under(cls, public_base_url: str) -> Webhooks:
        base = public_base_url.rstrip("/")
        return cls(base + SMS_WEBHOOK, base + STATUS_WEBHOOK)


class TwilioNumberBuyer:
    def __init__(self, *, account_sid: str, auth_token: str, base_url: str) -> None:
        self.client = TwilioClient(
            account_sid, auth_token, http_client=BaseUrlHttpClient(base_url, REQUEST_TIMEOUT)
        )

    async def bought(self, name: str) -> str | None:
        """The number already bought under this friendly name, if any."""
        return await asyncio.to_thread(self._guarded, self._bought, name)

    async def buy(self, *, area_code: str, name: str, webhooks: Webhooks) -> str:
        """Buy the first local SMS number of ``area_code``; its E.164."""
        return await asyncio.to_thread(self._guarded, self._buy, area_code, name, webhooks)

    def _bought(self, name: str) -> str | None:
        found = self.client.incoming_phone_numbers.list(friendly_name=name, limit=1)
        return found[0].phone_number if found else None

    def _buy(self, area_code: str, name: str, webhooks: Webhooks) -> str:
        offered = self.client.available_phone_numbers("US").local.list(
            area_code=int(area_code), sms_enabled=True, limit=5
        )
        if not offered:
            raise PurchaseFailed(
                f"Twilio has no SMS number in area code {area_code} right now.", may_pass=False
            )
        number = self.client.incoming_phone_numbers.create(
            phone_number=offered[0].phone_number,
            friendly_name=name,
            sms_url=webhooks.sms_url,
            status_callback=webhooks.status_callback,
        )
        return number.phone_number

    @staticmethod
    def _guarded(function, *args):
        try:
            return function(*args)
        except TwilioRestException as error:
            may_pass = error.status >= 500 or error.status == 429
            raise PurchaseFailed(
                f"Twilio answered {error.status} (code {error.code})", may_pass=may_pass
            ) from None
        except requests.exceptions.ConnectionError as error:
            if never_sent(error):
                raise PurchaseFailed("Could not reach Twilio", may_pass=True) from None
            raise PurchaseFailed(
                "The connection to Twilio broke", may_pass=True, outcome_unknown=True
            ) from None
        except requests.exceptions.Timeout:
            raise PurchaseFailed(
                "Twilio did not answer in time", may_pass=True, outcome_unknown=True
            ) from None


def make_number_buyer(settings) -> TwilioNumberBuyer | None:
    """The buyer when `TWILIO_PROVISIONING` is on (and Twilio is the provider), else None."""
    if not settings.twilio_provisioning or settings.sms_provider == "simulator":
        return None
    return TwilioNumberBuyer(
        account_sid=settings.twilio_account_sid,
        auth_token=settings.twilio_auth_token,
        base_url=settings.twilio_api_base_url,
    )
