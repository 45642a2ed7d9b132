"""``python app.py screen [--text TEXT] [FILE ...]`` (SPEC 11, M4).

Prints one JSON object per input, in order: the ``--text`` (screened as a message body would
be) first, then each file. Exits 0 whatever the verdicts; 2 when a file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from domain.antipoaching import Verdict, scan


def add_parser(commands: argparse._SubParsersAction) -> None:
    screen_cmd = commands.add_parser("screen", help="screen text and files as the worker would")
    screen_cmd.add_argument("--text", help="a message body to screen")
    screen_cmd.add_argument("files", nargs="*", metavar="FILE", help="photos, PDFs, any file")


def _line(name: str, verdict: Verdict) -> str:
    return json.dumps(
        {
            "input": name,
            "blocked": verdict.blocked,
            "category": verdict.category,
            "reason": verdict.reason,
        }
    )


def run(args: argparse.Namespace) -> int:
    files = [Path(name) for name in args.files]
    unreadable = [str(path) for path in files if not path.is_file()]
    if unreadable:
        print(f"error: cannot read {', '.join(unreadable)}", file=sys.stderr)
        return 2
    if args.text is not None:
        print(_line("text", scan(args.text)), flush=True)
    if files:
        from media.screening import screen  # loads the imaging libraries only when needed

        for path in files:
            print(_line(str(path), screen(path.read_bytes())), flush=True)
    return 0
