"""A prediction batch (`classifier predict`): read every input, label it with
`classifier.predict.label_stream`, and write the sentence table, the per-document summary
and the HTML report as the rows come, with a progress bar and a final report.

Outputs are checked before anything is read, written to temporary files, and moved into
place only when the whole batch has been processed; unreadable inputs are skipped and
listed (or, with `strict`, stop the batch).
"""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass, field

from classifier.predict import (
    DEFAULT_CHUNK,
    PIECE_CHARS,
    LabeledDocument,
    StreamedDocument,
    check_chunk_size,
    label_stream,
    token_limit,
)
from classifier.report.tables import LEFT, Column, text_table
from classifier.schema import (
    DOCUMENT_FIELDS,
    prediction_columns,
    share_column,
    summary_columns,
)
from classifier.text import MAX_UNIT_CHARS, SplitStats

SUMMARY_LIMIT = 50  # documents `format_summary` shows


@dataclass
class PredictReport:
    documents: int = 0
    sentences: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    summary: list[dict] = field(default_factory=list)
    uncertain: int = 0  # sentences scored below --min-score
    # Things worth knowing that are no failure: unfamiliar languages, sentences cut.
    notes: list[str] = field(default_factory=list)

    def add_note(self, note: str, warn) -> None:
        """Say it now (a long batch may run for hours) and again in the final report."""
        warn(note)
        self.notes.append(note)


def summary_row(doc: LabeledDocument | StreamedDocument, labels: list[str],
                uncertain: int | None = None) -> dict:
    """One document's row of the summary table (`classifier.schema.summary_columns`);
    `uncertain` counts its sentences below `--min-score`, when one was given."""
    shares = doc.shares(labels)
    top = max(labels, key=lambda c: shares[c]) if doc.n_sentences else ""
    row = {"doc": doc.doc, "sentences": doc.n_sentences,
           **{share_column(c): round(v, 4) for c, v in shares.items()}, "top_label": top}
    if uncertain is not None:
        row["uncertain_sentences"] = uncertain
    metadata = getattr(doc, "metadata", None) or {}
    row.update({k: metadata.get(k, "") for k in DOCUMENT_FIELDS})
    return row


def mark_uncertain(rows: list[dict], min_score: float | None) -> int:
    """Flag rows whose score is below `min_score` (for a person to check); return how many.

    The scores are calibrated on validation when the model was trained, so a threshold of
    0.7 means roughly "less than 70% likely to be right"."""
    if min_score is None:
        return 0
    for row in rows:
        row["uncertain"] = row["score"] < min_score
    return sum(row["uncertain"] for row in rows)


def format_summary(rows: list[dict], labels: list[str], limit: int = SUMMARY_LIMIT) -> str:
    """The per-document topic shares as a console table (the first `limit` documents)."""
    columns = [Column("document", LEFT, max_width=40), Column("sent."),
               *(Column(c[:6]) for c in labels)]
    cells = [[r["doc"], str(r["sentences"]), *(f"{r[share_column(c)]:.0%}" for c in labels)]
             for r in rows[:limit]]
    lines = [text_table(columns, cells, rule=True)]
    if len(rows) > limit:
        lines.append(f"... and {len(rows) - limit} more documents (see the summary file)")
    return "\n".join(lines)


# ---------------------------------------------------------------------------- inputs


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # replaced or closed stdin
        return False


def _print_notice(message: str) -> None:
    print(message, file=sys.stderr)


def stdin_prompt() -> str:
    end = "Ctrl-Z then Enter" if sys.platform == "win32" else "Ctrl-D"
    return f"waiting for text on stdin (end it with {end})"


def _readable_documents(specs: list[str], report: PredictReport, strict: bool, warn,
                        notice=_print_notice, skip: frozenset[str] = frozenset(),
                        options=None, save_text_to=None):
    """Documents that could be read; the others are reported, counted and skipped.

    `skip` (`predict_output_keys`): files of this run's outputs, which a folder or a pattern
    among `specs` may reach and which are no documents to label.
    """
    from classifier.data.readers import read_documents

    def skipped(exc) -> None:
        report.skipped.append((str(exc.path), exc.reason))
        warn(f"skipped {exc.path}: {exc.reason}")
        if strict:
            raise exc

    def prompt() -> None:
        if _stdin_is_terminal():  # otherwise a run that names "-" by mistake looks hung
            notice(stdin_prompt())

    for doc in read_documents(specs, options, on_error=skipped, skip=skip, on_stdin=prompt,
                              save_text_to=save_text_to):
        for note in getattr(doc, "notes", ()):  # e.g. a guessed encoding: worth a look
            report.add_note(f"{doc.id}: {note}", warn)
        yield doc


# ---------------------------------------------------------------------------- notes


def _training_languages(model) -> list[str]:
    manifest = getattr(model, "manifest", None)
    langs = manifest.get("languages") if isinstance(manifest, dict) else None
    return [str(x) for x in langs] if isinstance(langs, (list, tuple)) else []


def language_note(doc: StreamedDocument, known: list[str]) -> str | None:
    """A note when a document's main language is none the model was trained on.

    The model labels such text anyway, with confident-looking scores; the reader should
    know the numbers rest on languages the model never saw.
    """
    lang = doc.main_language()
    if not known or lang is None or lang in known:
        return None
    return (f"{doc.doc}: language '{lang}' was not in the model's training languages "
            f"({', '.join(known)}); labels may be unreliable")


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def cut_notes(stats: SplitStats, over_length: int, limit: int | None) -> list[str]:
    """What the splitter and the model's token limit cut, as notes for the final report."""
    notes = []
    if stats.overlong_spans:
        n, cuts = stats.overlong_spans, stats.cuts
        notes.append(
            f"{n} passage{_plural(n, '', 's')} without a sentence boundary "
            f"{_plural(n, 'was', 'were')} cut into units of at most {MAX_UNIT_CHARS} "
            f"characters ({cuts} cut{_plural(cuts, '', 's')})")
    if over_length:
        notes.append(
            f"{over_length} sentence{_plural(over_length, ' was', 's were')} longer than "
            f"the model's {limit} tokens and {_plural(over_length, 'was', 'were')} cut")
    return notes


