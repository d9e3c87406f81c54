"""The interfaces every model type follows, scikit-learn style.

`Predictor` is what labeling needs: `classes_`, `predict_proba`, `predict`,
`label_documents`, and `load` from a package folder. `Trainable` adds `fit` and `save`,
for the types `train` fits and `save_model` packages; an inference-only type (an ONNX
export, written by its exporter) is a Predictor alone. Which name a class goes by, and
what it needs, is the registry's business (`classifier.backends.registry`).
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


def proba_with_context(model, texts: Sequence[str],
                       context: Sequence[str] | None = None) -> np.ndarray:
    """`model.predict_proba(texts)`, with `context` only for a model whose `context_size`
    says it reads context: any object with `classes_` and `predict_proba` labels."""
    if getattr(model, "context_size", 0):
        return model.predict_proba(texts, context=context)
    return model.predict_proba(texts)


class Predictor(ABC):
    """A model that labels sentences; loaded from a package, or trained (`Trainable`)."""

    classes_: list[str]
    # The saved file that `load` reads `classes_` from. The package manifest is not covered
    # by its own checksums, so labels are never taken from it: they come from this file,
    # which is, and the manifest's copy is only cross-checked against them.
    labels_file: str = ""
    # The manifest of the package the model was loaded from ({} for one not loaded):
    # given to the constructor by `load`, never attached afterwards.
    manifest: dict
    # Fitted on validation after training so that a score is a probability (see
    # classifier.evaluate.calibration); 1.0 leaves the model's own probabilities as they are.
    temperature: float = 1.0
    # Neighbouring sentences on each side that the model reads beside a sentence (see
    # classifier.text.context); 0 for a model that reads each sentence alone, whose
    # `predict_proba` takes no `context`.
    context_size: int = 0

    def __init__(self, manifest: dict | None = None):
        self.manifest = dict(manifest or {})

    @property
    def backend(self) -> str:
        """The registered name of this model type (a package manifest's "backend")."""
        from classifier.backends.registry import name_of

        return name_of(type(self))

    @abstractmethod
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """(n_texts, n_classes) probabilities, columns in the order of `classes_`, passed
        through `_calibrated`. A model with a `context_size` also takes `context=`, one
        string per text (`classifier.text.context.neighbour_context`)."""

    def proba(self, texts: Sequence[str], context: Sequence[str] | None = None) -> np.ndarray:
        """`predict_proba`, with `context` passed only to a model that reads it."""
        return proba_with_context(self, texts, context)

    def _calibrated(self, proba: np.ndarray) -> np.ndarray:
        """What every `predict_proba` returns: its probabilities at the model's temperature."""
        from classifier.evaluate.calibration import apply_temperature

        return apply_temperature(proba, self.temperature)

    def predict(self, texts: Sequence[str], context: Sequence[str] | None = None) -> list[str]:
        if len(texts) == 0:
            return []
        proba = self.proba(texts, context)
        return [self.classes_[i] for i in proba.argmax(axis=1)]

    def label_documents(self, documents, lang: str | None = None):
        """Split documents into sentences and label each; yields LabeledDocument objects."""
        from classifier.predict import label_documents

        return label_documents(self, documents, lang=lang)

    @classmethod
    @abstractmethod
    def load(cls, path: Path, config: dict, manifest: dict | None = None) -> Predictor:
        """Rebuild from a package folder whose checksums were verified, never executing
        code from it. `config` is this type's section of the manifest's settings, and
        `manifest` the whole manifest, which the model keeps. `classes_` come from
        `labels_file`, in the order of the model's outputs."""


class Trainable(Predictor):
    """A Predictor that `train` can fit and `save_model` can package.

    The constructor takes the type's settings (its `ModelType.config_class`) first.
    """

    @abstractmethod
    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        eval_texts: Sequence[str] | None = None,
        eval_labels: Sequence[str] | None = None,
    ) -> Trainable:
        """Train on (texts, labels); a validation set, when given, may pick the best epoch."""

    @abstractmethod
    def save(self, path: Path) -> list[str]:
        """Write the weights into the folder `path`; return the file names written."""

    def describe(self) -> str:
        """What the model is, in a few words of Markdown, for its model card."""
        return type(self).__name__
