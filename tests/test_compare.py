import copy
import json

import pytest

from classifier.cli import main
from classifier.evaluate.compare import CompareError, compare, drops, load_metrics
from classifier.report.comparison import format_json, format_markdown, format_text

LABELS = ["prevention", "prosecution", "protection", "partnership", "other"]


def model_metrics(macro_f1=0.80, accuracy=0.82, ci=(0.75, 0.85), f1=None, langs=None):
    """A hand-written model entry of metrics.json; the CI half-width is 0.05 by default."""
    f1 = f1 or {label: 0.80 for label in LABELS}
    langs = langs or {"en": 0.78, "vi": 0.82}
    return {
        "n": 200,
        "accuracy": accuracy,
        "macro_f1": macro_f1,
        "macro_f1_ci": list(ci),
        "per_label": {k: {"precision": v, "recall": v, "f1": v, "support": 40}
                      for k, v in f1.items()},
        "per_language": {k: {"macro_f1": v, "accuracy": v, "n": 100} for k, v in langs.items()},
        "per_origin": {},
        "confusion_matrix": {"labels": LABELS, "matrix": []},
        "train_seconds": 1.0,
        "eval_seconds": 0.1,
        "eval_sentences_per_second": 2000.0,
    }


def run_doc(models, fingerprint="sha256:aaaa", labels=LABELS, name="run"):
    return {"run": {"name": name, "created": "2026-01-01T00:00:00+00:00",
                    "data_fingerprint": fingerprint, "labels": list(labels)},
            "models": models}


def write(tmp_path, name, doc, as_dir=False):
    """Write `doc` as a metrics.json; return the file's path, or its folder's with as_dir."""
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "metrics.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(folder if as_dir else path)


@pytest.fixture
def base():
    return run_doc({"tfidf": model_metrics()})


def test_improvement_is_shown_and_marked(tmp_path, base, capsys):
    better = copy.deepcopy(base)
    better["models"]["tfidf"].update(macro_f1=0.87, accuracy=0.83)  # 0.87 > CI high 0.85
    a, b = write(tmp_path, "a", base), write(tmp_path, "b", better)

    assert main(["compare", a, b]) == 0
    out = capsys.readouterr().out
    macro = next(line for line in out.splitlines() if line.startswith("macro-F1 [95% CI]"))
    assert "0.800 [0.750, 0.850]" in macro and macro.endswith("+0.070 *")
    accuracy = next(line for line in out.splitlines() if line.startswith("accuracy"))
    assert accuracy.endswith("+0.010")  # within the 0.05 yardstick: no mark
    assert "WARNING" not in out

    cmp = compare(load_metrics(a), load_metrics(b))
    rows = {r.metric: r for r in cmp.rows}
    assert rows["macro_f1"].delta == pytest.approx(0.07) and rows["macro_f1"].outside is True
    assert rows["accuracy"].outside is False
    assert drops(cmp, "macro_f1", 0.0) == []


def test_marks_use_the_interval_and_its_half_width(base):
    b = copy.deepcopy(base)
    m = b["models"]["tfidf"]
    m["macro_f1"] = 0.84  # inside A's [0.75, 0.85]
    m["per_label"]["prevention"]["f1"] = 0.86  # +0.06 > half-width 0.05
    m["per_label"]["other"]["f1"] = 0.84  # +0.04 <= 0.05
    m["per_language"]["vi"]["macro_f1"] = 0.70  # -0.12
    rows = {r.metric: r for r in compare(base, b).rows}
    assert rows["macro_f1"].outside is False
    assert rows["f1:prevention"].outside is True
    assert rows["f1:other"].outside is False
    assert rows["lang:vi"].outside is True
    assert compare(base, b).yardsticks["tfidf"] == pytest.approx(0.05)


def test_regression_beyond_tolerance_fails(tmp_path, base, capsys):
    worse = copy.deepcopy(base)
    worse["models"]["tfidf"]["macro_f1"] = 0.765
    a, b = write(tmp_path, "a", base), write(tmp_path, "b", worse)

    assert main(["compare", a, b, "--fail-on-drop", "0.02"]) == 1
    captured = capsys.readouterr()
    assert "-0.035" in captured.out
    assert "'tfidf'" in captured.err and "macro_f1" in captured.err
    assert "dropped by 0.0350" in captured.err
    assert "Traceback" not in captured.err


