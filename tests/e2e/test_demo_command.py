"""`python app.py demo` on an empty directory: migrates, seeds, serves; a re-run adds nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.conftest import ROOT, free_port, log_file

TABLES = ("org", "sitter", "client", "business_number", "booking", "message", "alert")


def run_demo(directory: Path) -> str:
    """Start the demo in `directory`, check it serves the sign-in page, stop it; its output."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "SMS_PROVIDER", "SECRET_KEY", "PUBLIC_BASE_URL")
    }
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "demo", "--port", str(port)],
        cwd=directory,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                login = httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(
                        f"the demo did not start:\n{process.stdout.read()}"
                    ) from None
                time.sleep(0.2)
        assert login.status_code == 200 and "Sign in" in login.text
        phones = httpx.get(f"http://127.0.0.1:{port}/dev/phones", follow_redirects=False)
        assert phones.status_code == 303  # the simulator is on, behind the owner's sign-in
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
        with log_file("demo") as log:
            log.write(output)
    return output


def counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_the_demo_starts_in_an_empty_directory_and_a_rerun_duplicates_nothing(tmp_path):
    output = run_demo(tmp_path)
    assert "owner@happypaws.example / demo-password" in output
    assert "/dev/phones" in output
    database = tmp_path / "snout-demo.sqlite3"
    first = counts(database)
    assert first["org"] == 1 and first["sitter"] == 3 and first["client"] == 6
    run_demo(tmp_path)
    assert counts(database) == first
