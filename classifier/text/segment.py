"""Sentence splitting with offsets that always point back into the original text.

Why sentencex plus our own layer: sentencex (Wikimedia's segmenter, Rust core, ~300
languages with fallbacks, returns character offsets) gets ordinary prose right in every
language we meet, fast. Where we measured it fall short on this domain we add rules rather
than switch library: pysbd has no Vietnamese and rebuilds offsets by string search; NLTK's
punkt needs a downloaded model and has no Vietnamese either. The shortfalls we patch:

* layout: headings, bylines, captions and bullet items sit on lines of their own with no
  final stop, and sentencex glues them to the next line; paragraphs hard-wrapped across
  lines must stay whole. `_blocks` decides each line break before sentencex runs.
* abbreviations sentencex does not know for fr/vi/de (Mme., art., TS., TP.HCM, z. B.) and
  splits inside; `_should_merge` glues those pieces back.
* runs of text with no boundary at all (a flattened table, OCR output, a pasted log) would
  come out as one unit of any size; `_cut` splits them at `MAX_UNIT_CHARS`.

Everything here must stay linear in the length of the text: the merge loop grows one span
piece by piece, so nothing may look at the whole span at each step (it once did, and a
1.26 MB line of lowercase words took 56 s).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import sentencex

# Titles and reference words that are followed by a name or a number, never by a new
# sentence. Compared case-sensitively, without the trailing dot.
_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "Mr Mrs Ms Dr Prof Sr Jr St Gen Lt Col Capt Sgt Gov Sen Rep Hon Rev Amb No Nos nos "
        "Art Arts art Sec Secs sec Para para Ch ch vs etc approx Inc Ltd Corp Dept Fig fig "
        "Vol vol pp Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec e.g i.e cf al".split()
    ),
    "fr": frozenset(
        "M MM Mme Mmes Mlle Mlles Me Dr Pr art Art al n° N° no No ex cf env apr av chap éd "
        "vol p pp etc Cie Ste St éds".split()
    ),
    "vi": frozenset(
        "TS ThS PGS GS BS KS TP Tp TX Q P ĐH NĐ QĐ CP TT Th.S PGS.TS GS.TS Nxb tr".split()
    ),
    "de": frozenset("z B d h u a usw bzw ca Nr Abs Dr Prof vgl ggf S Str Hr Fr".split()),
    "es": frozenset("Sr Sra Srta Dr Dra núm art Art etc p ej Ud Uds pág".split()),
}
# Every list applies to every language: a French report quoting "Dr. Smith" or a
# Vietnamese one citing "Art. 150" should not be split either.
_ALL_ABBREVIATIONS = frozenset().union(*_ABBREVIATIONS.values())

_BULLET = re.compile(r"\s*(?:[-*•▪◦–—]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s+")
_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[A-Za-z]|[IVXLC]{1,5})[.)]")
_LINE_END_STOP = re.compile(r"[.!?…:;][\"'”’»)\]]*\s*$")
_SOFT_WRAP_END = re.compile(r"[,(\-–/]\s*$")
_OPENERS = "\"'“‘«([¿¡ "
WRAP_SLACK = 15  # how far short of the wrap width a wrapped line may end (one long word)

MAX_UNIT_CHARS = 1_500
"""The longest unit the splitter emits; a longer span is cut into pieces.

