"""Screening one file sent by MMS: sniff its type, read its text, decide (SPEC 11, M2).

``screen(data, declared_type)`` is what the worker and ``python app.py screen`` call. The
declared type can only make a verdict stricter (a file declared as a contact card is blocked);
it never decides how the bytes are read.
"""

from __future__ import annotations

import io
import logging

from domain.antipoaching import Verdict
from domain.antipoaching.allowlist import NOTHING_ALLOWED, AllowList
from domain.media import is_contact_card, media_verdict, unreadable
from media.images import IMAGE_FORMATS, MediaError, check_size, open_image, sniff
from media.limits import MAX_DOWNLOAD_BYTES, MAX_PDF_PAGES
from media.reading import read_text

TEXT_BYTES = 64 * 1024  # of a non-image file, the part whose text is looked at

log = logging.getLogger(__name__)


def pdf_text(data: bytes) -> str:
    """The text of a PDF's first pages; a PDF we cannot parse is refused."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise MediaError("The PDF is password-protected and cannot be read.")
        pages = reader.pages[:MAX_PDF_PAGES]
        return "\n".join(page.extract_text() or "" for page in pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise MediaError("The PDF is damaged and cannot be read.") from error


def file_text(data: bytes, content_type: str) -> str:
    """The text to screen: what a photo shows, what a PDF says, or a text file's own text."""
    if content_type in set(IMAGE_FORMATS.values()):
        return "\n".join(read_text(open_image(data, limit=len(data))))
    if content_type == "application/pdf":
        return pdf_text(data)
    if content_type.startswith("text/") or content_type == "image/svg+xml":
        return data[:TEXT_BYTES].decode("utf-8", errors="replace")
    return ""


def screen(
    data: bytes, declared_type: str | None = None, limit: int = MAX_DOWNLOAD_BYTES
) -> Verdict:
    """Block or allow one file, by what its bytes are and what it says."""
    return screen_and_read(data, declared_type, limit)[0]


def screen_and_read(
    data: bytes,
    declared_type: str | None = None,
    limit: int = MAX_DOWNLOAD_BYTES,
    allowed: AllowList = NOTHING_ALLOWED,
) -> tuple[Verdict, str]:
    """`screen`, with the text read from the file (what the owner is shown beside a block)."""
    content_type = sniff(data)
    if is_contact_card(declared_type, ""):
        return media_verdict(declared_type, ""), ""
    try:
        check_size(data, limit)
        text = file_text(data, content_type)
    except MediaError as error:
        log.info("media refused: %s (%s)", error.message, content_type)
        return unreadable(error.message), ""
    return media_verdict(content_type, text, allowed), text
