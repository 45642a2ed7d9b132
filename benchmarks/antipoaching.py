"""Anti-poaching benchmark (SPEC A6): quality and speed on the labelled corpus, with a baseline.

Run from the repository root:  python -m benchmarks.antipoaching

The baseline is ``phonenumbers.PhoneNumberMatcher`` (region "US"): a message is blocked when it
finds any phone number. Both detectors run on the same corpus, in the same process, on one core.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import phonenumbers

from domain.antipoaching import scan

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "antipoaching_corpus.tsv"
MIN_SECONDS = 2.0
TARGET_RECALL = 0.97
TARGET_FALSE_POSITIVES = 0.01
TARGET_SPEED = 20_000

Detector = Callable[[str], bool]


@dataclass(frozen=True)
class Row:
    label: str  # "block" or "allow"
    category: str  # the block category, or the kind of allowed text
    text: str


@dataclass(frozen=True)
class Score:
    recall: float  # share of "block" rows blocked
    false_positives: float  # share of "allow" rows blocked
    per_category: dict[str, float]  # recall per block category, false positives per allow kind
    speed: float  # messages per second


def load_corpus() -> list[Row]:
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            label, category, text = line.split("\t", 2)
            rows.append(Row(label, category, text.replace("\\n", "\n")))
    return rows


def ours(text: str) -> bool:
    return scan(text).blocked


def baseline(text: str) -> bool:
    return any(True for _ in phonenumbers.PhoneNumberMatcher(text, "US"))


def share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def measure_speed(detector: Detector, texts: list[str]) -> float:
    """Messages per second, repeating the corpus for at least MIN_SECONDS."""
    count = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < MIN_SECONDS:
        for text in texts:
            detector(text)
        count += len(texts)
    return count / elapsed


def evaluate(detector: Detector, rows: list[Row]) -> Score:
    verdicts = [(row, detector(row.text)) for row in rows]
    per_category = {
        f"{label} {category}": share([hit for row, hit in verdicts if row.category == category
                                      and row.label == label])
        for label, category in sorted({(row.label, row.category) for row in rows}, reverse=True)
    }  # fmt: skip
    return Score(
        recall=share([hit for row, hit in verdicts if row.label == "block"]),
        false_positives=share([hit for row, hit in verdicts if row.label == "allow"]),
        per_category=per_category,
        speed=measure_speed(detector, [row.text for row in rows]),
    )


def ratio(mine: float, theirs: float) -> str:
    return f"{mine / theirs:.1f}x" if theirs else "n/a"


def report(rows: list[Row], mine: Score, base: Score) -> None:
    blocks = sum(row.label == "block" for row in rows)
    print(f"Anti-poaching benchmark: {len(rows)} messages ({blocks} block, "
          f"{len(rows) - blocks} allow), one core\n")  # fmt: skip
    print(f"{'':34}{'scan()':>10}{'baseline':>10}")
    print(f"{'recall on block (blocked)':34}{mine.recall:>10.1%}{base.recall:>10.1%}")
    print(f"{'false positives on allow':34}{mine.false_positives:>10.1%}"
          f"{base.false_positives:>10.1%}")  # fmt: skip
    print(f"{'messages / second':34}{mine.speed:>10,.0f}{base.speed:>10,.0f}")
    print("\nPer category (block rows: share blocked; allow rows: share wrongly blocked)")
    for name, value in mine.per_category.items():
        print(f"  {name:32}{value:>10.1%}{base.per_category[name]:>10.1%}")
    print(f"\nrecall {mine.recall:.1%} vs baseline {base.recall:.1%}; "
          f"false positives {mine.false_positives:.1%} vs baseline {base.false_positives:.1%}; "
          f"throughput {ratio(mine.speed, base.speed)} baseline")  # fmt: skip
    met = (mine.recall >= TARGET_RECALL and mine.false_positives <= TARGET_FALSE_POSITIVES
           and mine.speed >= TARGET_SPEED)  # fmt: skip
    print(f"SPEC A6 targets (recall >= 97 %, false positives <= 1 %, >= 20,000 msg/s): "
          f"{'met' if met else 'NOT met'}")  # fmt: skip


def main() -> None:
    rows = load_corpus()
    mine = evaluate(ours, rows)
    base = evaluate(baseline, rows)
    report(rows, mine, base)


if __name__ == "__main__":
    main()
