import json

import numpy as np
import pytest
from sklearn.metrics import f1_score

from classifier.data.corpus import LABELS
from classifier.evaluate.metrics import evaluate_predictions, macro_f1_from_counts
from classifier.evaluate.plots import plot_confusion_matrix
from classifier.report.metric_tables import format_metrics_table

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYS = {
    "n",
    "accuracy",
    "macro_f1",
    "macro_f1_ci",
    "per_label",
    "per_language",
    "per_origin",
    "confusion_matrix",
}

# Rows = true, columns = predicted, both in LABELS order:
# prevention, prosecution, protection, partnership, other.
KNOWN_MATRIX = [
    [3, 1, 0, 0, 0],  # prevention: 3 right, 1 called prosecution
    [0, 2, 2, 0, 0],  # prosecution: 2 right, 2 called protection
    [1, 0, 1, 0, 0],  # protection: 1 right, 1 called prevention
    [0, 0, 0, 0, 0],  # partnership: never true ...
    [0, 0, 0, 1, 1],  # other: 1 right, 1 called partnership (... but predicted once)
]


def pairs_from_matrix(matrix):
    y_true, y_pred = [], []
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            y_true += [LABELS[i]] * count
            y_pred += [LABELS[j]] * count
    return y_true, y_pred


def noisy_data(n, seed, accuracy=0.7):
    """Random gold labels over all LABELS; a prediction is right with prob. `accuracy`."""
    rng = np.random.default_rng(seed)
    t = rng.integers(0, len(LABELS), n)
    p = np.where(rng.random(n) < accuracy, t, rng.integers(0, len(LABELS), n))
    langs = rng.choice(["en", "fr", "es"], n)
    origins = rng.choice(["source", "written"], n)
    return (
        [LABELS[i] for i in t],
        [LABELS[i] for i in p],
        [str(x) for x in langs],
        [str(x) for x in origins],
    )


def test_known_confusion_matrix_gives_hand_computed_metrics():
    y_true, y_pred = pairs_from_matrix(KNOWN_MATRIX)
    m = evaluate_predictions(y_true, y_pred, LABELS, n_bootstrap=50)

    assert set(m) == KEYS
    assert m["n"] == 12
    assert m["confusion_matrix"] == {"labels": list(LABELS), "matrix": KNOWN_MATRIX}
    # correct = diagonal = 3 + 2 + 1 + 0 + 1 = 7 of 12
    assert m["accuracy"] == pytest.approx(7 / 12)

    # precision = TP / column sum, recall = TP / row sum, F1 = 2PR / (P + R)
    expected = {
        # TP 3; predicted 3 + 1 (from protection) = 4; support 4
        "prevention": (3 / 4, 3 / 4, 3 / 4, 4),
        # TP 2; predicted 1 + 2 = 3; support 4: F1 = 2*(2/3)*(1/2) / (2/3 + 1/2) = 4/7
        "prosecution": (2 / 3, 2 / 4, 4 / 7, 4),
        # TP 1; predicted 2 + 1 = 3; support 2: F1 = 2*(1/3)*(1/2) / (1/3 + 1/2) = 2/5
        "protection": (1 / 3, 1 / 2, 2 / 5, 2),
        # TP 0; predicted 1; support 0: precision 0, recall 0/0 -> 0, F1 0
        "partnership": (0.0, 0.0, 0.0, 0),
        # TP 1; predicted 1; support 2: F1 = 2*1*(1/2) / (1 + 1/2) = 2/3
        "other": (1.0, 1 / 2, 2 / 3, 2),
    }
    for label, (precision, recall, f1, support) in expected.items():
        got = m["per_label"][label]
        assert got["precision"] == pytest.approx(precision), label
        assert got["recall"] == pytest.approx(recall), label
        assert got["f1"] == pytest.approx(f1), label
        assert got["support"] == support, label

    # Every label counts in the mean, the zero-support partnership too.
    assert m["macro_f1"] == pytest.approx((3 / 4 + 4 / 7 + 2 / 5 + 0 + 2 / 3) / 5)
    assert m["per_language"] == {} and m["per_origin"] == {}
    json.dumps(m)


def test_perfect_predictions_score_one_with_degenerate_interval():
    y = [label for label in LABELS for _ in range(20)]
    m = evaluate_predictions(y, y, LABELS, langs=["en"] * len(y), origins=["source"] * len(y))
    assert m["accuracy"] == 1.0
    assert m["macro_f1"] == 1.0
    assert m["macro_f1_ci"] == [1.0, 1.0]
    assert all(v["f1"] == 1.0 for v in m["per_label"].values())
    assert m["per_language"] == {"en": {"macro_f1": 1.0, "accuracy": 1.0, "n": 100}}


def test_labels_absent_everywhere_count_as_zero_overall_and_per_group():
    # Perfect predictions, but "en" only uses 2 of the 5 labels, "fr" 4 of them.
    y = ["prevention", "other", "prevention", "prosecution", "protection", "partnership"]
    langs = ["en", "en", "fr", "fr", "fr", "fr"]
    m = evaluate_predictions(y, y, LABELS, langs=langs, n_bootstrap=10)
    assert m["per_label"]["other"]["f1"] == 1.0
    assert m["macro_f1"] == 1.0  # all 5 labels occur in the full set
    assert m["per_language"]["en"]["macro_f1"] == pytest.approx(2 / 5)  # (1 + 1 + 0 + 0 + 0) / 5
    assert m["per_language"]["fr"]["macro_f1"] == pytest.approx(4 / 5)
    assert m["per_language"]["en"]["accuracy"] == 1.0

    without_other = evaluate_predictions(y[2:], y[2:], LABELS, n_bootstrap=10)
    assert without_other["per_label"]["other"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "support": 0,
    }
    assert without_other["macro_f1"] == pytest.approx(4 / 5)


