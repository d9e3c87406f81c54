"""Streaming writers: every format round-trips with the given columns, and a failure inside
the `with` block leaves neither the output nor a temporary file behind."""

from __future__ import annotations

import csv
import json
import os

import pytest

from classifier.report.writers import ParquetWriter, open_writer, write_table

LABELS = ["prevention", "prosecution", "protection", "partnership", "other"]
COLUMNS = ["doc", "index", "start", "end", "lang", "text", "label", "score",
           *(f"p_{label}" for label in LABELS)]


def sentence_rows(n: int, doc: str = "reports/a.txt") -> list[dict]:
    rows = []
    texts = ["Cảnh sát đã bắt giữ năm đối tượng.", 'La police a dit "non", puis oui.',
             "Line one\nline two, with a comma."]
    for i in range(n):
        probs = [0.05] * len(LABELS)
        probs[i % len(LABELS)] = 0.8
        rows.append({"doc": doc, "index": i, "start": 10 * i, "end": 10 * i + 9,
                     "lang": "vi", "text": texts[i % len(texts)],
                     "label": LABELS[i % len(LABELS)], "score": 0.8,
                     **{f"p_{label}": p for label, p in zip(LABELS, probs, strict=True)}})
    return rows


def read_back(path):
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines], list(json.loads(lines[0]))
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            return list(reader), reader.fieldnames
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    return table.to_pylist(), table.column_names


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("ext", [".jsonl", ".csv", ".parquet"])
def test_round_trip_in_batches(tmp_path, ext):
    path = tmp_path / f"out{ext}"
    rows = sentence_rows(7)
    with open_writer(path, COLUMNS) as writer:
        writer.write_rows(rows[:3])
        writer.write_rows([])
        writer.write_rows(rows[3:])
    assert writer.rows_written == 7
    assert leftovers(tmp_path) == [f"out{ext}"]
    got, columns = read_back(path)
    assert columns == COLUMNS
    if ext == ".csv":  # CSV is text: compare as strings
        rows = [{k: str(v) for k, v in r.items()} for r in rows]
    assert got == rows