def test_regression_on_a_chosen_metric(tmp_path, base, capsys):
    worse = copy.deepcopy(base)
    worse["models"]["tfidf"]["per_language"]["vi"]["macro_f1"] = 0.72
    worse["models"]["tfidf"]["per_label"]["prevention"]["f1"] = 0.70
    a, b = write(tmp_path, "a", base), write(tmp_path, "b", worse)

    assert main(["compare", a, b, "--fail-on-drop", "0.02"]) == 0  # macro_f1 unchanged
    assert main(["compare", a, b, "--fail-on-drop", "0.05", "--metric", "lang:vi"]) == 1
    assert "lang:vi dropped by 0.1000" in capsys.readouterr().err
    assert main(["compare", a, b, "--fail-on-drop", "0.05", "--metric", "f1:prevention"]) == 1
    assert "f1:prevention dropped by 0.1000" in capsys.readouterr().err
    assert main(["compare", a, b, "--fail-on-drop", "0.05", "--metric", "accuracy"]) == 0


def test_regression_within_tolerance_passes(tmp_path, base, capsys):
    worse = copy.deepcopy(base)
    worse["models"]["tfidf"]["macro_f1"] = 0.79
    a, b = write(tmp_path, "a", base), write(tmp_path, "b", worse)
    assert main(["compare", a, b, "--fail-on-drop", "0.02"]) == 0
    captured = capsys.readouterr()
    assert "-0.010" in captured.out and captured.err == ""
    # a drop of exactly the tolerance passes, float noise notwithstanding
    worse["models"]["tfidf"]["macro_f1"] = 0.78
    assert drops(compare(base, worse), "macro_f1", 0.02) == []


def test_model_on_one_side_is_added_or_removed(tmp_path, base, capsys):
    other = run_doc({"transformer": model_metrics(macro_f1=0.5)})
    a, b = write(tmp_path, "a", base), write(tmp_path, "b", other)

    assert main(["compare", a, b, "--fail-on-drop", "0.01", "--allow-missing"]) == 0
    out = capsys.readouterr().out
    assert "tfidf (removed: only in A)" in out
    assert "transformer (added: only in B)" in out
    assert "Added models (only in B): transformer" in out
    assert "Removed models (only in A): tfidf" in out
    cmp = compare(load_metrics(a), load_metrics(b))
    assert cmp.added_models == ["transformer"] and cmp.removed_models == ["tfidf"]
    assert {r.status for r in cmp.rows_of("tfidf")} == {"removed"}
    assert {r.status for r in cmp.rows_of("transformer")} == {"added"}


def test_metric_on_one_side_is_added_or_removed(base, tmp_path, capsys):
    b = copy.deepcopy(base)
    del b["models"]["tfidf"]["per_language"]["en"]
    b["models"]["tfidf"]["per_language"]["fr"] = {"macro_f1": 0.7, "accuracy": 0.7, "n": 50}
    rows = {r.metric: r for r in compare(base, b).rows}
    assert rows["lang:en"].status == "removed" and rows["lang:en"].delta is None
    assert rows["lang:fr"].status == "added"
    pa, pb = write(tmp_path, "a", base), write(tmp_path, "b", b)
    assert main(["compare", pa, pb, "--fail-on-drop", "0", "--metric", "lang:en",
                 "--allow-missing"]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith("macro-F1 language en") and line.endswith("removed")
               for line in out.splitlines())
    assert any(line.startswith("macro-F1 language fr") and line.endswith("added")
               for line in out.splitlines())


