"""The TF-IDF baseline: literally a scikit-learn Pipeline.

Word n-grams carry topic words; character n-grams (within word boundaries) carry
morphology and survive spelling variants, and need no tokenizer for any language.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from classifier.config import TfidfConfig
from classifier.models.base import SentenceClassifier

WEIGHTS = "model.skops"
# The only types a saved baseline may contain: anything else in a file is refused.
TRUSTED_TYPES = [
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.isotonic.IsotonicRegression",
    "numpy.float64",
    "numpy.int64",
]


def build_pipeline(cfg: TfidfConfig) -> Pipeline:
    features = FeatureUnion([
        ("word", TfidfVectorizer(
            analyzer="word", ngram_range=tuple(cfg.word_ngrams), min_df=cfg.min_df,
            max_features=cfg.max_features, sublinear_tf=cfg.sublinear_tf, lowercase=True,
            token_pattern=r"(?u)\b\w+\b", dtype=np.float32,
        )),
        ("char", TfidfVectorizer(
            analyzer="char_wb", ngram_range=tuple(cfg.char_ngrams), min_df=cfg.min_df,
            max_features=cfg.max_features, sublinear_tf=cfg.sublinear_tf, lowercase=True,
            dtype=np.float32,
        )),
    ])
    if cfg.classifier == "logreg":
        clf = LogisticRegression(C=cfg.C, class_weight=cfg.class_weight, max_iter=2000,
                                 random_state=cfg.seed)
    else:
        clf = CalibratedClassifierCV(
            LinearSVC(C=cfg.C, class_weight=cfg.class_weight, random_state=cfg.seed),
            method=cfg.calibration, cv=3,
        )
    return Pipeline([("features", features), ("clf", clf)])


class TfidfClassifier(SentenceClassifier):
    backend = "tfidf"

    def __init__(self, config: TfidfConfig | None = None, pipeline: Pipeline | None = None):
        self.config = config or TfidfConfig()
        self.pipeline = pipeline
        self.classes_ = list(pipeline.classes_) if pipeline is not None else []

    def fit(self, texts, labels, eval_texts=None, eval_labels=None) -> TfidfClassifier:
        self.pipeline = build_pipeline(self.config).fit(list(texts), list(labels))
        self.classes_ = [str(c) for c in self.pipeline.classes_]
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.pipeline.predict_proba(list(texts))

    def save(self, path: Path) -> list[str]:
        import skops.io as sio

        path.mkdir(parents=True, exist_ok=True)
        sio.dump(self.pipeline, path / WEIGHTS)
        return [WEIGHTS]

    @classmethod
    def load(cls, path: Path, config: dict) -> TfidfClassifier:
        import skops.io as sio

        file = path / WEIGHTS
        untrusted = [t for t in sio.get_untrusted_types(file=file) if t not in TRUSTED_TYPES]
        if untrusted:
            raise ValueError(f"{file}: refusing to load unexpected types {untrusted}")
        pipeline = sio.load(file, trusted=TRUSTED_TYPES)
        return cls(TfidfConfig(**config) if config else None, pipeline)