def test_parquet_types_and_row_groups(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "out.parquet"
    with ParquetWriter(path, COLUMNS, row_group_size=4) as writer:
        for row in sentence_rows(10):  # one row at a time, as a stream would
            writer.write_rows([row])
    meta = pq.ParquetFile(path).metadata
    assert meta.num_rows == 10
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [4, 4, 2]
    schema = pq.read_schema(path)
    assert schema.field("index").type == pa.int64()
    assert schema.field("text").type == pa.string()
    assert all(schema.field(f"p_{label}").type == pa.float64() for label in LABELS)


@pytest.mark.parametrize("ext", [".jsonl", ".csv", ".parquet"])
def test_no_rows_still_gives_a_valid_file_with_columns(tmp_path, ext):
    path = tmp_path / f"out{ext}"
    with open_writer(path, COLUMNS):
        pass
    if ext == ".jsonl":
        assert path.read_text(encoding="utf-8") == ""
    else:
        got, columns = read_back(path)
        assert (got, columns) == ([], COLUMNS)


@pytest.mark.parametrize("ext", [".jsonl", ".csv", ".parquet"])
def test_exception_leaves_nothing_behind(tmp_path, ext):
    path = tmp_path / f"out{ext}"
    with pytest.raises(RuntimeError, match="model crashed"), open_writer(path, COLUMNS) as w:
        w.write_rows(sentence_rows(3))
        raise RuntimeError("model crashed")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("ext", [".jsonl", ".csv", ".parquet"])
def test_exception_keeps_the_previous_output(tmp_path, ext):
    path = tmp_path / f"out{ext}"
    write_table(path, sentence_rows(2), COLUMNS)
    before = path.read_bytes()
    with pytest.raises(KeyboardInterrupt), open_writer(path, COLUMNS) as w:
        w.write_rows(sentence_rows(5))
        raise KeyboardInterrupt
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == [f"out{ext}"]


def test_parquet_type_error_at_close_leaves_nothing(tmp_path):
    path = tmp_path / "out.parquet"
    # rows are buffered, so the bad value fails when the row group is written at close
    with pytest.raises(ValueError), open_writer(path, COLUMNS) as w:
        w.write_rows([{**sentence_rows(1)[0], "index": "not a number"}])
    assert leftovers(tmp_path) == []


def test_unknown_key_is_an_error_missing_key_is_null(tmp_path):
    path = tmp_path / "out.jsonl"
    with pytest.raises(ValueError, match="not columns: lable"), open_writer(path, COLUMNS) as w:
        w.write_rows([{"doc": "a", "lable": "other"}])
    assert leftovers(tmp_path) == []
    with open_writer(path, ["doc", "label"]) as w:
        w.write_rows([{"doc": "a"}])
    assert json.loads(path.read_text(encoding="utf-8")) == {"doc": "a", "label": None}


def test_unknown_extension_names_the_supported_ones(tmp_path):
    with pytest.raises(ValueError, match=r"\.jsonl, \.csv, \.parquet"):
        open_writer(tmp_path / "out.xlsx", COLUMNS)
    with pytest.raises(ValueError, match="duplicate columns: doc"):
        open_writer(tmp_path / "out.csv", ["doc", "doc"])
    assert leftovers(tmp_path) == []


def test_write_rows_outside_with_is_an_error(tmp_path):
    writer = open_writer(tmp_path / "out.csv", COLUMNS)
    with pytest.raises(RuntimeError, match="outside"):
        writer.write_rows(sentence_rows(1))
    assert leftovers(tmp_path) == []


def test_numpy_values_are_written_as_numbers(tmp_path):
    np = pytest.importorskip("numpy")
    for ext in (".jsonl", ".csv"):
        path = tmp_path / f"np{ext}"
        write_table(path, [{"doc": "a", "score": np.float32(0.5), "index": np.int64(3)}],
                    ["doc", "index", "score"])
        got, _ = read_back(path)
        assert float(got[0]["score"]) == 0.5 and int(got[0]["index"]) == 3


@pytest.mark.parametrize("ext", [".jsonl", ".csv", ".parquet"])
def test_write_table_summary(tmp_path, ext):
    path = tmp_path / f"summary{ext}"
    columns = ["doc", "sentences", "top_label", "share_prevention"]
    rows = [{"doc": "a.txt", "sentences": 12, "top_label": "prevention", "share_prevention": 0.5},
            {"doc": "b.pdf", "sentences": 3, "top_label": "other", "share_prevention": 0.0}]
    write_table(path, rows, columns)
    got, names = read_back(path)
    assert names == columns
    if ext == ".csv":
        rows = [{k: str(v) for k, v in r.items()} for r in rows]
    assert got == rows
    assert leftovers(tmp_path) == [f"summary{ext}"]


def test_parquet_rows_wait_as_columns_and_keep_their_groups(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    monkeypatch.setattr(ParquetWriter, "CONVERT_ROWS", 3)
    path = tmp_path / "out.parquet"
    rows = sentence_rows(11)
    with ParquetWriter(path, COLUMNS, row_group_size=4) as writer:
        writer.write_rows(rows[:2])
        writer.write_rows(rows[2:9])
        assert len(writer._rows) < 3  # no more than CONVERT_ROWS held as dicts
        writer.write_rows(rows[9:])
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [4, 4, 3]
    assert read_back(path) == (rows, COLUMNS)


# ------------------------------------------------------------ outputs checked before work


def test_output_paths_are_checked_without_creating_anything(tmp_path):
    from classifier.report.writers import OutputError, check_output_path, check_predict_outputs

    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    cases = {
        tmp_path / "s.xlsx": "--summary: .*s.xlsx: unsupported format; use .jsonl, .csv or "
                             r"\.parquet$",
        tmp_path / "s": r"unsupported format \(no extension\)",
        tmp_path / "folder.csv": "is a folder; give a file name such as",
        tmp_path / "file" / "s.csv": "cannot create folder .* is a file",
    }
    for path, message in cases.items():
        with pytest.raises(OutputError, match=message):
            check_output_path(path, "--summary", (".jsonl", ".csv", ".parquet"))
    assert check_output_path(tmp_path / "a" / "b" / "S.CSV", "--summary", (".csv",))
    with pytest.raises(OutputError, match="--html: .*: unsupported format; use .html or .htm"):
        check_predict_outputs(tmp_path / "o.csv", html=tmp_path / "r.txt")
    with pytest.raises(OutputError, match="--summary: .*o.csv: same file as --out"):
        check_predict_outputs(tmp_path / "o.csv", summary=tmp_path / "x" / ".." / "o.csv")
    check_predict_outputs(tmp_path / "o.csv", tmp_path / "s.jsonl", tmp_path / "r.htm")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "folder.csv"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root may write into any folder")
def test_unwritable_folder_is_refused(tmp_path):
    from classifier.report.writers import OutputError, check_output_path

    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="permission denied"):
            check_output_path(locked / "new" / "o.csv", "--out", (".csv",))
    finally:
        locked.chmod(0o700)


# -- classifier.io: the atomic primitives under every writer -------------------------------

def test_a_writer_that_fails_to_open_keeps_the_previous_output(tmp_path):
    from classifier.io import AtomicStreamWriter

    class Broken(AtomicStreamWriter):
        def _open(self, tmp, stack):
            raise OSError("cannot open the stream")

    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"earlier": "output"}\n')
    with pytest.raises(OSError, match="cannot open the stream"), Broken(path):
        pass
    assert path.read_bytes() == b'{"earlier": "output"}\n'
    assert leftovers(tmp_path) == ["out.jsonl"]


def test_a_failed_folder_swap_puts_the_old_folder_back(tmp_path, monkeypatch):
    from classifier.io import atomic_dir

    path = tmp_path / "mine"
    path.mkdir()
    (path / "notes.txt").write_text("keep me", encoding="utf-8")
    real_replace, calls = os.replace, []

    def replace(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:  # the new folder moving in, after the old one moved aside
            raise OSError("disk gone")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError, match="disk gone"), atomic_dir(path) as tmp:
        (tmp / "new.txt").write_text("new", encoding="utf-8")
    assert leftovers(tmp_path) == ["mine"]
    assert leftovers(path) == ["notes.txt"]


def test_the_umask_is_read_once(tmp_path, monkeypatch):
    """Reading the umask means setting it to 0 for a moment, when other threads' new files
    get mode 0o666: so it is read once, not for every output."""
    from classifier import io

    expected = os.umask(0o022)
    os.umask(expected)
    io.atomic_write_text(tmp_path / "first", "read here, at the latest")
    calls = []
    monkeypatch.setattr(os, "umask", lambda mask: calls.append(mask) or expected)
    for name in ("a", "b", "c"):
        io.atomic_write_text(tmp_path / name, name)
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~expected
    with io.atomic_dir(tmp_path / "folder"):
        pass
    assert (tmp_path / "folder").stat().st_mode & 0o777 == 0o777 & ~expected
    assert calls == []
