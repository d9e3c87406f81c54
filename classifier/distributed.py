"""Labeling an archive too big for one machine, on Ray Data.

`classifier predict` streams documents through one process; a news archive of millions of
articles needs many. Ray Data runs the same code on a laptop and a cluster: the driver
lists the files (files, folders, globs, as the local engine does), a pool of actors each
loads the packaged model once (checksums verified once) and reads, splits and labels
batches of files with `classifier.predict.label_stream` (the local engine's own code, so
the rows are the same), and the rows are written as a partitioned Parquet dataset.

Each actor gets `cores // actors` threads, so that actors do not fight over cores. A file
that cannot be read becomes an error row (skipped and listed at the end, as the local
engine does); each document also leaves one marker row with its label counts and what
its file says about itself, from which the driver builds the summary. Ray retries the
work of an actor that dies. The output folder is written under a temporary name and
renamed into place only when the whole job succeeded; an existing one is never replaced.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from classifier.errors import ClassifierError
from classifier.schema import prediction_columns

DEFAULT_BATCH = 16  # files per actor call
HTML_LIMIT = 20_000  # sentences above which --html is refused with the Ray engine
SMALL_TASK = 0.25  # CPUs reserved by a task that only filters or writes rows
ERROR, META = "_error", "_meta"  # internal columns of error and document-marker rows
_DOC_END, _FAILED = -1, -2  # `index` of a document's marker row and of an error row


class DistributedError(ClassifierError, ValueError):
    """A Ray run that cannot start or finish as asked."""


def _require_ray():
    try:
        import ray
    except ImportError:
        raise DistributedError("the Ray engine needs Ray: pip install -e '.[ray]'") from None
    return ray


def start_ray(address: str | None = None, num_cpus: int | None = None):
    """Connect to the cluster at `address` ("auto", "ray://host:port"), or start a local
    Ray on this machine's cores (no dashboard); a running session is reused."""
    ray = _require_ray()
    import logging

    # Ray Data logs every stage of every dataset at INFO; the command reports what matters.
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus or os.cpu_count() or 1, include_dashboard=False,
                     log_to_driver=False)
    return ray


def _arrow_schema(labels: list[str]):
    import pyarrow as pa

    from classifier.schema import arrow_type

    return pa.schema([*(pa.field(c, pa.type_for_alias(arrow_type(c)))
                        for c in prediction_columns(labels)),
                      pa.field(ERROR, pa.string()), pa.field(META, pa.string())])


class _Labeler:
    """A Ray actor: the package loaded once; each call reads, splits and labels a batch of
    files into sentence rows, one marker row per document and one row per bad file."""

    def __init__(self, model_dir: str, threads: int, read_options, lang, chunk_size: int):
        from classifier.package import load_model

        self.model = load_model(model_dir, threads=threads)
        self.labels = list(self.model.classes_)
        self.schema = _arrow_schema(self.labels)
        self.read_options, self.lang, self.chunk_size = read_options, lang, chunk_size

    def _documents(self, batch, rows: list[dict]):
        from classifier.data.readers import InputError, read_document

        for path, doc_id in zip(batch["path"], batch["id"], strict=True):
            try:
                document = read_document(str(path), self.read_options)
            except InputError as exc:
                rows.append({"doc": str(doc_id), "index": _FAILED, ERROR: exc.reason,
                             META: json.dumps({"path": str(exc.path)})})
                continue
            yield replace(document, id=str(doc_id))

    def __call__(self, batch):
        import pyarrow as pa

        from classifier.predict import label_stream

        rows: list[dict] = []
        for info, part, last in label_stream(self.model, self._documents(batch, rows),
                                             lang=self.lang, chunk_size=self.chunk_size):
            rows.extend(part)
            if last:
                rows.append({"doc": info.doc, "index": _DOC_END, META: json.dumps({
                    "sentences": info.n_sentences, "labels": dict(info.label_counts),
                    "langs": dict(info.lang_counts), "metadata": info.metadata,
                    "notes": []})})
        return pa.Table.from_pylist(rows, schema=self.schema)


def _listed(inputs: Iterable) -> list[dict]:
    """The files `inputs` name, as absolute paths (actors may run anywhere) with the ids
    the local engine gives them."""
    from classifier.data.readers import STDIN, document_id, expand_inputs

    out = []
    for item in expand_inputs([str(i) for i in inputs]):
        if item == STDIN:
            raise DistributedError("the Ray engine reads files, not stdin ('-')")
        path = Path(item)
        out.append({"path": str(path.resolve()), "id": document_id(path)})
    return out


