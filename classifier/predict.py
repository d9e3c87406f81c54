"""Labeling new reports sentence by sentence, streamed so memory stays bounded.

Documents are split as they arrive and their sentences pooled until a chunk is full;
each chunk goes through the model in one call (the backend sorts it by length and pads
per batch), then its documents are handed on and forgotten. However many files there
are, at most one chunk of sentences is held at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from classifier.text import split_document

DEFAULT_CHUNK = 2048  # sentences per model call


@dataclass
class LabeledDocument:
    doc: str
    sentences: list[dict] = field(default_factory=list)
    text: str = ""

    def shares(self, labels: list[str]) -> dict[str, float]:
        n = len(self.sentences)
        counts = dict.fromkeys(labels, 0)
        for s in self.sentences:
            counts[s["label"]] += 1
        return {k: (v / n if n else 0.0) for k, v in counts.items()}


def _as_pairs(documents: Iterable) -> Iterator[tuple[str, str]]:
    for i, item in enumerate(documents):
        if isinstance(item, str):
            yield f"doc{i}", item
        elif hasattr(item, "text") and hasattr(item, "id"):
            yield item.id, item.text
        else:
            doc, text = item
            yield str(doc), text


def label_documents(model, documents: Iterable, lang: str | None = None,
                    chunk_size: int = DEFAULT_CHUNK) -> Iterator[LabeledDocument]:
    """Yield each document with every sentence labeled, in input order.

    `documents` holds texts, (doc_id, text) pairs, or objects with `id` and `text`.
    Each sentence row has doc, index, start, end, lang, text, label, score and p_<label>.
    """
    labels = list(model.classes_)
    pending: list[tuple[str, str, list]] = []
    n_pending = 0

    def flush() -> Iterator[LabeledDocument]:
        texts = [s.text for _, _, sents in pending for s in sents]
        proba = model.predict_proba(texts) if texts else np.zeros((0, len(labels)))
        best = proba.argmax(axis=1) if len(texts) else []
        k = 0
        for doc, text, sents in pending:
            out = LabeledDocument(doc, text=text)
            for s in sents:
                row = s.to_dict()
                row["label"] = labels[best[k]]
                row["score"] = float(proba[k, best[k]])
                row.update({f"p_{c}": float(p) for c, p in zip(labels, proba[k], strict=True)})
                out.sentences.append(row)
                k += 1
            yield out

    for doc, text in _as_pairs(documents):
        sents = split_document(text, doc, lang=lang)
        pending.append((doc, text, sents))
        n_pending += len(sents)
        if n_pending >= chunk_size:
            yield from flush()
            pending, n_pending = [], 0
    if pending:
        yield from flush()


def sentence_columns(labels: list[str]) -> list[str]:
    return ["doc", "index", "start", "end", "lang", "text", "label", "score",
            *(f"p_{c}" for c in labels)]


def summary_columns(labels: list[str]) -> list[str]:
    return ["doc", "sentences", *(f"share_{c}" for c in labels), "top_label"]


def summary_row(doc: LabeledDocument, labels: list[str]) -> dict:
    shares = doc.shares(labels)
    top = max(labels, key=lambda c: shares[c]) if doc.sentences else ""
    return {"doc": doc.doc, "sentences": len(doc.sentences),
            **{f"share_{c}": round(v, 4) for c, v in shares.items()}, "top_label": top}


def format_summary(rows: list[dict], labels: list[str], limit: int = 50) -> str:
    """The per-document topic shares as a console table (the first `limit` documents)."""
    short = {c: c[:6] for c in labels}
    name_w = min(40, max([8, *(len(r["doc"]) for r in rows[:limit])]))
    head = f"{'document':<{name_w}} {'sent.':>6} " + " ".join(f"{short[c]:>7}" for c in labels)
    lines = [head, "-" * len(head)]
    for r in rows[:limit]:
        name = r["doc"] if len(r["doc"]) <= name_w else "…" + r["doc"][-(name_w - 1):]
        cells = " ".join(f"{r[f'share_{c}']:>7.0%}" for c in labels)
        lines.append(f"{name:<{name_w}} {r['sentences']:>6} {cells}")
    if len(rows) > limit:
        lines.append(f"... and {len(rows) - limit} more documents (see the summary file)")
    return "\n".join(lines)


@dataclass
class PredictReport:
    documents: int = 0
    sentences: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    summary: list[dict] = field(default_factory=list)


def _readable_documents(specs: list[str], report: PredictReport, strict: bool, warn):
    """Documents that could be read; the others are reported, counted and skipped."""
    from classifier.inputs import InputError, expand_inputs, read_document

    for item in expand_inputs(specs):
        try:
            yield read_document(item)
        except InputError as exc:
            report.skipped.append((str(exc.path), exc.reason))
            warn(f"skipped {exc.path}: {exc.reason}")
            if strict:
                raise


def run_predict(model, inputs: list[str], out: str, *, summary: str | None = None,
                html: str | None = None, lang: str | None = None, strict: bool = False,
                chunk_size: int = DEFAULT_CHUNK, progress: bool = True, warn=print
                ) -> PredictReport:
    """Label every sentence of `inputs` into `out` (and the summary and HTML report).

    Outputs are written to temporary files and moved into place only when the whole batch
    has been processed; with `strict` the first unreadable file aborts the batch.
    """
    import contextlib
    import time

    from tqdm.auto import tqdm

    from classifier.html_report import HtmlReportWriter
    from classifier.outputs import open_writer, write_table

    labels = list(model.classes_)
    report = PredictReport()
    docs = _readable_documents(inputs, report, strict, warn)
    bar = tqdm(unit="doc", desc="labeling", disable=not progress, dynamic_ncols=True)
    t0 = time.perf_counter()
    with contextlib.ExitStack() as stack:
        writer = stack.enter_context(open_writer(out, sentence_columns(labels)))
        page = stack.enter_context(HtmlReportWriter(html, labels)) if html else None
        for labeled in label_documents(model, docs, lang=lang, chunk_size=chunk_size):
            writer.write_rows(labeled.sentences)
            if page is not None:
                page.add_document(labeled.doc, labeled.sentences, text=labeled.text)
            report.documents += 1
            report.sentences += len(labeled.sentences)
            report.summary.append(summary_row(labeled, labels))
            rate = report.sentences / max(time.perf_counter() - t0, 1e-9)
            bar.update(1)
            bar.set_postfix(sentences=report.sentences, sent_s=f"{rate:.0f}",
                            skipped=len(report.skipped))
    bar.close()
    if summary:
        write_table(summary, report.summary, summary_columns(labels))
    return report
