"""Where outbound SMS go: a small interface, Twilio through its SDK, and the demo's simulator.

A provider either returns the provider's message sid, or raises `SendFailed` saying whether
trying again later may help (`transient`) and whether the message may have gone out anyway
(`outcome_unknown`: the request was sent but no answer came, so it must not be blindly resent).
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import requests
import urllib3
from requests.adapters import HTTPAdapter
from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client as TwilioClient

from domain.model import MessageStatus

TWILIO_API = "https://api.twilio.com"
#: Twilio error codes that no retry can fix (21610: the recipient replied STOP).
PERMANENT_CODES = {21211, 21610, 21614}
OPTED_OUT_CODE = 21610
RATE_LIMITED_CODE = 20429
#: Seconds to wait for Twilio's answer; past it the outcome of a send is unknown.
REQUEST_TIMEOUT = 10.0
#: Requests to Twilio at once: as many as the worker sends in one round (`sms.worker.BATCH`).
CONCURRENT_REQUESTS = 20


class SendFailed(Exception):
    def __init__(
        self,
        message: str,
        *,
        code: int | None = None,
        transient: bool = False,
        outcome_unknown: bool = False,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.transient = transient
        self.outcome_unknown = outcome_unknown


@dataclass(frozen=True, slots=True)
class Sent:
    sid: str
    status: str  # the provider's first status, e.g. "queued" or "sent"


class Provider(Protocol):
    async def send(
        self,
        *,
        to: str,
        from_: str,
        body: str,
        status_callback: str,
        media_urls: Sequence[str] = (),
    ) -> Sent:
        """`media_urls`: the photos Twilio fetches and sends with the text (MMS, SPEC M3)."""
        ...

    async def find_sent(self, *, to: str, from_: str, body: str) -> list[str]:
        """The sids of the messages with these fields the provider already has, newest first."""
        ...


class SimulatorProvider:
    """The demo's provider: nothing leaves the machine; the stored row is the whole message."""

    async def send(
        self,
        *,
        to: str,
        from_: str,
        body: str,
        status_callback: str,
        media_urls: Sequence[str] = (),
    ) -> Sent:
        return Sent(sid="SM" + secrets.token_hex(16), status=MessageStatus.DELIVERED)

    async def find_sent(self, *, to: str, from_: str, body: str) -> list[str]:
        return []


class BaseUrlHttpClient(TwilioHttpClient):
    """The SDK's HTTP client, pointed at `TWILIO_API_BASE_URL` (a local fake in tests)."""

    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.base_url = base_url.rstrip("/")
        for scheme in ("https://", "http://"):  # a kept connection for each request at once
            self.session.mount(scheme, HTTPAdapter(pool_maxsize=CONCURRENT_REQUESTS))

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        return super().request(method, url, *args, **kwargs)


class TwilioProvider:
    def __init__(
        self, *, account_sid: str, auth_token: str, base_url: str, timeout: float = REQUEST_TIMEOUT
    ):
        self.client = TwilioClient(
            account_sid, auth_token, http_client=BaseUrlHttpClient(base_url, timeout)
        )
        # The SDK blocks: each request waits in a thread of its own, so a slow Twilio delays a
        # batch by one timeout, not by one timeout per few messages (the default pool).
        self.threads = ThreadPoolExecutor(CONCURRENT_REQUESTS, thread_name_prefix="twilio")

    async def _in_thread(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.threads, function, *args)

    async def send(
        self,
        *,
        to: str,
        from_: str,
        body: str,
        status_callback: str,
        media_urls: Sequence[str] = (),
    ) -> Sent:
        fields = {"to": to, "from_": from_, "body": body, "status_callback": status_callback}
        if media_urls:
            fields["media_url"] = list(media_urls)
        return await self._in_thread(self._send, fields)

    def _send(self, fields: dict) -> Sent:
        try:
            message = self.client.messages.create(**fields)
        except TwilioRestException as error:
            code = error.code
            transient = error.status >= 500 or error.status == 429 or code == RATE_LIMITED_CODE
            raise SendFailed(
                f"Twilio answered {error.status} (code {code})",
                code=code,
                transient=transient and code not in PERMANENT_CODES,
            ) from None
        except requests.exceptions.ConnectionError as error:
            if never_sent(error):
                raise SendFailed("Could not reach Twilio", transient=True) from None
            # The connection broke after the request went out: Twilio may have the message.
            raise SendFailed("The connection to Twilio broke", outcome_unknown=True) from None
        except requests.exceptions.Timeout:
            # Sent, but no answer: it may have gone out. Reconcile, never blindly resend.
            raise SendFailed("Twilio did not answer in time", outcome_unknown=True) from None
        return Sent(sid=message.sid, status=message.status or MessageStatus.QUEUED)

    async def find_sent(self, *, to: str, from_: str, body: str) -> list[str]:
        def lookup() -> list[str]:
            messages = self.client.messages.list(to=to, from_=from_, limit=50)
            return [message.sid for message in messages if message.body == body]

        try:
            return await self._in_thread(lookup)
        except (TwilioRestException, requests.exceptions.RequestException) as error:
            raise SendFailed("Twilio lookup failed", transient=True) from error


def never_sent(error: requests.exceptions.ConnectionError) -> bool:
    """Whether the request surely never reached Twilio: the connection was refused, its name
    did not resolve, or it was not made in time. A connection that broke later (reset, closed
    without an answer) may have carried the whole request."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, urllib3.exceptions.NewConnectionError)


def make_provider(settings) -> Provider:
    if settings.sms_provider == "simulator":
        return SimulatorProvider()
    return TwilioProvider(
        account_sid=settings.twilio_account_sid,
        auth_token=settings.twilio_auth_token,
        base_url=settings.twilio_api_base_url,
    )
