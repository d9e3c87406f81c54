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
from dataclasses import asdict, dataclass, field
from pathlib import Path

LABELS: tuple[str, ...] = ("prevention", "prosecution", "protection", "partnership", "other")
ORIGINS = ("source", "written")
MAX_REPORTED_ERRORS = 25


class DataError(ValueError):
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
    id: str
    langs: list[str]
    title: str
    origin: str
    outlet: str = ""
    date: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LabeledSentence:
    doc: str
    index: int
    start: int
    end: int
    lang: str
    text: str
    label: str
    origin: str = "written"

    def to_dict(self) -> dict:
        return asdict(self)


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
    texts: dict[str, str | None] = {}
    seen: dict[tuple[str, int], str] = {}
    sentences: list[LabeledSentence] = []
    spec = {"doc": str, "index": int, "start": int, "end": int, "text": str, "label": str}
    for path in files:
        for n, obj in read_jsonl(path, problems):
            where = f"{path}:{n}"
            if not _check_fields(obj, spec, where, problems):
                continue
            doc, index = obj["doc"], obj["index"]
            if not obj["text"].strip():
                problems.append(f"{where}: empty text")
                continue
            if obj["label"] not in LABELS:
                problems.append(
                    f"{where}: unknown label {obj['label']!r}; expected one of {', '.join(LABELS)}"
                )
                continue
            if doc not in documents:
                problems.append(f"{where}: document {doc!r} is not in the manifest")
                continue
            key = (doc, index)
            if key in seen:
                problems.append(
                    f"{where}: duplicate sentence id {doc}:{index} (first at {seen[key]})"
                )
                continue
            seen[key] = where
            if doc not in texts:
                texts[doc] = _read_document(root, doc, problems)
            text = texts[doc]
            if text is None:
                continue
            start, end = obj["start"], obj["end"]
            if not (0 <= start < end <= len(text)) or text[start:end] != obj["text"]:
                found = text[start:end] if 0 <= start < end <= len(text) else "<out of range>"
                problems.append(
                    f"{where}: offsets {start}:{end} do not match the text of document {doc!r} "
                    f"(the document has {found[:60]!r} there)"
                )
                continue
            lang = obj.get("lang") or (documents[doc].langs[0] if documents[doc].langs else "und")
            sentences.append(
                LabeledSentence(doc, index, start, end, lang, obj["text"], obj["label"],
                                documents[doc].origin)
            )
    if problems:
        raise DataError(problems)
    sentences.sort(key=lambda s: (s.doc, s.index))
    used = {s.doc for s in sentences}
    return Corpus(root, {k: v for k, v in documents.items() if k in used}, sentences)


def _read_document(root: Path, doc: str, problems: list[str]) -> str | None:
    path = root / "corpus" / f"{doc}.txt"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{path}: text of document {doc!r} not found")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read as UTF-8 text ({exc})")
    return None