def _labeled(paths_or_dataset, model_dir, *, actors: int | None, batch_size: int,
             read_options, lang, chunk_size: int):
    """The dataset of every row the actors make (sentences, markers, errors)."""
    ray = _require_ray()
    from classifier.package import read_manifest

    read_manifest(Path(model_dir))  # a bad package fails here, not in every actor
    if isinstance(paths_or_dataset, ray.data.Dataset):
        files = paths_or_dataset
    else:
        if isinstance(paths_or_dataset, (str, os.PathLike)):
            paths_or_dataset = [paths_or_dataset]
        listed = _listed(paths_or_dataset)
        if not listed:
            raise DistributedError("no supported documents among the inputs")
        files = ray.data.from_items(listed, override_num_blocks=max(1, min(
            len(listed), 4 * (actors or 1))))
    cpus = int(ray.cluster_resources().get("CPU", os.cpu_count() or 1))
    actors = actors or max(1, cpus)
    threads = max(1, cpus // actors)
    # An actor reserves a little less than the threads it runs, so that Ray Data's own
    # small tasks (splitting blocks, writing files) always find a CPU beside the actors;
    # a pool that reserves every CPU can starve them. Ray Data restarts a dead actor and
    # retries its batch (its actor pools default to unlimited restarts).
    return files.map_batches(
        _Labeler, fn_constructor_kwargs={
            "model_dir": str(Path(model_dir).resolve()), "threads": threads,
            "read_options": read_options, "lang": lang, "chunk_size": chunk_size},
        compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=max(0.5, threads - 0.5),
        batch_size=batch_size, batch_format="numpy")


def _sentences_only(table):
    import pyarrow.compute as pc

    return table.filter(pc.greater_equal(table["index"], 0)).drop_columns([ERROR, META])


def _markers_only(table):
    import pyarrow.compute as pc

    return table.filter(pc.less(table["index"], 0)).select(["doc", "index", ERROR, META])


def label(paths_or_dataset, model_dir, *, actors: int | None = None,
          batch_size: int = DEFAULT_BATCH, read_options=None, lang: str | None = None,
          chunk_size: int = 2048, address: str | None = None):
    """A Ray Dataset of the sentence rows of `paths_or_dataset` (files, folders, globs, or
    a Ray Dataset with `path` and `id` columns), labeled by the package at `model_dir`:
    the columns of `classifier predict`'s table. Lazy, as Ray Datasets are: chain it with
    your own pipeline, or `write_parquet` it. Files that cannot be read are left out
    (`classifier predict --engine ray` lists them)."""
    start_ray(address)
    ds = _labeled(paths_or_dataset, model_dir, actors=actors, batch_size=batch_size,
                  read_options=read_options, lang=lang, chunk_size=chunk_size)
    return ds.map_batches(_sentences_only, batch_format="pyarrow", num_cpus=SMALL_TASK)


def check_ray_out(out: str | Path) -> Path:
    """The output folder of a Ray run: a folder path that does not exist yet."""
    out = Path(out)
    if out.suffix.lower() in (".jsonl", ".csv", ".parquet") and not str(out).endswith("/"):
        raise DistributedError(f"--out: {out}: with --engine ray, --out names a folder for "
                               "a partitioned Parquet dataset (e.g. labels/)")
    if out.exists() or out.is_symlink():
        raise DistributedError(f"--out: {out} exists; the Ray engine never replaces a "
                               "folder: remove it or name another")
    return out


def run_ray_predict(model_dir, inputs: list[str], out, *, summary=None, html=None,
                    actors: int | None = None, batch_size: int = DEFAULT_BATCH,
                    address: str | None = None, read_options=None, lang=None,
                    chunk_size: int = 2048):
    """`classifier predict --engine ray`: the sentence rows as a Parquet dataset in the
    folder `out` (which appears only when the job succeeded), the summary gathered on
    the driver, and the HTML page when the batch is small enough for one; returns the
    local engine's `PredictReport`."""
    from classifier.predict import StreamedDocument
    from classifier.report.batch import PredictReport, summary_row
    from classifier.report.writers import check_output_path, open_writer
    from classifier.schema import summary_columns

    out = check_ray_out(out)
    if summary:
        check_output_path(summary, "--summary", (".jsonl", ".csv", ".parquet"))
    if html:
        check_output_path(html, "--html", (".html", ".htm"))
    start_ray(address)
    ds = _labeled(inputs, model_dir, actors=actors, batch_size=batch_size,
                  read_options=read_options, lang=lang, chunk_size=chunk_size).materialize()
    tmp = out.parent / f".{out.name}.tmp-{uuid.uuid4().hex[:8]}"
    report = PredictReport()
    try:
        ds.map_batches(_sentences_only, batch_format="pyarrow", num_cpus=SMALL_TASK
                       ).write_parquet(str(tmp), ray_remote_args={"num_cpus": SMALL_TASK})
        markers = ds.map_batches(_markers_only, batch_format="pyarrow",
                                 num_cpus=SMALL_TASK).take_all()
        labels = _labels_of(model_dir)
        docs = []
        for row in sorted(markers, key=lambda r: str(r["doc"])):
            meta = json.loads(row[META])
            if row["index"] == _FAILED:
                report.skipped.append((meta["path"], row[ERROR]))
                continue
            docs.append(StreamedDocument(row["doc"], n_sentences=meta["sentences"],
                                         label_counts=Counter(meta["labels"]),
                                         metadata=meta["metadata"]))
        report.documents = len(docs)
        report.sentences = sum(d.n_sentences for d in docs)
        report.summary = [summary_row(d, labels) for d in docs]
        if html and report.sentences > HTML_LIMIT:
            raise DistributedError(
                f"--html: {report.sentences} sentences are too many for one page (the Ray "
                f"engine writes one up to {HTML_LIMIT:,}); nothing was written: run again "
                "without --html and read the Parquet dataset")
        if summary:
            with open_writer(summary, summary_columns(labels)) as writer:
                writer.write_rows(report.summary)
        if html:
            _write_html(html, tmp, labels)
        if out.exists():
            raise DistributedError(f"--out: {out} appeared while the job ran; not replaced")
        os.rename(tmp, out)
    finally:
        if tmp.exists():
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    return report


def _labels_of(model_dir) -> list[str]:
    from classifier.package import read_manifest

    return list(read_manifest(Path(model_dir))["labels"])


def _write_html(html, folder: Path, labels: list[str]) -> None:
    import pyarrow.dataset as pds

    from classifier.report.html import HtmlReportWriter

    rows = pds.dataset(str(folder), format="parquet").to_table().to_pylist()
    rows.sort(key=lambda r: (r["doc"], r["index"]))
    with HtmlReportWriter(html, labels) as page:
        current, part = None, []
        for row in rows:
            if row["doc"] != current and part:
                page.add_document(current, part)
                part = []
            current = row["doc"]
            part.append(row)
        if part:
            page.add_document(current, part)


