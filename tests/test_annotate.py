"""Choosing sentences for a person to label, writing them as tasks, and importing the labels
back into the corpus (`classifier select`, `classifier data import-annotations`)."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from classifier.annotate.importing import corpus_id
from classifier.annotate.select import STRATEGIES, SelectError, Task, select, text_sha256
from classifier.annotate.tasks import AnnotationError, label_config, read_annotations
from classifier.backends.tfidf import TfidfClassifier
from classifier.cli import main
from classifier.data.corpus import load_corpus
from classifier.package import save_model

LABELS = ["other", "partnership", "prevention", "prosecution", "protection"]
WORDS = ("police", "shelter", "schools", "treaty", "weather", "courts", "hotline", "budget",
         "border", "survey", "nurses", "brokers", "fishing", "mining", "visas")


def task(i: int, score: float, predicted: str = "other", text: str | None = None,
         margin: float | None = None) -> Task:
    return Task(doc="d", path="d.txt", doc_sha256="0" * 64, index=i, start=0, end=1,
                lang="en", text=text or " ".join(WORDS[(i * k) % len(WORDS)] for k in
                                                 (1, 2, 3, 5, 7)) + f" {i}.",
                prev="", next="", predicted=predicted, score=score,
                margin=score - 0.1 if margin is None else margin)


# ------------------------------------------------------------------------ strategies


def test_uncertainty_takes_the_least_confident():
    pool = [task(i, s) for i, s in enumerate([0.9, 0.3, 0.8, 0.4, 0.99, 0.5])]
    assert [t.score for t in select(pool, 3, "uncertainty")] == [0.3, 0.4, 0.5]


def test_margin_takes_the_closest_two_labels():
    pool = [task(0, 0.5, margin=0.4), task(1, 0.9, margin=0.05), task(2, 0.4, margin=0.3)]
    assert [t.index for t in select(pool, 2, "margin")] == [1, 2]


def test_random_is_seeded_and_spread():
    pool = [task(i, 0.5) for i in range(200)]
    first = [t.index for t in select(pool, 20, "random", seed=1)]
    assert first == [t.index for t in select(pool, 20, "random", seed=1)]
    assert first != [t.index for t in select(pool, 20, "random", seed=2)]
    assert max(first) > 100  # not the head of the stream


def test_near_duplicates_are_taken_once():
    same = "Police arrested 12 suspects in Hanoi on Monday."
    pool = [task(0, 0.2, text=same), task(1, 0.21, text=same.replace("12", "15")),
            task(2, 0.22, text=same.upper()), task(3, 0.5, text="A shelter opened.")]
    assert [t.index for t in select(pool, 3, "uncertainty")] == [0, 3]


def test_min_per_label_keeps_a_rare_topic():
    pool = [task(i, 0.2 + i / 100, "other") for i in range(10)]
    pool.append(task(50, 0.95, "partnership"))
    assert all(t.predicted == "other" for t in select(pool, 3, "uncertainty"))
    chosen = select(pool, 3, "uncertainty", min_per_label=1)
    assert {t.predicted for t in chosen} == {"other", "partnership"} and len(chosen) == 3


def test_diverse_spreads_over_the_text_space():
    # Six variants of one uncertain sentence and three different ones: uncertainty takes
    # the variants that its near-duplicate check lets through; diverse reaches the others.
    variants = [task(i, 0.30 + i / 1000, text=f"The court in district {c} convicted the "
                     f"broker of trafficking offences after a long trial.")
                for i, c in enumerate("ABCDEF")]
    others = [task(10, 0.45, text="Volunteers ran hotline training for consular staff."),
              task(11, 0.46, text="Ministers signed a memorandum on border cooperation."),
              task(12, 0.47, text="Schools taught pupils about fake job adverts online.")]
    diverse = select(variants + others, 4, "diverse")
    assert sum(t.index >= 10 for t in diverse) >= 2


@pytest.mark.parametrize("n,strategy,k", [(0, "uncertainty", 0), (5, "smart", 0),
                                          (5, "margin", -1), (True, "margin", 0)])
def test_bad_selection_arguments_are_refused(n, strategy, k):
    with pytest.raises(SelectError):
        select([task(0, 0.5)], n, strategy, k)


# ------------------------------------------------------------------------ the command


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, handful):
    model = TfidfClassifier().fit(*handful)
    return save_model(model, tmp_path_factory.mktemp("pkg") / "tfidf", config={})


REPORT = ("Police arrested five brokers and charged them with trafficking.\n\n"
          "A new shelter gives rescued women medical and legal aid.\n\n"
          "Schools ran awareness campaigns about fake job offers.\n\n"
          "The two ministries signed a memorandum on joint border work.\n\n"
          "The weather was mild for the season.")


REPORT_B = ("Prosecutors charged a recruiter who confiscated passports of factory workers.\n\n"
            "Legal aid lawyers helped survivors claim unpaid wages in court.\n\n"
            "A radio series warned young people about online job scams.\n\n"
            "Both provinces agreed to share data on missing persons each month.\n\n"
            "The report runs to forty pages.")


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_text(REPORT, encoding="utf-8")
    (folder / "b.txt").write_text(REPORT_B, encoding="utf-8")
    return folder


def _annotate(tasks_path: Path, labels: dict[int, str | list[str]]) -> Path:
    """A Label Studio export: `labels` by task id (a list: several annotators)."""
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    for t in tasks:
        given = labels.get(t["id"])
        if given is None:
            continue
        t["annotations"] = [{"id": k, "was_cancelled": False, "result": [
            {"from_name": "label", "to_name": "text", "type": "choices",
             "value": {"choices": [label]}}]}
            for k, label in enumerate([given] if isinstance(given, str) else given)]
    out = tasks_path.with_name("export.json")
    out.write_text(json.dumps(tasks), encoding="utf-8")
    return out


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parents[1] / "data" / "corpus", data / "corpus")
    (data / "labeled").mkdir()
    for path in sorted((Path(__file__).parents[1] / "data" / "labeled").glob("*.jsonl"))[:3]:
        shutil.copy(path, data / "labeled")
    return data


def _select(model_dir, reports, out, *extra) -> list[dict]:
    assert main(["select", str(model_dir), str(reports), "-n", "6", "--out", str(out),
                 "--quiet", *extra]) == 0
    return json.loads(out.read_text(encoding="utf-8")) if out.suffix == ".json" else []


def test_label_studio_tasks_carry_context_offsets_and_a_pre_annotation(model_dir, reports,
                                                                       tmp_path):
    tasks = _select(model_dir, reports, tmp_path / "tasks.json")
    assert len(tasks) == 6
    for t in tasks:
        data = t["data"]
        text = (reports / Path(data["path"]).name).read_text(encoding="utf-8")
        assert text[data["start"]:data["end"]] == data["text"]
        assert data["doc_sha256"] == text_sha256(text)
        assert data["prev"] in ("", *text.split("\n\n")) and data["next"] in ("",
                                                                             *text.split("\n\n"))
        (prediction,) = t["predictions"]
        assert prediction["result"][0]["value"]["choices"] == [data["predicted"]]
        assert prediction["score"] == pytest.approx(data["score"], abs=1e-6)
    scores = [t["data"]["score"] for t in tasks]
    assert scores == sorted(scores)  # least confident first


def test_the_labeling_config_names_the_task_fields(model_dir, capsys):
    assert main(["select", str(model_dir), "--label-studio-config"]) == 0
    config = capsys.readouterr().out
    assert config == label_config(LABELS)
    for name in ('value="$text"', 'value="$prev"', 'value="$next"', 'name="label"',
                 'toName="text"', *(f'<Choice value="{c}"/>' for c in LABELS)):
        assert name in config


def test_round_trip_into_the_corpus_and_training_data(model_dir, reports, tmp_path):
    tasks = _select(model_dir, reports, tmp_path / "tasks.json")
    data = _data(tmp_path)
    before = load_corpus(data)
    chosen = {t["id"]: ("other" if i % 2 else "prosecution") for i, t in enumerate(tasks[:4])}
    assert main(["data", "import-annotations", str(_annotate(tmp_path / "tasks.json",
                                                              chosen)),
                 "--to", str(data)]) == 0
    after = load_corpus(data)
    added = [s for s in after.sentences if s.origin == "annotated"]
    assert len(added) == 4 and len(after.sentences) == len(before.sentences) + 4
    by_text = {t["data"]["text"]: chosen[t["id"]] for t in tasks[:4]}
    assert {s.text: s.label for s in added} == by_text
    for doc in {s.doc for s in added}:  # partly labeled: every sentence in the text
        text = (data / "corpus" / f"{doc}.txt").read_text(encoding="utf-8")
        assert text in (REPORT, REPORT_B)
        assert all(text[s.start:s.end] == s.text for s in added if s.doc == doc)
    # A second import of the same file changes nothing; the splits take the new origin.
    assert main(["data", "import-annotations", str(tmp_path / "export.json"), "--to",
                 str(data)]) == 0
    assert len(load_corpus(data).sentences) == len(after.sentences)


def test_csv_tasks_filled_in_a_spreadsheet(model_dir, reports, tmp_path):
    out = tmp_path / "tasks.csv"
    _select(model_dir, reports, out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 6 and all(r["label"] == "" for r in rows)
    rows[0]["label"], rows[2]["label"] = "protection", "partnership"
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    annotations = read_annotations(out)
    assert [a.label for a in annotations] == ["protection", "partnership"]
    data = _data(tmp_path)
    assert main(["data", "import-annotations", str(out), "--to", str(data)]) == 0
    assert sum(s.origin == "annotated" for s in load_corpus(data).sentences) == 2


def _refused(export: Path, data: Path, capsys) -> str:
    manifest = (data / "corpus" / "manifest.jsonl").read_text(encoding="utf-8")
    labeled = sorted(p.name for p in (data / "labeled").iterdir())
    assert main(["data", "import-annotations", str(export), "--to", str(data)]) == 2
    # Nothing half-imported: the manifest and the labeled files are as they were.
    assert (data / "corpus" / "manifest.jsonl").read_text(encoding="utf-8") == manifest
    assert sorted(p.name for p in (data / "labeled").iterdir()) == labeled
    return capsys.readouterr().err


def test_refusals_name_the_file_the_task_and_the_reason(model_dir, reports, tmp_path,
                                                        capsys):
    tasks = _select(model_dir, reports, tmp_path / "tasks.json")
    data = _data(tmp_path)
    ids = [t["id"] for t in tasks]
    err = _refused(_annotate(tmp_path / "tasks.json", {ids[0]: "trafficking",
                                                      ids[1]: ["other", "protection"],
                                                      ids[2]: "other"}), data, capsys)
    assert f"export.json, task {ids[0]}: unknown label 'trafficking'" in err
    assert f"export.json, task {ids[1]}: conflicting labels ['other', 'protection']" in err
    # A document edited since selection.
    export = _annotate(tmp_path / "tasks.json", {i: "other" for i in ids})
    edited = Path(tasks[0]["data"]["path"])
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nOne more line.",
                      encoding="utf-8")
    err = _refused(export, data, capsys)
    assert f"task {ids[0]}: document {edited} changed since selection" in err
    assert "nothing was imported" in err


def test_stale_offsets_and_clashes_with_the_corpus_are_refused(model_dir, reports,
                                                               tmp_path, capsys):
    tasks = _select(model_dir, reports, tmp_path / "tasks.json")
    data = _data(tmp_path)
    first = tasks[0]
    first["data"]["start"] += 1  # offsets that no longer point at the sentence
    (tmp_path / "tasks.json").write_text(json.dumps(tasks), encoding="utf-8")
    err = _refused(_annotate(tmp_path / "tasks.json", {first["id"]: "other"}), data, capsys)
    assert f"task {first['id']}: offsets" in err and "no longer match" in err
    first["data"]["start"] -= 1
    (tmp_path / "tasks.json").write_text(json.dumps(tasks), encoding="utf-8")
    assert main(["data", "import-annotations", str(_annotate(tmp_path / "tasks.json",
                                                              {first["id"]: "other"})),
                 "--to", str(data)]) == 0
    err = _refused(_annotate(tmp_path / "tasks.json", {first["id"]: "protection"}), data,
                   capsys)
    assert "conflicting labels" in err and "'other' in" in err


def test_stdin_and_bad_outputs_are_refused_before_any_work(model_dir, reports, tmp_path,
                                                          capsys):
    for args, message in ((["-", "--out", str(tmp_path / "t.json")], "not stdin"),
                          ([str(reports), "--out", str(tmp_path / "t.xlsx")],
                           "unsupported format"),
                          ([str(reports), "--out", str(tmp_path / "t.json"),
                            "--min-per-label", "-1"], "min_per_label")):
        assert main(["select", str(model_dir), *args]) == 2
        assert message in capsys.readouterr().err
    assert not list(tmp_path.glob("t.*"))


def test_not_an_export_is_refused(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"tasks": []}', encoding="utf-8")
    with pytest.raises(AnnotationError, match="a list of tasks"):
        read_annotations(bad)
    bad.write_text('[{"id": 3, "data": {"text": "x"}, "annotations": [{"result": [{'
                   '"from_name": "label", "value": {"choices": ["other"]}}]}]}]',
                   encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"task 3: no 'doc' field"):
        read_annotations(bad)


def test_corpus_ids_are_stable_and_safe():
    assert corpus_id("/x/Báo cáo 2024.pdf", "ab" * 32) == "a-Báo-cáo-2024-abababab"
    assert corpus_id("/x/../", "cd" * 32).startswith("a-")


def test_every_strategy_runs_from_the_command(model_dir, reports, tmp_path):
    for strategy in STRATEGIES:
        out = tmp_path / f"{strategy}.json"
        assert len(_select(model_dir, reports, out, "--strategy", strategy)) == 6


def test_rebuilding_from_drafts_keeps_annotated_documents(model_dir, reports, tmp_path):
    from classifier.data.drafts import import_drafts

    tasks = _select(model_dir, reports, tmp_path / "tasks.json")
    data = _data(tmp_path)
    assert main(["data", "import-annotations", str(_annotate(tmp_path / "tasks.json",
                                                              {tasks[0]["id"]: "other"})),
                 "--to", str(data)]) == 0
    drafts = sorted((Path(__file__).parents[1] / "data" / "drafts" / "written").rglob("*.txt"))
    import_drafts(drafts[:2], data)
    manifest = [json.loads(x) for x in
                (data / "corpus" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sum(m["origin"] == "annotated" for m in manifest) == 1


def test_task_fields_survive_a_round_trip_through_csv():
    t = replace(task(3, 0.25), prev="Before.", next="After.")
    assert t == replace(t)


def test_training_takes_the_imported_sentences(model_dir, reports, tmp_path):
    """select -> annotations -> import-annotations -> train: the annotated sentences are
    training data (or test data, by their document's split), and nothing else of their
    documents is."""
    from classifier.config import load_config
    from classifier.train.run import load_data, train

    tasks = _select(model_dir, reports, tmp_path / "tasks.json")
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parents[1] / "data" / "corpus", data / "corpus")
    shutil.copytree(Path(__file__).parents[1] / "data" / "labeled", data / "labeled")
    export = _annotate(tmp_path / "tasks.json", {t["id"]: "protection" for t in tasks})
    assert main(["data", "import-annotations", str(export), "--to", str(data)]) == 0
    cfg = load_config("configs/default.yaml", [
        f"data.dir={data}", f"run.output_dir={tmp_path / 'runs'}", "run.name=adapted",
        "transformer.enabled=false", "export.onnx=false", "export.int8=false",
        "evaluation.bootstrap=100", "tfidf.char_ngrams=[2, 3]"])
    rows = [s for split in load_data(cfg.data).splits.values() for s in split]
    annotated = [s for s in rows if s.origin == "annotated"]
    assert sorted(s.text for s in annotated) == sorted(t["data"]["text"] for t in tasks)
    result = train(cfg)
    assert (result.run_dir / "models" / "tfidf" / "classifier.json").is_file()
