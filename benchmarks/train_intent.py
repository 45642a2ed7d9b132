"""Train the detector's learned signal (domain/antipoaching/learned.py) and cross-validate it.

Run from the repository root, with the dev extra ``train`` installed (scikit-learn):
    python -m benchmarks.train_intent            # cross-validation figures only
    python -m benchmarks.train_intent --write    # ...then fit on all data, write the weights

Data: the generated train split, the hand-written corpus and fresh sets, and the two written
dev halves. Never the frozen test halves.

Cross-validation across the two written dev halves: train on the generated split, the corpus,
the fresh sets and one half; on the other half pick the threshold (the lowest at which the
model blocks no allowed message that the rules left clean) and measure the rules alone, the
model alone and the two fused (block when the rules block, or when they pass and the model's
probability reaches the threshold, unless the rules saw an app, a payment app or a run of
seven digits in it and let it pass). Today's rules were tuned on both halves (100 % recall
there), so the rules of each fold are the rules as they stood before they were tuned on the
half measured: e589a1e for the first written half, 3ff6639 for the second.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from benchmarks.antipoaching import DATA, Row, load_rows
from domain.antipoaching import learned, normalise, rules, rules_judged, scan

ROOT = Path(__file__).resolve().parents[1]
ALWAYS = ("train", "corpus", "fresh", "fresh2")
HALVES = {"written_dev": "e589a1e", "written2_dev": "3ff6639"}  # half: rules not tuned on it
WRITTEN_WEIGHT = 3.0  # a written message counts three generated ones
C = 4.0
KEEP = 9_000  # features kept (the weights file stays under 300 KB)
SEED = 0

VERDICTS = (
    "import json, sys\nfrom domain.antipoaching import scan\n"
    "print(json.dumps([scan(t).blocked for t in json.load(sys.stdin)]))"
)


def rows(name: str) -> list[Row]:
    return load_rows(DATA / f"antipoaching_{name}.tsv")


def rules_at(commit: str, texts: list[str]) -> list[bool]:
    """The detector's verdicts as its rules stood at ``commit``."""
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "archive", commit, "domain"], cwd=ROOT, check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", folder], input=archive.stdout, check=True)
        done = subprocess.run(
            [sys.executable, "-c", VERDICTS], cwd=folder, input=json.dumps(texts),
            capture_output=True, text=True, check=True, env={"PYTHONPATH": folder},
        )  # fmt: skip
    return json.loads(done.stdout)


def fit(names: list[str]) -> tuple[float, dict[str, float]]:
    """Fit on all features, keep the KEEP heaviest, fit again on those only."""
    data = [(row, WRITTEN_WEIGHT if name.startswith("written") else 1.0)
            for name in names for row in rows(name)]  # fmt: skip
    x = [learned.features(row.text) for row, _ in data]
    y = [row.label == "block" for row, _ in data]
    weight = [w for _, w in data]
    keep = None
    for _ in range(2):
        vectors = DictVectorizer()
        matrix = vectors.fit_transform(
            [{f: v for f, v in one.items() if keep is None or f in keep} for one in x]
        )
        model = LogisticRegression(C=C, max_iter=5000, random_state=SEED)
        model.fit(matrix, y, sample_weight=weight)
        coef = dict(zip(vectors.get_feature_names_out(), model.coef_[0], strict=True))
        keep = set(sorted(coef, key=lambda f: -abs(coef[f]))[:KEEP])
    return float(model.intercept_[0]), {f: round(float(w), 4) for f, w in sorted(coef.items())}


def probabilities(bias: float, weights: dict[str, float], texts: list[str]) -> list[float]:
    model = learned.LinearModel(bias, 0.5, weights)
    return [model.probability(text) for text in texts]


def shares(flags: list[bool], labels: list[bool]) -> tuple[float, float]:
    blocked = [f for f, label in zip(flags, labels, strict=True) if label]
    allowed = [f for f, label in zip(flags, labels, strict=True) if not label]
    return 100 * sum(blocked) / len(blocked), 100 * sum(allowed) / len(allowed)


def strict_threshold(probs: list[float], rules: list[bool], labels: list[bool]) -> float:
    """The lowest threshold at which the model blocks no allowed message the rules passed."""
    clean = [p for p, r, label in zip(probs, rules, labels, strict=True) if not r and not label]
    return max(clean) + 1e-6


def cross_validate() -> list[float]:
    thresholds = []
    folds = {}
    for half, commit in HALVES.items():
        other = next(name for name in HALVES if name != half)
        bias, weights = fit([*ALWAYS, other])
        texts = [row.text for row in rows(half)]
        labels = [row.label == "block" for row in rows(half)]
        # a message whose app, payment app or digit run the rules judged is left to them
        scores = probabilities(bias, weights, texts)
        probs = [0.0 if rules_judged(normalise(text)) else p
                 for text, p in zip(texts, scores, strict=True)]  # fmt: skip
        folds[half] = (probs, labels, rules_at(commit, texts), [scan(t).blocked for t in texts])
        thresholds.append(strict_threshold(probs, folds[half][2], labels))
    for (half, (probs, labels, old, now)), own, other in zip(
        folds.items(), thresholds, thresholds[::-1], strict=True
    ):
        print(f"\n== {half} (rules of {HALVES[half]}): recall on block / false positives")
        for name, limit in (("own threshold", own), ("other half's threshold", other)):
            model = [p >= limit for p in probs]
            print(f"  {name} {limit:.3f}")
            either = [a or b for a, b in zip(old, model, strict=True)]
            either_now = [a or b for a, b in zip(now, model, strict=True)]
            for label, flags in (("rules alone", old), ("model alone (deferring)", model),
                                 ("fused", either), ("today's rules", now),
                                 ("today's rules, fused", either_now)):  # fmt: skip
                recall, false_positives = shares(flags, labels)
                print(f"    {label:25}{recall:5.1f} % / {false_positives:4.2f} %")
    return thresholds


def floor_threshold(bias: float, weights: dict[str, float]) -> float:
    """The lowest threshold at which the final model blocks no allowed message of the
    non-frozen sets that today's rules pass (most were trained on: a floor, not a measure)."""
    texts = [row.text for name in (*ALWAYS, "dev", *HALVES) for row in rows(name)
             if row.label == "allow" and not rules(row.text).blocked
             and not rules_judged(normalise(row.text))]  # fmt: skip
    return max(probabilities(bias, weights, texts)) + 1e-6


def main() -> None:
    thresholds = cross_validate()
    if "--write" not in sys.argv:
        return
    bias, weights = fit([*ALWAYS, *HALVES])
    floor = floor_threshold(bias, weights)
    threshold = math.ceil(max(*thresholds, floor) * 100) / 100
    saved = {"bias": round(bias, 4), "threshold": threshold, "weights": weights}
    learned.WEIGHTS.write_text(json.dumps(saved, separators=(",", ":")) + "\n", "utf-8")
    size = learned.WEIGHTS.stat().st_size
    print(f"\nthresholds: cross-validation {thresholds[0]:.3f}, {thresholds[1]:.3f}; "
          f"no false positive on the non-frozen sets {floor:.3f}")  # fmt: skip
    print(f"wrote {learned.WEIGHTS.name}: {len(weights)} weights, threshold {threshold}, "
          f"{size / 1000:.0f} KB")  # fmt: skip


if __name__ == "__main__":
    main()
