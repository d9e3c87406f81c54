"""Text out of PDF reports, in the order a person reads them.

A PDF stores glyphs at positions, not text: a plain text dump runs two columns together
line by line, repeats the running header and the page number on every page, leaves words
cut at line ends ("traf- ficking"), glues footnote markers to words ("victims1") and turns
a table into a jumble. Each of those makes sentences the model has never seen, so the
page is rebuilt from word boxes (pdfplumber, MIT-licensed; chosen over PyMuPDF, which is
AGPL, and pypdf, whose layout mode keeps columns side by side: see
`benchmarks/extraction.py`):

- lines in the top and bottom margins that repeat across pages (digits aside) are running
  headers and footers, and a margin line that is only a page number goes too;
- small raised digits right after a larger word are footnote markers, and are dropped;
- ruled tables are read row by row, each row a unit;
- the rest is cut recursively into columns and bands at the white space between them
  (the XY-cut), read left column first, and each column's lines are joined into
  paragraphs, re-joining words hyphenated across line ends;
- a paragraph that runs on into the next column or page is joined again, and footnotes
  (small print at a page's foot) follow the paragraph they interrupt.

A PDF without a text layer (a scan) is refused, or read by Tesseract with `ocr`
(`classifier.data.formats.ocr`).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

from classifier.data.decoding import InputError
from classifier.data.formats.common import Extracted, tidy

MARGIN = 0.1  # share of the page height, top and bottom, where running lines sit
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:page|p\.|pág\.?|página|seite|trang|halaman|หน้า)\s*)?"
    r"(?:#+|[ivxlcdm]+)(?:\s*(?:/|of|sur|de|von|trên|dari)\s*#+)?(?:\s*[-–—])?$", re.I)
_MARKER = re.compile(r"^[0-9*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+$")
_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*$")
NO_TEXT_LAYER = "no text layer (scanned PDF?); --ocr reads it with Tesseract"


@dataclass
class _Box:
    """A word, or a whole table row (`row`), with its place on the page."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    row: bool = False
    bold: bool = False
    glue: bool = False  # joined to the word before without a space


@dataclass
class _Block:
    """A paragraph, heading, table row or footnote as read."""

    lines: list[str]
    size: float
    last_line_full: bool  # its last line runs to the column's right edge (text goes on)
    row: bool = False
    note: bool = False  # small print at a page's foot
    bold: bool = False  # every word bold: a heading, whatever its size
    first: bool = False  # the first block of its region (column or band)
    last: bool = False  # the last block of its region


# ------------------------------------------------------------------------ one page


