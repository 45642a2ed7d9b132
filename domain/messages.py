"""What a message written by a person may be (owner and sitter sends alike)."""

from __future__ import annotations

from domain.errors import Invalid

MAX_BODY = 1600  # Twilio's limit for one message (it splits it into segments itself)
MAX_CLIENT_KEY = 64


def checked_body(body: str | None, *, photos: int = 0) -> str:
    """The body without surrounding spaces; `Invalid` when too long, or empty without photos
    (SPEC M3: a message may be photos alone)."""
    body = (body or "").strip()
    if not body and not photos:
        raise Invalid("Write a message first.", field="body")
    if len(body) > MAX_BODY:
        raise Invalid(f"Messages are limited to {MAX_BODY} characters.", field="body")
    return body


def check_client_key(client_key: str | None) -> None:
    """A sender's idempotency key, when given, has 1 to `MAX_CLIENT_KEY` characters."""
    if client_key is not None and not 0 < len(client_key) <= MAX_CLIENT_KEY:
        raise Invalid(f"An idempotency key has 1 to {MAX_CLIENT_KEY} characters.")
