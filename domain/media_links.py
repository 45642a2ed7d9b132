"""The public, expiring address Twilio fetches an outbound photo from (SPEC M3).

A token names one media id and the moment it stops working, signed with an HMAC of the
server's secret: nobody can make one for another file or a later time, and checking it needs
no lookup. `PUBLIC_BASE_URL/media/t/<token>` serves exactly that file, without a session,
until it expires; a forged, altered or expired token is answered like a file that does not
exist.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime

_PURPOSE = b"snout media url v1:"


def _mac(secret: str, payload: str) -> str:
    key = hashlib.sha256(_PURPOSE + secret.encode()).digest()
    digest = hmac.new(key, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def media_token(media_id: int, expires_at: datetime, secret: str) -> str:
    """`<id>.<expiry, Unix seconds>.<signature>`."""
    payload = f"{media_id}.{int(expires_at.timestamp())}"
    return f"{payload}.{_mac(secret, payload)}"


def media_of_token(token: str, secret: str, now: datetime) -> int | None:
    """The media id the token names, or None when it is forged, altered or expired."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    payload = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_mac(secret, payload), parts[2]):
        return None
    if int(parts[1]) <= now.timestamp():
        return None
    return int(parts[0])


def media_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/media/t/{token}"
