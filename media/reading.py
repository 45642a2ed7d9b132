"""The text in a photo: OCR lines plus every QR code and barcode (SPEC 11, M2).

One RapidOCR engine per process, created on first use (its models load in about half a
second) and shared by every thread; calls go one at a time through a lock, each on one
ONNX thread, so a busy worker never takes more than one core for OCR.
"""

from __future__ import annotations

import threading

import zxingcpp
from PIL import Image

OCR_MAX_SIDE = 1280  # OCR reads a copy no larger than this (see benchmarks/media.py)
OCR_MIN_SCORE = 0.5
OCR_THREADS = 1

# Retail barcodes carry a product number (GTIN) by definition: saying so keeps its digits from
# reading as a phone number. Every other code (QR, Code 128...) is passed on as it is.
_PRODUCT_FORMATS = {"EAN8", "EAN13", "UPCA", "UPCE", "EAN-8", "EAN-13", "UPC-A", "UPC-E"}

_lock = threading.Lock()
_engine = None


def _ocr_engine():  # RapidOCR has no type hints
    global _engine  # the one process-wide engine
    with _lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            _engine = RapidOCR(
                intra_op_num_threads=OCR_THREADS,
                inter_op_num_threads=OCR_THREADS,
                text_score=OCR_MIN_SCORE,
            )
        return _engine


def ocr_copy(image: Image.Image, max_side: int = OCR_MAX_SIDE) -> Image.Image:
    """The RGB copy OCR reads: downscaled when larger than ``max_side``."""
    copy = image.convert("RGB")
    if max(copy.size) > max_side:
        copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return copy


def ocr_lines(image: Image.Image, max_side: int = OCR_MAX_SIDE) -> list[str]:
    """The lines of text OCR finds, top to bottom as the engine returns them."""
    engine = _ocr_engine()
    copy = ocr_copy(image, max_side)
    with _lock:
        result, _elapsed = engine(copy)
    return [text for _box, text, _score in result or [] if text.strip()]


def code_lines(image: Image.Image) -> list[str]:
    """The text of every QR code and barcode in the image."""
    lines = []
    for code in zxingcpp.read_barcodes(image.convert("L")):
        format_name = str(code.format).rsplit(".", 1)[-1]
        if format_name.upper() in _PRODUCT_FORMATS:
            lines.append(f"product code: {code.text}")
        elif code.text:
            lines.append(code.text)
    return lines


def read_text(image: Image.Image) -> list[str]:
    """Everything written in a photo: decoded codes first, then the OCR lines."""
    return code_lines(image) + ocr_lines(image)
