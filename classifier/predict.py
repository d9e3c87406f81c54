"""Labeling new reports sentence by sentence, streamed so memory stays bounded.

Documents are split as they arrive and their sentences pooled until a chunk is full;
each chunk goes through the model in one call (the backend sorts it by length and pads
per batch), then its rows are handed on and forgotten. A long document is split a piece
at a time (pieces end at blank lines, which no sentence crosses), so neither many files
nor one huge file make more than one chunk of sentences live at once; what is kept per
document is a handful of counts.

The batch command built on it (files in; tables, summary and HTML out) is
`classifier.report.batch`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from classifier.backends.base import proba_with_context
from classifier.errors import ClassifierError
from classifier.schema import Sentence, proba_column
from classifier.text import LANG_SAMPLE, SplitStats, detect, split_document, split_spans
from classifier.text.context import neighbour_context
from classifier.text.langid import UNDETERMINED

DEFAULT_CHUNK = 2048  # sentences per model call
PIECE_CHARS = 100_000  # characters of a long document split at a time


class PredictError(ClassifierError, ValueError):
    """A prediction argument that cannot work (e.g. a chunk size of 0)."""


@dataclass
class LabeledDocument:
    doc: str
    sentences: list[dict] = field(default_factory=list)
    text: str = ""

    @property
    def n_sentences(self) -> int:
        return len(self.sentences)

    def shares(self, labels: list[str]) -> dict[str, float]:
        return _shares(Counter(s["label"] for s in self.sentences), len(self.sentences), labels)


@dataclass
class StreamedDocument:
    """What is kept of a document while its rows stream past: counts, not rows.

    The same object comes with every piece of one document, so a consumer can tell
    where a new document begins by identity.
    """

    doc: str
    text: str = ""
    n_sentences: int = 0
    label_counts: Counter = field(default_factory=Counter)
    lang_counts: Counter = field(default_factory=Counter)
    over_length: int = 0  # sentences longer than the model's token limit (cut by it)
    metadata: dict = field(default_factory=dict)  # what the file says about itself

    def shares(self, labels: list[str]) -> dict[str, float]:
        return _shares(self.label_counts, self.n_sentences, labels)

    def main_language(self) -> str | None:
        """The language most of its sentences are in, not counting undetermined ones."""
        counts = Counter({k: v for k, v in self.lang_counts.items() if k != UNDETERMINED})
        return counts.most_common(1)[0][0] if counts else None


def _shares(counts: Counter, n: int, labels: list[str]) -> dict[str, float]:
    return {c: (counts.get(c, 0) / n if n else 0.0) for c in labels}


def _as_triples(documents: Iterable) -> Iterator[tuple[str, str, dict]]:
    """(id, text, metadata) of texts, (id, text) pairs or documents as read."""
    for i, item in enumerate(documents):
        if isinstance(item, str):
            yield f"doc{i}", item, {}
        elif hasattr(item, "text") and hasattr(item, "id"):
            yield item.id, item.text, dict(getattr(item, "metadata", None) or {})
        else:
            doc, text = item
            yield str(doc), text, {}


def check_chunk_size(chunk_size: object) -> int:
    """Refuse a chunk size that would label nothing or loop forever, before any work."""
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) \
            or chunk_size < 1:
        raise PredictError(f"chunk_size must be a positive integer (sentences per model "
                           f"call), got {chunk_size!r}")
    return int(chunk_size)


# ---------------------------------------------------------------------- pieces of a text

# Where a piece may end, safest first: the first never changes a sentence, the next two
# rarely (a line that ends with a stop ends its block; a stop then a space usually ends
# a sentence), the last two cut one sentence in two but keep a piece bounded.
_CUTS = [re.compile(p) for p in (
    r"\n[ \t\r]*\n",  # a blank line: no sentence crosses one
    r"[.!?…:;][\"'”’»)\]]*[ \t\r]*\n",  # a line ending with a stop
    r"[.!?…][\"'”’»)\]]*[ \t]+|[。！？]",  # a stop inside a line
    r"\n",  # any line break
    r"\s",  # any whitespace
)]


def _cut(text: str, start: int, stop: int) -> int:
    """Where a piece that begins at `start` should end, at most at `stop`.

    After the last blank line before `stop` when there is one, so the cut changes
    nothing; only a paragraph longer than a piece is cut at a weaker place (`_CUTS`),
    and text without any whitespace at `stop` itself.
    """
    for pattern in _CUTS:
        end = None
        for match in pattern.finditer(text, start, stop):
            end = match.end()
        if end is not None and end > start:
            return end
    return stop


def text_pieces(text: str, size: int = PIECE_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces of `text` of at most `size` characters each."""
    if size < 1:
        raise PredictError(f"piece size must be at least 1, got {size!r}")
    start, n = 0, len(text)
    while n - start > size:
        end = _cut(text, start, start + size)
        yield start, end
        start = end
    yield start, n


