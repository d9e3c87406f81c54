"""Turning raw documents into sentences: one splitter for data building, training and
prediction, so that a model always sees sentences cut the same way."""

from __future__ import annotations

from classifier.schema import Sentence
from classifier.text.langid import LANG_SAMPLE, UNDETERMINED, detect
from classifier.text.segment import MAX_UNIT_CHARS, Span, SplitStats, split_spans

__all__ = ["LANG_SAMPLE", "MAX_UNIT_CHARS", "Sentence", "Span", "SplitStats", "detect",
           "split_document", "split_spans"]


def split_document(
    text: str, doc: str, lang: str | None = None, *, stats: SplitStats | None = None
) -> list[Sentence]:
    """Sentences of one document, each with its offsets and language.

    With `lang` given every sentence is taken to be in that language; otherwise each
    sentence is identified on its own and falls back to the document's language.
    A run of text without a boundary is cut into units of at most MAX_UNIT_CHARS; pass a
    `SplitStats` to learn how often that happened, so that a command can say so.
    """
    doc_lang = lang or detect(text[:LANG_SAMPLE])
    rules = doc_lang if doc_lang != UNDETERMINED else "en"
    out = []
    for i, span in enumerate(split_spans(text, rules, stats)):
        sentence = text[span.start : span.end]
        sent_lang = lang or detect(sentence, fallback=doc_lang)
        out.append(Sentence(doc, i, span.start, span.end, sent_lang, sentence))
    return out
