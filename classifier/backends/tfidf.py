"""The TF-IDF baseline: literally a scikit-learn Pipeline.

Word n-grams carry topic words; character n-grams (within word boundaries) carry
morphology and survive spelling variants, and need no tokenizer for any language.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from classifier.backends.base import Trainable
from classifier.config import TfidfConfig

WEIGHTS = "model.skops"
# The only types a saved baseline may contain: anything else in a file is refused.
TRUSTED_TYPES = [
    "classifier.backends.tfidf.CharNgramTfidf",
    "classifier.backends.tfidf.WordNgramTfidf",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.isotonic.IsotonicRegression",
    "numpy.float64",
    "numpy.int64",
]


def _count_matrix(lengths: list[int], cols, n_rows: int, n_cols: int,
                  dtype=np.float32) -> sp.csr_matrix:
    """Rows of feature counts from each row's feature indices (-1: not in vocabulary)."""
    cols = np.asarray(cols, dtype=np.int64)
    rows = np.repeat(np.arange(n_rows), lengths)
    keep = cols >= 0
    counts = sp.csr_matrix((np.ones(int(keep.sum()), dtype=dtype),
                            (rows[keep], cols[keep])), shape=(n_rows, n_cols))
    counts.sum_duplicates()
    return counts


class WordNgramTfidf(TfidfVectorizer):
    """The stock word TF-IDF with its vocabulary lookups done in one pass per batch.

    Features are identical to TfidfVectorizer's (a test checks); sklearn's per-feature
    Python loop that builds the count matrix is replaced by one list lookup and one numpy
    build, which is most of the time on short sentences.
    """

    def _analyze(self, doc: str, preprocess, tokenize) -> list[str]:
        """sklearn's word n-grams (no stop words), built with zip and map instead of a loop."""
        tokens = tokenize(preprocess(doc))
        lo, hi = self.ngram_range
        feats = list(tokens) if lo == 1 else []
        for n in range(max(2, lo), hi + 1):
            feats.extend(map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False)))
        return feats

    def transform(self, raw_documents):
        if self.stop_words is not None or not isinstance(self.analyzer, str):
            return super().transform(raw_documents)
        preprocess, tokenize = self.build_preprocessor(), self.build_tokenizer()
        get = self.vocabulary_.get
        feats = [self._analyze(doc, preprocess, tokenize) for doc in raw_documents]
        cols = [get(f, -1) for fs in feats for f in fs]
        counts = _count_matrix([len(f) for f in feats], cols, len(feats), len(self.vocabulary_),
                               self.dtype)
        return self._tfidf.transform(counts, copy=False)


class CharNgramTfidf(TfidfVectorizer):
    """`char_wb` TF-IDF that analyses each distinct word once, and remembers it.

    Character n-grams within word boundaries depend on nothing but the word, so a
    sentence's counts are the sum of its words' counts: a (sentence x word) occurrence
    matrix times a (word x n-gram) matrix. A word's n-gram indices are memoised, so in a
    long labeling run (where words repeat by Zipf's law) almost every word is a lookup.
    Features are identical to TfidfVectorizer's (a test checks).
    """

    max_cached_words = 500_000

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_word_cache", None)  # a memo, not part of the model
        return state

    def _word_features(self, word: str) -> list[int]:
        lo, hi = self.ngram_range
        padded = " " + word + " "
        size = len(padded)
        grams: list[str] = []
        for n in range(lo, hi + 1):  # the n-grams sklearn's _char_wb_ngrams makes
            if size < n:
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
            if size == n:
                break
        get = self.vocabulary_.get
        return [j for j in map(get, grams) if j is not None]

    def transform(self, raw_documents):
        preprocess = self.build_preprocessor()
        cache = self.__dict__.setdefault("_word_cache", {})
        words = [preprocess(doc).split() for doc in raw_documents]
        flat = [w for ws in words for w in ws]
        index = dict.fromkeys(flat)
        word_cols: list[int] = []
        word_lengths: list[int] = []
        for i, word in enumerate(index):
            index[word] = i
            cols = cache.get(word)
            if cols is None:
                cols = self._word_features(word)
                if len(cache) < self.max_cached_words:
                    cache[word] = cols
            word_cols.extend(cols)
            word_lengths.append(len(cols))
        occurrences = _count_matrix([len(ws) for ws in words], list(map(index.get, flat)),
                                    len(words), len(index), self.dtype)
        per_word = _count_matrix(word_lengths, word_cols, len(index), len(self.vocabulary_),
                                 self.dtype)
        return self._tfidf.transform((occurrences @ per_word).tocsr(), copy=False)


def build_pipeline(cfg: TfidfConfig) -> Pipeline:
    features = FeatureUnion([
        ("word", WordNgramTfidf(
            analyzer="word", ngram_range=tuple(cfg.word_ngrams), min_df=cfg.min_df,
            max_features=cfg.max_features, sublinear_tf=cfg.sublinear_tf, lowercase=True,
            token_pattern=r"(?u)\b\w+\b", dtype=np.float32,
        )),
        ("char", CharNgramTfidf(
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


class TfidfClassifier(Trainable):
    labels_file = WEIGHTS  # the pipeline's classes_, the order of predict_proba's columns

    def __init__(self, config: TfidfConfig | None = None, pipeline: Pipeline | None = None,
                 manifest: dict | None = None):
        super().__init__(manifest)
        self.config = config or TfidfConfig()
        self.pipeline = pipeline
        self.classes_ = [str(c) for c in pipeline.classes_] if pipeline is not None else []

    def fit(self, texts, labels, eval_texts=None, eval_labels=None) -> TfidfClassifier:
        self.pipeline = build_pipeline(self.config).fit(list(texts), list(labels))
        self.classes_ = [str(c) for c in self.pipeline.classes_]
        for _, vectorizer in self.pipeline.named_steps["features"].transformer_list:
            # numpy ints make skops write one file per vocabulary entry (minutes, 70 MB);
            # plain ints are stored as one JSON object. The cut-off terms are not needed.
            vectorizer.vocabulary_ = {t: int(i) for t, i in vectorizer.vocabulary_.items()}
            vectorizer.__dict__.pop("stop_words_", None)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self._calibrated(self.pipeline.predict_proba(list(texts)))

    def describe(self) -> str:
        return "TF-IDF word + char n-grams"

    def save(self, path: Path) -> list[str]:
        import zipfile

        import skops.io as sio

        path.mkdir(parents=True, exist_ok=True)

        # skops writes the vocabulary as indented JSON: deflate shrinks it about tenfold.
        sio.dump(self.pipeline, path / WEIGHTS, compression=zipfile.ZIP_DEFLATED)
        return [WEIGHTS]

    @classmethod
    def load(cls, path: Path, config: dict, manifest: dict | None = None) -> TfidfClassifier:
        import skops.io as sio

        file = path / WEIGHTS
        untrusted = [t for t in sio.get_untrusted_types(file=file) if t not in TRUSTED_TYPES]
        if untrusted:
            from classifier.package import PackageError

            raise PackageError(f"{file}: refusing to load unexpected types {untrusted}")
        pipeline = sio.load(file, trusted=TRUSTED_TYPES)
        return cls(TfidfConfig(**config) if config else None, pipeline, manifest)