def _lines_by_position(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into lines by vertical overlap, top to bottom, left to right."""
    lines: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.x0)):
        middle = (box.top + box.bottom) / 2
        if lines and lines[-1][0].top - 0.5 <= middle <= max(b.bottom for b in lines[-1]):
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _signature(line: list[_Box]) -> str:
    return re.sub(r"\d+", "#", " ".join(b.text for b in line).lower())


def _margin_lines(boxes: list[_Box], height: float) -> list[list[_Box]]:
    """The first two and last two lines of a page that lie inside its margins."""
    lines = _lines_by_position(boxes)
    top = [ln for ln in lines[:2] if max(b.bottom for b in ln) < height * MARGIN]
    bottom = [ln for ln in lines[-2:] if min(b.top for b in ln) > height * (1 - MARGIN)]
    return top + [ln for ln in bottom if ln not in top]


def _furniture(pages: list[tuple[list[_Box], float]]) -> list[set[int]]:
    """Per page, the ids of boxes that are running headers, footers or page numbers."""
    margins = [_margin_lines(boxes, height) for boxes, height in pages]
    seen = Counter(sig for lines in margins for sig in {_signature(ln) for ln in lines})
    repeats = max(2, (len(pages) + 1) // 2)
    drop = []
    for lines in margins:
        ids = set()
        for line in lines:
            sig = _signature(line)
            if seen[sig] >= repeats or _PAGE_NUMBER.match(sig):
                ids |= {id(b) for b in line}
        drop.append(ids)
    return drop


def _without_markers(boxes: list[_Box]) -> list[_Box]:
    """Drop footnote markers: small digits or symbols raised right after a larger word."""
    kept = []
    for line in _lines_by_position(boxes):
        for i, box in enumerate(line):
            before = line[i - 1] if i else None
            if (before is not None and _MARKER.match(box.text)
                    and box.size <= 0.8 * before.size and box.x0 - before.x1 < 2.0
                    and box.bottom < before.bottom - 0.5):
                after = line[i + 1] if i + 1 < len(line) else None
                if after is not None and after.text[:1] in ",.;:!?)" \
                        and after.x0 - box.x1 < 2.0:
                    after.glue = True  # "victims¹," reads "victims,"
                continue
            kept.append(box)
    return kept


def _gaps(spans: list[tuple[float, float]], min_gap: float) -> list[tuple[float, float]]:
    """Stretches wider than `min_gap` that no span covers, between the spans."""
    gaps, end = [], None
    for start, stop in sorted(spans):
        if end is not None and start - end > min_gap:
            gaps.append((end, start))
        end = stop if end is None else max(end, stop)
    return gaps


def _column_gap(boxes: list[_Box], size: float) -> tuple[float, float] | None:
    """Where a region splits into columns: its widest vertical gutter, from x to x.

    A gutter has text on both sides (not the gap after a column of bullets or numbers);
    on a region of one line (a heading beside the top of the next column) it must be
    wider, so that the wide spaces of a justified line are no gutter."""
    lines = _lines_by_position(boxes)
    left, right = min(b.x0 for b in boxes), max(b.x1 for b in boxes)
    wide = 0.08 * (right - left)
    min_gap = max(1.2 * size, 8.0) if len(lines) > 1 else max(2.5 * size, 20.0)
    gaps = [g for g in _gaps([(b.x0, b.x1) for b in boxes], min_gap)
            if g[0] - left > wide and right - g[1] > wide]
    return max(gaps, key=lambda g: g[1] - g[0]) if gaps else None


def _regions(boxes: list[_Box], size: float) -> list[list[_Box]]:
    """The XY-cut: columns left to right, bands top to bottom, each a single column."""
    if not boxes:
        return []
    gutter = _column_gap(boxes, size)
    if gutter is not None:
        cut = sum(gutter) / 2
        return [*_regions([b for b in boxes if b.x1 <= cut], size),
                *_regions([b for b in boxes if b.x0 >= cut], size)]
    gaps = _gaps([(b.top, b.bottom) for b in boxes], 0.6 * size)
    if not gaps:
        return [boxes]
    edges = [-1.0, *(g[0] for g in gaps), float("inf")]
    bands = [[b for b in boxes if lo < b.top <= hi]
             for lo, hi in zip(edges, edges[1:], strict=False)]
    bands = [b for b in bands if b]
    # Bands whose gutters overlap are one stretch of columns that white space at the same
    # height in every column (paragraph breaks, a heading) happened to cut: read as one.
    merged: list[list[_Box]] = []
    gutters: list[tuple[float, float] | None] = []
    for band in bands:
        gutter = _column_gap(band, size)
        last = gutters[-1] if gutters else None
        if gutter is not None and last is not None and gutter[0] < last[1] \
                and last[0] < gutter[1]:
            merged[-1] += band
            gutters[-1] = (max(gutter[0], last[0]), min(gutter[1], last[1]))
            continue
        merged.append(band)
        gutters.append(gutter)
    if len(merged) == 1:
        return [merged[0]]
    return [r for band in merged for r in _regions(band, size)]


def _blocks(region: list[_Box], body_size: float, page_height: float,
            text_width: float) -> list[_Block]:
    """A single-column region's lines joined into paragraphs; table rows stand alone.

    A line is full when it runs to the column's right edge: the region's, unless the
    region is a line or two narrower than a column (a heading), which is never full."""
    lines = _lines_by_position(region)
    left = min(b.x0 for b in region)
    right = max(b.x1 for b in region)
    width = max(right - left, 1.0)
    if width < 0.4 * text_width or (len(lines) == 1 and width < 0.9 * text_width):
        right = float("inf")
    pitch = [b[0].top - a[0].top for a, b in zip(lines, lines[1:], strict=False)]
    usual = median(pitch) if pitch else 0.0
    blocks: list[_Block] = []
    previous = None
    for line in lines:
        size = median(b.size for b in line)
        text_line = "".join(("" if b.glue or not k else " ") + b.text
                            for k, b in enumerate(line))
        full = max(b.x1 for b in line) > right - 0.15 * width
        row = any(b.row for b in line)
        bold = all(b.bold for b in line)
        ended = bool(blocks) and _SENTENCE_END.search(blocks[-1].lines[-1]) is not None
        # A short line that does not run on: an item of a list of figures, a heading.
        short = previous is not None and max(b.x1 for b in previous) - left < 0.6 * width
        # A new paragraph: a row, another style, more space above, an indented first
        # line after a sentence's end (not a hanging indent), a line after a short one
        # that ends a sentence (at worst a paragraph cut at a sentence's end, which the
        # splitter cuts anyway) or after a very short one that does not run on. Not a
        # capital after a short line: proper nouns (and German nouns) begin lines inside
        # paragraphs.
        starts_new = (
            previous is None or row or blocks[-1].row or bold != blocks[-1].bold
            or line[0].top - previous[0].top > usual * 1.3 + 0.5
            or abs(size - blocks[-1].size) > 0.5
            or (ended and line[0].x0 > previous[0].x0 + 1.5 * size)
            or (not blocks[-1].last_line_full
                and (ended or (short and not re.search(r"[,;\-–]$", blocks[-1].lines[-1]))))
        )
        if starts_new:
            note = (size < 0.9 * body_size and line[0].top > page_height * 0.6 and not row)
            blocks.append(_Block([text_line], size, full, row=row, note=note, bold=bold))
        else:
            blocks[-1].lines.append(text_line)
            blocks[-1].last_line_full = full
        previous = line
    if blocks:
        blocks[0].first = blocks[-1].last = True
    return blocks


# ------------------------------------------------------------------------ joining


def _join_lines(lines: list[str], vocabulary: Counter) -> str:
    """Lines of one paragraph as one line; a word hyphenated at a line end is re-joined,
    unless the document spells it with its hyphen more often than without."""
    text = ""
    for line in lines:
        line = line.strip()
        if not text:
            text = line
            continue
        match = re.search(r"(\w+)[-\u00ad]$", text)
        if match and line[:1].islower():
            first = match.group(1)
            second = re.match(r"\w+", line)
            tail = second.group(0) if second else ""
            joined = (first + tail).lower()
            hyphenated = f"{first}-{tail}".lower()
            if vocabulary[hyphenated] > vocabulary[joined]:
                text = text + line
            else:
                text = text[:-1] + line
        else:
            text = text.removesuffix("\u00ad") + " " + line
    return text


def _continues(before: _Block, after: _Block) -> bool:
    """Whether `after` carries on the paragraph `before` left unfinished at the foot of a
    column or a page: text of one style, the first not ending a sentence."""
    if before.row or after.row or before.note or after.note:
        return False
    if abs(before.size - after.size) > 0.5 or before.bold != after.bold:
        return False  # a heading, a caption
    if not (before.last and after.first):  # split on purpose inside one column
        return False
    return not _SENTENCE_END.search(before.lines[-1].rstrip())


def _assemble(blocks: list[_Block], vocabulary: Counter) -> list[str]:
    """Paragraph texts in reading order: paragraphs cut by a column or page break joined
    again; footnotes after the paragraph they interrupt."""
    out: list[_Block] = []
    notes: list[_Block] = []
    for block in blocks:
        if block.note:
            notes.append(block)
        elif out and _continues(out[-1], block):
            out[-1].lines += block.lines
            out[-1].last_line_full = block.last_line_full
        else:
            out += notes
            notes = []
            out.append(block)
    out += notes
    # A footnote's own number leads it: a marker, like the one in the text.
    return [re.sub(r"^[0-9*†‡§]+\s+", "", _join_lines(b.lines, vocabulary)) if b.note
            else _join_lines(b.lines, vocabulary) for b in out]


# ------------------------------------------------------------------------ the file


def _page_boxes(page) -> list[_Box]:
    """Words outside tables, and each table row as one box."""
    tables = page.find_tables()
    boxes = []
    for table in tables:
        for cells, row in zip(table.extract(), table.rows, strict=False):
            text = " ".join(" ".join((c or "").split()) for c in cells if c and c.strip())
            if text:
                x0, top, x1, bottom = row.bbox
                boxes.append(_Box(text, x0, x1, top, bottom, 0.0, row=True))
    inside = [t.bbox for t in tables]
    for w in page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False):
        middle_x, middle_y = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        if any(x0 <= middle_x <= x1 and top <= middle_y <= bottom
               for x0, top, x1, bottom in inside):
            continue
        bold = re.search(r"bold|black|heavy|semibold", w["fontname"], re.I) is not None
        boxes.append(_Box(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"],
                          bold=bold))
    return boxes


def _metadata(info: dict) -> dict[str, str]:
    def text(key: str) -> str | None:
        value = info.get(key)
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        return " ".join(value.split()) if isinstance(value, str) and value.strip() else None

    found = {"title": text("Title"), "author": text("Author")}
    date = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", text("CreationDate") or "")
    if date:
        found["date"] = "-".join(date.groups())
    return {k: v for k, v in found.items() if v}


def layout_text(pdf) -> str:
    """The text of an open pdfplumber document in reading order (see the module's
    docstring); empty when no page has a text layer."""
    pages = []
    for page in pdf.pages:
        pages.append((_page_boxes(page), float(page.height)))
        page.close()  # pdfplumber keeps every parsed object of a page until told
    sizes = [b.size for boxes, _ in pages for b in boxes if not b.row]
    if not sizes and not any(boxes for boxes, _ in pages):
        return ""
    body_size = median(sizes) if sizes else 10.0
    furniture = _furniture(pages)
    blocks: list[_Block] = []
    for (boxes, height), drop in zip(pages, furniture, strict=True):
        kept = _without_markers([b for b in boxes if id(b) not in drop and not b.row])
        kept += [b for b in boxes if b.row]
        text_width = (max(b.x1 for b in kept) - min(b.x0 for b in kept)) if kept else 0.0
        for region in _regions(kept, body_size):
            blocks += _blocks(region, body_size, height, text_width)
    vocabulary = Counter(w.lower() for b in blocks for line in b.lines
                         for w in re.findall(r"\w+(?:-\w+)*", line))
    return tidy("\n\n".join(_assemble(blocks, vocabulary)))


def read_pdf(data: bytes, where: str, notes: list[str], ocr: bool = False) -> Extracted:
    """The text of a PDF in reading order and its title, author and date; a PDF without
    a text layer is an InputError unless `ocr` reads it with Tesseract."""
    import logging

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    if b"%PDF-" not in data[:1024]:
        raise InputError(where, "corrupt pdf: no %PDF header (not a PDF file)")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it logs every repaired defect
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            metadata = _metadata(pdf.metadata or {})
            text = layout_text(pdf)
    except PDFPasswordIncorrect:
        raise InputError(where, "encrypted pdf (needs a password)") from None
    except InputError:
        raise
    except Exception as exc:  # pdfminer fails in many ways on broken files; all mean corrupt
        raise InputError(where, f"corrupt pdf: {str(exc) or type(exc).__name__}") from None
    if not text.strip():
        if not ocr:
            raise InputError(where, NO_TEXT_LAYER)
        from classifier.data.formats.ocr import ocr_pdf

        return Extracted(ocr_pdf(data, where, notes), metadata)
    return Extracted(text, metadata)
