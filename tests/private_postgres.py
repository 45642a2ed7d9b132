"""A private PostgreSQL server for a test that restarts its database, so that the machine's
shared server (which other suites use) is never disturbed.

The cluster lives in a temporary directory, listens on 127.0.0.1 on a free port with trust
auth, and is stopped and deleted when the block ends, whatever happened. PostgreSQL refuses to
run as root: as root, its commands run as the `postgres` user.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import free_port

RUN_AS = "postgres"


def binaries() -> Path | None:
    """The directory of `initdb` and `pg_ctl`: $PG_BIN, the newest Debian install, or PATH."""
    candidates = [os.environ.get("PG_BIN", "")]
    candidates += sorted(
        (str(p.parent) for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")),
        key=lambda d: int(Path(d).parent.name) if Path(d).parent.name.isdigit() else 0,
        reverse=True,
    )
    found = shutil.which("initdb")
    candidates.append(str(Path(found).parent) if found else "")
    for directory in filter(None, candidates):
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    return None


def missing() -> str | None:
    """Why a private server cannot run here, or None."""
    if binaries() is None:
        return "no PostgreSQL server binaries (initdb, pg_ctl); set PG_BIN"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root, and no runuser to start PostgreSQL as another user"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(RUN_AS)
        except KeyError:
            return f"running as root, and no {RUN_AS!r} user to start PostgreSQL as"
    return None


class PrivatePostgres:
    def __init__(self, directory: Path, port: int) -> None:
        self.directory = directory
        self.port = port
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"

    def _run(self, command: str, *args: str) -> None:
        prefix = ["runuser", "-u", RUN_AS, "--"] if os.geteuid() == 0 else []
        result = subprocess.run(
            [*prefix, str(binaries() / command), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{command} failed:\n{result.stdout}\n{result.stderr}\n{self.log()}")

    def log(self) -> str:
        path = self.directory / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
            f"-c unix_socket_directories={self.directory}"
        )
        data, log = str(self.directory / "data"), str(self.directory / "server.log")
        self._run("pg_ctl", "start", "-D", data, "-l", log, "-w", "-t", "30", "-o", options)

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-D", str(self.directory / "data"), "-m", mode, "-w")

    def restart(self, down_for: float = 0.0) -> None:
        """Stop (open connections are cut), stay down `down_for` seconds, start again."""
        self.stop()
        time.sleep(down_for)
        self.start()


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    directory = Path(tempfile.mkdtemp(prefix="snout-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, user=RUN_AS, group=RUN_AS)
    server = PrivatePostgres(directory, free_port())
    try:
        server._run(
            "initdb",
            "-D",
            str(directory / "data"),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )
        server.start()
        yield server
    finally:
        try:
            if (directory / "data" / "postmaster.pid").exists():
                server.stop("immediate")
        finally:
            shutil.rmtree(directory, ignore_errors=True)