def check_min_score(min_score: float | None) -> None:
    from classifier.predict import PredictError

    if min_score is not None and not 0 < min_score <= 1:
        raise PredictError(f"--min-score must be a probability in (0, 1], got {min_score}")


# ---------------------------------------------------------------------------- outputs


class _Outputs:
    """The sentence table, the summary table and the HTML page of one batch, together."""

    def __init__(self, stack: contextlib.ExitStack, labels: list[str], out: str,
                 summary: str | None, html: str | None, uncertain: bool = False):
        from classifier.report.html import HtmlReportWriter
        from classifier.report.writers import open_writer

        self.rows = stack.enter_context(open_writer(out, prediction_columns(labels,
                                                                            uncertain)))
        self.sums = (stack.enter_context(open_writer(summary, summary_columns(labels,
                                                                              uncertain)))
                     if summary else None)
        self.page = stack.enter_context(HtmlReportWriter(html, labels)) if html else None

    def begin(self, doc: StreamedDocument) -> None:
        if self.page is not None:
            self.page.begin_document(doc.doc, doc.text, doc.metadata)

    def add(self, rows: list[dict]) -> None:
        self.rows.write_rows(rows)
        if self.page is not None:
            self.page.add_sentences(rows)

    def end(self, summary: dict) -> None:
        if self.page is not None:
            self.page.end_document()
        if self.sums is not None:
            self.sums.write_rows([summary])


def _write_batch(stream, outputs: _Outputs, report: PredictReport, labels: list[str],
                 known_langs: list[str], bar, warn, min_score: float | None = None) -> int:
    """Write every part of `stream`; return how many sentences the model's limit cut."""
    over_length, current, t0 = 0, None, time.perf_counter()
    for doc, rows, last in stream:
        if doc is not current:
            current, uncertain = doc, 0
            outputs.begin(doc)
        uncertain += mark_uncertain(rows, min_score)
        outputs.add(rows)
        report.sentences += len(rows)
        if last:
            current = None
            report.uncertain += uncertain
            row = summary_row(doc, labels, uncertain if min_score is not None else None)
            outputs.end(row)
            report.summary.append(row)
            report.documents += 1
            over_length += doc.over_length
            note = language_note(doc, known_langs)
            if note:
                report.add_note(note, warn)
            bar.update(1)
        rate = report.sentences / max(time.perf_counter() - t0, 1e-9)
        bar.set_postfix(sentences=report.sentences, sent_s=f"{rate:.0f}",
                        skipped=len(report.skipped))
    return over_length


def run_predict(model, inputs: list[str], out: str, *, summary: str | None = None,
                html: str | None = None, lang: str | None = None, strict: bool = False,
                chunk_size: int = DEFAULT_CHUNK, progress: bool = True, warn=print,
                notice=_print_notice, piece_chars: int = PIECE_CHARS,
                min_score: float | None = None, outputs_checked: bool = False,
                read_options=None, save_text: str | None = None) -> PredictReport:
    """Label every sentence of `inputs` into `out` (and the summary and HTML report).

    Outputs are checked before anything is read (OutputError, PredictError): each on its
    own, against each other and against the files `inputs` name by themselves, unless
    `outputs_checked` says the caller ran `check_predict_outputs` already (the CLI does,
    before the model loads; checking twice would stat every path twice). An output file
    that a folder or a pattern among `inputs` reaches is skipped, so a rerun does not
    label its own earlier report. Outputs are written to temporary files as rows come,
    and moved into place only when the whole batch has been processed; with `strict` the
    first unreadable file aborts the batch. `warn` gets skipped files and unfamiliar
    languages, `notice` the prompt when stdin is a terminal. With `min_score`, rows get an
    `uncertain` column (score below it) and the summary an `uncertain_sentences` count.
    `read_options` (`classifier.data.readers.ReadOptions`) say how files are read, and
    `save_text` names a folder for the text of each document as read.
    """
    from tqdm.auto import tqdm

    from classifier.report.writers import check_predict_outputs, predict_output_keys

    check_chunk_size(chunk_size)
    check_min_score(min_score)
    if not outputs_checked:
        check_predict_outputs(out, summary=summary, html=html, inputs=inputs)
    labels = list(model.classes_)
    report = PredictReport()
    split_stats = SplitStats()
    text_folder = None
    if save_text is not None:
        from classifier.data.saved_text import check_text_folder

        text_folder = check_text_folder(save_text)
    docs = _readable_documents(inputs, report, strict, warn, notice,
                               predict_output_keys(out, summary, html), read_options,
                               text_folder)
    stream = label_stream(model, docs, lang=lang, chunk_size=chunk_size,
                          piece_chars=piece_chars, stats=split_stats)
    bar = tqdm(unit="doc", desc="labeling", disable=not progress, dynamic_ncols=True)
    try:
        with contextlib.ExitStack() as stack:
            outputs = _Outputs(stack, labels, out, summary, html, min_score is not None)
            over_length = _write_batch(stream, outputs, report, labels,
                                       _training_languages(model), bar, warn, min_score)
    finally:
        bar.close()
    report.notes += cut_notes(split_stats, over_length, token_limit(model))
    return report
