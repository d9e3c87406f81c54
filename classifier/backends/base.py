"""The one interface every backend follows, scikit-learn style.

`fit`, `predict`, `predict_proba`, `classes_`, `save`, `load`: training, evaluation and
batch labeling never need to know which backend they hold.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def length_sorted_batches(ids: Sequence[Sequence[int]], batch_size: int):
    """Index batches of similar-length inputs, so each pads only to its own longest."""
    order = np.argsort([len(x) for x in ids], kind="stable")
    for i in range(0, len(order), batch_size):
        yield order[i : i + batch_size]


class SentenceClassifier(ABC):
    backend: str = ""
    classes_: list[str]
    # The saved file that `load` reads `classes_` from. The package manifest is not covered
    # by its own checksums, so labels are never taken from it: they come from this file,
    # which is, and the manifest's copy is only cross-checked against them.
    labels_file: str = ""

    @abstractmethod
    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        eval_texts: Sequence[str] | None = None,
        eval_labels: Sequence[str] | None = None,
    ) -> SentenceClassifier:
        """Train on (texts, labels); a validation set, when given, picks the best epoch."""

    @abstractmethod
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(n_texts, n_classes) probabilities, columns in the order of `classes_`."""

    def predict(self, texts: Sequence[str]) -> list[str]:
        if len(texts) == 0:
            return []
        proba = self.predict_proba(texts)
        return [self.classes_[i] for i in proba.argmax(axis=1)]

    @abstractmethod
    def save(self, path: Path) -> list[str]:
        """Write the weights into the folder `path`; return the file names written."""

    @classmethod
    @abstractmethod
    def load(cls, path: Path, config: dict) -> SentenceClassifier:
        """Rebuild from a folder written by `save`, never executing code from it; `classes_`
        come from `labels_file`, in the order of the model's outputs."""

    def label_documents(self, documents, lang: str | None = None):
        """Split documents into sentences and label each; yields LabeledDocument objects."""
        from classifier.predict import label_documents

        return label_documents(self, documents, lang=lang)
