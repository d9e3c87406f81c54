"""Scoring a model on the test split: its labels, metrics and speed, as a value."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from classifier.config import EvaluationConfig
from classifier.data.corpus import LABELS
from classifier.evaluate.metrics import evaluate_predictions
from classifier.evaluate.plots import plot_confusion_matrix
from classifier.text.context import rows_context


@dataclass
class Score:
    """How one model did on the test split."""

    pred: list[str]  # its label for each test sentence
    metrics: dict  # what `evaluate_predictions` measured
    timing: dict  # train (or export) and labeling time; agreement with a reference model
    epochs: list[dict] = field(default_factory=list)  # the training history, if any

    @property
    def row(self) -> dict:
        """Its entry in metrics.json."""
        return {**self.metrics, **self.timing}

    @property
    def timings(self) -> dict:
        """Its entry in run.json's timings."""
        return {**self.timing, "epochs": self.epochs}


def score_model(model, test_rows: list, evaluation: EvaluationConfig, fit_seconds: float,
                reference: list[str] | None = None) -> Score:
    """Label `test_rows` (labeled sentences) with `model` and measure how it did.

    `fit_seconds` is the time it took to make the model; with `reference`, the labels of
    another model, the share of sentences on which both agree is recorded too.
    """
    texts = [s.text for s in test_rows]
    t0 = time.perf_counter()
    pred = model.predict(texts, rows_context(test_rows, model.context_size))
    eval_seconds = time.perf_counter() - t0
    metrics = evaluate_predictions(
        [s.label for s in test_rows], pred, labels=list(LABELS),
        langs=[s.lang for s in test_rows], origins=[s.origin for s in test_rows],
        n_bootstrap=evaluation.bootstrap, seed=evaluation.seed,
    )
    timing = {
        "train_seconds": round(fit_seconds, 2),
        "eval_seconds": round(eval_seconds, 3),
        "eval_sentences_per_second": round(len(texts) / eval_seconds, 1),
    }
    if reference is not None:
        agree = sum(a == b for a, b in zip(pred, reference, strict=True))
        timing["agreement_with_torch"] = round(agree / len(pred), 4)
    return Score(pred, metrics, timing, list(getattr(model, "history", None) or []))


def plot_score(name: str, score: Score, folder: Path) -> None:
    """folder/confusion_NAME.png: the confusion matrix of `score`."""
    plot_confusion_matrix(score.metrics, folder / f"confusion_{name}.png",
                          title=f"{name} — test split ({score.metrics['n']} sentences)")
