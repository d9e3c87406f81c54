"""Expected calibration error on hand-computed cases, and the reliability diagram."""

import numpy as np
import pytest

from classifier.evaluate.calibration import calibration_bins, expected_calibration_error


def test_perfectly_confident_and_right_has_no_error():
    proba = np.eye(3)
    bins = calibration_bins(proba, np.array([0, 1, 2]))
    assert expected_calibration_error(bins) == 0.0
    assert bins[-1].n == 3 and bins[-1].accuracy == 1.0  # a score of 1.0 is in the last bin


def test_overconfidence_is_the_gap_between_confidence_and_accuracy():
    # Four sentences at 0.8 confidence, two right: the gap is 0.3. Four at 0.55, all right:
    # the gap is 0.45. ECE weighs both bins by size: (4 * 0.3 + 4 * 0.45) / 8.
    high = [[0.8, 0.2]] * 4
    low = [[0.55, 0.45]] * 4
    proba = np.array(high + low)
    gold = np.array([0, 0, 1, 1, 0, 0, 0, 0])
    bins = calibration_bins(proba, gold, n_bins=10)
    assert [b.n for b in bins if b.n] == [4, 4]
    assert expected_calibration_error(bins) == pytest.approx((4 * 0.3 + 4 * 0.45) / 8)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="one row of probabilities per gold label"):
        calibration_bins(np.eye(3), np.array([0, 1]))
    with pytest.raises(ValueError, match="n_bins"):
        calibration_bins(np.eye(2), np.array([0, 1]), n_bins=0)


def test_reliability_diagram_is_a_png(tmp_path):
    from classifier.evaluate.plots import plot_reliability

    rng = np.random.default_rng(0)
    proba = rng.dirichlet(np.ones(5), size=200)
    bins = calibration_bins(proba, rng.integers(0, 5, size=200))
    path = tmp_path / "reliability.png"
    plot_reliability(bins, path, "random")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert not list(tmp_path.glob(".reliability*"))


def overconfident(n=400, confidence=0.97, accuracy=0.7, seed=0):
    """Rows that put `confidence` on one of 4 classes, right `accuracy` of the time."""
    rng = np.random.default_rng(seed)
    gold = rng.integers(0, 4, size=n)
    right = rng.random(n) < accuracy
    top = np.where(right, gold, (gold + 1) % 4)
    proba = np.full((n, 4), (1 - confidence) / 3)
    proba[np.arange(n), top] = confidence
    return proba, gold


def test_temperature_cools_an_overconfident_model_and_keeps_its_labels():
    from classifier.evaluate.calibration import apply_temperature, fit_temperature

    proba, gold = overconfident()
    t = fit_temperature(proba, gold)
    assert t > 1.5
    calibrated = apply_temperature(proba, t)
    assert (calibrated.argmax(axis=1) == proba.argmax(axis=1)).all()
    assert np.allclose(calibrated.sum(axis=1), 1.0, atol=1e-6)
    before = expected_calibration_error(calibration_bins(proba, gold))
    after = expected_calibration_error(calibration_bins(calibrated, gold))
    assert before > 0.2 and after < 0.05
    # An underconfident model is warmed up instead.
    timid, gold = overconfident(confidence=0.4, accuracy=0.95)
    assert fit_temperature(timid, gold) < 1.0
    assert apply_temperature(proba, 1.0) is proba


def test_a_package_keeps_its_temperature_under_checksum(tmp_path, handful):
    from classifier.backends.tfidf import TfidfClassifier
    from classifier.package import PackageError, load_model, save_model

    texts, labels = handful
    model = TfidfClassifier().fit(texts, labels)
    raw = model.predict_proba(texts)
    model.temperature = 2.5
    path = save_model(model, tmp_path / "pkg", config={})
    loaded = load_model(path)
    assert loaded.temperature == 2.5
    assert np.allclose(loaded.predict_proba(texts), model.predict_proba(texts), atol=1e-6)
    assert loaded.predict(texts) == model.predict(texts)
    assert loaded.predict_proba(texts).max(axis=1).mean() < raw.max(axis=1).mean()
    (path / "calibration.json").write_text('{"temperature": 0.01}', encoding="utf-8")
    with pytest.raises(PackageError, match="calibration.json was changed"):
        load_model(path)
    # A model whose temperature was never fitted writes no calibration file.
    model.temperature = 1.0
    plain = save_model(model, tmp_path / "plain", config={})
    assert not (plain / "calibration.json").exists() and load_model(plain).temperature == 1.0
