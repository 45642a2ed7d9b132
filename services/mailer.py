"""Email to owners over SMTP (SPEC O3), with the standard library in a thread.

`SMTP_URL` says where: `smtp://user:pass@host:port` (plain, port 25 by default),
`smtp+starttls://…` (upgraded with STARTTLS, port 587) or `smtps://…` (TLS from the start,
port 465). A send that fails is logged and reported as False, never raised: email must not
hold up the worker's round.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)

SMTP_SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class Mailer:
    url: str
    sender: str
    timeout: float = TIMEOUT_SECONDS

    async def send(self, *, to: str, subject: str, text: str) -> bool:
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(text)
        try:
            await asyncio.wait_for(asyncio.to_thread(self._send, message), timeout=self.timeout + 1)
        except Exception as error:  # an unreachable server must not fail the worker's round
            log.warning("email %r was not sent: %s", subject, error.__class__.__name__)
            return False
        return True

    def _send(self, message: EmailMessage) -> None:
        parts = urlsplit(self.url)
        host, port = parts.hostname or "localhost", parts.port or SMTP_SCHEMES[parts.scheme]
        smtp_class = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
        with smtp_class(host, port, timeout=self.timeout) as smtp:
            if parts.scheme == "smtp+starttls":
                smtp.starttls(context=ssl.create_default_context())
            if parts.username:
                smtp.login(unquote(parts.username), unquote(parts.password or ""))
            smtp.send_message(message)


def check_smtp_url(url: str) -> str | None:
    """Why `url` is not a usable SMTP_URL, or None."""
    parts = urlsplit(url)
    if parts.scheme not in SMTP_SCHEMES or not parts.hostname:
        return "SMTP_URL must look like smtp://user:pass@host:port (or smtp+starttls://, smtps://)"
    try:
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return "SMTP_URL has a port that is not a number"
    return None
