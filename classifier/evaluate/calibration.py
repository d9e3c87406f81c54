"""How far a model's confidence (`score`, the top probability) can be taken at its word.

A score of 0.9 should be right nine times in ten. Expected calibration error (ECE) sorts
sentences into equal-width bins of confidence and averages, weighted by bin size, the gap
between each bin's mean confidence and its accuracy; the bins themselves draw the
reliability diagram. Confident mistakes on real reports (0.85 to 0.9 on wrong labels) are
what makes an uncalibrated score misleading to an analyst who filters by it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_BINS = 10


@dataclass(frozen=True)
class CalibrationBin:
    low: float
    high: float
    n: int
    confidence: float  # mean top probability of the bin's sentences (0 when empty)
    accuracy: float  # share of them labeled correctly (0 when empty)


def calibration_bins(proba: np.ndarray, gold: np.ndarray,
                     n_bins: int = DEFAULT_BINS) -> list[CalibrationBin]:
    """Equal-width confidence bins of predictions `proba` (rows of class probabilities)
    against `gold` class indices; a confidence of exactly 1.0 falls in the last bin."""
    proba, gold = np.asarray(proba, dtype=np.float64), np.asarray(gold)
    if proba.ndim != 2 or len(proba) != len(gold) or not len(gold):
        raise ValueError(f"expected one row of probabilities per gold label, got "
                         f"{proba.shape} and {len(gold)} labels")
    if n_bins < 1:
        raise ValueError(f"n_bins must be at least 1, got {n_bins}")
    confidence = proba.max(axis=1)
    correct = proba.argmax(axis=1) == gold
    index = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    bins = []
    for b in range(n_bins):
        mask = index == b
        n = int(mask.sum())
        bins.append(CalibrationBin(b / n_bins, (b + 1) / n_bins, n,
                                   float(confidence[mask].mean()) if n else 0.0,
                                   float(correct[mask].mean()) if n else 0.0))
    return bins


def expected_calibration_error(bins: list[CalibrationBin]) -> float:
    total = sum(b.n for b in bins)
    return sum(b.n * abs(b.confidence - b.accuracy) for b in bins) / total
