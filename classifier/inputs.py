"""Finding the documents a user names and reading each one as plain text.

Prediction takes whatever a person has at hand: text and Markdown files, saved web pages,
PDF reports and Word documents, whole folders of them, glob patterns, or stdin. This
module turns those into `Document`s (an id, the path, the text) and nothing else, so the
predict command stays a loop and every bad file fails with one short, named reason
instead of a traceback halfway through a batch.

Why these readers: HTML goes through the stdlib `html.parser` and .docx through
`zipfile` + `xml.etree` (a .docx is a zip of XML), so neither adds a dependency; only
PDF needs a library (`pypdf`, pure Python), because its text layer is compressed and
font-encoded.

Block boundaries (HTML block elements, Word paragraphs, PDF pages) become blank lines,
not single line breaks: the sentence splitter reads a single line break followed by a
lowercase word as a hard wrap and would glue a heading to the paragraph under it.
"""

from __future__ import annotations

import glob
import io
import os
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
STDIN = "-"
_GLOB_MAGIC = re.compile(r"[*?[]")


class InputError(ValueError):
    """A document that cannot be read; `reason` is short enough for one line of a log."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True)
class Document:
    id: str  # stable name for output rows: the path as given, relative where possible
    path: str  # the path as given ("-" for stdin)
    text: str


# ---------------------------------------------------------------------------- finding


def _is_hidden(name: str) -> bool:
    # "~$report.docx" is the lock file Word leaves beside an open document.
    return name.startswith(".") or name.startswith("~$")


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_EXTENSIONS


def _walk(folder: Path) -> Iterator[Path]:
    """Supported, non-hidden files under `folder`, recursively, in sorted order."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not _is_hidden(d)]
        for name in files:
            path = Path(root, name)
            if not _is_hidden(name) and _supported(path):
                found.append(path)
    yield from sorted(found)


def _expand_one(spec: str) -> Iterator[Path]:
    path = Path(spec)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists() or path.is_symlink() or not _GLOB_MAGIC.search(spec):
        # An existing file is read whatever its extension, so that naming a .xyz file
        # reports "unsupported file type" rather than skipping it without a word.
        yield path
    else:
        for match in sorted(glob.glob(spec, recursive=True)):
            match_path = Path(match)
            if match_path.is_dir():
                yield from _walk(match_path)
            elif _supported(match_path):
                yield match_path


def expand_inputs(specs: list[str]) -> Iterator[str | Path]:
    """Documents named by `specs`: files, folders, glob patterns, or "-" for stdin.

    Folders are searched recursively, in sorted order, for supported extensions, skipping
    hidden files and folders; glob patterns (`reports/**/*.pdf`) keep the supported files
    they match. A file reached twice (a folder and a file inside it) is yielded once.
    A spec that matches nothing is yielded as a Path anyway, so that `read_document`
    reports it as "not found" (or, for an empty folder, "no supported documents") rather
    than the run silently skipping a typo.
    """
    seen: set[str] = set()
    for spec in specs:
        if spec == STDIN:
            yield STDIN
            continue
        matched = False
        for path in _expand_one(spec):
            matched = True
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                yield path
        if not matched:
            yield Path(spec)


# ---------------------------------------------------------------------------- reading


def _doc_id(path: Path) -> str:
    """The path as given, made relative to the working folder where it lies below it."""
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            pass
    return path.as_posix()


def _decode(data: bytes, where: str) -> str:
    """UTF-8 text (a BOM is dropped) with universal newlines, or an InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(where, "not valid UTF-8 (looks like UTF-16; save it as UTF-8)")
    if b"\x00" in data:
        raise InputError(where, "binary file (not text)")
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        raise InputError(
            where, f"not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset})"
        ) from None
    # Same newlines as Path.read_text, which the `split` command and the corpus use.
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def _read_html(data: bytes, where: str) -> str:
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii").lower() if match else "utf-8"
    if charset.replace("-", "").replace("_", "") in ("utf8", "utf8mb4"):
        source = _decode(data, where)
    else:
        try:
            source = data.decode(charset).replace("\r\n", "\n").replace("\r", "\n")
        except LookupError:
            source = _decode(data, where)
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


def _read_docx(data: bytes, where: str) -> str:
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


def _read_pdf(data: bytes, where: str) -> str:
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
    text = _tidy("\n\n".join(p.replace("\r\n", "\n").replace("\r", "\n") for p in pages))
    if not text.strip():
        raise InputError(where, "no text layer (scanned PDF?)")
    return text


# ---------------------------------------------------------------------------- entry


def _read_stdin() -> str:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath (tests, notebooks)
        text = sys.stdin.read().removeprefix("\ufeff")
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return _decode(buffer.read(), "stdin")


def read_document(path: str | Path) -> Document:
    """Read one document as plain text; "-" reads UTF-8 text from stdin.

    Raises InputError with a short reason when the file is missing, unreadable, empty,
    of an unsupported type, not UTF-8, binary, corrupt, or holds no text.
    """
    if str(path) == STDIN:
        text = _read_stdin()
        if not text.strip():
            raise InputError("stdin", "no text")
        return Document("stdin", STDIN, text)

    path = Path(path)
    where = str(path)
    if path.is_dir():
        if next(_walk(path), None) is None:
            raise InputError(where, "folder with no supported documents "
                             f"({', '.join(SUPPORTED_EXTENSIONS)})")
        raise InputError(where, "is a folder (expand it with expand_inputs)")
    if not path.exists():
        hint = " (nothing matches this pattern)" if _GLOB_MAGIC.search(where) else ""
        raise InputError(where, f"not found{hint}")
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        shown = ext or "(no extension)"
        raise InputError(where, f"unsupported file type {shown} "
                         f"(supported: {', '.join(SUPPORTED_EXTENSIONS)})")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(where, "not found") from None
    except OSError as exc:
        raise InputError(where, f"unreadable: {exc.strerror or exc}") from None
    if not data:
        raise InputError(where, "empty file")

    if ext in (".txt", ".md"):
        text = _decode(data, where)
    elif ext in (".html", ".htm"):
        text = _read_html(data, where)
    elif ext == ".docx":
        text = _read_docx(data, where)
    else:
        text = _read_pdf(data, where)
    if not text.strip():
        raise InputError(where, "no text")
    return Document(_doc_id(path), where, text)
