"""One evaluation for every model: the metrics, with a bootstrap interval of macro-F1.

Every model type (baselines, fine-tuned encoders, anything else) is scored by
`evaluate_predictions` on plain lists of gold and predicted labels, so their numbers are
directly comparable. The result is a JSON-serialisable dict of the keys
`classifier.schema.MODEL_KEYS` describes, from `n` to `confusion_matrix`: the shape of
each model's entry in metrics.json. The plot is `classifier.evaluate.plots`, the tables
`classifier.report.metric_tables`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

from classifier.schema import CI_LEVEL

# Upper bound on resample indices held in memory at once (int64: 8 bytes each).
_BOOTSTRAP_CHUNK_CELLS = 4_000_000


def evaluate_predictions(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    labels: Sequence[str],
    langs: Sequence[str] | None = None,
    origins: Sequence[str] | None = None,
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> dict:
    """Score predictions against gold labels; see `classifier.schema.MODEL_KEYS`.

    Macro-F1 is always the unweighted mean over *all* `labels`, with
    ``zero_division=0``: a label that is absent from both the gold and the predicted labels
    scores F1 = 0 and still counts in the mean. This holds everywhere - overall, in every
    bootstrap resample, and in the per-language and per-origin breakdowns - so a language
    whose sentences cover only some labels gets a lower macro-F1 than one scored over its
    present labels only. The choice keeps every number on the same scale across models,
    subsets and resamples.

    The interval `macro_f1_ci` resamples sentences with replacement `n_bootstrap` times
    (numpy Generator seeded by `seed`) and takes the 2.5th and 97.5th percentiles of the
    resampled macro-F1. Per-language and per-origin entries have no interval.

    Raises ValueError when inputs are empty, lengths differ, `labels` is empty or has
    duplicates, or `y_true` / `y_pred` contain a value not in `labels` (each offending value
    is named).
    """
    y_true = list(y_true)
    y_pred = list(y_pred)
    labels = list(labels)
    _validate(y_true, y_pred, labels, langs, origins, n_bootstrap)

    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, average=None, zero_division=0
    )
    per_label = {
        label: {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, label in enumerate(labels)
    }
    matrix = confusion_matrix(y_true, y_pred, labels=labels)

    return {
        "n": len(y_true),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": _macro_f1(y_true, y_pred, labels),
        "macro_f1_ci": _bootstrap_macro_f1_ci(y_true, y_pred, labels, n_bootstrap, seed),
        "per_label": per_label,
        "per_language": _per_group(y_true, y_pred, labels, langs),
        "per_origin": _per_group(y_true, y_pred, labels, origins),
        "confusion_matrix": {
            "labels": labels,
            "matrix": [[int(c) for c in row] for row in matrix],
        },
    }


def _validate(y_true, y_pred, labels, langs, origins, n_bootstrap) -> None:
    if not labels:
        raise ValueError("labels is empty")
    duplicates = sorted({x for x in labels if labels.count(x) > 1}, key=str)
    if duplicates:
        raise ValueError(f"labels contains duplicates: {duplicates}")
    if not y_true or not y_pred:
        raise ValueError(
            f"nothing to evaluate: y_true has {len(y_true)} and y_pred {len(y_pred)} items"
        )
    if len(y_true) != len(y_pred):
        raise ValueError(f"y_true has {len(y_true)} items but y_pred has {len(y_pred)}")
    for name, groups in (("langs", langs), ("origins", origins)):
        if groups is not None and len(groups) != len(y_true):
            raise ValueError(f"{name} has {len(groups)} items but y_true has {len(y_true)}")
    known = set(labels)
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        unknown = sorted({v for v in values if v not in known}, key=str)
        if unknown:
            raise ValueError(
                f"{name} contains labels not in labels: {unknown} (expected one of {labels})"
            )
    if n_bootstrap < 1:
        raise ValueError(f"n_bootstrap must be at least 1, got {n_bootstrap}")


def _macro_f1(y_true, y_pred, labels) -> float:
    return float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0))


def _per_group(y_true, y_pred, labels, groups) -> dict:
    if groups is None:
        return {}
    members: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    out = {}
    for g in sorted(members, key=str):
        t = [y_true[i] for i in members[g]]
        p = [y_pred[i] for i in members[g]]
        out[g] = {
            "macro_f1": _macro_f1(t, p, labels),
            "accuracy": float(accuracy_score(t, p)),
            "n": len(t),
        }
    return out


def macro_f1_from_counts(counts: np.ndarray) -> np.ndarray:
    """Macro-F1 of confusion matrices of shape (..., K, K), rows true and columns predicted.

    F1 = 2 TP / (2 TP + FP + FN), and 0 where that denominator is 0, which is what
    scikit-learn computes with ``zero_division=0``.
    """
    counts = np.asarray(counts, dtype=np.float64)
    tp = np.diagonal(counts, axis1=-2, axis2=-1)
    denom = counts.sum(axis=-1) + counts.sum(axis=-2)  # (TP + FN) + (TP + FP)
    f1 = np.divide(2 * tp, denom, out=np.zeros_like(tp), where=denom > 0)
    return f1.mean(axis=-1)


def _bootstrap_macro_f1_ci(y_true, y_pred, labels, n_bootstrap: int, seed: int) -> list[float]:
    k = len(labels)
    index = {label: i for i, label in enumerate(labels)}
    t = np.fromiter((index[y] for y in y_true), dtype=np.int64, count=len(y_true))
    p = np.fromiter((index[y] for y in y_pred), dtype=np.int64, count=len(y_pred))
    cells = t * k + p  # each sentence's cell in the flattened K x K confusion matrix
    n = len(cells)

    rng = np.random.default_rng(seed)
    chunk = max(1, _BOOTSTRAP_CHUNK_CELLS // n)
    scores = np.empty(n_bootstrap, dtype=np.float64)
    for start in range(0, n_bootstrap, chunk):
        b = min(chunk, n_bootstrap - start)
        idx = rng.integers(0, n, size=(b, n))
        # Shift resample r's cells by r * K^2 so one bincount yields all b matrices.
        codes = cells[idx] + (np.arange(b, dtype=np.int64) * k * k)[:, None]
        counts = np.bincount(codes.ravel(), minlength=b * k * k).reshape(b, k, k)
        scores[start : start + b] = macro_f1_from_counts(counts)

    alpha = (1 - CI_LEVEL) / 2 * 100
    low, high = np.percentile(scores, [alpha, 100 - alpha])
    return [float(low), float(high)]
