"""Screening of files sent by MMS (SPEC 11, M2): the rule, pure and free of I/O.

``media_verdict(content_type, text)`` takes the file's real content type (sniffed from its
bytes, never the declared one) and the text read from it (OCR lines and decoded QR codes and
barcodes for an image, the extracted text of a PDF, the file's own text otherwise). It answers
with the same ``Verdict`` as ``domain.antipoaching.scan``:

M2.1 contact cards (vCard, by type or by content) are blocked: they carry a way to reach
     someone by design;
M2.2 any type other than a raster image or a PDF is blocked by type (SVG included: it is a
     document that can hold links and scripts, not a photo);
M2.3 the text read from an image or a PDF goes through the same ``scan`` as a message body;
M2.4 a file that cannot be read safely is blocked (``unreadable``): we never pass what we could
     not look at.
"""

from __future__ import annotations

import re

from domain.antipoaching import ALLOWED, Verdict, scan
from domain.antipoaching.allowlist import NOTHING_ALLOWED, AllowList

CONTACT_CARD_TYPES = frozenset({"text/vcard", "text/x-vcard", "text/directory"})
IMAGE_TYPES = frozenset({
    "image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp", "image/tiff",
    "image/avif", "image/heic", "image/heif",
})  # fmt: skip
PDF_TYPE = "application/pdf"

_VCARD = re.compile(r"^\s*BEGIN\s*:\s*VCARD\b", re.IGNORECASE | re.MULTILINE)


def _block(category: str, reason: str) -> Verdict:
    return Verdict(blocked=True, category=category, reason=reason)


def plain_type(content_type: str | None) -> str:
    """``"Image/JPEG; name=x"`` -> ``"image/jpeg"``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_contact_card(content_type: str | None, text: str) -> bool:
    return plain_type(content_type) in CONTACT_CARD_TYPES or bool(_VCARD.search(text))


def media_verdict(
    content_type: str | None, text: str, allowed: AllowList = NOTHING_ALLOWED
) -> Verdict:
    """Block a file that is not a photo or PDF, or whose text tries to go off the platform
    (the org's allow list lets its own exact contact details through, as in a text: O4)."""
    kind = plain_type(content_type)
    if is_contact_card(kind, text):
        return _block("contact_card", "Contact card (vCard)")
    if kind not in IMAGE_TYPES and kind != PDF_TYPE:
        shown = kind or "unknown"
        return _block("file_type", f"File type not allowed ({shown}): only photos and PDFs")
    if not text.strip():
        return ALLOWED
    verdict = scan(text, allowed)
    if verdict.blocked:
        where = "PDF" if kind == PDF_TYPE else "photo"
        return _block(verdict.category or "", f"{verdict.reason} in a {where}")
    return ALLOWED


UNREADABLE = "unreadable"


def unreadable(reason: str) -> Verdict:
    """A file refused before it could be read (damaged, too large, a decompression bomb)."""
    return _block(UNREADABLE, reason)
