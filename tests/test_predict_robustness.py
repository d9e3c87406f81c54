"""Issue 8: `classifier predict` fails before the work (never with a traceback), Ctrl-C
exits cleanly, chunk sizes are checked, one huge document is labeled in bounded memory
with the same rows as in one piece, and unfamiliar languages and cut sentences are noted."""

from __future__ import annotations

import io
import json
import random
import sys
import tracemalloc

import pytest

import classifier
import classifier.data.readers
import classifier.package
import classifier.predict as predict_module
from classifier.backends.tfidf import TfidfClassifier
from classifier.cli import main
from classifier.package import save_model
from classifier.predict import (
    PredictError,
    label_documents,
    label_stream,
    split_streamed,
    text_pieces,
)
from classifier.report.batch import run_predict
from classifier.report.writers import OutputError, check_output_path, check_predict_outputs
from classifier.text import split_document
from tests.conftest import HANDFUL
from tests.test_predict import REPORT, read_rows, same_rows

VI = ["Cảnh sát đã bắt giữ năm đối tượng mua bán người ở biên giới.",
      "Tòa án tỉnh đã xét xử vụ án và tuyên phạt kẻ cầm đầu mười hai năm tù.",
      "Các tổ chức phi chính phủ hỗ trợ nạn nhân trở về hòa nhập cộng đồng."]
ZH = ("警方逮捕了五名人口贩子。新的庇护所为获救妇女提供医疗和法律援助。"
      "学校开展了防范虚假招聘的宣传活动。")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, handful):
    model = TfidfClassifier().fit(*handful)
    return save_model(model, tmp_path_factory.mktemp("pkg") / "tfidf", config={},
                      languages=["en", "fr", "vi"])


@pytest.fixture(scope="module")
def model(model_dir):
    return classifier.load(model_dir)


def long_report(n_chars: int, seed: int = 3) -> str:
    """A Vietnamese report that turns English after its first ~20k characters, with
    headings, page numbers too short to identify, and blank lines between paragraphs."""
    rng = random.Random(seed)
    english = [t for t, _ in HANDFUL]
    parts, size, page = [], 0, 0
    while size < n_chars:
        pool = VI if size < 24_000 else english
        if rng.random() < 0.2:
            page += 1
            block = f"— {page} —"  # no letters: takes the document's language
        else:
            block = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 4)))
            if rng.random() < 0.3:
                block = f"{page + 1}. Progress report\n{block}"
        parts.append(block)
        size += len(block) + 2
    return "\n\n".join(parts) + "\n"


class CountingModel:
    """Wraps a model and records how many sentences each call gets."""

    def __init__(self, model):
        self.inner, self.classes_, self.calls = model, model.classes_, []

    def predict_proba(self, texts):
        self.calls.append(len(texts))
        return self.inner.predict_proba(texts)


# ---------------------------------------------------------------- 1. outputs checked first


@pytest.fixture
def no_work(monkeypatch):
    """Fails the test if the model is loaded or an input read."""
    def forbidden(*_a, **_k):
        raise AssertionError("work started before the outputs were checked")

    monkeypatch.setattr(classifier.package, "load_model", forbidden)
    monkeypatch.setattr(classifier.data.readers, "read_document", forbidden)


