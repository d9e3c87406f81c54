"""The confusion matrix of one model's metrics as a PNG, for the run folder and its report."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from classifier.io import atomic_path


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


def plot_reliability(bins, path: Path, title: str) -> None:
    """Save a reliability diagram (accuracy against confidence per bin, with the diagonal
    of perfect calibration and each bin's size) as a PNG at `path`, written atomically."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from classifier.evaluate.calibration import expected_calibration_error

    fig = Figure(figsize=(5, 5), dpi=120)
    ax = fig.add_subplot()
    width = bins[0].high - bins[0].low
    filled = [b for b in bins if b.n]
    ax.bar([b.low for b in filled], [b.accuracy for b in filled], width=width, align="edge",
           edgecolor="black", color="#4c72b0", label="accuracy")
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    for b in filled:
        ax.annotate(str(b.n), (b.low + width / 2, b.accuracy), ha="center", va="bottom",
                    fontsize=7)
    ax.set(xlim=(0, 1), ylim=(0, 1.05), xlabel="confidence (score)", ylabel="accuracy",
           title=f"{title}\nECE {expected_calibration_error(bins):.3f}")
    ax.legend(loc="upper left", fontsize=8)
    FigureCanvasAgg(fig)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png", bbox_inches="tight")
