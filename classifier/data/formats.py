"""Plain text out of HTML, Word (.docx) and PDF files.

HTML goes through the stdlib `html.parser` and .docx through `zipfile` + `xml.etree` (a
.docx is a zip of XML), so neither adds a dependency; only PDF needs a library (`pypdf`,
pure Python), because its text layer is compressed and font-encoded.

Block boundaries (HTML block elements, Word paragraphs, PDF pages) become blank lines,
not single line breaks: the sentence splitter reads a single line break followed by a
lowercase word as a hard wrap and would glue a heading to the paragraph under it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from xml.etree import ElementTree

from classifier.data.decoding import InputError, decode, normalize_newlines


def _tidy(text: str) -> str:
    """Strip line ends and keep at most one blank line between blocks."""
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


# HTML ----------------------------------------------------------------------------------

_HTML_SKIP = frozenset({"script", "style", "head", "template", "noscript"})
_HTML_BLOCK = frozenset(
    "address article aside blockquote caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main "
    "menu nav ol p pre section summary table tbody tfoot thead tr ul".split()
)
_HTML_CELL = frozenset({"td", "th"})
_HTML_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class _VisibleText(HTMLParser):
    """Collects the text a browser would show, one block per paragraph."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []  # open elements whose content is not shown
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "body" and "head" in self._skip:  # a <head> left unclosed
            self._skip = self._skip[: self._skip.index("head")]
        if tag in _HTML_SKIP:
            self._skip.append(tag)
        elif self._skip:
            return
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _HTML_BLOCK:
            self.parts.append("\n\n")
            self._pre += tag == "pre"
        elif tag in _HTML_CELL:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _HTML_VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skip:
            self._skip = self._skip[: len(self._skip) - 1 - self._skip[::-1].index(tag)]
        elif not self._skip and tag in _HTML_BLOCK:
            self.parts.append("\n\n")
            if tag == "pre" and self._pre:
                self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [line.strip(" \t") for line in joined.split("\n")]
        return _tidy("\n".join(lines))


def read_html(data: bytes, where: str, notes: list[str]) -> str:
    """The text a browser would show, decoded by the charset the page declares.

    A declared UTF-16 or UTF-32 is ignored, as the HTML standard says (it reads it as
    UTF-8): a <meta> that this ASCII search can find sits in bytes that are not UTF-16 or
    UTF-32, so decoding them as such would turn the page into garbage. Such a page is
    decoded like one that declares nothing (`decode` refuses a UTF-16 BOM with a reason).
    """
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii").lower() if match else "utf-8"
    plain = charset.replace("-", "").replace("_", "")
    if plain in ("utf8", "utf8mb4") or plain.startswith(("utf16", "utf32")):
        source = decode(data, where, notes)
    else:
        try:
            source = normalize_newlines(data.decode(charset))
        except LookupError:
            source = decode(data, where, notes)
        except UnicodeDecodeError as exc:
            raise InputError(
                where, f"not valid {charset} as declared (byte 0x{data[exc.start]:02x} "
                f"at offset {exc.start})"
            ) from None
    parser = _VisibleText()
    parser.feed(source)
    parser.close()
    return parser.text()


# DOCX ----------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _docx_paragraphs(node: ElementTree.Element) -> Iterator[str]:
    """Text of each w:p in document order; deleted text and duplicate fallbacks skipped."""
    for child in node:
        if child.tag == _MC_FALLBACK:  # the same text box again, for old Word versions
            continue
        if child.tag == f"{_W}p":
            pieces: list[str] = []
            for el in child.iter():
                if el.tag == f"{_W}t" and el.text:
                    pieces.append(el.text)
                elif el.tag == f"{_W}tab":
                    pieces.append("\t")
                elif el.tag in (f"{_W}br", f"{_W}cr"):
                    pieces.append("\n")
                elif el.tag == f"{_W}noBreakHyphen":
                    pieces.append("-")
            yield "".join(pieces)
        else:
            yield from _docx_paragraphs(child)


def read_docx(data: bytes, where: str) -> str:
    """The paragraphs of a Word document, without deleted text."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("word/document.xml")
    except zipfile.BadZipFile:
        raise InputError(where, "corrupt docx: not a zip archive") from None
    except KeyError:
        raise InputError(where, "corrupt docx: no word/document.xml in it") from None
    except (zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise InputError(where, f"corrupt docx: {exc}") from None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise InputError(where, f"corrupt docx: bad XML in word/document.xml ({exc})") from None
    return _tidy("\n\n".join(p.strip() for p in _docx_paragraphs(root)))


# PDF -----------------------------------------------------------------------------------


def read_pdf(data: bytes, where: str) -> str:
    """The text layer of every page; a scanned PDF without one is an InputError."""
    import logging

    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        raise InputError(where, "corrupt pdf: no %PDF header (not a PDF file)")
    # pypdf logs every repaired defect; a readable text layer is all that matters here.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(where, "encrypted pdf (needs a password)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # pypdf fails in many ways on broken files; all mean corrupt
        raise InputError(where, f"corrupt pdf: {str(exc) or type(exc).__name__}") from None
    text = _tidy("\n\n".join(normalize_newlines(p) for p in pages))
    if not text.strip():
        raise InputError(where, "no text layer (scanned PDF?)")
    return text
