"""One evaluation for every model: metrics, a bootstrap interval, a plot and a comparison table.

Every model type (baselines, fine-tuned encoders, anything else) is scored by
`evaluate_predictions` on plain lists of gold and predicted labels, so their numbers are
directly comparable. The result is a JSON-serialisable dict:

    n                  number of sentences
    accuracy           share of sentences labeled correctly
    macro_f1           unweighted mean F1 over all `labels` (zero-support labels count, as 0)
    macro_f1_ci        [low, high] 95% percentile bootstrap interval of macro_f1
    per_label          {label: {precision, recall, f1, support}}
    per_language       {lang: {macro_f1, accuracy, n}}   ({} without langs)
    per_origin         {origin: {macro_f1, accuracy, n}} ({} without origins)
    confusion_matrix   {labels, matrix}: rows are true labels, columns predicted labels
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

from classifier.io import atomic_path

CI_LEVEL = 0.95
# Upper bound on resample indices held in memory at once (int64: 8 bytes each).
_BOOTSTRAP_CHUNK_CELLS = 4_000_000
MISSING = "–"


def evaluate_predictions(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    labels: Sequence[str],
    langs: Sequence[str] | None = None,
    origins: Sequence[str] | None = None,
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> dict:
    """Score predictions against gold labels; see the module docstring for the result's shape.

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


def plot_confusion_matrix(metrics: dict, path: Path, title: str) -> None:
    """Save the confusion matrix in `metrics` as a PNG at `path`, written atomically.

    Each cell shows its count; its colour is the count's share of its row (true label),
    so classes of very different sizes stay readable.
    """
    # An Agg canvas on a bare Figure: renders without a display and without touching the
    # global pyplot state or the backend of whoever calls us (a notebook, say).
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = list(metrics["confusion_matrix"]["labels"])
    counts = np.asarray(metrics["confusion_matrix"]["matrix"], dtype=np.int64)
    row_sums = counts.sum(axis=1, keepdims=True)
    shares = np.divide(
        counts, row_sums, out=np.zeros(counts.shape, dtype=np.float64), where=row_sums > 0
    )

    k = len(labels)
    size = max(4.5, 1.0 + 0.9 * k)
    fig = Figure(figsize=(size + 1.2, size))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    image = ax.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
    colorbar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    colorbar.set_label("share of true label")

    for i in range(k):
        for j in range(k):
            ax.text(
                j,
                i,
                str(counts[i, j]),
                ha="center",
                va="center",
                fontsize=10,
                color="white" if shares[i, j] > 0.5 else "black",
            )

    ax.set_xticks(range(k), labels, rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(k), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title)
    fig.tight_layout()

    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", dpi=120)


def format_metrics_table(results: dict[str, dict]) -> str:
    """A Markdown table comparing models side by side: one column per model.

    Rows: accuracy; macro-F1 with its 95% CI, e.g. ``0.812 [0.770, 0.850]``; F1 per label;
    macro-F1 per language and per origin with the subset's size, e.g. ``0.790 (n=120)``.
    A model without a row's label, language or origin shows ``–``.
    """
    if not results:
        raise ValueError("no results to tabulate")
    models = list(results)

    label_order: list[str] = []
    for m in results.values():
        for label in m["per_label"]:
            if label not in label_order:
                label_order.append(label)

    def groups(key: str) -> list[str]:
        return sorted({g for m in results.values() for g in m.get(key, {})}, key=str)

    rows: list[tuple[str, list[str]]] = [
        ("accuracy", [f"{results[m]['accuracy']:.3f}" for m in models]),
        (
            "macro-F1 [95% CI]",
            [
                f"{results[m]['macro_f1']:.3f} "
                f"[{results[m]['macro_f1_ci'][0]:.3f}, {results[m]['macro_f1_ci'][1]:.3f}]"
                for m in models
            ],
        ),
    ]
    for label in label_order:
        cells = []
        for m in models:
            entry = results[m]["per_label"].get(label)
            cells.append(MISSING if entry is None else f"{entry['f1']:.3f}")
        rows.append((f"F1 {label}", cells))
    for key, name in (("per_language", "language"), ("per_origin", "origin")):
        for g in groups(key):
            cells = []
            for m in models:
                entry = results[m].get(key, {}).get(g)
                cells.append(
                    MISSING if entry is None else f"{entry['macro_f1']:.3f} (n={entry['n']})"
                )
            rows.append((f"macro-F1 {name} {g}", cells))

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    out = [line(["metric", *models]), "|" + "---|" + "---:|" * len(models)]
    out += [line([name, *cells]) for name, cells in rows]
    return "\n".join(out) + "\n"
