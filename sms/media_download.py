"""Downloading an inbound MMS's media from Twilio (SPEC M1), and deleting Twilio's copy.

Credentials (HTTP Basic: account SID and auth token) go only to a URL whose scheme, host and
port are those of `TWILIO_API_BASE_URL`; any other URL is refused before a connection is made.
Twilio answers a media URL with a redirect to its media storage: redirects are followed by
hand and never carry the credentials. The body is streamed and reading stops past the size
limit; the whole download has one deadline. A failure says whether trying later may help.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from domain import attachments as rules

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5


class DownloadFailed(Exception):
    """`reason` is worded for the owner; `transient`: worth trying again later."""

    def __init__(self, reason: str, *, transient: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


@dataclass(frozen=True, slots=True)
class MediaClient:
    account_sid: str
    auth_token: str
    api_base_url: str
    max_bytes: int = 5_000_000
    timeout: float = 10.0

    @classmethod
    def from_settings(cls, settings) -> MediaClient:
        return cls(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token,
            # The demo's phones (simulator) send their pictures from this server's /static/demo.
            api_base_url=settings.public_base_url
            if settings.sms_provider == "simulator"
            else settings.twilio_api_base_url,
            max_bytes=settings.media_max_bytes,
            timeout=settings.media_timeout_seconds,
        )

    def _check_host(self, url: str) -> None:
        if not rules.same_origin(url, self.api_base_url):
            raise DownloadFailed(rules.OTHER_HOST, transient=False)

    async def download(self, url: str) -> bytes:
        """The file's bytes; `DownloadFailed` otherwise."""
        self._check_host(url)
        try:
            async with asyncio.timeout(self.timeout), self._client() as client:
                return await self._follow(client, url)
        except (TimeoutError, httpx.TimeoutException):
            raise DownloadFailed("Twilio did not answer in time.", transient=True) from None
        except httpx.HTTPError as error:
            reason = f"Connection failed ({type(error).__name__})."
            raise DownloadFailed(reason, transient=True) from None

    async def delete(self, url: str) -> bool:
        """Delete Twilio's copy (its media resource); False when that did not work."""
        self._check_host(url)
        try:
            async with asyncio.timeout(self.timeout), self._client() as client:
                answer = await client.delete(url, auth=self._auth())
        except (TimeoutError, httpx.HTTPError):
            return False
        return answer.status_code in (200, 204, 404)

    def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(follow_redirects=False, timeout=self.timeout)

    def _auth(self) -> httpx.BasicAuth:
        return httpx.BasicAuth(self.account_sid, self.auth_token)

    async def _follow(self, client: httpx.AsyncClient, url: str) -> bytes:
        auth: httpx.BasicAuth | None = self._auth()  # the first request only
        for _ in range(MAX_REDIRECTS + 1):
            request = client.build_request("GET", url)
            response = await client.send(request, auth=auth, stream=True)
            try:
                if response.is_redirect and "location" in response.headers:
                    url, auth = urljoin(url, response.headers["location"]), None
                    if urlsplit(url).scheme not in ("http", "https"):
                        break
                    continue
                _check_status(response.status_code)
                return await self._read(response)
            finally:
                await response.aclose()
        raise DownloadFailed(rules.REFUSED.format(status="a bad redirect"), transient=False)

    async def _read(self, response: httpx.Response) -> bytes:
        too_large = DownloadFailed(
            rules.TOO_LARGE.format(limit=rules.megabytes(self.max_bytes)), transient=False
        )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise too_large
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise too_large
            chunks.append(chunk)
        if size == 0:
            raise DownloadFailed(rules.EMPTY, transient=False)
        return b"".join(chunks)


def _check_status(status: int) -> None:
    if status in (404, 410):
        raise DownloadFailed(rules.NOT_FOUND, transient=False)
    if status == 429 or status >= 500:
        raise DownloadFailed(f"Twilio answered {status}.", transient=True)
    if not 200 <= status < 300:
        raise DownloadFailed(rules.REFUSED.format(status=status), transient=False)
