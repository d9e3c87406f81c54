"""Bringing a person's labels back into the corpus, whole or not at all.

Each annotated sentence came from a document that `classifier select` read; that document
joins the corpus (its text as read in `corpus/<id>.txt`, a manifest entry with
`origin: annotated`) with one labeled record per annotated sentence. Its other sentences
stay unlabeled: a document may be partly labeled, and only labeled sentences train.

Everything is checked before anything is written, and every refusal names the file and
the task: a label outside the label set; two labels for one sentence (in the file, or
against the corpus); a document whose text changed since selection (the file was edited,
or read with other options); offsets that no longer point at the sentence. Files are then
written atomically, the manifest last, so a failure leaves the corpus as it was.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from classifier.annotate.select import text_sha256
from classifier.annotate.tasks import Annotation, AnnotationError, read_annotations
from classifier.data.corpus import LABELS, read_jsonl
from classifier.io import atomic_write_text
from classifier.schema import Sentence

ORIGIN = "annotated"


@dataclass
class _Document:
    """A document to add or extend, and the labeled records it will hold."""

    id: str
    path: str
    text: str
    metadata: dict
    records: dict[int, dict] = field(default_factory=dict)  # index -> record
    wheres: dict[int, str] = field(default_factory=dict)  # index -> where it was labeled


def corpus_id(path: str, sha: str) -> str:
    """A stable document id from its file name and text: `a-<stem>-<sha8>`."""
    stem = re.sub(r"[^\w.-]+", "-", Path(path).stem).strip("-._")[:40] or "document"
    return f"a-{stem}-{sha[:8]}"


def _existing_records(path: Path, problems: list[str]) -> dict[int, dict]:
    return {obj["index"]: obj for _, obj in read_jsonl(path, problems)
            if isinstance(obj.get("index"), int)} if path.is_file() else {}


def _read_source(annotation: Annotation, options, problems: list[str]):
    """The document a task came from, read again as `select` read it, if it is unchanged."""
    from classifier.data.readers import InputError, read_document

    task = annotation.task
    try:
        document = read_document(task.path, options)
    except InputError as exc:
        problems.append(f"{annotation.where}: cannot read its document {task.path}: "
                        f"{exc.reason}")
        return None
    if text_sha256(document.text) != task.doc_sha256:
        problems.append(f"{annotation.where}: document {task.path} changed since selection "
                        "(edited, or read with other --keep-boilerplate/--ocr options)")
        return None
    return document


def plan_import(annotations: list[Annotation], data: Path, options=None
                ) -> tuple[list[_Document], list[str]]:
    """The documents and records an import would write, and every problem found."""
    problems: list[str] = []
    documents: dict[str, _Document] = {}
    sources: dict[str, object] = {}
    for annotation in annotations:
        task = annotation.task
        if annotation.label not in LABELS:
            problems.append(f"{annotation.where}: unknown label {annotation.label!r}; "
                            f"expected one of {', '.join(LABELS)}")
            continue
        key = f"{task.path}\0{task.doc_sha256}"
        if key not in sources:
            sources[key] = _read_source(annotation, options, problems)
        source = sources[key]
        if source is None:
            continue
        text = source.text
        if not (0 <= task.start < task.end <= len(text)) \
                or text[task.start : task.end] != task.text:
            problems.append(f"{annotation.where}: offsets {task.start}:{task.end} no longer "
                            f"match the sentence in {task.path}")
            continue
        doc_id = corpus_id(task.path, task.doc_sha256)
        if doc_id not in documents:
            documents[doc_id] = _Document(doc_id, task.path, text, dict(source.metadata),
                                          _existing_records(data / "labeled" /
                                                            f"{doc_id}.jsonl", problems))
        doc = documents[doc_id]
        record = {**Sentence(doc_id, task.index, task.start, task.end, task.lang,
                             task.text).to_dict(), "label": annotation.label}
        old = doc.records.get(task.index)
        if old is not None and old["label"] != annotation.label:
            first = doc.wheres.get(task.index, f"{data / 'labeled' / doc_id}.jsonl")
            problems.append(f"{annotation.where}: conflicting labels for sentence "
                            f"{task.index} of {task.path}: {annotation.label!r} here, "
                            f"{old['label']!r} in {first}")
            continue
        doc.records[task.index] = record
        doc.wheres[task.index] = annotation.where
    return list(documents.values()), problems


def _manifest_entry(doc: _Document, metadata: dict) -> dict:
    langs = [lang for lang, _ in Counter(r["lang"] for r in doc.records.values())
             .most_common() if lang != "und"] or ["und"]
    entry = {"id": doc.id, "langs": langs,
             "title": metadata.get("title") or Path(doc.path).name, "origin": ORIGIN,
             "source_file": doc.path}
    for key, name in (("site", "outlet"), ("date", "date"), ("url", "url")):
        if metadata.get(key):
            entry[name] = metadata[key]
    return entry


def import_annotations(path: str | Path, data: str | Path, options=None) -> tuple[int, int]:
    """Add the labeled sentences of an annotation file to the corpus at `data`; return
    (documents, sentences) added or extended. Raises AnnotationError listing every
    problem, and then writes nothing."""
    data = Path(data)
    conflicts: list[str] = []
    annotations = read_annotations(path, conflicts)
    if not annotations and not conflicts:
        raise AnnotationError(f"{path}: no labeled tasks (nothing was annotated)")
    documents, problems = plan_import(annotations, data, options)
    problems = conflicts + problems
    manifest_path = data / "corpus" / "manifest.jsonl"
    manifest = [obj for _, obj in read_jsonl(manifest_path, problems)] \
        if manifest_path.is_file() else []
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:25])
        more = f"\n  ... and {len(problems) - 25} more" if len(problems) > 25 else ""
        raise AnnotationError(f"{len(problems)} problem(s); nothing was imported:\n"
                              f"{shown}{more}")
    entries = {m.get("id"): m for m in manifest}
    for doc in documents:
        atomic_write_text(data / "corpus" / f"{doc.id}.txt", doc.text)
        records = [doc.records[i] for i in sorted(doc.records)]
        atomic_write_text(data / "labeled" / f"{doc.id}.jsonl",
                          "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        if doc.id not in entries:
            entries[doc.id] = _manifest_entry(doc, doc.metadata)
    atomic_write_text(manifest_path, "".join(json.dumps(m, ensure_ascii=False) + "\n"
                                             for m in entries.values()))
    return len(documents), len(annotations)
