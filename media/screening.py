"""Screening one attachment (SPEC M2) - INTERIM VERSION, to be replaced by the full one.

This minimal version exists so the inbound MMS path can be built and tested before the full
screening (OCR, QR codes, image checks in `media/images.py` and `media/reading.py`) is merged;
the merge takes the full module instead of this one. Its contract is what callers rely on:

- `screen(data, declared_type) -> Verdict` (`domain.antipoaching.Verdict`: `.blocked`,
  `.category`, `.reason`);
- `Refused` (with `.message`, worded for the owner) when the bytes cannot be accepted at all.

What it does: the real type comes from the bytes (Pillow), not from the declared type. A
contact card (vCard) and any file that is neither an image nor a PDF is blocked by type; an
image Pillow cannot decode (truncated, a decompression bomb) is refused. It reads no text in
images, so no image is blocked for what it shows.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, UnidentifiedImageError

from domain.antipoaching import Verdict

ALLOWED = Verdict(blocked=False, category=None, reason="")


class Refused(Exception):
    """The file cannot be accepted; `message` says why, for the owner."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def screen(data: bytes, declared_type: str) -> Verdict:
    """Clean, or blocked by type; `Refused` for an image that cannot be decoded safely."""
    head = data[:64].lstrip().lower()
    if head.startswith(b"begin:vcard") or "vcard" in declared_type.lower():
        return Verdict(True, "contact_card", "A contact card (vCard) was attached.")
    if data.startswith(b"%PDF-"):
        return ALLOWED
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except UnidentifiedImageError:
        kind = declared_type or "unknown"
        return Verdict(True, "file_type", f"A file that is not a photo was attached ({kind}).")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused("The photo is too large to open safely.") from None
    except (OSError, SyntaxError, ValueError):
        raise Refused("The photo is damaged and could not be opened.") from None
    return ALLOWED
