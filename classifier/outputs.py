"""Writing prediction rows (one per sentence) as JSON Lines, CSV or Parquet, streamed.

Prediction over a folder of reports can yield millions of sentences, so writers take rows
in batches as they come and never hold the whole table: JSON Lines and CSV go straight to
the file, Parquet is written one row group at a time. Every writer works on a temporary
file beside the target (`classifier.io.atomic_path`) that replaces the target only when
its `with` block ends without an exception, so a crash or Ctrl-C never leaves a
half-written table that looks complete.

The column list is given once and fixes the order in every format: typically doc, index,
start, end, lang, text, label, score and one `p_<label>` probability per label.
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterable
from pathlib import Path

from classifier.io import AtomicStreamWriter

FORMATS: tuple[str, ...] = (".jsonl", ".csv", ".parquet")
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


# Types of the sentence columns; other columns take the type of their first values.
_SENTENCE_TYPES = {"doc": "string", "index": "int64", "start": "int64", "end": "int64",
                   "lang": "string", "text": "string", "label": "string", "score": "float64"}


class ParquetWriter(SentenceWriter):
    """Parquet via pyarrow, one row group per `row_group_size` rows.

    The schema is fixed by the first rows: sentence columns have set types, `p_*` columns
    are float64, and any other column takes the type pyarrow infers from the first batch.
    """

    suffix = ".parquet"

    def __init__(self, path: str | Path, columns: list[str],
                 row_group_size: int = PARQUET_ROW_GROUP):
        super().__init__(path, columns)
        if row_group_size < 1:
            raise ValueError("row_group_size must be at least 1")
        self.row_group_size = row_group_size

    def _open(self, tmp: Path, stack: contextlib.ExitStack) -> None:
        self._tmp = tmp
        self._buffer: list[dict] = []
        self._schema = None
        self._pq_writer = None
        stack.callback(self._close_writer)

    def _close_writer(self) -> None:
        if self._pq_writer is not None:
            self._pq_writer.close()
            self._pq_writer = None

    def _make_schema(self, rows: list[dict]):
        import pyarrow as pa

        fields = []
        for c in self.columns:
            if c in _SENTENCE_TYPES:
                typ = pa.type_for_alias(_SENTENCE_TYPES[c])
            elif c.startswith("p_"):
                typ = pa.float64()
            else:
                typ = pa.array([r.get(c) for r in rows]).type
                if pa.types.is_null(typ):
                    typ = pa.string()
            fields.append(pa.field(c, typ))
        return pa.schema(fields)

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._schema is None:
            self._schema = self._make_schema(self._buffer)
        if self._pq_writer is None:
            self._pq_writer = pq.ParquetWriter(str(self._tmp), self._schema)
        if self._buffer:
            table = pa.Table.from_pylist(
                [{c: row.get(c) for c in self.columns} for row in self._buffer],
                schema=self._schema,
            )
            self._pq_writer.write_table(table, row_group_size=self.row_group_size)
            self._buffer = []

    def _write(self, rows: list[dict]) -> None:
        for row in rows:
            self._buffer.append(row)
            if len(self._buffer) >= self.row_group_size:
                self._flush()

    def _finish(self) -> None:
        self._flush()  # also writes a valid, empty table when no row came
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
