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
