"""Text out of Word (.docx) files: paragraphs, headings, list items and table cells, in
document order.

python-docx opens the package (and gives its core properties); the body's blocks are
walked in its XML: paragraphs and tables, tables nested in cells too, a merged cell once.
A paragraph's text is read from its XML rather than from python-docx's `Paragraph.text`,
which leaves out runs inside tracked insertions (`w:ins`), common in government drafts;
deleted text (`w:delText`) stays out. Headers, footers, comments and footnotes are not
read: they repeat or annotate, they do not report. Each block becomes its own unit (a
blank line apart), so a table cell or a heading never runs into the next paragraph's
sentence.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from classifier.data.decoding import InputError
from classifier.data.formats.common import Extracted, tidy

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _paragraph_text(p) -> str:
    """Text of a w:p: its runs, inserted ones included, tabs and breaks as spaces."""
    pieces: list[str] = []
    for el in p.iter():
        if el.tag == f"{_W}t" and el.text:
            pieces.append(el.text)
        elif el.tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            pieces.append(" ")
        elif el.tag == f"{_W}noBreakHyphen":
            pieces.append("-")
        elif el.tag == _MC_FALLBACK:  # the same text box again, for old Word versions
            break
    return " ".join("".join(pieces).split())


def _blocks(parent) -> Iterator[str]:
    """Units of a body or a table cell in order: paragraphs, then tables cell by cell."""
    for child in parent.iterchildren():
        if child.tag == f"{_W}p":
            yield _paragraph_text(child)
        elif child.tag == f"{_W}tbl":
            yield from _table(child)
        elif child.tag == f"{_W}sdt":  # a content control: its content is body text
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _table(tbl) -> Iterator[str]:
    """Every cell's units, row by row (a nested table within its cell). A cell merged
    across columns is one w:tc already; one merged down rows comes once, from its top."""
    for tr in tbl.iterchildren(f"{_W}tr"):
        for tc in tr.iterchildren(f"{_W}tc"):
            v_merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if v_merge is not None and v_merge.get(f"{_W}val") != "restart":
                continue  # the continuation of a vertically merged cell: read above
            yield from _blocks(tc)


def _metadata(document) -> dict[str, str]:
    props = document.core_properties
    values = {"title": props.title, "author": props.author,
              "date": props.created.date().isoformat() if props.created else None}
    return {k: " ".join(v.split()) for k, v in values.items() if v and v.strip()}


def _check_package(data: bytes, where: str) -> None:
    """Name the commonest ways a file is no Word document before python-docx's own,
    vaguer errors."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            xml = zf.read("word/document.xml") if "word/document.xml" in names else None
    except zipfile.BadZipFile:
        raise InputError(where, "corrupt docx: not a zip archive") from None
    except (zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise InputError(where, f"corrupt docx: {exc}") from None
    if xml is None:
        raise InputError(where, "corrupt docx: no word/document.xml in it")
    from lxml import etree

    try:
        etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        raise InputError(where, f"corrupt docx: bad XML in word/document.xml ({exc})"
                         ) from None


def read_docx(data: bytes, where: str) -> Extracted:
    """The units of a Word document in order, and its title, author and creation date."""
    import docx

    _check_package(data, where)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # a damaged package fails in many ways; all mean corrupt
        raise InputError(where, f"corrupt docx: {str(exc) or type(exc).__name__}") from None
    units = [u for u in _blocks(document.element.body) if u]
    return Extracted(tidy("\n\n".join(units)), _metadata(document))
