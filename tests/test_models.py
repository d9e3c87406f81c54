"""Both backends learn, save, reload and predict the same through one interface."""

import json

import numpy as np
import pytest

from classifier.backends.tfidf import TfidfClassifier
from classifier.backends.transformer import TransformerClassifier, length_grouped_batches
from classifier.config import TfidfConfig
from classifier.package import PackageError, load_model, save_model


@pytest.fixture(scope="module")
def trained_tfidf(handful):
    texts, labels = handful
    return TfidfClassifier(TfidfConfig(C=100.0)).fit(texts, labels)


@pytest.fixture
def trained_transformer(handful, tiny_transformer_config):
    texts, labels = handful
    return TransformerClassifier(tiny_transformer_config).fit(texts, labels, texts, labels)


def test_tfidf_overfits_a_handful(trained_tfidf, handful):
    texts, labels = handful
    assert trained_tfidf.predict(texts) == labels
    proba = trained_tfidf.predict_proba(texts)
    assert proba.shape == (10, 5) and np.allclose(proba.sum(axis=1), 1)
    assert sorted(trained_tfidf.classes_) == sorted(set(labels))


def test_transformer_overfits_a_handful(trained_transformer, handful):
    texts, labels = handful
    assert trained_transformer.predict(texts) == labels
    assert trained_transformer.history[-1]["val_macro_f1"] == 1.0


def test_transformer_batched_equals_one_by_one(trained_transformer, handful):
    texts, _ = handful
    batched = trained_transformer.predict_proba(texts)
    single = np.vstack([trained_transformer.predict_proba([t]) for t in texts])
    np.testing.assert_allclose(batched, single, atol=1e-5)


@pytest.mark.parametrize("which", ["tfidf", "transformer"])
def test_package_round_trip_gives_identical_predictions(which, request, handful, tmp_path):
    model = request.getfixturevalue(f"trained_{which}")
    texts, _ = handful
    path = save_model(model, tmp_path / which, config={}, data_fingerprint="sha256:x",
                      languages=["en"], card="# card\n")
    loaded = load_model(path)
    assert loaded.classes_ == model.classes_
    assert loaded.predict(texts) == model.predict(texts)
    np.testing.assert_allclose(loaded.predict_proba(texts), model.predict_proba(texts),
                               atol=1e-6)
    manifest = json.loads((path / "classifier.json").read_text())
    assert manifest["backend"] == which and manifest["languages"] == ["en"]
    assert manifest["labels"] == loaded.classes_ == sorted(set(handful[1]))
    assert "README.md" in manifest["files"]


def test_tampered_package_is_refused(trained_tfidf, tmp_path):
    path = save_model(trained_tfidf, tmp_path / "m", config={})
    weights = path / "model.skops"
    weights.write_bytes(weights.read_bytes() + b"\0")
    with pytest.raises(PackageError, match="model.skops was changed"):
        load_model(path)
    weights.unlink()
    with pytest.raises(PackageError, match="missing file model.skops"):
        load_model(path)


def test_unknown_format_and_backend_are_refused(trained_tfidf, tmp_path):
    path = save_model(trained_tfidf, tmp_path / "m", config={})
    manifest_path = path / "classifier.json"
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "format_version": 99}))
    with pytest.raises(PackageError, match="unknown format_version 99"):
        load_model(path)
    manifest_path.write_text(json.dumps({**manifest, "backend": "magic"}))
    with pytest.raises(PackageError, match="unknown backend 'magic'"):
        load_model(path)
    with pytest.raises(PackageError, match="not a model package"):
        load_model(tmp_path)


def test_length_grouped_batches_cover_everything_once():
    import random

    lengths = [random.Random(i).randint(1, 60) for i in range(100)]
    batches = length_grouped_batches(lengths, 8, random.Random(0))
    flat = sorted(i for b in batches for i in b)
    assert flat == list(range(100))
    assert all(len(b) <= 8 for b in batches)


@pytest.mark.parametrize(
    "kwargs",
    [dict(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b"),
     dict(analyzer="word", ngram_range=(2, 3)),
     dict(analyzer="char_wb", ngram_range=(2, 5)),
     dict(analyzer="char_wb", ngram_range=(1, 3))],
)
def test_fast_vectorizers_equal_scikit_learn(kwargs):
    """The batched vectorizers are an optimisation only: features must be the same."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from classifier.backends.tfidf import CharNgramTfidf, WordNgramTfidf
    from tests.conftest import HANDFUL

    texts = [t for t, _ in HANDFUL]
    unseen = ["Les refuges ont accueilli 4.100 victimes.", "a", "", "Cảnh sát đã bắt giữ"]
    fast_cls = WordNgramTfidf if kwargs["analyzer"] == "word" else CharNgramTfidf
    fast = fast_cls(sublinear_tf=True, **kwargs).fit(texts)
    ref = TfidfVectorizer(sublinear_tf=True, **kwargs).fit(texts)
    for batch in (texts + unseen, unseen, texts[:1], texts):  # the last with the memo warm
        got, want = fast.transform(batch), ref.transform(batch)
        assert got.nnz == want.nnz
        assert abs(got - want).max() < 1e-9  # equal up to the order of float additions
