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

Text is UTF-8 first. Reports saved by older Windows tools come in their legacy code page
(cp1252 above all, Shift-JIS, GB18030); `charset-normalizer` guesses those, and a guess is
taken only when it is clearly right (see `_guess_legacy`), because a wrong one gives
readable-looking nonsense that nobody notices. A decoded file says so in `Document.notes`.

Block boundaries (HTML block elements, Word paragraphs, PDF pages) become blank lines,
not single line breaks: the sentence splitter reads a single line break followed by a
lowercase word as a hard wrap and would glue a heading to the paragraph under it.
"""

from __future__ import annotations

import errno
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
    # What a reader should know about how the text was obtained, one short line each,
    # e.g. "decoded as cp1252 (not UTF-8)": the text may be wrong where the guess was.
    notes: tuple[str, ...] = ()


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


# How sure charset-normalizer must be before its guess replaces the text's bytes. Its
# chaos (0 = clean, the library drops candidates above 0.2) says whether the decoded text
# looks like text; its coherence (0-1) whether the letters follow some language's
# frequencies. Correct decodes of the French and English reports in data/ scored chaos
# 0-0.17 and coherence 0.5-1.0; short texts and wrong code pages often score coherence 0.
_MAX_CHAOS = 0.2
_MIN_COHERENCE = 0.4
# Below this, random bytes pass for Shift-JIS or cp949 now and then (20-32 bytes: about one
# in ten), and a few letters tell no language; of 300 random samples of 48 bytes or more,
# none passed.
_MIN_GUESS_BYTES = 64
# A multi-byte CJK code page is nearly self-checking (most byte pairs are invalid), so
# coherence, which needs long texts, is not asked; but an English text with three curly
# quotes can pass as Big5, so CJK characters must make up a share of the letters.
_CJK_ENCODINGS = frozenset(
    "big5 big5hkscs cp932 cp949 cp950 euc_jis_2004 euc_jisx0213 euc_jp euc_kr gb18030 gb2312 "
    "gbk hz iso2022_jp iso2022_kr johab shift_jis shift_jis_2004 shift_jisx0213".split()
)
_MAX_CJK_CHAOS = 0.1
_MIN_CJK_SHARE = 0.3
_CJK = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                  "\uf900-\ufaff\uff66-\uff9f]")
# Single-byte code pages share most letters and charset-normalizer, on a text with few
# accented letters, often names a cousin (cp1250, cp775, iso8859_13) of the cp1252 it was
# written in: "transfrontaličre". When cp1252 reads about as well, the far commoner cp1252
# is taken. With these margins, of the reports in data/ saved as cp1252 (108 samples, 150
# characters to whole documents) 107 decode right, 1 is refused, none decodes wrong.
_CP1252_CHAOS_MARGIN = 0.05
_CP1252_COHERENCE_MARGIN = 0.1
# The converse slip, Polish in cp1250 read as cp1252 ("zatrzyma³a", chaos 0), is caught by
# the language: py3langid still knows Polish through a few wrong letters, and a single-byte
# decode is kept only when the code page is one that language is written in; otherwise the
# language's own Windows code page is tried.
_SCRIPT_CODE_PAGES: tuple[tuple[str, str, str], ...] = (
    # (ISO 639-1 languages, their Windows code page, code pages of the same letters)
    ("af br ca cy da de en es eu fi fo fr fy ga gd gl id is it la lb ms nl nn no oc pt qu "
     "sq sv sw tl wa", "cp1252",
     "cp1252 latin_1 iso8859_15 iso8859_14 mac_roman mac_iceland cp850 cp858 cp437 hp_roman8"),
    ("bs cs hr hu pl ro sk sl sq", "cp1250", "cp1250 iso8859_2 iso8859_16 mac_latin2 cp852"),
    ("be bg kk ky mk mn ru sr tg uk", "cp1251",
     "cp1251 koi8_r koi8_u iso8859_5 mac_cyrillic cp866 cp855 cp1125 kz1048 ptcp154"),
    ("el", "cp1253", "cp1253 iso8859_7 mac_greek cp737 cp869"),
    ("az tr", "cp1254", "cp1254 iso8859_9 mac_turkish cp857"),
    ("he", "cp1255", "cp1255 iso8859_8 cp862"),
    ("ar fa ps ur", "cp1256", "cp1256 iso8859_6 cp864 cp720 mac_arabic cp1006"),
    ("et lt lv", "cp1257", "cp1257 iso8859_13 iso8859_4 iso8859_10 cp775"),
    ("vi", "cp1258", "cp1258"),
    ("th", "cp874", "cp874 tis_620 iso8859_11"),
)
# Names to report when they give the very same text as the one charset-normalizer chose.
_COMMON_NAMES = ("cp1252", "mac_roman", "latin_1")
# Share of C0 control bytes (not tab, newlines, form feed, escape) above which undecodable
# bytes are called binary: text in any code page has almost none, random bytes one in ten.
_MAX_CONTROL_SHARE = 0.01
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32)])


def _language_fits(encoding: str, text: str, data: bytes) -> tuple[str, str] | None:
    """(encoding, text) once the language of `text` agrees with a single-byte code page."""
    from charset_normalizer import from_bytes

    from classifier.text.langid import UNDETERMINED, detect

    lang = detect(text[:20_000])
    if lang == UNDETERMINED:
        return None
    for langs, windows, family in _SCRIPT_CODE_PAGES:
        if lang not in langs.split():
            continue
        if encoding in family.split():
            return encoding, text
        own = from_bytes(data, threshold=_MAX_CHAOS, cp_isolation=[windows]).best()
        if own is not None and own.encoding == windows:
            own_text = str(own)
            if detect(own_text[:20_000]) == lang:
                return windows, own_text
    return None


def _guess_legacy(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) of non-UTF-8 bytes when charset-normalizer is clearly right.

    Limits: a Mac Roman file whose few accented letters also read cleanly as cp1252 is
    decoded as cp1252 (the commoner); Vietnamese in VNI or TCVN3 fonts is not detected.
    """
    from charset_normalizer import from_bytes

    if len(data) < _MIN_GUESS_BYTES:
        return None
    best = from_bytes(data, threshold=_MAX_CHAOS).best()
    if best is not None and best.encoding in ("ascii", "utf_8"):
        best = None
    if best is not None and best.encoding in _CJK_ENCODINGS:
        text = str(best)
        letters = sum(ch.isalpha() for ch in text)
        if best.chaos <= _MAX_CJK_CHAOS and len(_CJK.findall(text)) >= _MIN_CJK_SHARE * letters:
            return best.encoding, text
        best = None  # a Western text that happens to be valid in a CJK code page
    western = from_bytes(data, threshold=_MAX_CHAOS, cp_isolation=["cp1252"]).best()
    if western is not None and western.encoding == "cp1252" and (
        best is None
        or (western.chaos <= best.chaos + _CP1252_CHAOS_MARGIN
            and western.coherence >= best.coherence - _CP1252_COHERENCE_MARGIN)
    ):
        best = western
    if best is None or best.coherence < _MIN_COHERENCE:
        return None
    text = str(best)
    for name in _COMMON_NAMES:
        try:
            if data.decode(name) == text:
                return _language_fits(name, text, data)
        except UnicodeDecodeError:
            pass
    return _language_fits(best.encoding, text, data)


