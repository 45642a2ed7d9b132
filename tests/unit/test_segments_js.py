"""O6: the composer's counter (web/static/segments.js) counts with the same tables and limits as
`domain.segments`, read from the JavaScript file itself so the two never drift."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from domain.segments import (
    GSM7_BASIC,
    GSM7_EXTENDED,
    GSM7_PART,
    GSM7_SINGLE,
    UCS2_PART,
    UCS2_SINGLE,
    count_segments,
)

SCRIPT = Path(__file__).resolve().parents[2] / "web" / "static" / "segments.js"
SAMPLES = ["", "Hello", "a" * 161, "{" * 80, "Biscuit 🐶", "café ’ ok", "😀" * 35, "x" * 306]


def js_string(name: str) -> str:
    match = re.search(rf'const {name} = ("(?:[^"\\]|\\.)*");', SCRIPT.read_text("utf-8"))
    assert match, f"{name} is not in {SCRIPT.name}"
    return json.loads(match.group(1))


def test_the_js_character_tables_are_the_python_ones():
    basic, extended = js_string("GSM7_BASIC"), js_string("GSM7_EXTENDED")
    assert len(basic) == len(set(basic)) and len(extended) == len(set(extended))
    assert set(basic) == GSM7_BASIC
    assert set(extended) == GSM7_EXTENDED


def test_the_js_limits_are_the_python_ones():
    source = SCRIPT.read_text("utf-8")
    assert f"parts(units, {GSM7_SINGLE}, {GSM7_PART})" in source
    assert f"parts(text.length, {UCS2_SINGLE}, {UCS2_PART})" in source


@pytest.mark.skipif(
    shutil.which("node") is None,
    reason="no Node.js to run the script (the Chromium counter test still checks it in a browser)",
)
def test_the_js_counts_what_python_counts():
    program = (
        "global.window = {}; global.document = {addEventListener() {}};"
        f"require({json.dumps(str(SCRIPT))});"
        f"const samples = {json.dumps(SAMPLES)};"
        "console.log(JSON.stringify(samples.map((t) => window.snoutSegments.count(t))));"
    )
    result = subprocess.run(["node", "-e", program], capture_output=True, text=True, check=True)
    counted = json.loads(result.stdout)
    for text, js in zip(SAMPLES, counted, strict=True):
        python = count_segments(text)
        assert js == {
            "characters": python.characters,
            "units": python.units,
            "encoding": python.encoding,
            "segments": python.segments,
        }, text
