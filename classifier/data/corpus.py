"""The labeled corpus on disk: documents, their manifest, and one label per sentence.

Layout of a data folder (the starter corpus is `data/`):

    corpus/manifest.jsonl   one record per document: id, langs, title, outlet, date, origin
    corpus/<id>.txt         the document text, UTF-8
    labeled/*.jsonl         one record per sentence: doc, index, start, end, lang, text, label

Everything is validated before anything is returned, and every problem is reported with
its file and line, so a bad edit never trains a model on half the data.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import ClassifierError
from classifier.schema import COLUMN_TYPES, LABELED_RECORD_COLUMNS, LabeledSentence

LABELS: tuple[str, ...] = ("prevention", "prosecution", "protection", "partnership", "other")
# "annotated": documents a user labeled in part through `classifier select` and
# `classifier data import-annotations`.
ORIGINS = ("source", "written", "register", "annotated")
MAX_REPORTED_ERRORS = 25
# The fields a labeled record must have; `lang`, when absent, is the document's first.
_RECORD_FIELDS = {c: COLUMN_TYPES[c] for c in LABELED_RECORD_COLUMNS if c != "lang"}


class DataError(ClassifierError, ValueError):
    """Bad input data; the message names each file, line and what was expected."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        shown = problems[:MAX_REPORTED_ERRORS]
        more = len(problems) - len(shown)
        text = "\n".join(f"  {p}" for p in shown)
        if more:
            text += f"\n  ... and {more} more"
        super().__init__(f"{len(problems)} problem(s) in the labeled data:\n{text}")


@dataclass(frozen=True)
class Document:
    """A document of the corpus, as its manifest describes it."""

    id: str
    langs: list[str]
    title: str
    origin: str
    outlet: str = ""
    date: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Corpus:
    root: Path
    documents: dict[str, Document]
    sentences: list[LabeledSentence]

    def fingerprint(self) -> str:
        return fingerprint(self.sentences)


def fingerprint(sentences: Iterable[LabeledSentence]) -> str:
    """A short hash of the labeled data, to tell whether two runs saw the same data."""
    h = hashlib.sha256()
    for s in sorted(sentences, key=lambda s: (s.doc, s.index)):
        h.update(json.dumps([s.doc, s.index, s.text, s.label, s.lang]).encode())
    return "sha256:" + h.hexdigest()[:16]


def read_jsonl(path: Path, problems: list[str]) -> list[tuple[int, dict]]:
    """(line number, object) of each JSON object line; problems are appended, not raised."""
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read as UTF-8 text ({exc})")
        return rows
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{n}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict):
            problems.append(f"{path}:{n}: expected a JSON object, got {type(obj).__name__}")
            continue
        rows.append((n, obj))
    return rows


def _check_fields(obj: dict, spec: dict[str, type], where: str, problems: list[str]) -> bool:
    ok = True
    for key, typ in spec.items():
        if key not in obj:
            problems.append(f"{where}: missing field '{key}'")
            ok = False
        elif not isinstance(obj[key], typ) or (typ is int and isinstance(obj[key], bool)):
            problems.append(
                f"{where}: field '{key}' must be {typ.__name__}, got {obj[key]!r}"
            )
            ok = False
    return ok


def load_manifest(path: Path, problems: list[str]) -> dict[str, Document]:
    docs: dict[str, Document] = {}
    if not path.is_file():
        problems.append(f"{path}: manifest not found")
        return docs
    spec = {"id": str, "langs": list, "title": str, "origin": str}
    for n, obj in read_jsonl(path, problems):
        where = f"{path}:{n}"
        if not _check_fields(obj, spec, where, problems):
            continue
        if obj["origin"] not in ORIGINS:
            problems.append(f"{where}: origin must be one of {ORIGINS}, got {obj['origin']!r}")
            continue
        if obj["id"] in docs:
            problems.append(f"{where}: duplicate document id {obj['id']!r}")
            continue
        known = {"id", "langs", "title", "origin", "outlet", "date"}
        docs[obj["id"]] = Document(
            id=obj["id"],
            langs=list(obj["langs"]),
            title=obj["title"],
            origin=obj["origin"],
            outlet=obj.get("outlet") or "",
            date=obj.get("date") or "",
            extra={k: v for k, v in obj.items() if k not in known},
        )
    return docs


def _labeled_files(root: Path) -> list[Path]:
    folder = root / "labeled"
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def load_corpus(root: str | Path) -> Corpus:
    """Load and validate a data folder; raise DataError listing every problem found."""
    root = Path(root)
    problems: list[str] = []
    documents = load_manifest(root / "corpus" / "manifest.jsonl", problems)
    files = _labeled_files(root)
    if not files:
        problems.append(f"{root / 'labeled'}: no *.jsonl files with labeled sentences")
    records = _Records(root, documents, problems)
    for path in files:
        for n, obj in read_jsonl(path, problems):
            records.add(obj, f"{path}:{n}")
    if problems:
        raise DataError(problems)
    sentences = sorted(records.sentences, key=lambda s: (s.doc, s.index))
    used = {s.doc for s in sentences}
    return Corpus(root, {k: v for k, v in documents.items() if k in used}, sentences)


@dataclass
class _Records:
    """The labeled records of a corpus, checked one by one against its manifest and texts."""

    root: Path
    documents: dict[str, Document]
    problems: list[str]
    sentences: list[LabeledSentence] = field(default_factory=list)
    texts: dict[str, str | None] = field(default_factory=dict)  # read once per document
    seen: dict[tuple[str, int], str] = field(default_factory=dict)  # sentence id -> where

    def add(self, obj: dict, where: str) -> None:
        """Keep the record as a sentence, or note in `problems` why it is refused."""
        problems = self.problems
        if not _check_fields(obj, _RECORD_FIELDS, where, problems):
            return
        doc, index = obj["doc"], obj["index"]
        if not obj["text"].strip():
            problems.append(f"{where}: empty text")
        elif obj["label"] not in LABELS:
            problems.append(
                f"{where}: unknown label {obj['label']!r}; expected one of {', '.join(LABELS)}"
            )
        elif doc not in self.documents:
            problems.append(f"{where}: document {doc!r} is not in the manifest")
        elif (doc, index) in self.seen:
            problems.append(f"{where}: duplicate sentence id {doc}:{index} "
                            f"(first at {self.seen[doc, index]})")
        else:
            self.seen[doc, index] = where
            if doc not in self.texts:
                self.texts[doc] = _read_document(self.root, doc, problems)
            if self.texts[doc] is not None and self._offsets_match(obj, where):
                document = self.documents[doc]
                lang = obj.get("lang") or (document.langs[0] if document.langs else "und")
                self.sentences.append(LabeledSentence(doc, index, obj["start"], obj["end"], lang,
                                                      obj["text"], obj["label"], document.origin))

    def _offsets_match(self, obj: dict, where: str) -> bool:
        text, start, end = self.texts[obj["doc"]], obj["start"], obj["end"]
        if 0 <= start < end <= len(text) and text[start:end] == obj["text"]:
            return True
        found = text[start:end] if 0 <= start < end <= len(text) else "<out of range>"
        self.problems.append(
            f"{where}: offsets {start}:{end} do not match the text of document {obj['doc']!r} "
            f"(the document has {found[:60]!r} there)"
        )
        return False


def _read_document(root: Path, doc: str, problems: list[str]) -> str | None:
    path = root / "corpus" / f"{doc}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{path}: text of document {doc!r} not found")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read as UTF-8 text ({exc})")
    return None
