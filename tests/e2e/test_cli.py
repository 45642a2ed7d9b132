"""The command line (SPEC section 10): create-org prints JSON, bad arguments exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

from db.tables import BusinessNumber, Org, User
from tests.conftest import ROOT, server_environment


def run_cli(settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "app.py", *args],
        cwd=ROOT,
        env=server_environment(settings),
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_create_org_prints_org_id_and_api_token(settings, db):
    result = run_cli(
        settings,
        "create-org",
        "--name",
        "Bark & Co",
        "--front-desk",
        "(415) 555-0142",
        "--owner-email",
        "Owner@Bark.example",
        "--owner-password",
        "a good password",
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert set(output) == {"orgId", "apiToken"}
    org = await Org.objects().where(Org.id == output["orgId"]).first()
    assert org.name == "Bark & Co"
    assert await User.exists().where(User.email == "owner@bark.example")
    front_desk = await BusinessNumber.objects().where(BusinessNumber.org == org.id).first()
    assert (front_desk.e164, front_desk.number_class) == ("+14155550142", "front_desk")
    assert "+14155550142" not in result.stderr


def test_create_org_with_a_bad_phone_exits_2_with_a_message(settings, db):
    result = run_cli(
        settings,
        "create-org",
        "--name",
        "X",
        "--front-desk",
        "12",
        "--owner-email",
        "o@x.example",
        "--owner-password",
        "a good password",
    )
    assert result.returncode == 2
    assert "Front-desk number" in result.stderr


def test_unknown_command_and_missing_arguments_exit_2(settings):
    assert run_cli(settings, "fly").returncode == 2
    missing = run_cli(settings, "create-org", "--name", "X")
    assert missing.returncode == 2
    assert "required" in missing.stderr


def test_invalid_settings_exit_2_with_the_variable_named(settings):
    env = server_environment(settings, SMS_PROVIDER="fax")
    result = subprocess.run(
        [sys.executable, "app.py", "migrate"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "SMS_PROVIDER" in result.stderr


def test_migrate_is_safe_to_run_again(settings, db):
    result = run_cli(settings, "migrate")
    assert result.returncode == 0, result.stderr
    assert "migrations applied" in result.stdout
