"""Batch labeling: every input and output format, skipped files, atomic outputs, streaming."""

import csv
import json

import pyarrow.parquet as pq
import pytest

import classifier
from classifier.backends.tfidf import TfidfClassifier
from classifier.cli import main
from classifier.package import save_model
from classifier.predict import label_documents
from tests.test_inputs import make_docx, para

REPORT = ("Police dismantle trafficking ring\n\nPolice arrested five brokers and charged them "
          "with trafficking. A new shelter gives rescued women medical and legal aid.\n")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, handful):
    model = TfidfClassifier().fit(*handful)
    return save_model(model, tmp_path_factory.mktemp("pkg") / "tfidf", config={})


@pytest.fixture
def inbox(tmp_path):
    """A folder of mixed reports, with one empty and one binary file among them."""
    box = tmp_path / "inbox"
    (box / "sub").mkdir(parents=True)
    (box / "a.txt").write_text(REPORT, encoding="utf-8")
    (box / "b.md").write_text("# Campaign\n\nSchools ran awareness campaigns about fake job "
                              "offers.\n", encoding="utf-8")
    (box / "sub" / "c.html").write_text(
        "<html><head><style>p{}</style></head><body><h1>Deal</h1><p>The two ministries "
        "signed a memorandum on joint border work.</p><script>x()</script></body></html>",
        encoding="utf-8")
    make_docx(box / "d.docx", para("The court sentenced the ring leader to twelve years."))
    (box / "empty.txt").write_bytes(b"")
    (box / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    return box


def read_rows(path):
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    return pq.read_table(path).to_pylist()


@pytest.mark.parametrize("ext", [".jsonl", ".csv", ".parquet"])
def test_predict_folder_into_each_format(model_dir, inbox, tmp_path, capsys, ext):
    out, summary, html = tmp_path / f"out{ext}", tmp_path / f"summary{ext}", tmp_path / "r.html"
    code = main(["predict", str(model_dir), str(inbox), "--out", str(out), "--summary",
                 str(summary), "--html", str(html), "--quiet"])
    assert code == 1  # two files were skipped
    err = capsys.readouterr()
    assert "2 file(s) skipped" in err.err
    assert "empty.txt: empty file" in err.err and "blob.txt: binary file" in err.err
    rows = read_rows(out)
    docs = {r["doc"] for r in rows}
    assert len(docs) == 4 and not any("empty" in d or "blob" in d for d in docs)
    first = rows[0]
    for key in ("doc", "index", "start", "end", "lang", "text", "label", "score",
                "p_prosecution"):
        assert key in first
    assert not any(r["text"] == "x()" for r in rows)  # html script dropped
    sums = read_rows(summary)
    assert len(sums) == 4 and all(int(s["sentences"]) > 0 for s in sums)
    shares = [float(s[f"share_{c}"]) for s in sums[:1] for c in classifier.load(model_dir).classes_]
    assert abs(sum(shares) - 1) < 1e-6
    assert "document" in err.out  # the console summary table
    assert "Police arrested five brokers" in html.read_text(encoding="utf-8")


def test_rows_point_back_into_the_document(model_dir, tmp_path):
    src = tmp_path / "r.txt"
    src.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["predict", str(model_dir), str(src), "--out", str(out), "--quiet"]) == 0
    for row in read_rows(out):
        assert REPORT[row["start"] : row["end"]] == row["text"]


def test_strict_stops_and_writes_nothing(model_dir, inbox, tmp_path):
    out = tmp_path / "o.jsonl"
    code = main(["predict", str(model_dir), str(inbox / "a.txt"), str(inbox / "empty.txt"),
                 str(inbox / "b.md"), "--out", str(out), "--strict", "--quiet"])
    assert code == 2  # bad input: nothing was done (1 is for work done with skipped inputs)
    assert not out.exists() and not list(tmp_path.glob(".o.jsonl*"))


def test_stdin(model_dir, tmp_path, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORT.encode())))
    out = tmp_path / "o.jsonl"
    assert main(["predict", str(model_dir), "-", "--out", str(out), "--quiet"]) == 0
    assert {r["doc"] for r in read_rows(out)} == {"stdin"}