@pytest.mark.parametrize("flags, message", [
    (["--out", "o.jsonl", "--summary", "s.xlsx"],
     "error: --summary: s.xlsx: unsupported format; use .jsonl, .csv or .parquet"),
    (["--out", "x.txt"], "error: --out: x.txt: unsupported format; use .jsonl, .csv or .parquet"),
    (["--out", "o"], "error: --out: o: unsupported format (no extension); use .jsonl, .csv "
     "or .parquet"),
    (["--out", "o.jsonl", "--html", "adir"], "error: --html: adir: is a folder"),
    (["--out", "o.jsonl", "--summary", "adir"], "error: --summary: adir: is a folder"),
    (["--out", "o.jsonl", "--html", "r.pdf"], "error: --html: r.pdf: unsupported format; "
     "use .html or .htm"),
    (["--out", "afile/sub/o.csv"], "error: --out: afile/sub/o.csv: cannot create folder"),
    (["--out", "o.jsonl", "--summary", "o.jsonl"], "error: --summary: o.jsonl: same file as "
     "--out"),
])
def test_bad_outputs_fail_before_any_work(tmp_path, monkeypatch, capsys, no_work, flags,
                                          message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    (tmp_path / "in.txt").write_text(REPORT, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["predict", "no-such-model", "in.txt", *flags, "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1, err  # one line, no traceback
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_output_checks_for_library_users(tmp_path, model):
    with pytest.raises(OutputError, match="--html: .*is a folder"):
        check_predict_outputs(tmp_path / "o.csv", html=tmp_path)
    assert issubclass(OutputError, ValueError)
    assert check_output_path(tmp_path / "new" / "deeper" / "o.parquet", "--out",
                             (".parquet",)).name == "o.parquet"
    assert not (tmp_path / "new").exists()  # checking creates nothing

    with pytest.raises(OutputError, match="--summary"):
        run_predict(model, ["x.txt"], str(tmp_path / "o.jsonl"),
                    summary=str(tmp_path / "s.xlsx"), progress=False)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- 2. Ctrl-C and stdin


class Interrupting:
    classes_ = ["other", "prosecution", "protection"]

    def predict_proba(self, texts):
        raise KeyboardInterrupt


def test_ctrl_c_exits_130_and_keeps_outputs(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(classifier.package, "load_model", lambda _path: Interrupting())
    src = tmp_path / "r.txt"
    src.write_text(REPORT, encoding="utf-8")
    outs = {"--out": tmp_path / "o.parquet", "--summary": tmp_path / "s.csv",
            "--html": tmp_path / "r.html"}
    for path in outs.values():
        path.write_bytes(b"previous run")
    flags = [x for option, path in outs.items() for x in (option, str(path))]
    assert main(["predict", "m", str(src), *flags, "--quiet"]) == 130
    assert capsys.readouterr().err == "interrupted\n"
    assert all(path.read_bytes() == b"previous run" for path in outs.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.parquet", "r.html", "r.txt",
                                                          "s.csv"]


class TerminalStdin(io.StringIO):
    """Stdin as a terminal; `interrupt` makes reading it raise KeyboardInterrupt."""

    def __init__(self, text="", interrupt=False):
        super().__init__(text)
        self.interrupt = interrupt

    def isatty(self):
        return True

    def read(self, *args):
        if self.interrupt:
            raise KeyboardInterrupt
        return super().read(*args)


def test_stdin_on_a_terminal_says_it_waits(model_dir, tmp_path, monkeypatch, capsys):
    out = tmp_path / "o.jsonl"
    monkeypatch.setattr(sys, "stdin", TerminalStdin(REPORT))
    assert main(["predict", str(model_dir), "-", "--out", str(out), "--quiet"]) == 0
    assert "waiting for text on stdin (end it with Ctrl-D)" in capsys.readouterr().err
    assert {r["doc"] for r in read_rows(out)} == {"stdin"}

    monkeypatch.setattr(sys, "stdin", TerminalStdin(interrupt=True))
    assert main(["predict", str(model_dir), "-", "--out", str(out), "--quiet"]) == 130
    err = capsys.readouterr().err
    assert err.endswith("interrupted\n") and "Traceback" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["o.jsonl"]


def test_piped_stdin_gets_no_notice(model_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(REPORT.encode())))
    assert main(["predict", str(model_dir), "-", "--out", str(tmp_path / "o.csv"),
                 "--quiet"]) == 0
    assert "stdin" not in capsys.readouterr().err


# ---------------------------------------------------------------- 3. chunk size


@pytest.mark.parametrize("value", ["0", "-3", "two"])
def test_cli_rejects_a_chunk_size_that_is_not_positive(model_dir, tmp_path, capsys, value):
    with pytest.raises(SystemExit) as exit_info:
        main(["predict", str(model_dir), "x.txt", "--out", str(tmp_path / "o.csv"),
              f"--chunk-size={value}"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --chunk-size:" in err and repr(value) in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", [0, -1, 1.5, True, None])
def test_library_rejects_a_chunk_size_that_is_not_positive(model, tmp_path, value):
    with pytest.raises(PredictError, match="positive integer"):
        label_documents(model, [REPORT], chunk_size=value)  # at the call, not on iterating
    with pytest.raises(ValueError, match="positive integer"):
        label_stream(model, [REPORT], chunk_size=value)
    with pytest.raises(PredictError):
        run_predict(model, ["x.txt"], str(tmp_path / "o.csv"), chunk_size=value,
                    progress=False)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- 4. one big document


def test_pieces_end_at_blank_lines_and_cover_the_text():
    text = long_report(30_000)
    pieces = list(text_pieces(text, 500))
    assert len(pieces) > 50
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
    assert all(0 < end - start <= 500 for start, end in pieces)
    assert all(text[end - 2 : end] == "\n\n" for _, end in pieces[:-1])


def test_huge_paragraph_is_cut_at_sentence_ends_then_lines_then_spaces_then_anywhere():
    def ends(text, size=50):
        return [text[end - 2 : end] for _, end in list(text_pieces(text, size))[:-1]]

    stops = "A line that ends.\nand one that does not\n" * 5
    assert set(ends(stops)) == {".\n"}
    sentences = "One short one. Another short one. " * 5
    assert set(ends(sentences)) == {". "}
    assert set(ends("line one is here\nline two is here\n" * 20)) == {"e\n"}
    assert set(ends("word " * 100)) == {"d "}
    assert list(text_pieces("x" * 120, 50)) == [(0, 50), (50, 100), (100, 120)]


def test_many_pieces_split_like_one_piece():
    text = long_report(40_000)
    whole = [s.to_dict() for s in split_document(text, "r")]
    pieces = [s.to_dict() for s in split_streamed(text, "r", piece_chars=700)]
    assert len(whole) > 300 and pieces == whole
    # page numbers far past the first 20k characters still take the document's language
    late_pages = [s for s in whole if s["text"].startswith("—") and s["start"] > 30_000]
    assert late_pages and {s["lang"] for s in late_pages} == {"vi"}


def test_streamed_rows_equal_unpieced_unchunked_rows(model):
    text = long_report(40_000)
    docs = [("a", REPORT), ("big", text), ("empty", ""), ("b", REPORT)]
    reference = list(label_documents(model, docs, chunk_size=1_000_000))
    parts = list(label_stream(model, docs, chunk_size=13, piece_chars=700))
    assert all(len(rows) <= 13 for _, rows, _ in parts)
    joined, rows = [], []
    for info, part, last in parts:
        rows.extend(part)
        if last:
            joined.append((info, rows))
            rows = []
    assert [info.doc for info, _ in joined] == ["a", "big", "empty", "b"]
    for (info, got), want in zip(joined, reference, strict=True):
        assert same_rows(got, want.sentences)
        assert info.n_sentences == len(want.sentences)
        assert info.shares(model.classes_) == want.shares(model.classes_)
    big = joined[1][1]
    assert [r["index"] for r in big] == list(range(len(big)))
    assert all(text[r["start"] : r["end"]] == r["text"] for r in big)


def test_model_and_splitter_see_bounded_pieces(model, monkeypatch):
    seen = []
    real = predict_module.split_spans
    monkeypatch.setattr(predict_module, "split_spans",
                        lambda piece, *args: seen.append(len(piece)) or real(piece, *args))
    text = long_report(20_000) + "\n\n" + "A sentence without end " * 400 + "\n"
    counting = CountingModel(model)
    rows = [r for _, part, _ in label_stream(counting, [text], chunk_size=16,
                                             piece_chars=1_000) for r in part]
    assert max(seen) <= 1_000 and len(seen) > 20
    assert max(counting.calls) <= 16
    assert all(text[r["start"] : r["end"]] == r["text"] for r in rows)


def traced_peak(model, text: str) -> int:
    tracemalloc.start()
    try:
        for _ in label_stream(model, [text], chunk_size=256, piece_chars=10_000):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_document(model):
    small, large = long_report(50_000), long_report(200_000)
    traced_peak(model, small[:5_000])  # first-call caches out of the measurement
    peak_small, peak_large = traced_peak(model, small), traced_peak(model, large)
    assert peak_large < 1.5 * peak_small, (peak_small, peak_large)


def test_run_predict_in_pieces_writes_the_same_outputs(model, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "big.txt").write_text(long_report(30_000), encoding="utf-8")
    (src / "small.txt").write_text(REPORT, encoding="utf-8")
    outs = {}
    for name, kwargs in (("one", {}), ("pieces", {"chunk_size": 7, "piece_chars": 600})):
        folder = tmp_path / name
        report = run_predict(model, [str(src)], str(folder / "o.jsonl"),
                             summary=str(folder / "s.jsonl"), html=str(folder / "r.html"),
                             progress=False, **kwargs)
        assert report.documents == 2 and not report.notes
        outs[name] = report, folder
    (one, a), (pieces, b) = outs["one"], outs["pieces"]
    assert one.sentences == pieces.sentences > 200
    assert same_rows(read_rows(a / "o.jsonl"), read_rows(b / "o.jsonl"))
    assert read_rows(a / "s.jsonl") == read_rows(b / "s.jsonl") == one.summary
    assert (a / "r.html").read_text(encoding="utf-8") == (b / "r.html").read_text(
        encoding="utf-8")


# ---------------------------------------------------------------- 5. notes


def test_unfamiliar_language_is_noted_not_failed(model_dir, tmp_path, capsys):
    (tmp_path / "report.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "fine.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    code = main(["predict", str(model_dir), str(tmp_path / "report.txt"),
                 str(tmp_path / "fine.txt"), str(tmp_path / "empty.txt"), "--out",
                 str(tmp_path / "o.jsonl"), "--quiet"])
    assert code == 1  # for the empty file, not for the language
    err = capsys.readouterr().err
    note = ("report.txt: language 'zh' was not in the model's training languages "
            "(en, fr, vi); labels may be unreliable")
    assert err.count(note) == 2  # warned during the run, listed at the end
    assert err.index("file(s) skipped") < err.index("1 note(s):") < err.rindex(note)
    assert "fine.txt: language" not in err


def test_language_check_needs_known_training_languages(model_dir, handful, tmp_path):
    src = tmp_path / "zh.txt"
    src.write_text(ZH, encoding="utf-8")
    loaded = classifier.load(model_dir)
    warnings = []
    report = run_predict(loaded, [str(src)], str(tmp_path / "o.csv"), progress=False,
                         warn=warnings.append)
    assert len(report.notes) == 1 and warnings == report.notes
    in_code = TfidfClassifier().fit(*handful)  # no manifest: nothing to compare with
    assert not run_predict(in_code, [str(src)], str(tmp_path / "o.csv"),
                           progress=False).notes


def uniform(model):
    import numpy as np

    model.predict_proba = lambda texts: np.full((len(texts), len(model.classes_)),
                                                1 / len(model.classes_))
    return model


@pytest.fixture
def tiny_tokenizer(tiny_transformer):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_transformer)


LONG_AND_SHORT = ("Police arrested five brokers and charged them with trafficking. By Jane Doe. "
                  "The court sentenced the ring leader to twelve years in prison.")


def test_sentences_cut_by_the_transformer_are_counted(tiny_tokenizer, tmp_path):
    from classifier.backends.transformer import TransformerClassifier
    from classifier.config import TransformerConfig

    model = uniform(TransformerClassifier(TransformerConfig(max_length=8), None, tiny_tokenizer,
                                          ["other", "prosecution"]))
    src = tmp_path / "r.txt"
    src.write_text(LONG_AND_SHORT + "\n\n" + LONG_AND_SHORT, encoding="utf-8")
    report = run_predict(model, [str(src)], str(tmp_path / "o.csv"), progress=False,
                         chunk_size=4)
    assert report.notes == ["4 sentences were longer than the model's 8 tokens and were cut"]


def test_sentences_cut_by_onnx_are_counted_tfidf_has_no_limit(tiny_tokenizer, handful,
                                                              tmp_path):
    from classifier.backends.onnx import OnnxClassifier

    class Session:
        def get_inputs(self):
            return []

    src = tmp_path / "r.txt"
    src.write_text(LONG_AND_SHORT, encoding="utf-8")
    model = uniform(OnnxClassifier(Session(), tiny_tokenizer, ["other", "prosecution"],
                                   max_length=8))
    report = run_predict(model, [str(src)], str(tmp_path / "o.csv"), progress=False)
    assert report.notes == ["2 sentences were longer than the model's 8 tokens and were cut"]
    model.max_length = 512
    assert not run_predict(model, [str(src)], str(tmp_path / "o.csv"), progress=False).notes
    tfidf = TfidfClassifier().fit(*handful)
    assert not run_predict(tfidf, [str(src)], str(tmp_path / "o.csv"), progress=False).notes


def test_cli_prints_the_cut_count(monkeypatch, tiny_tokenizer, tmp_path, capsys):
    from classifier.backends.onnx import OnnxClassifier

    class Session:
        def get_inputs(self):
            return []

    model = uniform(OnnxClassifier(Session(), tiny_tokenizer, ["other", "prosecution"],
                                   max_length=8))
    monkeypatch.setattr(classifier.package, "load_model", lambda _path: model)
    src = tmp_path / "r.txt"
    src.write_text(LONG_AND_SHORT, encoding="utf-8")
    assert main(["predict", "m", str(src), "--out", str(tmp_path / "o.jsonl"),
                 "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "1 note(s):\n  2 sentences were longer than the model's 8 tokens and were cut" in err
    assert json.loads((tmp_path / "o.jsonl").read_text().splitlines()[0])["doc"]


def test_notes_of_reading_are_passed_on(model, tmp_path):
    src = tmp_path / "rapport.txt"
    src.write_bytes(("La police a interpellé cinq passeurs à la frontière. Un refuge "
                     "accueille désormais les victimes de la traite des êtres humains.\n"
                     ).encode("cp1252"))
    doc = classifier.data.readers.read_document(src)  # legacy decoding is a feature: no skip
    assert doc.notes == ("decoded as cp1252 (not UTF-8)",)
    warnings = []
    report = run_predict(model, [str(src)], str(tmp_path / "o.csv"), progress=False,
                         warn=warnings.append)
    assert report.notes == warnings == [f"{doc.id}: {note}" for note in doc.notes]


def test_passages_cut_by_the_splitter_are_noted(model, tmp_path):
    from classifier.text import SplitStats

    text = long_report(5_000) + "\n\n" + "word " * 1_000 + "\n\n" + long_report(5_000)
    whole, pieces = SplitStats(), SplitStats()
    expected = [s.to_dict() for s in split_document(text, "r", stats=whole)]
    assert [s.to_dict() for s in split_streamed(text, "r", piece_chars=6_000,
                                                stats=pieces)] == expected
    assert pieces == whole and whole.overlong_spans == 1
    src = tmp_path / "r.txt"
    src.write_text(text, encoding="utf-8")
    report = run_predict(model, [str(src)], str(tmp_path / "o.csv"), progress=False,
                         piece_chars=6_000)
    assert report.notes == [f"1 passage without a sentence boundary was cut into units of at "
                            f"most 1500 characters ({whole.cuts} cuts)"]