def test_gate_fails_when_b_lost_a_model(tmp_path, base, capsys):
    b = run_doc({"transformer": model_metrics()})
    a_doc = run_doc({"tfidf": model_metrics(), "transformer": model_metrics()})
    pa, pb = write(tmp_path, "a", a_doc), write(tmp_path, "b", b)
    assert main(["compare", pa, pb, "--fail-on-drop", "0.02"]) == 1
    err = capsys.readouterr().err
    assert "FAIL: model 'tfidf' is in A but missing from B" in err
    assert main(["compare", pa, pb, "--fail-on-drop", "0.02", "--allow-missing"]) == 0
    # A model new in B is not a failure.
    assert main(["compare", pb, pa, "--fail-on-drop", "0.02"]) == 0


def test_gate_fails_when_b_lost_a_label_or_the_watched_metric(tmp_path, base, capsys):
    b = copy.deepcopy(base)
    del b["models"]["tfidf"]["per_label"]["partnership"]
    del b["models"]["tfidf"]["per_language"]["vi"]
    pa, pb = write(tmp_path, "a", base), write(tmp_path, "b", b)
    assert main(["compare", pa, pb, "--fail-on-drop", "0.02"]) == 1
    err = capsys.readouterr().err
    assert "label 'partnership' is in A but missing from B" in err
    assert "lang:vi" not in err  # a language is only judged when it is the watched metric
    assert main(["compare", pa, pb, "--fail-on-drop", "0.02", "--metric", "lang:vi"]) == 1
    assert "model 'tfidf': lang:vi is in A but missing from B" in capsys.readouterr().err
    assert drops(compare(base, b), "macro_f1", 0.02, allow_missing=True) == []


def test_allow_missing_needs_the_gate(tmp_path, base, capsys):
    a = write(tmp_path, "a", base)
    assert main(["compare", a, a, "--allow-missing"]) == 2
    assert "--allow-missing" in capsys.readouterr().err


def test_evaluate_output_is_accepted(tmp_path, base, capsys):
    """The one-model file of `classifier evaluate --out` compares with a run's metrics."""
    single = dict(model_metrics(macro_f1=0.70), model="tfidf")
    path = tmp_path / "eval.json"
    path.write_text(json.dumps(single), encoding="utf-8")
    doc = load_metrics(path)
    assert list(doc["models"]) == ["tfidf"] and doc["run"]["labels"] == LABELS
    a = write(tmp_path, "a", base)
    assert main(["compare", a, str(path), "--fail-on-drop", "0.02"]) == 1
    assert "model 'tfidf': macro_f1 dropped by 0.1000" in capsys.readouterr().err
    # Without a 'model' key (older files) the model is named after the file.
    del single["model"]
    path.write_text(json.dumps(single), encoding="utf-8")
    assert list(load_metrics(path)["models"]) == ["eval"]


def test_unknown_gate_metric_is_an_error(tmp_path, base, capsys):
    a = write(tmp_path, "a", base)
    assert main(["compare", a, a, "--fail-on-drop", "0.02", "--metric", "lang:xx"]) == 2
    assert "lang:xx" in capsys.readouterr().err
    assert main(["compare", a, a, "--fail-on-drop", "0.02", "--metric", "f2"]) == 2
    assert "unknown metric 'f2'" in capsys.readouterr().err
    assert main(["compare", a, a, "--metric", "accuracy"]) == 2
    assert "--fail-on-drop" in capsys.readouterr().err