The classifiers read at most `max_length` tokens of a unit (128 by default, some 500 to 700
characters), so a unit far beyond that is labeled by its opening alone, and one unit of a
megabyte also slows language identification and makes a useless output row. The cap stays
well above real sentences: the longest hand-checked sentence in data/ is 1,043 characters
(an enumeration of conventions) and the median 148, so no sentence of the gold set is cut
and the boundary agreement of benchmarks/segmentation.py is unchanged.
"""
# A cut goes after a clause mark when one lies in the last half of the window, so that
# pieces stay large; full-width marks need no space after them (CJK text has none).
_CLAUSE_END = re.compile(r"[;:,\u2014](?=\s)|[\uff0c\u3001\uff1b\uff1a]")
_SPACE = re.compile(r"\s")
# Longer than any abbreviation with the quotes before it: a token this long is none.
_TOKEN_WINDOW = 64

# Scripts written without spaces between words or sentences: Han, kana, Thai, Lao, Khmer,
# Myanmar. After a stop, the next sentence starts with no space in these.
_SPACELESS = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f]"
)
_FULL_WIDTH_STOPS = "\u3002\uff01\uff1f\uff61"  # 。！？｡
_CLOSERS = "\"'\u201d\u2019\u300d\u300f\u3011\u3009\u300b\uff09\uff63)]\u00bb"  # ”’」』】〉》）｣


@dataclass
class SplitStats:
    """What the splitter had to force, for the caller to report.

    Pass one to `split_spans` or `split_document` to have it counted; one object may
    collect over many documents.
    """

    overlong_spans: int = 0  # spans longer than MAX_UNIT_CHARS
    cuts: int = 0  # cuts made in them (a span cut into three pieces counts two)


@dataclass(frozen=True)
class Span:
    """A sentence as a half-open character range [start, end) of the source text."""

    start: int
    end: int


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line without its newline."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((pos, pos + len(body)))
        pos += len(line)
    return spans


def _wrap_width(lines: list[str]) -> int | None:
    """The width text was hard-wrapped at, or None when paragraphs run on one line.

    Wrapped text has several lines filled to within a word of one width, and that width
    is a screen's (50 to 120 characters); a file of one-line paragraphs has longer lines.
    """
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    width = max(lengths, default=0)
    if not 50 <= width <= 120:
        return None
    full = sum(n >= width - WRAP_SLACK for n in lengths)
    return width if full >= 3 else None


def _is_soft_wrap(prev: str, nxt: str, wrap_width: int | None) -> bool:
    """Whether a single line break sits inside a paragraph rather than after a heading."""
    if _BULLET.match(nxt) or _LINE_END_STOP.search(prev):
        return False
    first = nxt.lstrip(_OPENERS)[:1]
    if first.islower() or _SOFT_WRAP_END.search(prev):
        return True
    return wrap_width is not None and len(prev.rstrip()) >= wrap_width - WRAP_SLACK


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Split text into paragraph-like blocks that no sentence may cross."""
    lines = _lines(text)
    # In hard-wrapped text a short line without a final stop is a heading, byline or
    # caption; a full one continues on the next line.
    wrap_width = _wrap_width([text[s:e] for s, e in lines])
    block_start: int | None = None
    prev, prev_end = "", 0
    for s, e in lines:
        line = text[s:e]
        if not line.strip():
            if block_start is not None:
                yield block_start, prev_end
            block_start = None
            continue
        if block_start is not None and not _is_soft_wrap(prev, line, wrap_width):
            yield block_start, prev_end
            block_start = None
        if block_start is None:
            block_start = s
        prev, prev_end = line, e
    if block_start is not None:
        yield block_start, prev_end


def _last_token(text: str, start: int, end: int) -> str:
    """The last word of text[start:end], looking only at its tail (see _TOKEN_WINDOW)."""
    tokens = text[max(start, end - _TOKEN_WINDOW) : end].split()
    if not tokens:
        return ""
    # French elision: "L'art." is the abbreviation "art." after "L'".
    return re.split(r"['’]", tokens[-1].lstrip(_OPENERS))[-1]


def _spaceless_stop(text: str, left: Span, right: Span) -> bool:
    """Whether `left` ends a sentence of a script written without spaces.

    In Chinese, Japanese or Thai the next sentence follows a stop with no space, so the
    "no space after the stop" rule of `_should_merge` must not glue them. A stop counts
    when it is full-width (。！？), or an ASCII one between two characters of such a
    script; the closing quotes and brackets after it are skipped.
    """
    end = left.end
    while end > left.start and text[end - 1] in _CLOSERS:
        end -= 1
    if end == left.start:
        return False
    stop = text[end - 1]
    if stop in _FULL_WIDTH_STOPS:
        # 「はい。」と言った: a quotation ends, the sentence goes on with the particle と.
        return end == left.end or not text.startswith(("と", "って"), right.start)
    return (stop in ".!?" and end - 2 >= left.start
            and _SPACELESS.match(text, end - 2) is not None
            and _SPACELESS.match(text, right.start) is not None)


