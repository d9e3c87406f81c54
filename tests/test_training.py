"""A whole run, end to end, on the starter corpus with a tiny transformer."""

import json

import pytest

from classifier.cli import main
from classifier.config import load_config
from classifier.train.run import train

METRIC_KEYS = {"accuracy", "macro_f1", "macro_f1_ci", "per_label", "per_language",
               "confusion_matrix"}


@pytest.fixture(scope="module")
def run(tmp_path_factory, tiny_transformer):
    out = tmp_path_factory.mktemp("runs")
    cfg = load_config("configs/default.yaml", [
        f"run.output_dir={out}", "run.name=smoke", "data.max_train_sentences=200",
        f"transformer.model={tiny_transformer}", "transformer.epochs=2",
        "transformer.max_length=48", "tfidf.char_ngrams=[2, 4]", "evaluation.bootstrap=200",
    ])
    return train(cfg)


def test_run_folder_holds_everything_listed(run):
    d = run.run_dir
    for name in ("config.yaml", "metrics.json", "run.json", "report.md",
                 "confusion_tfidf.png", "confusion_transformer.png"):
        assert (d / name).is_file(), name
    assert (d / "confusion_tfidf.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for backend in ("tfidf", "transformer", "onnx", "onnx-int8"):
        assert (d / "models" / backend / "classifier.json").is_file()
        assert (d / "models" / backend / "README.md").is_file()
    assert not [p for p in d.parent.iterdir() if p.name.startswith(".")], "temp folder left"


def test_scores_are_calibrated_on_validation_and_exports_share_the_temperature(run):
    from classifier.package import load_model

    models = run.run_dir / "models"
    temperatures = {name: load_model(models / name).temperature
                    for name in ("tfidf", "transformer", "onnx", "onnx-int8")}
    assert all(t > 0 for t in temperatures.values())
    assert temperatures["onnx"] == temperatures["onnx-int8"] == temperatures["transformer"]
    assert json.loads((models / "transformer" / "calibration.json").read_text())[
        "temperature"] == temperatures["transformer"]


def test_metrics_json_schema(run):
    doc = json.loads((run.run_dir / "metrics.json").read_text())
    assert doc["run"]["data_fingerprint"].startswith("sha256:")
    assert set(doc["models"]) == {"tfidf", "transformer", "onnx", "onnx-int8"}
    assert doc["models"]["onnx"]["agreement_with_torch"] >= 0.99
    for m in doc["models"].values():
        assert METRIC_KEYS <= set(m)
        lo, hi = m["macro_f1_ci"]
        assert lo <= m["macro_f1"] <= hi
        assert {"en", "fr", "vi"} <= set(m["per_language"])
        assert m["eval_sentences_per_second"] > 0 and m["train_seconds"] > 0
    info = json.loads((run.run_dir / "run.json").read_text())
    assert "torch" in info["library_versions"] and "scikit-learn" in info["library_versions"]
    assert len(info["timings"]["transformer"]["epochs"]) == 2


def test_report_puts_models_side_by_side(run):
    report = (run.run_dir / "report.md").read_text()
    assert "| metric | tfidf | transformer | onnx | onnx-int8 |" in report
    assert "macro-F1 [95% CI]" in report


def test_saved_config_reproduces_the_run_config(run):
    cfg = load_config(run.run_dir / "config.yaml")
    assert cfg.run.name == "smoke" and cfg.transformer.epochs == 2
    assert cfg.run.overwrite is False


def test_a_whole_run_is_recognised_and_rerun_only_with_overwrite(run):
    """Everything a run writes (all four packages included) counts as the run's own, so
    run.overwrite may replace it; without it, rerunning refuses before any training."""
    from classifier.package import OutputExistsError
    from classifier.train.run import foreign_run_files

    assert foreign_run_files(run.run_dir) == []
    cfg = load_config(run.run_dir / "config.yaml")
    with pytest.raises(OutputExistsError, match="already holds a training run"):
        train(cfg)


def test_cli_evaluate_scores_saved_model(run, tmp_path, capsys):
    data = tmp_path / "labeled.jsonl"
    rows = [{"text": "Police arrested five brokers.", "label": "prosecution"},
            {"text": "Des refuges ont ouvert pour les victimes.", "label": "protection"}]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "m.json"
    model = run.run_dir / "models" / "tfidf"
    assert main(["evaluate", str(model), str(data), "--out", str(out)]) == 0
    metrics = json.loads(out.read_text())
    assert metrics["n"] == 2 and set(metrics["per_language"]) == {"en", "fr"}
    rows.append({"text": "x y z", "label": "rescue"})
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert main(["evaluate", str(model), str(data)]) == 2
    assert "labels unknown to the model: rescue" in capsys.readouterr().err
    data.write_text('{"text": "no label"}\n', encoding="utf-8")
    assert main(["evaluate", str(model), str(data)]) == 2
    assert f"{data}:1: expected an object" in capsys.readouterr().err