def test_mismatched_runs_are_flagged(tmp_path, base, capsys):
    other = run_doc(copy.deepcopy(base["models"]), fingerprint="sha256:bbbb",
                    labels=[*LABELS[:4], "rescue"])
    a, b = write(tmp_path, "a", base), write(tmp_path, "b", other)
    for fmt in ("text", "md"):
        assert main(["compare", a, b, "--format", fmt]) == 0
        out = capsys.readouterr().out
        table = out.index("| metric |") if fmt == "md" else out.index("metric ")
        warnings = [line for line in out[:table].splitlines() if "WARNING:" in line]
        assert len(warnings) == 2
        assert "sha256:aaaa" in warnings[0] and "sha256:bbbb" in warnings[0]
        assert "only in A: other" in warnings[1] and "only in B: rescue" in warnings[1]
    assert main(["compare", a, b, "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["warnings"]) == 2
    assert compare(base, copy.deepcopy(base)).warnings == []


def test_run_folder_and_metrics_file_are_both_accepted(tmp_path, base, capsys):
    folder = write(tmp_path, "a", base, as_dir=True)
    file = write(tmp_path, "b", base)
    assert load_metrics(folder) == load_metrics(file) == base
    assert main(["compare", folder, file]) == 0
    out = capsys.readouterr().out
    assert f"A: {folder} (run 'run'" in out and f"B: {file} (run 'run'" in out


def test_all_formats(tmp_path, base, capsys):
    better = copy.deepcopy(base)
    better["models"]["tfidf"]["macro_f1"] = 0.87
    a, b = write(tmp_path, "a", base), write(tmp_path, "b", better)
    cmp = compare(load_metrics(a), load_metrics(b), a_source=a, b_source=b)

    data = json.loads(format_json(cmp))
    macro = data["models"]["tfidf"]["metrics"]["macro_f1"]
    assert macro["a"] == 0.8 and macro["b"] == 0.87
    assert macro["delta"] == pytest.approx(0.07) and macro["outside_interval"] is True
    assert macro["a_ci"] == [0.75, 0.85]
    assert data["models"]["tfidf"]["metrics"]["lang:vi"]["delta"] == 0
    assert data["models"]["tfidf"]["yardstick"] == pytest.approx(0.05)
    assert data["a"]["source"] == a and data["warnings"] == []

    md = format_markdown(cmp)
    lines = md.splitlines()
    assert "| metric | A | B | change |" in lines
    assert lines[lines.index("| metric | A | B | change |") + 1] == "|---|---:|---:|---:|"
    assert "| macro-F1 [95% CI] | 0.800 [0.750, 0.850] | 0.870 [0.750, 0.850] | +0.070 \\* |" \
        in lines

    text = format_text(cmp)
    assert "|" not in text and "+0.070 *" in text

    out_file = tmp_path / "out" / "cmp.json"
    assert main(["compare", a, b, "--format", "json", "--out", str(out_file)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert json.loads(out_file.read_text(encoding="utf-8")) == data
    assert main(["compare", a, b, "--format", "md"]) == 0
    assert capsys.readouterr().out == md


def test_identical_runs_have_zero_deltas(tmp_path, base):
    cmp = compare(base, copy.deepcopy(base))
    assert all(r.delta == 0 and r.outside is False for r in cmp.rows)
    assert "+" not in format_text(cmp).split("\n\n")[1]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file or folder"),
        ("{not json", "not valid JSON"),
        ('{"run": {}}', "no 'models' section and no 'macro_f1'"),
        ("[1, 2]", "no 'models' section"),
        ('{"models": []}', "models: expected an object"),
        ('{"models": {"m": {"macro_f1": "high"}}}', "models.m.macro_f1: expected a number"),
        ('{"models": {"m": {"macro_f1_ci": [0.1]}}}', "models.m.macro_f1_ci"),
        ('{"models": {"m": {"per_label": {"x": {}}}}}', "models.m.per_label.x"),
    ],
)
def test_bad_input_names_the_file(tmp_path, base, capsys, content, message):
    good = write(tmp_path, "good", base)
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    with pytest.raises(CompareError, match=message):
        load_metrics(bad)
    for argv in (["compare", good, str(bad)], ["compare", str(bad), good]):
        assert main(argv) == 2
        captured = capsys.readouterr()
        assert captured.err.startswith(f"error: {bad}: ")
        assert message in captured.err and "Traceback" not in captured.err
        assert captured.out == ""


def test_run_folder_without_metrics_is_an_error(tmp_path, base, capsys):
    good = write(tmp_path, "good", base)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["compare", str(empty), good]) == 2
    assert f"error: {empty}: folder has no metrics.json" in capsys.readouterr().err


def test_bad_tolerance_is_a_usage_error(tmp_path, base, capsys):
    a = write(tmp_path, "a", base)
    with pytest.raises(SystemExit) as exc:
        main(["compare", a, a, "--fail-on-drop", "-0.1"])
    assert exc.value.code == 2
    assert "at least 0" in capsys.readouterr().err
