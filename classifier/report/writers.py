"""Writing prediction rows (one per sentence) as JSON Lines, CSV or Parquet, streamed.

Prediction over a folder of reports can yield millions of sentences, so writers take rows
in batches as they come and never hold the whole table: JSON Lines and CSV go straight to
the file, Parquet is written one row group at a time. Every writer works on a temporary
file beside the target (`classifier.io.atomic_path`) that replaces the target only when
its `with` block ends without an exception, so a crash or Ctrl-C never leaves a
half-written table that looks complete.

The column list is given once and fixes the order in every format: typically
`classifier.schema.prediction_columns` (doc, index, start, end, lang, text, label, score
and one `p_<label>` probability per label) or `summary_columns`.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path

from classifier.data.finding import names_file, same_file_key
from classifier.errors import ClassifierError
from classifier.io import AtomicStreamWriter
from classifier.schema import arrow_type

FORMATS: tuple[str, ...] = (".jsonl", ".csv", ".parquet")
HTML_FORMATS: tuple[str, ...] = (".html", ".htm")
PARQUET_ROW_GROUP = 50_000  # rows held in memory before a Parquet row group is written


def _check_columns(columns: list[str]) -> list[str]:
    columns = list(columns)
    if not columns:
        raise ValueError("no columns given")
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    if dupes:
        raise ValueError(f"duplicate columns: {', '.join(dupes)}")
    return columns


class SentenceWriter(AtomicStreamWriter):
    """Base of the streaming writers: a context manager with `write_rows`.

    Each row is a dict keyed by column name; a missing key is written as null (empty in
    CSV), a key that is not a column raises ValueError, so a typo cannot vanish.
    """

    suffix = ""

    def __init__(self, path: str | Path, columns: list[str]):
        super().__init__(path)
        self.columns = _check_columns(columns)
        self._known = frozenset(self.columns)
        self.rows_written = 0

    def write_rows(self, rows: Iterable[dict]) -> None:
        """Append rows (dicts keyed by column); only inside the `with` block."""
        if self._stack is None:
            raise RuntimeError(f"{self.path}: write_rows outside the writer's `with` block")
        rows = list(rows)
        for row in rows:
            extra = row.keys() - self._known
            if extra:
                raise ValueError(f"{self.path}: row has keys that are not columns: "
                                 f"{', '.join(sorted(extra))} (columns: "
                                 f"{', '.join(self.columns)})")
        if rows:
            self._write(rows)
            self.rows_written += len(rows)

    # Subclasses fill these in.
    def _open(self, tmp: Path, stack: contextlib.ExitStack) -> None:
        raise NotImplementedError

    def _write(self, rows: list[dict]) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        """Flush what is buffered; runs only on success, before the file is moved."""


def _json_default(value: object) -> object:
    # numpy scalars and arrays, which model outputs often are
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


class JsonlWriter(SentenceWriter):
    suffix = ".jsonl"

    def _open(self, tmp: Path, stack: contextlib.ExitStack) -> None:
        self._fh = stack.enter_context(tmp.open("w", encoding="utf-8", newline="\n"))

    def _write(self, rows: list[dict]) -> None:
        self._fh.writelines(
            json.dumps({c: row.get(c) for c in self.columns}, ensure_ascii=False,
                       default=_json_default) + "\n"
            for row in rows
        )


class CsvWriter(SentenceWriter):
    """RFC 4180 CSV, UTF-8 without BOM, header line first; text with newlines is quoted."""

    suffix = ".csv"

    def _open(self, tmp: Path, stack: contextlib.ExitStack) -> None:
        fh = stack.enter_context(tmp.open("w", encoding="utf-8", newline=""))
        self._csv = csv.writer(fh, lineterminator="\n")
        self._csv.writerow(self.columns)

    def _write(self, rows: list[dict]) -> None:
        def cell(value: object) -> object:
            if hasattr(value, "item"):  # numpy scalar: write 0.87, not np.float32(0.87)
                value = value.item()
            return "" if value is None else value

        self._csv.writerows([cell(row.get(c)) for c in self.columns] for row in rows)


class ParquetWriter(SentenceWriter):
    """Parquet via pyarrow, one row group per `row_group_size` rows.

    The schema is fixed by the first rows: the columns `classifier.schema` defines (the
    prediction and summary rows) have its types, any other column the type pyarrow infers
    from the first batch.
    Rows waiting for their row group are held as Arrow columns, converted every
    `CONVERT_ROWS` rows: a row group of Python dicts would take ten times the memory.
    """

    suffix = ".parquet"
    CONVERT_ROWS = 4096

    def __init__(self, path: str | Path, columns: list[str],
                 row_group_size: int = PARQUET_ROW_GROUP):
        super().__init__(path, columns)
        if row_group_size < 1:
            raise ValueError("row_group_size must be at least 1")
        self.row_group_size = row_group_size

    def _open(self, tmp: Path, stack: contextlib.ExitStack) -> None:
        self._tmp = tmp
        self._rows: list[dict] = []  # not yet converted
        self._tables: list = []  # converted, not yet written
        self._held = 0  # rows in self._tables
        self._schema = None
        self._pq_writer = None
        stack.callback(self._close_writer)

    def _close_writer(self) -> None:
        self._rows, self._tables, self._held = [], [], 0
        if self._pq_writer is not None:
            self._pq_writer.close()
            self._pq_writer = None

    def _make_schema(self, rows: list[dict]):
        import pyarrow as pa

        fields = []
        for c in self.columns:
            alias = arrow_type(c)
            if alias is not None:
                typ = pa.type_for_alias(alias)
            else:
                typ = pa.array([r.get(c) for r in rows]).type
                if pa.types.is_null(typ):
                    typ = pa.string()
            fields.append(pa.field(c, typ))
        return pa.schema(fields)

    def _convert(self) -> None:
        import pyarrow as pa

        if not self._rows:
            return
        if self._schema is None:
            self._schema = self._make_schema(self._rows)
        table = pa.Table.from_pylist(
            [{c: row.get(c) for c in self.columns} for row in self._rows],
            schema=self._schema,
        )
        self._rows = []
        self._tables.append(table)
        self._held += table.num_rows

    def _write_groups(self, final: bool) -> None:
        """Write every full row group held, and with `final` the rest too."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._tables or (self._held < self.row_group_size and not final):
            return
        table = pa.concat_tables(self._tables)
        self._tables, self._held = [], 0
        if self._pq_writer is None:
            self._pq_writer = pq.ParquetWriter(str(self._tmp), self._schema)
        size = self.row_group_size
        full = table.num_rows if final else table.num_rows - table.num_rows % size
        for at in range(0, full, size):
            self._pq_writer.write_table(table.slice(at, min(size, full - at)),
                                        row_group_size=size)
        if full < table.num_rows:
            self._tables, self._held = [table.slice(full)], table.num_rows - full

    def _write(self, rows: list[dict]) -> None:
        for row in rows:
            self._rows.append(row)
            if len(self._rows) >= self.CONVERT_ROWS or \
                    self._held + len(self._rows) >= self.row_group_size:
                self._convert()
                self._write_groups(final=False)

    def _finish(self) -> None:
        self._convert()
        if self._schema is None:  # no row came: still a valid, empty table
            self._schema = self._make_schema([])
        self._write_groups(final=True)
        if self._pq_writer is None:
            import pyarrow.parquet as pq

            self._pq_writer = pq.ParquetWriter(str(self._tmp), self._schema)
        self._close_writer()