def _split_long(text: str, doc: str, lang: str | None, size: int,
                stats: SplitStats | None) -> Iterator[Sentence]:
    """`split_document` piece by piece, with offsets and indexes into the whole text.

    The document's language is told once, from its start, exactly as `split_document`
    does, and serves every piece as splitting rules and as the fallback of sentences too
    short to identify; `split_document(piece)` would guess it again from each piece.
    """
    doc_lang = lang or detect(text[:LANG_SAMPLE])
    rules = doc_lang if doc_lang != UNDETERMINED else "en"
    index = 0
    for start, end in text_pieces(text, size):
        piece = text[start:end]
        for span in split_spans(piece, rules, stats):
            sentence = piece[span.start : span.end]
            sent_lang = lang or detect(sentence, fallback=doc_lang)
            yield Sentence(doc, index, start + span.start, start + span.end, sent_lang,
                           sentence)
            index += 1


def split_streamed(text: str, doc: str, lang: str | None = None,
                   piece_chars: int = PIECE_CHARS, stats: SplitStats | None = None
                   ) -> Iterator[Sentence]:
    """The sentences of `split_document`, for a text of any length in bounded memory."""
    if len(text) <= piece_chars:
        yield from split_document(text, doc, lang=lang, stats=stats)
    else:
        yield from _split_long(text, doc, lang, piece_chars, stats)


# ---------------------------------------------------------------------- labeling


def token_limit(model) -> int | None:
    """The number of tokens a model reads of a sentence; None when it reads all."""
    if getattr(model, "tokenizer", None) is None:
        return None
    limit = getattr(model, "max_length", None)
    if limit is None:
        limit = getattr(getattr(model, "config", None), "max_length", None)
    return limit if isinstance(limit, int) and limit > 0 else None


def _over_limit(model, limit: int | None, texts: list[str]) -> list[bool]:
    """Which sentences the model's tokenizer cuts; it does so silently, so count here."""
    if limit is None or not texts:
        return [False] * len(texts)
    ids = model.tokenizer(texts, truncation=False, verbose=False)["input_ids"]
    return [len(x) > limit for x in ids]


def label_stream(model, documents: Iterable, lang: str | None = None,
                 chunk_size: int = DEFAULT_CHUNK, piece_chars: int = PIECE_CHARS,
                 stats: SplitStats | None = None
                 ) -> Iterator[tuple[StreamedDocument, list[dict], bool]]:
    """Yield (document, rows, is_last) as the sentences of `documents` are labeled.

    The lower-level form of `label_documents` for outputs that are written as they come:
    a document arrives in one or more consecutive parts, each with at most `chunk_size`
    rows (possibly none); its last part has `is_last` set, and by then the document's
    counts are complete. Rows are as in `label_documents`; `stats` counts the passages
    the splitter had to cut (see `classifier.text.SplitStats`).
    """
    chunk_size = check_chunk_size(chunk_size)
    if isinstance(piece_chars, bool) or not isinstance(piece_chars, int) or piece_chars < 1:
        raise PredictError(f"piece_chars must be a positive integer, got {piece_chars!r}")
    return _label_stream(model, documents, lang, chunk_size, piece_chars, stats)


