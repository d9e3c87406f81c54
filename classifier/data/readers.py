"""Reading the documents a user names, each as plain text.

Prediction takes whatever a person has at hand: text and Markdown files, saved web pages,
PDF reports and Word documents, whole folders of them, glob patterns, or stdin.
`classifier.data.finding` finds them (`expand_inputs`), this module turns each into an
`InputDocument` (an id, the path, the text) and nothing else, so the predict command stays
a loop and every bad file fails with one short, named reason (`InputError`) instead of a
traceback halfway through a batch. Text is decoded by `classifier.data.decoding`; HTML,
.docx and PDF are read by `classifier.data.formats`, as `ReadOptions` ask.
"""

from __future__ import annotations

import errno
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from classifier.data.decoding import InputError, decode, normalize_newlines
from classifier.data.finding import (
    GLOB_MAGIC,
    STDIN,
    SUPPORTED_EXTENSIONS,
    expand_inputs,
    walk,
)
from classifier.data.formats import Extracted

# What the commands use of finding and reading, in one place.
__all__ = ["STDIN", "SUPPORTED_EXTENSIONS", "InputDocument", "InputError", "ReadOptions",
           "expand_inputs", "read_document", "read_documents"]


@dataclass(frozen=True)
class ReadOptions:
    """How documents are read; the same for every command that reads them."""

    # Every visible text of a web page, menus and footers too, not only its article.
    keep_boilerplate: bool = False
    # Read PDFs without a text layer (scans) with Tesseract instead of skipping them.
    ocr: bool = False


@dataclass(frozen=True)
class InputDocument:
    """A document given to `predict` or `split`, read as plain text."""

    id: str  # stable name for output rows: the path as given, relative where possible
    path: str  # the path as given ("-" for stdin)
    text: str
    # What a reader should know about how the text was obtained, one short line each,
    # e.g. "decoded as cp1252 (not UTF-8)": the text may be wrong where the guess was.
    notes: tuple[str, ...] = ()
    # What the file says about itself (title, date, author, site, url), where it says it.
    metadata: dict[str, str] = field(default_factory=dict)


def document_id(path: Path) -> str:
    """The path as given, made relative to the working folder where it lies below it."""
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            pass
    return path.as_posix()


def _read_stdin() -> InputDocument:
    notes: list[str] = []
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream without bytes underneath (tests, notebooks)
        text = normalize_newlines(sys.stdin.read().removeprefix("\ufeff"))
    else:
        text = decode(buffer.read(), "stdin", notes)
    if not text.strip():
        raise InputError("stdin", "no text")
    return InputDocument("stdin", STDIN, text, tuple(notes))


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
    hint = " (nothing matches this pattern)" if GLOB_MAGIC.search(str(path)) else ""
    return f"not found{hint}"


def _read_bytes(path: Path) -> bytes:
    """The bytes of a supported file, or an InputError saying why there are none."""
    where = str(path)
    if path.is_dir():
        if next(walk(path), None) is None:
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
    return data


def _extract(ext: str, data: bytes, where: str, notes: list[str],
             options: ReadOptions) -> Extracted:
    if ext in (".txt", ".md"):
        return Extracted(decode(data, where, notes))
    if ext in (".html", ".htm"):
        from classifier.data.formats.html import read_html

        return read_html(data, where, notes, keep_boilerplate=options.keep_boilerplate)
    if ext == ".docx":
        from classifier.data.formats.docx import read_docx

        return read_docx(data, where)
    from classifier.data.formats.pdf import read_pdf

    return read_pdf(data, where, notes, ocr=options.ocr)


def read_document(path: str | Path, options: ReadOptions | None = None) -> InputDocument:
    """Read one document as plain text; "-" reads stdin.

    Raises InputError with a short reason when the file is missing (or a dangling or
    looping link), unreadable, empty, of an unsupported type, binary, in an encoding that
    cannot be told with confidence, corrupt, or holds no text.
    """
    if str(path) == STDIN:
        return _read_stdin()
    path = Path(path)
    where = str(path)
    data = _read_bytes(path)
    notes: list[str] = []
    extracted = _extract(path.suffix.lower(), data, where, notes, options or ReadOptions())
    if not extracted.text.strip():
        raise InputError(where, "no text")
    return InputDocument(document_id(path), where, extracted.text, tuple(notes),
                         dict(extracted.metadata))


def read_documents(specs: list[str], options: ReadOptions | None = None, *, on_error,
                   skip: frozenset[str] = frozenset(), on_stdin=None,
                   save_text_to: Path | None = None):
    """Each readable document that `specs` name, in order, the way every command reads.

    `on_error(exc)` gets the InputError of each file that cannot be read (and may raise to
    stop); `on_stdin()` is called before stdin is read; `skip` holds files a folder or a
    pattern reaches that are no documents (a run's own outputs); with `save_text_to`, the
    text of each document is written there (`classifier.data.saved_text`).
    """
    for item in expand_inputs(specs, skip=skip):
        if item == STDIN and on_stdin is not None:
            on_stdin()
        try:
            doc = read_document(item, options)
        except InputError as exc:
            on_error(exc)
            continue
        if save_text_to is not None:
            from classifier.data.saved_text import save_text

            save_text(save_text_to, doc.id, doc.text)
        yield doc