def same_rows(a: list[dict], b: list[dict], tol: float = 1e-5) -> bool:
    """Equal rows, probabilities up to float32 rounding: BLAS sums a batch of one in a
    different order than a batch of many, so the last bit may differ (labels may not)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x.keys() != y.keys():
            return False
        for k, v in x.items():
            w = y[k]
            if isinstance(v, float) and isinstance(w, float):
                if abs(v - w) > tol:
                    return False
            elif v != w:
                return False
    return True


def test_chunked_equals_all_at_once(model_dir):
    model = classifier.load(model_dir)
    docs = [(f"d{i}", REPORT) for i in range(7)]
    one = [d.sentences for d in label_documents(model, docs, chunk_size=1)]
    many = [d.sentences for d in label_documents(model, docs, chunk_size=10_000)]
    assert len(one) == len(many) == 7
    assert all(same_rows(x, y) for x, y in zip(one, many, strict=True))
    texts = [s["text"] for d in one for s in d]
    assert [s["label"] for d in one for s in d] == model.predict(texts)


def test_label_documents_on_loaded_package(model_dir):
    model = classifier.load(model_dir)
    (doc,) = list(model.label_documents([REPORT]))
    assert len(doc.sentences) == 3
    assert abs(sum(doc.shares(model.classes_).values()) - 1) < 1e-9


def test_transformer_package_batched_equals_one_by_one(tmp_path, handful,
                                                       tiny_transformer_config):
    """The torch backend sorts and pads per batch; labels must not depend on batching."""
    from classifier.backends.transformer import TransformerClassifier

    cfg = tiny_transformer_config
    cfg.epochs = 3
    model = TransformerClassifier(cfg).fit(*handful)
    path = save_model(model, tmp_path / "t", config={"transformer": {"eval_batch_size": 3}})
    loaded = classifier.load(path)
    docs = [("a", REPORT), ("b", "Short one. " + REPORT)]
    batched = [d.sentences for d in label_documents(loaded, docs)]
    single = [d.sentences for d in label_documents(loaded, docs, chunk_size=1)]
    for x, y in zip(batched, single, strict=True):
        assert [s["label"] for s in x] == [s["label"] for s in y]
        for s, t in zip(x, y, strict=True):
            assert abs(s["score"] - t["score"]) < 1e-5


def test_min_score_marks_uncertain_sentences_and_counts_them(model_dir, inbox, tmp_path,
                                                            capsys):
    out, summary = tmp_path / "rows.parquet", tmp_path / "docs.csv"
    plain = tmp_path / "plain.jsonl"
    assert main(["predict", str(model_dir), str(inbox / "a.txt"), str(inbox / "b.md"),
                 "--out", str(plain), "--quiet"]) == 0
    assert "uncertain" not in read_rows(plain)[0]  # only asked for, never by default
    assert main(["predict", str(model_dir), str(inbox / "a.txt"), str(inbox / "b.md"),
                 "--out", str(out), "--summary", str(summary), "--min-score", "0.5",
                 "--quiet"]) == 0
    rows = pq.read_table(out).to_pylist()
    assert all(r["uncertain"] == (r["score"] < 0.5) for r in rows)
    assert 0 < sum(r["uncertain"] for r in rows) < len(rows)  # a tiny model is unsure
    with summary.open(encoding="utf-8") as fh:
        docs = list(csv.DictReader(fh))
    for doc in docs:
        mine = [r for r in rows if r["doc"] == doc["doc"]]
        assert int(doc["uncertain_sentences"]) == sum(r["uncertain"] for r in mine)
    total = sum(r["uncertain"] for r in rows)
    assert f"{total} sentences scored below 0.5: marked uncertain" in capsys.readouterr().out
    for bad in ("0", "1.5", "x"):
        with pytest.raises(SystemExit) as exc:
            main(["predict", str(model_dir), str(inbox / "a.txt"), "--out", str(plain),
                  "--min-score", bad])
        assert exc.value.code == 2


def test_min_score_is_checked_before_any_work(model_dir, tmp_path):
    from classifier.predict import PredictError
    from classifier.report.batch import run_predict

    model = classifier.load(model_dir)
    with pytest.raises(PredictError, match="--min-score must be a probability"):
        run_predict(model, ["-"], str(tmp_path / "o.jsonl"), min_score=1.5, progress=False)
    assert not list(tmp_path.iterdir())


# ------------------------------------------------ outputs that are inputs, the CLI's checks


@pytest.mark.parametrize("html", ["page.html", "./sub/../page.html", "link.html"])
def test_an_output_named_as_an_input_is_refused_before_any_work(model_dir, tmp_path,
                                                                monkeypatch, capsys, html):
    """`predict M page.html --html page.html` replaced the page with the report on it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    page = tmp_path / "page.html"
    page.write_text(f"<p>{REPORT}</p>", encoding="utf-8")
    (tmp_path / "link.html").symlink_to(page)
    before = sorted(p.name for p in tmp_path.iterdir())
    code = main(["predict", str(model_dir), "page.html", "--out", "o.jsonl", "--html", html,
                 "--quiet"])
    assert code == 2
    err = capsys.readouterr().err
    assert err == f"error: --html: {html}: is also an input; choose another path\n"
    assert page.read_text(encoding="utf-8") == f"<p>{REPORT}</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no o.jsonl either

    # The library checks the same way, and refuses before reading or writing anything.
    from classifier.report.batch import run_predict
    from classifier.report.writers import OutputError

    with pytest.raises(OutputError, match=r"^--summary: s\.csv: is also an input"):
        run_predict(classifier.load(model_dir), ["s.csv"], "o.jsonl", summary="s.csv",
                    progress=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("spec", ["reps", "reps/*", "reps/**/*.html"])
def test_a_rerun_does_not_label_its_own_outputs(model_dir, tmp_path, monkeypatch, spec):
    """Outputs written into the folder being labeled were documents of the next run."""
    monkeypatch.chdir(tmp_path)
    reps = tmp_path / "reps"
    reps.mkdir()
    (reps / "a.txt").write_text(REPORT, encoding="utf-8")
    (reps / "b.html").write_text(f"<p>{REPORT}</p>", encoding="utf-8")
    args = ["predict", str(model_dir), spec, "--out", "reps/o.jsonl", "--html",
            "reps/report.html", "--summary", "reps/s.jsonl", "--quiet"]
    assert main(args) == 0
    first = read_rows(reps / "o.jsonl")
    assert (reps / "report.html").exists()
    assert main(args) == 0  # the report is there now, and is no document of this run
    assert read_rows(reps / "o.jsonl") == first
    docs = {r["doc"] for r in read_rows(reps / "s.jsonl")}
    assert docs == {r["doc"] for r in first} and "reps/report.html" not in docs


def test_the_cli_checks_outputs_once_and_before_the_model_loads(model_dir, tmp_path,
                                                               monkeypatch):
    import classifier.package
    import classifier.report.writers as writers

    calls = []
    check = writers.check_predict_outputs
    load = classifier.package.load_model

    def counted(*args, **kwargs):
        calls.append(("check", kwargs.get("inputs")))
        return check(*args, **kwargs)

    monkeypatch.setattr(writers, "check_predict_outputs", counted)
    monkeypatch.setattr(classifier.package, "load_model",
                        lambda path: calls.append(("load", None)) or load(path))
    src = tmp_path / "r.txt"
    src.write_text(REPORT, encoding="utf-8")
    assert main(["predict", str(model_dir), str(src), "--out", str(tmp_path / "o.jsonl"),
                 "--quiet"]) == 0
    assert calls == [("check", [str(src)]), ("load", None)]


@pytest.fixture
def reloaded_cli(monkeypatch):
    """`classifier.cli.predict` imported again after the test's patches, and again after
    they are undone, so that no other test sees the patched module."""
    import importlib

    import classifier.cli.predict as cli_predict

    yield lambda: importlib.reload(cli_predict)
    monkeypatch.undo()
    importlib.reload(cli_predict)


def test_the_cli_takes_its_defaults_from_the_library(model_dir, tmp_path, monkeypatch,
                                                     reloaded_cli):
    """--chunk-size's default and the stdin prompt's printer are the library's, not copies
    that could drift from them."""
    import classifier.predict
    import classifier.report.batch as batch
    from classifier.cli.main import build_parser

    monkeypatch.setattr(classifier.predict, "DEFAULT_CHUNK", 7)
    reloaded_cli()
    args = build_parser().parse_args(["predict", "m", "x.txt", "--out", "o.jsonl"])
    assert args.chunk_size == 7

    seen = {}

    def spy(model, inputs, out, **kwargs):
        seen.update(kwargs)
        return batch.PredictReport()

    monkeypatch.setattr(batch, "run_predict", spy)
    src = tmp_path / "r.txt"
    src.write_text(REPORT, encoding="utf-8")
    assert main(["predict", str(model_dir), str(src), "--out", str(tmp_path / "o.jsonl"),
                 "--quiet"]) == 0
    assert seen.get("notice", batch._print_notice) is batch._print_notice
    assert seen["outputs_checked"] is True


def test_sentence_rows_are_the_dataclass_fields(monkeypatch):
    """`to_dict` runs once per sentence labeled: it must be what `asdict` gives, without
    `asdict`'s generic deep copy (about 40 times slower)."""
    import dataclasses

    import classifier.schema as schema

    sentence = schema.Sentence("r", 3, 10, 42, "en", "Police arrested five brokers.")
    labeled = schema.LabeledSentence("r", 0, 0, 5, "vi", "Cảnh sát", "prosecution", "source")
    expected = [dataclasses.asdict(sentence), dataclasses.asdict(labeled)]

    def slow(_obj):
        raise AssertionError("to_dict went through dataclasses.asdict")

    monkeypatch.setattr(schema, "asdict", slow, raising=False)
    got = [sentence.to_dict(), labeled.to_dict()]
    assert got == expected
    assert [list(d) for d in got] == [list(d) for d in expected]  # same keys, same order
