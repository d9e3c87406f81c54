"""Writing never deletes what a user owns, and a package cannot emit wrong labels.

Output folders: a package or run folder replaces an existing folder only if that folder is
one of ours (a package, a run), holds nothing else, and the user asked for it
(`--overwrite`, `run.overwrite`); everything else is refused before any work, with nothing
deleted. Labels: the manifest is not covered by its own checksums, so its labels must
equal those of the checksummed weights (skops classes_, config.json id2label).
"""

import json
import shutil
from pathlib import Path

import pytest

import train as train_script
from classifier.backends.onnx_export import export_onnx
from classifier.backends.tfidf import TfidfClassifier
from classifier.backends.transformer import TransformerClassifier
from classifier.cli import main
from classifier.config import TransformerConfig, load_config
from classifier.io import atomic_dir
from classifier.package import (
    OutputExistsError,
    PackageError,
    load_model,
    package_guard,
    save_model,
)

NOTES = "my notes: do not lose these\n"


def user_folder(path: Path) -> Path:
    """A folder of the user's, with a file the tools never wrote."""
    path.mkdir(parents=True)
    (path / "notes.txt").write_text(NOTES, encoding="utf-8")
    return path


def no_temp_left(folder: Path) -> bool:
    return not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def edit_manifest(package: Path, change) -> None:
    path = package / "classifier.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def swap_first_two(labels: list[str]) -> None:
    labels[0], labels[1] = labels[1], labels[0]


@pytest.fixture(scope="module")
def packages(tmp_path_factory, handful, tiny_transformer):
    """One package per backend; tests copy them before changing anything."""
    texts, labels = handful
    root = tmp_path_factory.mktemp("packages")
    tfidf = save_model(TfidfClassifier().fit(texts, labels), root / "tfidf", config={})
    cfg = TransformerConfig(model=str(tiny_transformer), epochs=2, batch_size=4,
                            max_length=32, seed=3)
    transformer = save_model(TransformerClassifier(cfg).fit(texts, labels),
                             root / "transformer",
                             config={"transformer": {"max_length": 32}}, card="# tiny\n")
    onnx = export_onnx(transformer, root / "onnx-int8", int8=True)
    return {"tfidf": tfidf, "transformer": transformer, "onnx": onnx}


def copy_of(packages, backend: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(packages[backend], tmp_path / f"copy-{backend}"))


# -- export: never into a folder that is not ours, ours only with --overwrite ---------------

def test_cli_export_refuses_a_users_folder_even_with_overwrite(packages, tmp_path, capsys):
    out = user_folder(tmp_path / "existing")
    for extra in ([], ["--overwrite"]):
        code = main(["export", str(packages["transformer"]), "--onnx", "--out", str(out),
                     *extra])
        err = capsys.readouterr().err
        assert code == 2
        assert f"{out}: already exists and is not a model package" in err
        assert "nothing was changed" in err and "choose another --out" in err
        assert len(err.strip().splitlines()) == 1
        assert (out / "notes.txt").read_text(encoding="utf-8") == NOTES
        assert [p.name for p in out.iterdir()] == ["notes.txt"]
        assert no_temp_left(tmp_path)


