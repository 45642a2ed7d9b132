"""Generate the labelled anti-poaching set: carriers x values x disguises, split once.

Run from the repository root:  python -m tests.data.make_antipoaching_set

Every row is built from a carrier sentence (templates below), a contact value (phone numbers
in many formats, handles, domains, emails, payment handles) and a disguise applied in code
(spelled digits with homophones, spacing, separators, look-alike letters, emoji and full-width
digits, line breaks, groups split over a sentence, OCR text that lost its spaces). Hard
negatives are built the same way: codes, doses, prices, times, IDs, addresses, platforms
mentioned in passing, small numbers beside long ones. Each carrier template belongs to one
split (train, dev or test), so the test split holds sentences the rules were never tuned on.

The split is written once; the test file is frozen and never edited afterwards.
"""

from __future__ import annotations

import random
from pathlib import Path

from tests.data.antipoaching_values import ALLOW_TEMPLATES, BLOCK_TEMPLATES, FILLERS

SEED = 20261128
HERE = Path(__file__).resolve().parent
SPLITS = (("train", 0.6), ("dev", 0.2), ("test", 0.2))  # share of each category's templates
ROWS_PER_TEMPLATE = {"block": 10, "allow": 30}


def assign_templates(rng: random.Random) -> dict[tuple[str, str, int], str]:
    """Each (label, category, template) goes to one split, per category, 60/20/20."""
    owner: dict[tuple[str, str, int], str] = {}
    for label, table in (("block", BLOCK_TEMPLATES), ("allow", ALLOW_TEMPLATES)):
        for category, templates in sorted(table.items()):
            keys = [(label, category, index) for index in range(len(templates))]
            rng.shuffle(keys)
            cuts = [round(len(keys) * 0.6), round(len(keys) * 0.8)]
            for position, key in enumerate(keys):
                owner[key] = (
                    "train" if position < cuts[0] else "dev" if position < cuts[1] else "test"
                )
    return owner


def render(template: str, rng: random.Random) -> str:
    """Fill each {name} slot with a freshly drawn, disguised value."""
    text = template
    while "{" in text:
        start = text.index("{")
        end = text.index("}", start)
        name = text[start + 1 : end]
        text = text[:start] + FILLERS[name](rng) + text[end + 1 :]
    return text


def build(rng: random.Random) -> dict[str, list[tuple[str, str, str]]]:
    owner = assign_templates(rng)
    rows: dict[str, list[tuple[str, str, str]]] = {name: [] for name, _ in SPLITS}
    seen: set[str] = set()
    for label, table in (("block", BLOCK_TEMPLATES), ("allow", ALLOW_TEMPLATES)):
        for category, templates in sorted(table.items()):
            for index, template in enumerate(templates):
                split = owner[(label, category, index)]
                for _ in range(ROWS_PER_TEMPLATE[label] if "{" in template else 1):
                    text = render(template, rng)
                    if text not in seen:
                        seen.add(text)
                        rows[split].append((label, category, text))
    for split_rows in rows.values():
        rng.shuffle(split_rows)
    return rows


def write(rows: dict[str, list[tuple[str, str, str]]]) -> None:
    for split, split_rows in rows.items():
        lines = ["label\tcategory\ttext"]
        for label, category, text in split_rows:
            clean = text.replace("\t", " ").replace("\r", "").replace("\n", "\\n")
            lines.append(f"{label}\t{category}\t{clean}")
        (HERE / f"antipoaching_{split}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    rows = build(random.Random(SEED))
    write(rows)
    for split, split_rows in rows.items():
        blocks = sum(label == "block" for label, _, _ in split_rows)
        print(f"{split}: {len(split_rows)} rows ({blocks} block, {len(split_rows) - blocks} allow)")


if __name__ == "__main__":
    main()
