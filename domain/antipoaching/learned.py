"""A small learned signal for what the rules miss: intent and disguise (issue 17).

A logistic regression over words, word pairs and the character 3- to 5-grams of each word,
trained by ``benchmarks/train_intent.py`` (scikit-learn, fixed seed) and saved as
``model_weights.json`` beside this module: a bias, a threshold and one weight per kept feature.
Inference is plain Python. A message's features are counted (a word twice counts twice) and
scaled by one over the square root of the message's length, so a word's share of the sum is
the same in every message: it is computed once per space-separated piece and remembered. The
text is only lower-cased and Unicode-folded, not passed through the rules' normaliser, so the
model reads what the rules were never tuned to.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

WEIGHTS = Path(__file__).with_name("model_weights.json")
_TOKEN = re.compile(r"[a-z0-9']+|[^\sa-z0-9']")
_CHAR_SIZES = (3, 4, 5)
_REMEMBERED_PIECES = 50_000
#: The longest message it is asked about. Its training and validation messages are all shorter
#: (the longest, 278 characters); in a longer text the counts pile up ("word " 400 times reads
#: as an offer), so a longer text is left to the rules.
MAX_CHARS = 320


def _fold(text: str) -> str:
    text = text.lower()
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(_fold(text))


def _word_features(token: str) -> list[str]:
    padded = f" {token} "
    grams = [
        "c:" + padded[i : i + size] for size in _CHAR_SIZES for i in range(len(padded) - size + 1)
    ]
    return ["w:" + token, *grams]


def features(text: str) -> dict[str, float]:
    """Each feature's value as the model sees it (used to train; ``probability`` agrees)."""
    words = tokens(text)
    counts = Counter(f for token in words for f in _word_features(token))
    scale = _scale(text)
    return {feature: count * scale for feature, count in counts.items()}


def _scale(text: str) -> float:
    return 1 / math.sqrt(max(len(text), 1))


class LinearModel:
    """A bias, a threshold and feature weights; remembers each piece's share of the sum."""

    def __init__(self, bias: float, threshold: float, weights: dict[str, float]) -> None:
        self.bias = bias
        self.threshold = threshold
        self.weights = weights
        self._pieces: dict[str, float] = {}
        self._needed = math.log(threshold / (1 - threshold)) - bias  # the features' share

    def _word_sum(self, token: str) -> float:
        return sum(self.weights.get(feature, 0.0) for feature in _word_features(token))

    def _remember(self, pieces: list[str]) -> None:
        for piece in pieces:
            if piece not in self._pieces:
                if len(self._pieces) >= _REMEMBERED_PIECES:
                    self._pieces.clear()
                self._pieces[piece] = sum(map(self._word_sum, _TOKEN.findall(piece)))

    def _sum(self, plain: str) -> float:
        """The features' weighted sum. No token spans a space, so the sum is taken over the
        message's space-separated pieces, each piece's share computed once and remembered."""
        pieces = plain.split()
        try:
            return sum(map(self._pieces.__getitem__, pieces))
        except KeyError:
            self._remember(pieces)
            return sum(map(self._pieces.__getitem__, pieces))

    def logit(self, text: str) -> float:
        """The log-odds that the message offers a way off the platform."""
        return self.bias + self._sum(_fold(text)) * _scale(text)

    def probability(self, text: str) -> float:
        """The probability that the message offers a way off the platform."""
        return 1 / (1 + math.exp(-max(min(self.logit(text), 50.0), -50.0)))

    def confident(self, text: str) -> bool:
        """Whether the probability reaches the threshold (compared as the features' share);
        never for a text longer than `MAX_CHARS`."""
        if len(text) > MAX_CHARS:
            return False
        return self._sum(_fold(text)) >= self._needed * math.sqrt(max(len(text), 1))


@cache
def saved_model() -> LinearModel:
    """The model in ``model_weights.json``, read once."""
    saved = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    return LinearModel(saved["bias"], saved["threshold"], saved["weights"])


def confident(text: str) -> bool:
    """Whether the saved model's probability reaches its threshold."""
    return saved_model().confident(text)