def test_cli_export_replaces_a_package_only_with_overwrite(packages, tmp_path, capsys):
    out = tmp_path / "onnx"
    assert main(["export", str(packages["transformer"]), "--onnx", "--out", str(out)]) == 0
    before = (out / "classifier.json").read_bytes()
    capsys.readouterr()

    args = ["export", str(packages["transformer"]), "--onnx", "--int8", "--out", str(out)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"{out}: already holds a model package; pass --overwrite to replace it" in err
    assert (out / "classifier.json").read_bytes() == before

    assert main([*args, "--overwrite"]) == 0
    manifest = json.loads((out / "classifier.json").read_text(encoding="utf-8"))
    assert manifest["config"]["onnx"]["int8"] is True
    assert load_model(out).backend == "onnx"
    assert no_temp_left(tmp_path)


def test_overwrite_refuses_a_package_holding_a_users_file(packages, tmp_path):
    out = export_onnx(packages["transformer"], tmp_path / "onnx")
    (out / "notes.txt").write_text(NOTES, encoding="utf-8")
    before = (out / "classifier.json").read_bytes()
    with pytest.raises(OutputExistsError, match=r"files that are not part of it \(notes.txt\)"):
        export_onnx(packages["transformer"], out, overwrite=True)
    assert (out / "notes.txt").read_text(encoding="utf-8") == NOTES
    assert (out / "classifier.json").read_bytes() == before


def test_export_checks_the_output_before_any_work(tmp_path, monkeypatch):
    """The refusal comes first: even a missing source is not looked at, nor torch loaded."""
    import classifier.backends.onnx_export

    def fail(*_args, **_kwargs):
        raise AssertionError("export work started before the output was checked")

    monkeypatch.setattr(classifier.backends.onnx_export, "read_manifest", fail)
    out = user_folder(tmp_path / "existing")
    with pytest.raises(OutputExistsError, match="not a model package"):
        export_onnx(tmp_path / "no-such-package", out, overwrite=True)
    assert (out / "notes.txt").is_file()


def test_export_fills_an_empty_folder(packages, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    export_onnx(packages["transformer"], out)
    assert load_model(out).classes_ == load_model(packages["transformer"]).classes_


def test_export_never_writes_over_or_into_its_source(packages, tmp_path):
    source = copy_of(packages, "transformer", tmp_path)
    before = sorted(p.name for p in source.iterdir())
    for out in (source, source / "onnx"):
        with pytest.raises(OutputExistsError, match="is the package being exported"):
            export_onnx(source, out, overwrite=True)
    assert sorted(p.name for p in source.iterdir()) == before
    load_model(source)


# -- save_model and the atomic folder ------------------------------------------------------

def test_save_model_replaces_a_package_only_when_asked(packages, tmp_path, handful):
    model = TfidfClassifier().fit(*handful)
    path = save_model(model, tmp_path / "m", config={})
    with pytest.raises(OutputExistsError, match="already holds a model package"):
        save_model(model, path, config={})
    save_model(model, path, config={"note": "second"}, overwrite=True)
    assert load_model(path).manifest["config"] == {"note": "second"}
    mine = user_folder(tmp_path / "mine")
    with pytest.raises(OutputExistsError, match="is not a model package"):
        save_model(model, mine, config={}, overwrite=True)
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    assert no_temp_left(tmp_path)


def test_a_folder_that_appears_during_the_work_is_not_replaced(tmp_path):
    """The guard is asked again just before the swap: the user may have made the folder."""
    path = tmp_path / "out"
    with pytest.raises(OutputExistsError, match="not a model package"):
        with atomic_dir(path, guard=package_guard(True)) as tmp:
            (tmp / "weights.bin").write_bytes(b"\0")
            user_folder(path)
    assert [p.name for p in path.iterdir()] == ["notes.txt"]
    assert no_temp_left(tmp_path)


def test_a_file_in_the_way_is_not_replaced(tmp_path, handful):
    path = tmp_path / "model"
    path.write_text(NOTES, encoding="utf-8")
    with pytest.raises(OutputExistsError, match="is not a model package"):
        save_model(TfidfClassifier().fit(*handful), path, config={}, overwrite=True)
    assert path.read_text(encoding="utf-8") == NOTES


# -- training: never into a folder that is not a run, a run only with run.overwrite --------

def tfidf_config(out: Path, *more: str):
    return load_config("configs/tfidf.yaml", [
        f"run.output_dir={out}", "run.name=mine", "data.max_train_sentences=150",
        "tfidf.char_ngrams=[2, 3]", "evaluation.bootstrap=20", *more])


@pytest.fixture
def no_training(monkeypatch):
    """Fail the test if training gets as far as reading the data."""
    import classifier.train.run

    def fail(*_args, **_kwargs):
        raise AssertionError("training started before the run folder was checked")

    monkeypatch.setattr(classifier.train.run, "load_corpus", fail)


def test_train_refuses_a_folder_that_is_not_a_run(tmp_path, capsys, no_training):
    folder = user_folder(tmp_path / "mine")
    args = ["train", "configs/tfidf.yaml", f"--set=run.output_dir={tmp_path}",
            "--set=run.name=mine"]
    for extra in ([], ["--overwrite"]):
        assert main([*args, *extra]) == 2
        err = capsys.readouterr().err
        assert f"{folder}: already exists and is not a training run" in err
        assert "choose another run.name or run.output_dir" in err
        assert [p.name for p in folder.iterdir()] == ["notes.txt"]
        assert (folder / "notes.txt").read_text(encoding="utf-8") == NOTES
    assert no_temp_left(tmp_path)


def test_train_replaces_an_earlier_run_only_with_overwrite(tmp_path, monkeypatch, capsys):
    from classifier.train.run import train

    first = train(tfidf_config(tmp_path))
    before = {p.name: p.read_bytes() for p in first.run_dir.iterdir() if p.is_file()}

    import classifier.train.run

    real_load_corpus = classifier.train.run.load_corpus

    def fail(*_args, **_kwargs):
        raise AssertionError("training started before the run folder was checked")

    monkeypatch.setattr(classifier.train.run, "load_corpus", fail)
    with pytest.raises(OutputExistsError, match=r"already holds a training run; set "
                                                r"run\.overwrite=true"):
        train(tfidf_config(tmp_path, "tfidf.C=1.0"))
    assert {p.name: p.read_bytes() for p in first.run_dir.iterdir() if p.is_file()} == before

    # A user's file inside the run: even run.overwrite does not delete it.
    (first.run_dir / "notes.txt").write_text(NOTES, encoding="utf-8")
    with pytest.raises(OutputExistsError, match=r"files that are not part of it \(notes.txt\)"):
        train(tfidf_config(tmp_path, "tfidf.C=1.0", "run.overwrite=true"))
    (first.run_dir / "notes.txt").unlink()

    monkeypatch.setattr(classifier.train.run, "load_corpus", real_load_corpus)
    argv = train_script.parse(["--config", "configs/tfidf.yaml",
                               "--set", f"run.output_dir={tmp_path}", "--set", "run.name=mine",
                               "--set", "data.max_train_sentences=150",
                               "--set", "tfidf.char_ngrams=[2, 3]",
                               "--set", "evaluation.bootstrap=20", "--set", "tfidf.C=1.0",
                               "--overwrite"])
    assert main(argv) == 0
    capsys.readouterr()
    saved = load_config(first.run_dir / "config.yaml")
    assert saved.tfidf.C == 1.0
    assert saved.run.overwrite is False  # rerunning a saved config must ask again
    load_model(first.run_dir / "models" / "tfidf")
    assert no_temp_left(tmp_path)


def test_train_fills_an_empty_folder(tmp_path):
    from classifier.train.run import train

    (tmp_path / "mine").mkdir()
    result = train(tfidf_config(tmp_path))
    assert (result.run_dir / "metrics.json").is_file()


# -- labels: from the checksummed weights, the manifest's copy cross-checked ---------------

LABEL_SOURCE = {"tfidf": "model.skops", "transformer": "config.json", "onnx": "config.json"}


@pytest.mark.parametrize("backend", ["tfidf", "transformer", "onnx"])
def test_swapped_manifest_labels_are_refused(backend, packages, tmp_path):
    path = copy_of(packages, backend, tmp_path)
    labels = load_model(path).classes_
    edit_manifest(path, lambda m: swap_first_two(m["labels"]))
    with pytest.raises(PackageError) as err:
        load_model(path)
    message = str(err.value)
    assert f"{path / 'classifier.json'}: labels" in message
    assert str(path / LABEL_SOURCE[backend]) in message
    assert str(labels) in message and str([labels[1], labels[0], *labels[2:]]) in message
    assert len(message.splitlines()) == 1
    with pytest.raises(PackageError, match="do not match"):
        load_model(path, verify=False)


@pytest.mark.parametrize("backend", ["tfidf", "transformer", "onnx"])
def test_renamed_manifest_label_is_refused(backend, packages, tmp_path):
    path = copy_of(packages, backend, tmp_path)

    def rename(manifest):
        manifest["labels"] = ["rescue" if x == "prevention" else x for x in manifest["labels"]]

    edit_manifest(path, rename)
    with pytest.raises(PackageError, match=r"classifier.json: labels \[.*'rescue'.*\] do not "
                                           r"match the labels"):
        load_model(path)


def test_onnx_labels_come_from_its_checksummed_config(packages, tmp_path):
    """The issue's case: both manifest copies swapped made the ONNX package mislabel."""
    path = copy_of(packages, "onnx", tmp_path)
    manifest = json.loads((path / "classifier.json").read_text(encoding="utf-8"))
    assert "config.json" in manifest["files"]
    id2label = json.loads((path / "config.json").read_text(encoding="utf-8"))["id2label"]
    assert manifest["labels"] == [id2label[str(i)] for i in range(len(id2label))]

    edit_manifest(path, lambda m: swap_first_two(m["config"]["onnx"]["labels"]))
    with pytest.raises(PackageError, match="config.onnx.labels"):
        load_model(path)
    edit_manifest(path, lambda m: swap_first_two(m["labels"]))
    with pytest.raises(PackageError, match="do not match"):
        load_model(path)


def test_changed_label_file_is_refused(packages, tmp_path):
    path = copy_of(packages, "onnx", tmp_path)
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    config["id2label"]["0"], config["id2label"]["1"] = (config["id2label"]["1"],
                                                        config["id2label"]["0"])
    (path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(PackageError, match="config.json was changed"):
        load_model(path)


def test_onnx_package_without_checksummed_labels_is_refused(packages, tmp_path):
    """An ONNX package from before config.json was packaged: its labels prove nothing."""
    path = copy_of(packages, "onnx", tmp_path)
    (path / "config.json").unlink()
    edit_manifest(path, lambda m: m["files"].pop("config.json"))
    with pytest.raises(PackageError, match="config.json, which holds this onnx package's "
                                           "labels, is not among the checksummed files"):
        load_model(path)


def test_export_refuses_swapped_manifest_labels(packages, tmp_path, capsys):
    source = copy_of(packages, "transformer", tmp_path)
    edit_manifest(source, lambda m: swap_first_two(m["labels"]))
    out = tmp_path / "onnx"
    with pytest.raises(PackageError, match="refusing to export it"):
        export_onnx(source, out)
    assert not out.exists() and no_temp_left(tmp_path)
    assert main(["export", str(source), "--onnx", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{source / 'classifier.json'}: labels" in err and str(source / "config.json") in err


GOOD_MANIFEST = {"format_version": 1, "backend": "tfidf", "labels": ["other", "protection"],
                 "config": {"tfidf": {}}, "files": {"model.skops": "0" * 64}}


@pytest.mark.parametrize(("manifest", "key"), [
    ([1, 2], "expected a JSON object, got list"),
    ({**GOOD_MANIFEST, "files": ["model.skops"]}, '"files" must be an object of file name'),
    ({**GOOD_MANIFEST, "files": {"model.skops": 5}}, '"files" must be an object of file name'),
    ({**GOOD_MANIFEST, "files": None}, '"files" must be an object of file name'),
    ({**GOOD_MANIFEST, "config": 5}, '"config" must be an object'),
    ({**GOOD_MANIFEST, "config": {"tfidf": [1]}}, '"config.tfidf" must be an object'),
    ({**GOOD_MANIFEST, "labels": "x"}, '"labels" must be a list of strings'),
    ({**GOOD_MANIFEST, "labels": [1, 2]}, '"labels" must be a list of strings'),
    ({**GOOD_MANIFEST, "backend": ["tfidf"]}, '"backend" must be a string'),
], ids=["list", "files-list", "files-digest", "files-null", "config", "config-section",
         "labels-string", "labels-ints", "backend"])
def test_a_malformed_manifest_is_refused_by_name(manifest, key, tmp_path, capsys):
    """A hand-edited manifest of the wrong shape is a one-line error naming the file and the
    key, not a traceback from deep inside loading."""
    path = tmp_path / "m"
    path.mkdir()
    (path / "classifier.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(PackageError) as err:
        load_model(path)
    assert str(err.value).startswith(f"{path / 'classifier.json'}: {key}")
    assert len(str(err.value).splitlines()) == 1
    labeled = tmp_path / "labeled.jsonl"
    labeled.write_text('{"text": "The report was released.", "label": "other"}\n',
                       encoding="utf-8")
    assert main(["evaluate", str(path), str(labeled)]) == 2
    assert key in capsys.readouterr().err


def test_a_well_formed_manifest_gets_past_the_shape_check(tmp_path):
    (tmp_path / "classifier.json").write_text(json.dumps(GOOD_MANIFEST), encoding="utf-8")
    with pytest.raises(PackageError, match="refusing to load: missing file model.skops"):
        load_model(tmp_path)