_WRITERS: dict[str, type[SentenceWriter]] = {
    w.suffix: w for w in (JsonlWriter, CsvWriter, ParquetWriter)
}


def open_writer(path: str | Path, columns: list[str]) -> SentenceWriter:
    """A writer for `path`, chosen by its extension (.jsonl, .csv or .parquet).

    Use it as a context manager; the file appears only when the block ends cleanly.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _WRITERS:
        shown = suffix or "no extension"
        raise ValueError(f"{path}: cannot write {shown}; use one of {', '.join(FORMATS)}")
    return _WRITERS[suffix](path, columns)


def write_table(path: str | Path, rows: Iterable[dict], columns: list[str]) -> None:
    """Write a small table (e.g. one summary row per document) in any writer format."""
    with open_writer(path, columns) as writer:
        writer.write_rows(rows)


# ------------------------------------------------------------------ checking outputs early


class OutputError(ClassifierError, ValueError):
    """An output that could not be written; found before any work, so nothing is lost."""


def _either(formats: tuple[str, ...]) -> str:
    return formats[0] if len(formats) == 1 else f"{', '.join(formats[:-1])} or {formats[-1]}"


def check_output_path(path: str | Path, option: str, formats: tuple[str, ...]) -> Path:
    """Refuse now what would fail only when the output is moved into place.

    A batch can take hours; a path that is a folder, an unsupported extension or a folder
    that cannot be created must not be found out after the labeling. `option` names the
    path in the message (the CLI option, e.g. "--summary"). Nothing is created here.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{option}: {path}: is a folder; give a file name "
                          f"such as {path / ('output' + formats[0])}")
    suffix = path.suffix.lower()
    if suffix not in formats:
        why = "" if suffix else " (no extension)"
        raise OutputError(f"{option}: {path}: unsupported format{why}; use {_either(formats)}")
    folder = path.absolute().parent
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{option}: {path}: cannot create folder {folder}: "
                          f"{existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        what = "write in" if existing == folder else f"create {folder} in"
        raise OutputError(f"{option}: {path}: cannot {what} {existing} (permission denied)")
    return path


def predict_output_keys(out: str | Path, summary: str | Path | None = None,
                        html: str | Path | None = None) -> frozenset[str]:
    """The outputs of a prediction run as `same_file_key`s: the files a folder or a pattern
    among its inputs must not yield, or a rerun would label its own earlier report."""
    return frozenset(same_file_key(p) for p in (out, summary, html) if p is not None)


def check_predict_outputs(out: str | Path, summary: str | Path | None = None,
                          html: str | Path | None = None, *,
                          inputs: Iterable[str] = ()) -> None:
    """Check the outputs of a prediction run together, as the CLI names them.

    Two options naming the same file would overwrite each other at the very end, and an
    output that is also an input named by itself (`inputs`: the specs as given) would
    replace that document with the report on it. Files a folder or a pattern reaches are
    not refused here: the run skips those that are outputs (`predict_output_keys`).
    """
    named = [("--out", out, FORMATS), ("--summary", summary, FORMATS),
             ("--html", html, HTML_FORMATS)]
    seen: dict[str, tuple[str, str | Path]] = {}
    for option, path, formats in named:
        if path is None:
            continue
        key = same_file_key(check_output_path(path, option, formats))
        if key in seen:
            raise OutputError(f"{option}: {path}: same file as {seen[key][0]}")
        seen[key] = option, path
    for spec in inputs:
        key = same_file_key(spec) if names_file(spec) else None
        if key in seen:
            option, path = seen[key]
            raise OutputError(f"{option}: {path}: is also an input; choose another path")
