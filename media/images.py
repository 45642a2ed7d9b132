"""Checking and normalising photos (SPEC 11, M1 and M3).

The type of a file is what its bytes say, never what the sender declared. Anything that is not
a plain, complete, reasonably sized raster image is refused with a ``MediaError`` whose message
can be shown to a person as it is.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

from media.limits import (
    JPEG_QUALITIES,
    MAX_FILES,
    MAX_PIXELS,
    MAX_SIDE,
    MAX_TOTAL_BYTES,
    MAX_UPLOAD_BYTES,
    MB,
    MIN_SIDE,
    TARGET_BYTES,
)

# Pillow warns above MAX_IMAGE_PIXELS and raises above twice that: both become a refusal.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
warnings.filterwarnings("error", category=Image.DecompressionBombWarning)

IMAGE_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "BMP": "image/bmp",
    "TIFF": "image/tiff",
    "AVIF": "image/avif",
}

_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
)
_HEIF_BRANDS = {b"heic": "image/heic", b"heix": "image/heic", b"mif1": "image/heif",
                b"msf1": "image/heif", b"avif": "image/avif"}  # fmt: skip


class MediaError(ValueError):
    """A file we refuse; ``message`` says why, in words for the owner or the sender, and
    ``status`` is the HTTP status an upload of it answers (413 too large, 415 not a photo)."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def sniff(data: bytes) -> str:
    """The content type the bytes themselves show (magic numbers, then a look at the text)."""
    head = data[:1024]
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return _HEIF_BRANDS[head[8:12]]
    return _sniff_text(head)


def _sniff_text(head: bytes) -> str:
    try:
        text = head.decode("utf-8-sig", errors="strict" if len(head) < 1024 else "ignore")
    except UnicodeDecodeError:
        return "application/octet-stream"
    if "\x00" in text:
        return "application/octet-stream"
    start = text.lstrip().lower()
    if start.startswith("begin:vcard"):
        return "text/vcard"
    if start.startswith("<") and "<svg" in start:
        return "image/svg+xml"
    if start.startswith(("<!doctype html", "<html")):
        return "text/html"
    return "text/plain"


def check_size(data: bytes, limit: int = MAX_UPLOAD_BYTES) -> None:
    if len(data) > limit:
        raise MediaError(f"The file is too large ({len(data) / MB:.1f} MB; the limit is "
                         f"{limit / MB:.0f} MB).", 413)  # fmt: skip


def open_image(data: bytes, limit: int = MAX_UPLOAD_BYTES) -> Image.Image:
    """The decoded image (first frame), or ``MediaError`` for anything we will not decode."""
    check_size(data, limit)
    content_type = sniff(data)
    if content_type == "image/svg+xml":
        raise MediaError("SVG drawings are not accepted; send a photo (JPEG or PNG).", 415)
    if content_type in ("image/heic", "image/heif"):
        raise MediaError("HEIC photos cannot be read here; send it as JPEG or PNG.", 415)
    if not content_type.startswith("image/"):
        raise MediaError("This file is not a photo.", 415)
    try:
        image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise MediaError(
            f"The photo is too large to open safely (over {MAX_PIXELS // 1_000_000} megapixels)."
        ) from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise MediaError("The photo is damaged or incomplete and cannot be opened.") from error
    return image


def _has_transparency(image: Image.Image) -> bool:
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        low, _high = image.getchannel("A").getextrema()
        return low < 255
    return False


def _save(image: Image.Image, transparent: bool, quality: int, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    if transparent:  # quality is ignored: PNG keeps every pixel, then a 256-colour palette
        target = image if quality == JPEG_QUALITIES[0] else image.quantize(256)
        target.save(out, "PNG", optimize=True)
    else:
        extra = {"icc_profile": icc} if icc else {}
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True, **extra)
    return out.getvalue()


def _encode(image: Image.Image, target_bytes: int) -> tuple[bytes, str]:
    """JPEG at falling quality, then smaller, until it fits (PNG when transparent)."""
    icc = image.info.get("icc_profile")
    transparent = _has_transparency(image)
    image = image.convert("RGBA" if transparent else "RGB")
    qualities = JPEG_QUALITIES[:2] if transparent else JPEG_QUALITIES
    while True:
        for quality in qualities:
            encoded = _save(image, transparent, quality, icc)
            if len(encoded) <= target_bytes or max(image.size) <= MIN_SIDE:
                return encoded, "image/png" if transparent else "image/jpeg"
        image = image.resize(
            (image.width * 3 // 4, image.height * 3 // 4), Image.Resampling.LANCZOS
        )


def normalise(
    data: bytes, target_bytes: int = TARGET_BYTES, limit: int = MAX_UPLOAD_BYTES
) -> tuple[bytes, str, int, int]:
    """A photo ready to send: upright, no EXIF/GPS/XMP, longest side <= MAX_SIDE, re-encoded.

    Returns ``(bytes, content_type, width, height)``.
    """
    image = open_image(data, limit)
    icc = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "RGBA", "L", "LA"):
        upright = upright.convert("RGBA" if _has_transparency(upright) else "RGB")
    upright.info = {"icc_profile": icc} if icc else {}  # drop EXIF, GPS, XMP, comments
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    encoded, content_type = _encode(upright, target_bytes)
    with Image.open(io.BytesIO(encoded)) as result:
        return encoded, content_type, result.width, result.height


def normalise_all(files: list[bytes]) -> list[tuple[bytes, str, int, int]]:
    """The photos of one outbound message, within the carrier limits (count and total size)."""
    if len(files) > MAX_FILES:
        raise MediaError(f"At most {MAX_FILES} photos can go in one message.", 413)
    target = min(TARGET_BYTES, MAX_TOTAL_BYTES // max(len(files), 1))
    photos = [normalise(data, target) for data in files]
    if sum(len(photo[0]) for photo in photos) > MAX_TOTAL_BYTES:
        raise MediaError(f"The photos come to more than {MAX_TOTAL_BYTES // MB} MB together.", 413)
    return photos
