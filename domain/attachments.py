"""Attachments of inbound MMS (SPEC M1-M2): the pure rules around them.

Which attachments a webhook carries, which URLs may receive Twilio credentials, the owner's
wording of a failed download, and when a message with attachments may reach a sitter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from domain.model import MediaStatus, RouteCode, RouteTarget

#: Twilio sends at most 10 media per message; anything beyond is ignored.
MAX_ATTACHMENTS = 10
MAX_URL_LENGTH = 2000
MAX_TYPE_LENGTH = 100


@dataclass(frozen=True, slots=True)
class Attachment:
    """One `MediaUrl{N}` with its `MediaContentType{N}`, at `position` N."""

    position: int
    url: str
    declared_type: str


def attachments(params: Mapping[str, str]) -> tuple[Attachment, ...]:
    """The webhook's attachments; odd values (a bad `NumMedia`, a missing or overlong URL)
    are skipped, never an error."""
    try:
        count = int(params.get("NumMedia", "0").strip() or "0")
    except ValueError:
        return ()
    found = []
    for n in range(max(0, min(count, MAX_ATTACHMENTS))):
        url = params.get(f"MediaUrl{n}", "").strip()
        if not url or len(url) > MAX_URL_LENGTH or urlsplit(url).scheme not in ("http", "https"):
            continue
        declared = params.get(f"MediaContentType{n}", "").strip()[:MAX_TYPE_LENGTH]
        found.append(Attachment(n, url, declared))
    return tuple(found)


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port, the port made explicit (443 for https, 80 for http)."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return ("", "", None)
    default = {"https": 443, "http": 80}.get(parts.scheme)
    return (parts.scheme.lower(), (parts.hostname or "").lower(), port or default)


def same_origin(url: str, base_url: str) -> bool:
    """Whether `url` is on the configured Twilio API host: the only one credentials go to."""
    mine = origin(url)
    return bool(mine[1]) and mine == origin(base_url)


def released(statuses: Iterable[MediaStatus | str]) -> bool:
    """A message with attachments reaches a sitter once none is still being checked or was
    blocked. A failed download carries nothing to show, so it does not hold the text back."""
    return all(MediaStatus(s) in (MediaStatus.CLEAN, MediaStatus.FAILED) for s in statuses)


def block_applies(target: RouteTarget | str, code: RouteCode | str) -> bool:
    """A blocked photo blocks its message (A3-A5) when the message was bound for a sitter, or
    waits for the owner to route it to one; a photo sent only to the owner stays flagged."""
    return RouteTarget(target) is RouteTarget.SITTER or (
        RouteCode(code) is RouteCode.OVERLAPPING_WINDOWS
    )


#: Why a download failed, worded for the owner.
NOT_FOUND = "The photo could not be downloaded from Twilio (not found)."
TOO_LARGE = "The photo could not be downloaded from Twilio (larger than {limit})."
OTHER_HOST = "The photo was not downloaded: its address is not on Twilio's API host."
REFUSED = "The photo could not be downloaded from Twilio (answer {status})."
GAVE_UP = "The photo could not be downloaded from Twilio (no answer after {attempts} tries)."
EMPTY = "The photo could not be downloaded from Twilio (the file was empty)."


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"
