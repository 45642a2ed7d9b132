"""``python app.py screen`` (SPEC 11, M4): the real command on real files, one JSON line each."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tests.conftest import ROOT
from tests.unit.test_media_screening import png_declaring

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def run_screen(*args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", ""), "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "app.py", "screen", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )


def card(path: Path, lines: list[str]) -> Path:
    image = Image.new("RGB", (1000, 600), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 52)
    for row, line in enumerate(lines):
        draw.text((60, 80 + row * 120), line, font=font, fill="black")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    path.write_bytes(out.getvalue())
    return path


def test_M4_screen_prints_one_verdict_per_input_in_order(tmp_path: Path) -> None:
    blocked = card(tmp_path / "card.jpg", ["Kim's Dog Walking", "Call or text: (415) 555-0123"])
    clean = card(tmp_path / "feeding.png.jpg", ["Breakfast 7:30 - 1 cup", "Dinner 6pm - 1 cup"])
    vcard = tmp_path / "kim.vcf"
    vcard.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Kim\nTEL:+14155550123\nEND:VCARD\n")
    result = run_screen("--text", "venmo me @kimpaws", str(blocked), str(clean), str(vcard))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["input"] for line in lines] == ["text", str(blocked), str(clean), str(vcard)]
    assert [line["blocked"] for line in lines] == [True, True, False, True]
    assert [line["category"] for line in lines] == ["payment", "phone", None, "contact_card"]
    assert lines[1]["reason"] == "Phone number in a photo"
    assert lines[2]["reason"] == ""
    assert all(set(line) == {"input", "blocked", "category", "reason"} for line in lines)


def test_M4_screen_refuses_a_damaged_photo_with_a_reason(tmp_path: Path) -> None:
    broken = card(tmp_path / "broken.jpg", ["a dog"])
    broken.write_bytes(broken.read_bytes()[:2000])
    result = run_screen(str(broken))
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)
    assert (line["blocked"], line["category"]) == (True, "unreadable")
    assert "damaged" in line["reason"]


def test_M4_screen_refuses_a_decompression_bomb_outside_the_test_warning_filters(tmp_path: Path):
    """Pillow only warns between its limit and twice that; the command runs with Python's
    default warning filters (not the suite's "error"), and still refuses."""
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_declaring(8000, 7000))
    result = run_screen(str(bomb))
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)
    assert (line["blocked"], line["category"]) == (True, "unreadable")
    assert line["reason"] == "The photo is too large to open safely (over 50 megapixels)."
    assert "DecompressionBombWarning" not in result.stderr


def test_M4_screen_with_a_missing_file_exits_2_and_prints_nothing(tmp_path: Path) -> None:
    result = run_screen("--text", "hello", str(tmp_path / "missing.jpg"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "missing.jpg" in result.stderr