def _should_merge(text: str, left: Span, right: Span) -> bool:
    """Whether sentencex split inside a sentence between `left` and `right`."""
    if left.end == right.start:  # no space after the stop: TP.HCM, 4.100, U.S.-led
        return not _spaceless_stop(text, left, right)
    if _LIST_MARKER.fullmatch(text, left.start, left.end):  # "1." of a numbered heading
        return True
    token = _last_token(text, left.start, left.end)
    if token.endswith(".") and not token.endswith(".."):
        word = token[:-1]
        # A lone capital A-Z is an initial (John F. Kennedy, Trần Văn K.); lone letters
        # with diacritics are words in Vietnamese (ở, Á) and may end a sentence.
        if word in _ALL_ABBREVIATIONS or (len(word) == 1 and "A" <= word <= "Z"):
            return True
    first = text[right.start : min(right.end, right.start + _TOKEN_WINDOW)].lstrip(_OPENERS)[:1]
    return first.islower() or first in ",;、，"


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def _cut_point(text: str, start: int, end: int) -> int:
    """Where to end a piece that starts at `start` and may not reach past `end`.

    After the last clause mark of the window's second half, else at its last space, else
    hard at `end` (a run with no space at all: a URL, a CJK text without stops), moved back
    off a combining mark so that no accent or tone is parted from its letter.
    """
    lo = start + (end - start) // 2
    cut = None
    for m in _CLAUSE_END.finditer(text, lo, min(end + 1, len(text))):
        if m.end() <= end:
            cut = m.end()
    if cut is not None:
        return cut
    for m in _SPACE.finditer(text, lo, end + 1):
        cut = m.start()
    if cut is not None and cut > start:
        return cut
    cut = end
    while cut > lo and unicodedata.category(text[cut]) in ("Mn", "Mc", "Me"):
        cut -= 1
    return cut


def _cut(text: str, span: Span, stats: SplitStats | None) -> list[Span]:
    """`span`, or its pieces of at most MAX_UNIT_CHARS when it is longer."""
    if span.end - span.start <= MAX_UNIT_CHARS:
        return [span]
    pieces = []
    start = span.start
    while span.end - start > MAX_UNIT_CHARS:
        cut = _cut_point(text, start, start + MAX_UNIT_CHARS)
        piece = _strip(text, start, cut)
        if piece is not None:
            pieces.append(piece)
        rest = _strip(text, cut, span.end)
        assert rest is not None  # spans are stripped, so the text after a cut is not blank
        start = rest.start
    pieces.append(Span(start, span.end))
    if stats is not None:
        stats.overlong_spans += 1
        stats.cuts += len(pieces) - 1
    return pieces


def split_spans(text: str, lang: str = "en", stats: SplitStats | None = None) -> list[Span]:
    """Sentence spans of `text`, using `lang`'s rules (any code; sentencex falls back).

    No span is longer than MAX_UNIT_CHARS; `stats`, when given, counts the cuts that took.
    """
    rules_lang = lang if lang and lang != "und" else "en"
    spans: list[Span] = []
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        pieces = []
        for b in sentencex.get_sentence_boundaries(rules_lang, block):
            if b["is_paragraph_break"]:
                continue
            piece = _strip(text, block_start + b["start_index"], block_start + b["end_index"])
            if piece is not None:
                pieces.append(piece)
        merged: list[Span] = []
        for piece in pieces:
            if merged and _should_merge(text, merged[-1], piece):
                merged[-1] = Span(merged[-1].start, piece.end)
            else:
                merged.append(piece)
        for span in merged:
            spans.extend(_cut(text, span, stats))
    return spans
