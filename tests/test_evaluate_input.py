"""`classifier evaluate` refuses a malformed labeled file before any model work."""

from __future__ import annotations

import json

import pytest

import classifier.package
from classifier.backends.tfidf import TfidfClassifier
from classifier.cli import main
from classifier.package import save_model


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, handful):
    model = TfidfClassifier().fit(*handful)
    return save_model(model, tmp_path_factory.mktemp("pkg") / "tfidf", config={})


def write_rows(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


GOOD = {"text": "Police arrested five brokers and charged them.", "label": "prosecution"}


@pytest.mark.parametrize(("lang", "shown"), [(5, "5"), (True, "true"), (["en"], '["en"]'),
                                             ({"code": "en"}, '{"code": "en"}')])
def test_lang_must_be_a_string(model_dir, tmp_path, capsys, monkeypatch, lang, shown):
    def no_model(*args, **kwargs):
        raise AssertionError("the model was loaded before the file was checked")

    monkeypatch.setattr(classifier.package, "load_model", no_model)
    data = write_rows(tmp_path / "gold.jsonl", [GOOD, {**GOOD, "lang": lang}])
    assert main(["evaluate", str(model_dir), str(data)]) == 2
    err = capsys.readouterr().err
    assert f"{data}:2: 'lang' must be a string language code, got {shown}" in err
    assert "Traceback" not in err


def test_string_or_null_lang_is_accepted(model_dir, tmp_path, capsys):
    data = write_rows(tmp_path / "gold.jsonl", [
        {**GOOD, "lang": "en"}, {**GOOD, "lang": None},
        {"text": "A new shelter gives rescued women medical aid.", "label": "protection"},
    ])
    assert main(["evaluate", str(model_dir), str(data)]) == 0
    assert "macro" in capsys.readouterr().out.lower()


def test_evaluate_out_feeds_compare_and_its_gate(model_dir, tmp_path, capsys):
    """`compare` takes what `evaluate --out` writes; the model is named after its package."""
    data = write_rows(tmp_path / "gold.jsonl", [
        GOOD, {"text": "A new shelter gives rescued women medical aid.", "label": "protection"},
    ])
    out = tmp_path / "eval.json"
    assert main(["evaluate", str(model_dir), str(data), "--out", str(out)]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["model"] == "tfidf" and written["data_fingerprint"].startswith("sha256:")
    capsys.readouterr()
    assert main(["compare", str(out), str(out), "--fail-on-drop", "0"]) == 0
    assert "tfidf" in capsys.readouterr().out


def test_evaluate_a_folder_of_labeled_files(model_dir, tmp_path, capsys):
    """A data folder (its labeled/*.jsonl) scores like the same rows in one file."""
    folder = tmp_path / "held-out" / "labeled"
    folder.mkdir(parents=True)
    write_rows(folder / "a.jsonl", [GOOD])
    write_rows(folder / "b.jsonl", [
        {"text": "A new shelter gives rescued women medical aid.", "label": "protection"}])
    single = write_rows(tmp_path / "all.jsonl", [
        GOOD, {"text": "A new shelter gives rescued women medical aid.", "label": "protection"}])
    out_dir, out_file = tmp_path / "dir.json", tmp_path / "file.json"
    assert main(["evaluate", str(model_dir), str(folder.parent), "--out", str(out_dir)]) == 0
    assert main(["evaluate", str(model_dir), str(single), "--out", str(out_file)]) == 0
    by_dir = json.loads(out_dir.read_text(encoding="utf-8"))
    by_file = json.loads(out_file.read_text(encoding="utf-8"))
    assert by_dir["n"] == 2 and by_dir["macro_f1"] == by_file["macro_f1"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["evaluate", str(model_dir), str(empty)]) == 2
    assert "no *.jsonl files" in capsys.readouterr().err
