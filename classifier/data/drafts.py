"""Labeled drafts: the format people write and label documents in.

A draft is easier to write and review than offset-carrying JSON Lines:

    id: w-fr-a01
    lang: fr
    title: ...
    ---
    other | Le titre de l'article
    prosecution | Première phrase du premier paragraphe.
    protection | Deuxième phrase.

    partnership | Première phrase du deuxième paragraphe.

A draft of a *written* document is its own text: lines of a paragraph are joined by one
space and paragraphs by a blank line. A draft with a `file:` header labels an existing
*source* text instead: its sentences are found in that file in order (any run of
whitespace matches any other), so the source stays byte-for-byte as published.
`import_drafts` writes `corpus/<id>.txt`, `corpus/manifest.jsonl` and `labeled/<id>.jsonl`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from classifier.data.corpus import LABELS
from classifier.errors import ClassifierError
from classifier.io import atomic_write_text
from classifier.schema import Sentence
from classifier.text.langid import detect

HEADER_KEYS = ("id", "lang", "title")
# What a draft written for the project may say it is: "register" for documents written in
# the structure and register of real reports (page furniture, long sentences, negative
# findings), the documents that pick the model (see DataConfig.validation_origins).
WRITTEN_ORIGINS = ("written", "register")


class DraftError(ClassifierError, ValueError):
    pass


@dataclass
class Draft:
    path: Path
    header: dict[str, str]
    paragraphs: list[list[tuple[str, str, int]]]  # (label, text, line number)

    @property
    def id(self) -> str:
        return self.header["id"]

    @property
    def langs(self) -> list[str]:
        return [x.strip() for x in self.header["lang"].split(",") if x.strip()]


def parse_draft(path: Path) -> Draft:
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        sep = lines.index("---")
    except ValueError:
        raise DraftError(f"{path}: no '---' line between the header and the body") from None
    header: dict[str, str] = {}
    for n, line in enumerate(lines[:sep], 1):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise DraftError(f"{path}:{n}: header lines look like 'key: value', got {line!r}")
        header[key.strip()] = value.strip()
    for key in HEADER_KEYS:
        if not header.get(key):
            raise DraftError(f"{path}: header is missing '{key}:'")
    origin = header.get("origin")
    if origin is not None and origin not in WRITTEN_ORIGINS:
        raise DraftError(f"{path}: origin must be one of {WRITTEN_ORIGINS}, got {origin!r} "
                         "(a published article is labeled with 'file:' instead)")
    paragraphs: list[list[tuple[str, str, int]]] = [[]]
    for n, line in enumerate(lines[sep + 1 :], sep + 2):
        if not line.strip():
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        label, bar, text = line.partition(" | ")
        label = label.strip()
        text = unicodedata.normalize("NFC", text.strip())
        if not bar:
            raise DraftError(f"{path}:{n}: expected '<label> | <sentence>', got {line[:60]!r}")
        if label not in LABELS:
            raise DraftError(f"{path}:{n}: unknown label {label!r}; expected one of {LABELS}")
        if not text:
            raise DraftError(f"{path}:{n}: empty sentence")
        paragraphs[-1].append((label, text, n))
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise DraftError(f"{path}: no labeled sentences")
    return Draft(path, header, paragraphs)


def _compose(draft: Draft) -> tuple[str, list[tuple[int, int]]]:
    """The text of a written draft and the offsets of each of its sentences."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for p, paragraph in enumerate(draft.paragraphs):
        if p:
            parts.append("\n\n")
            pos += 2
        for s, (_, text, _) in enumerate(paragraph):
            if s:
                parts.append(" ")
                pos += 1
            spans.append((pos, pos + len(text)))
            parts.append(text)
            pos += len(text)
    return "".join(parts) + "\n", spans


def _align(draft: Draft, text: str) -> list[tuple[int, int]]:
    """Offsets of each draft sentence inside an existing source text, in order."""
    spans, pos = [], 0
    for _, sentence, n in (s for p in draft.paragraphs for s in p):
        pattern = r"\s+".join(re.escape(tok) for tok in sentence.split())
        match = re.compile(pattern).search(text, pos)
        if match is None:
            raise DraftError(
                f"{draft.path}:{n}: sentence not found in the source after offset {pos}: "
                f"{sentence[:60]!r}"
            )
        spans.append((match.start(), match.end()))
        pos = match.end()
    return spans


def _sentence_lang(text: str, langs: list[str]) -> str:
    if len(langs) == 1:
        return langs[0]
    found = detect(text, fallback=langs[0])
    return found if found in langs else langs[0]


def import_drafts(drafts: list[Path], out_root: Path, source_dir: Path | None = None) -> int:
    """Write corpus texts, manifest and labeled sentences for `drafts`; return the count."""
    parsed = sorted((parse_draft(p) for p in drafts), key=lambda d: d.id)
    ids = [d.id for d in parsed]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise DraftError(f"duplicate draft ids: {', '.join(dupes)}")
    corpus_dir, labeled_dir = out_root / "corpus", out_root / "labeled"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    labeled_dir.mkdir(parents=True, exist_ok=True)
    manifest, total = [], 0
    for draft in parsed:
        source = draft.header.get("file")
        if source:
            if source_dir is None:
                raise DraftError(f"{draft.path}: labels a source file but no source folder given")
            text = (source_dir / source).read_text(encoding="utf-8")
            spans = _align(draft, text)
        else:
            text, spans = _compose(draft)
        records = []
        sentences = [s for p in draft.paragraphs for s in p]
        for index, ((label, _, _), (start, end)) in enumerate(zip(sentences, spans, strict=True)):
            sentence = text[start:end]
            lang = _sentence_lang(sentence, draft.langs)
            records.append({**Sentence(draft.id, index, start, end, lang, sentence).to_dict(),
                            "label": label})
        atomic_write_text(corpus_dir / f"{draft.id}.txt", text)
        atomic_write_text(
            labeled_dir / f"{draft.id}.jsonl",
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
        )
        entry = {
            "id": draft.id, "langs": draft.langs, "title": draft.header["title"],
            "origin": "source" if source else draft.header.get("origin", "written"),
        }
        for key in ("outlet", "date", "kind", "country", "file"):
            if draft.header.get(key):
                entry[key if key != "file" else "source_file"] = draft.header[key]
        manifest.append(entry)
        total += len(records)
    # Documents labeled through `classifier data import-annotations` have no draft: keep
    # them, or rebuilding the corpus from drafts would silently drop a user's labels.
    manifest += [m for m in _annotated_entries(corpus_dir / "manifest.jsonl")
                 if m["id"] not in {d.id for d in parsed}]
    atomic_write_text(
        corpus_dir / "manifest.jsonl",
        "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in manifest),
    )
    return total


def _annotated_entries(path: Path) -> list[dict]:
    from classifier.data.corpus import read_jsonl

    if not path.is_file():
        return []
    problems: list[str] = []
    return [obj for _, obj in read_jsonl(path, problems)
            if obj.get("origin") == "annotated" and isinstance(obj.get("id"), str)]
