"""The NHS Friends and Family Test: its answers and how NHS England scores them.

NHS England publishes two figures for each service: the percentage positive (Very good plus
Good) and the percentage negative (Poor plus Very poor). Both are out of every FFT answer
given, including "Neither good nor poor" and "Don't know"; a response that skipped the FFT
question is not counted at all. The same denominator is used here and said in the UI.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SURVEY_ID = "fft"
RATING_QUESTION = "fft_rating"
COMMENT_QUESTION = "fft_comment"

VERY_GOOD, GOOD, NEITHER, POOR, VERY_POOR, DONT_KNOW = (
    "very_good", "good", "neither", "poor", "very_poor", "dont_know")
ANSWERS = (VERY_GOOD, GOOD, NEITHER, POOR, VERY_POOR, DONT_KNOW)
POSITIVE = frozenset({VERY_GOOD, GOOD})
NEGATIVE = frozenset({POOR, VERY_POOR})


@dataclass(frozen=True)
class FftScore:
    counts: dict[str, int]

    @property
    def total(self) -> int:
        """The denominator: every FFT answer, "Neither" and "Don't know" included."""
        return sum(self.counts.values())

    @property
    def positive(self) -> int:
        return sum(self.counts.get(a, 0) for a in POSITIVE)

    @property
    def negative(self) -> int:
        return sum(self.counts.get(a, 0) for a in NEGATIVE)

    @property
    def percent_positive(self) -> float | None:
        return None if not self.total else 100.0 * self.positive / self.total

    @property
    def percent_negative(self) -> float | None:
        return None if not self.total else 100.0 * self.negative / self.total


def score(ratings: Iterable[str | None]) -> FftScore:
    """Score FFT answers; ``None`` (question skipped) and unknown values are left out."""
    counts = Counter(r for r in ratings if r in ANSWERS)
    return FftScore({a: counts.get(a, 0) for a in ANSWERS})


def format_percent(value: float | None) -> str:
    """Whole percentages, halves rounded up as published figures are; a dash when there are no answers."""
    if value is None:
        return "–"
    return f"{Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"