def test_interval_contains_estimate_and_narrows_with_more_data():
    y_true, y_pred, _, _ = noisy_data(300, seed=1)
    small = evaluate_predictions(y_true, y_pred, LABELS, seed=3)
    big = evaluate_predictions(y_true * 10, y_pred * 10, LABELS, seed=3)

    for m in (small, big):
        low, high = m["macro_f1_ci"]
        assert low < m["macro_f1"] < high
    # Same point estimate, but 10x the data: width shrinks by about sqrt(10) ~ 3.2.
    assert big["macro_f1"] == pytest.approx(small["macro_f1"])
    small_width = small["macro_f1_ci"][1] - small["macro_f1_ci"][0]
    big_width = big["macro_f1_ci"][1] - big["macro_f1_ci"][0]
    assert big_width < small_width / 2


def test_interval_is_reproducible_and_depends_on_seed():
    y_true, y_pred, _, _ = noisy_data(200, seed=2)
    a = evaluate_predictions(y_true, y_pred, LABELS, n_bootstrap=200, seed=7)
    b = evaluate_predictions(y_true, y_pred, LABELS, n_bootstrap=200, seed=7)
    c = evaluate_predictions(y_true, y_pred, LABELS, n_bootstrap=200, seed=8)
    assert a["macro_f1_ci"] == b["macro_f1_ci"]
    assert a["macro_f1_ci"] != c["macro_f1_ci"]


def test_counts_based_macro_f1_matches_sklearn():
    rng = np.random.default_rng(0)
    k = len(LABELS)
    for _ in range(20):
        n = int(rng.integers(1, 30))  # small, so some labels are often missing entirely
        t = rng.integers(0, k, n)
        p = rng.integers(0, k, n)
        counts = np.bincount(t * k + p, minlength=k * k).reshape(k, k)
        expected = f1_score(t, p, labels=list(range(k)), average="macro", zero_division=0)
        assert macro_f1_from_counts(counts) == pytest.approx(expected)


def test_per_language_and_origin_equal_evaluating_subsets():
    y_true, y_pred, langs, origins = noisy_data(400, seed=5)
    m = evaluate_predictions(y_true, y_pred, LABELS, langs=langs, origins=origins, n_bootstrap=20)

    for key, groups in (("per_language", langs), ("per_origin", origins)):
        assert sorted(m[key]) == sorted(set(groups))
        for g, got in m[key].items():
            idx = [i for i, x in enumerate(groups) if x == g]
            sub = evaluate_predictions(
                [y_true[i] for i in idx], [y_pred[i] for i in idx], LABELS, n_bootstrap=1
            )
            assert got == {
                "macro_f1": pytest.approx(sub["macro_f1"]),
                "accuracy": pytest.approx(sub["accuracy"]),
                "n": sub["n"],
            }
    assert sum(v["n"] for v in m["per_language"].values()) == 400
    json.dumps(m)


@pytest.mark.parametrize("which", ["y_true", "y_pred"])
def test_unknown_label_is_named(which):
    y_true = ["prevention", "protection"]
    y_pred = ["prevention", "protection"]
    {"y_true": y_true, "y_pred": y_pred}[which][1] = "trafficking"
    with pytest.raises(ValueError, match=f"{which}.*trafficking"):
        evaluate_predictions(y_true, y_pred, LABELS)


def test_bad_shapes_raise():
    with pytest.raises(ValueError, match="1 items but y_pred has 2"):
        evaluate_predictions(["other"], ["other", "other"], LABELS)
    with pytest.raises(ValueError, match="nothing to evaluate"):
        evaluate_predictions([], [], LABELS)
    with pytest.raises(ValueError, match="langs has 1 items"):
        evaluate_predictions(["other", "other"], ["other", "other"], LABELS, langs=["en"])


def test_plot_writes_valid_png_atomically(tmp_path):
    y_true, y_pred = pairs_from_matrix(KNOWN_MATRIX)
    m = evaluate_predictions(y_true, y_pred, LABELS, n_bootstrap=10)
    out = tmp_path / "plots" / "confusion.png"
    plot_confusion_matrix(m, out, "baseline / test")

    assert out.read_bytes()[:8] == PNG_SIGNATURE
    assert out.stat().st_size > 1000
    assert [p.name for p in out.parent.iterdir()] == ["confusion.png"]  # no .tmp left


def test_table_compares_models():
    y_true, y_pred, langs, origins = noisy_data(300, seed=6)
    a = evaluate_predictions(y_true, y_pred, LABELS, langs=langs, origins=origins, n_bootstrap=100)
    keep = [i for i, lang in enumerate(langs) if lang != "es"]
    b = evaluate_predictions(
        [y_true[i] for i in keep],
        [y_true[i] for i in keep],  # perfect
        LABELS,
        langs=[langs[i] for i in keep],
        n_bootstrap=100,
    )
    table = format_metrics_table({"tfidf-logreg": a, "xlm-r": b})

    lines = table.strip().splitlines()
    assert lines[0] == "| metric | tfidf-logreg | xlm-r |"
    ci = a["macro_f1_ci"]
    assert f"{a['macro_f1']:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]" in table
    assert "1.000 [1.000, 1.000]" in table
    for label in LABELS:
        assert any(line.startswith(f"| F1 {label} |") for line in lines)
    es_row = next(line for line in lines if line.startswith("| macro-F1 language es |"))
    es = a["per_language"]["es"]
    assert es_row.endswith(f"| {es['macro_f1']:.3f} (n={es['n']}) | – |")
    source_row = next(line for line in lines if line.startswith("| macro-F1 origin source |"))
    assert source_row.endswith("| – |")  # model b was evaluated without origins
    assert all(line.count("|") == 4 for line in lines)