def _decode(data: bytes, where: str, notes: list[str] | None = None) -> str:
    """Text with universal newlines (a BOM is dropped), or an InputError.

    UTF-8 unless the bytes are not UTF-8 and `_guess_legacy` is sure of their code page;
    then a note naming it is appended to `notes`.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(where, "not valid UTF-8 (looks like UTF-16; save it as UTF-8)")
    if b"\x00" in data:
        raise InputError(where, "binary file (not text)")
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        bad = f"byte 0x{data[offset]:02x} at offset {offset}"
        if bom:  # the file says it is UTF-8: a bad byte is damage, not another code page
            raise InputError(where, f"not valid UTF-8 ({bad})") from None
        if sum(data.count(b) for b in _CONTROL_BYTES) > _MAX_CONTROL_SHARE * len(data):
            raise InputError(where, "binary file (not text)") from None
        guess = _guess_legacy(data)
        if guess is None:
            raise InputError(where, f"not UTF-8 ({bad}) and the encoding could not be "
                             "detected with confidence; save it as UTF-8") from None
        encoding, text = guess
        if notes is not None:
            notes.append(f"decoded as {encoding} (not UTF-8)")
    # Same newlines as Path.read_text, which the corpus uses.
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


def _read_html(data: bytes, where: str, notes: list[str]) -> str:
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii").lower() if match else "utf-8"
    if charset.replace("-", "").replace("_", "") in ("utf8", "utf8mb4"):
        source = _decode(data, where, notes)
    else:
        try:
            source = data.decode(charset).replace("\r\n", "\n").replace("\r", "\n")
        except LookupError:
            source = _decode(data, where, notes)
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


def _read_stdin(notes: list[str]) -> str:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath (tests, notebooks)
        text = sys.stdin.read().removeprefix("\ufeff")
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return _decode(buffer.read(), "stdin", notes)


def _missing(path: Path) -> str:
    """Why a path that `exists()` denies is not there: a link loop or a dangling link is not
    a typo, and "not found" would send the user looking for the wrong mistake."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if path.is_symlink():
            return f"broken symbolic link (its target {os.readlink(path)} does not exist)"
    hint = " (nothing matches this pattern)" if _GLOB_MAGIC.search(str(path)) else ""
    return f"not found{hint}"


def read_document(path: str | Path) -> Document:
    """Read one document as plain text; "-" reads stdin.

    Raises InputError with a short reason when the file is missing (or a dangling or
    looping link), unreadable, empty, of an unsupported type, binary, in an encoding that
    cannot be told with confidence, corrupt, or holds no text.
    """
    notes: list[str] = []
    if str(path) == STDIN:
        text = _read_stdin(notes)
        if not text.strip():
            raise InputError("stdin", "no text")
        return Document("stdin", STDIN, text, tuple(notes))

    path = Path(path)
    where = str(path)
    if path.is_dir():
        if next(_walk(path), None) is None:
            raise InputError(where, "folder with no supported documents "
                             f"({', '.join(SUPPORTED_EXTENSIONS)})")
        raise InputError(where, "is a folder (expand it with expand_inputs)")
    if not path.exists():
        raise InputError(where, _missing(path))
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
        if exc.errno == errno.ELOOP:
            raise InputError(where, "symbolic link loop") from None
        raise InputError(where, f"unreadable: {exc.strerror or exc}") from None
    if not data:
        raise InputError(where, "empty file")

    if ext in (".txt", ".md"):
        text = _decode(data, where, notes)
    elif ext in (".html", ".htm"):
        text = _read_html(data, where, notes)
    elif ext == ".docx":
        text = _read_docx(data, where)
    else:
        text = _read_pdf(data, where)
    if not text.strip():
        raise InputError(where, "no text")
    return Document(_doc_id(path), where, text, tuple(notes))