def _label_stream(model, documents, lang, chunk_size, piece_chars, stats):
    labels = list(model.classes_)
    limit = token_limit(model)
    k = getattr(model, "context_size", 0)
    # Sentences waiting for the model, and None after a document's last one.
    pending: list[tuple[StreamedDocument, Sentence | None]] = []
    # The last k labeled sentences: the left-hand context of the next part of a document.
    left: list[tuple[StreamedDocument, Sentence]] = []

    def contexts(sents, right) -> list[str] | None:
        """Context of `sents` from their neighbours, those of earlier and later parts of
        the same document too; documents are told apart by object, not by id."""
        nonlocal left
        if not k:
            return None
        before = left
        window = [*before, *sents, *right]
        context = neighbour_context([s.text for _, s in window], k,
                                    [str(id(info)) for info, _ in window],
                                    [s.index for _, s in window])
        left = [*before, *sents][-k:]
        return context[len(before) : len(before) + len(sents)]

    def flush(todo, right=()) -> Iterator[tuple[StreamedDocument, list[dict], bool]]:
        sents = [(info, s) for info, s in todo if s is not None]
        texts = [s.text for _, s in sents]
        context = contexts(sents, [(info, s) for info, s in right if s is not None])
        proba = (proba_with_context(model, texts, context) if texts
                 else np.zeros((0, len(labels))))
        best = proba.argmax(axis=1) if texts else []
        over = _over_limit(model, limit, texts)
        k_row, rows, current = 0, [], None
        for info, s in todo:
            if info is not current:
                if rows:
                    yield current, rows, False
                current, rows = info, []
            if s is None:
                yield info, rows, True
                current, rows = None, []
                continue
            row = s.to_dict()
            label = labels[best[k_row]]
            row["label"] = label
            row["score"] = float(proba[k_row, best[k_row]])
            row.update({proba_column(c): float(p)
                        for c, p in zip(labels, proba[k_row], strict=True)})
            rows.append(row)
            info.n_sentences += 1
            info.label_counts[label] += 1
            info.lang_counts[s.lang] += 1
            info.over_length += over[k_row]
            k_row += 1
        if rows:
            yield current, rows, False

    n_pending = 0  # sentences in `pending`
    for doc, text, metadata in _as_triples(documents):
        info = StreamedDocument(doc, text, metadata=metadata)
        for s in split_streamed(text, doc, lang=lang, piece_chars=piece_chars, stats=stats):
            if n_pending >= chunk_size:
                # A context model labels a document's last k sentences so far only with
                # the next part, once their right-hand neighbours are read.
                cut = _held_back(pending, k)
                yield from flush(pending[:cut], pending[cut:])
                pending = pending[cut:]
                n_pending = len(pending)  # held sentences only: no document ends among them
            pending.append((info, s))
            n_pending += 1
        pending.append((info, None))
        if len(pending) - n_pending >= chunk_size:  # many documents without a sentence
            yield from flush(pending)
            pending, n_pending = [], 0
    if pending:
        yield from flush(pending)


def _held_back(pending: list, k: int) -> int:
    """Where the trailing sentences that wait for their right-hand context begin: the last
    k of a document that goes on (none without context, or after a document's end)."""
    cut = len(pending)
    if not k or not pending or pending[-1][1] is None:
        return cut
    info = pending[-1][0]
    while cut > 0 and len(pending) - cut < k and pending[cut - 1][0] is info:
        cut -= 1
    return cut


def label_documents(model, documents: Iterable, lang: str | None = None,
                    chunk_size: int = DEFAULT_CHUNK) -> Iterator[LabeledDocument]:
    """Yield each document with every sentence labeled, in input order.

    `documents` holds texts, (doc_id, text) pairs, or objects with `id` and `text`.
    Each sentence row has the columns of `classifier.schema.prediction_columns`: doc,
    index, start, end, lang, text, label, score and p_<label>.
    A convenience that holds one document's rows at a time; `label_stream` holds none.
    """
    stream = label_stream(model, documents, lang=lang, chunk_size=chunk_size)
    return _whole_documents(stream)


def _whole_documents(stream) -> Iterator[LabeledDocument]:
    rows: list[dict] = []
    for info, part, last in stream:
        rows.extend(part)
        if last:
            yield LabeledDocument(info.doc, rows, text=info.text)
            rows = []
