"""Small builders for the rules' regular expressions."""

from __future__ import annotations

import re


def words(*alternatives: str) -> str:
    """A regex alternation of whole words or phrases; a space inside matches any spacing."""
    return "|".join(a.replace(" ", r"[\s._-]*") for a in alternatives)


def loose(word: str) -> str:
    """A regex for ``word`` that tolerates one separator between letters (v.e.n.m.o, ven mo)."""
    return r"[\s._*-]?".join(re.escape(letter) for letter in word.replace(" ", ""))


def trie(words: list[str]) -> str:
    """A regex alternation of plain words, factored by first letters: much faster to search."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        tails = [rest for rest in rests if rest]
        tail = trie(tails) if tails else ""
        optional = "?" if "" in rests and tails else ""
        branches.append(re.escape(first) + (f"(?:{tail}){optional}" if tail else ""))
    return "|".join(branches)


def apps(patterns: dict[str, str]) -> re.Pattern[str]:
    """A regex matching any of the apps (name: regex), each whole, in a group ``app<i>``."""
    groups = "|".join(f"(?P<app{i}>{rx})" for i, rx in enumerate(patterns.values()))
    return re.compile(rf"\b(?:{groups})\b")


def app_name(match: re.Match[str], patterns: dict[str, str]) -> str:
    """The name of the app (a key of `patterns`, as given to `apps`) whose group ``app<i>``
    matched."""
    return list(patterns)[int(match.lastgroup.removeprefix("app"))] if match.lastgroup else ""
