"""Reading the documents a user names, each as plain text.

Prediction takes whatever a person has at hand: text and Markdown files, saved web pages,
PDF reports and Word documents, whole folders of them, glob patterns, or stdin.
`classifier.data.finding` finds them (`expand_inputs`), this module turns each into an
`InputDocument` (an id, the path, the text) and nothing else, so the predict command stays
a loop and every bad file fails with one short, named reason (`InputError`) instead of a
traceback halfway through a batch. Text is decoded by `classifier.data.decoding`; HTML,
.docx and PDF are read by `classifier.data.formats`.
"""

from __future__ import annotations

import errno
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from classifier.data.decoding import InputError, decode, normalize_newlines
from classifier.data.finding import (
    GLOB_MAGIC,
    STDIN,
    SUPPORTED_EXTENSIONS,
    expand_inputs,
    walk,
)
from classifier.data.formats import read_docx, read_html, read_pdf

# What the commands use of finding and reading, in one place.
__all__ = ["STDIN", "SUPPORTED_EXTENSIONS", "InputDocument", "InputError", "expand_inputs",
           "read_document"]


@dataclass(frozen=True)
class InputDocument:
    """A document given to `predict` or `split`, read as plain text."""

    id: str  # stable name for output rows: the path as given, relative where possible
    path: str  # the path as given ("-" for stdin)
    text: str
    # What a reader should know about how the text was obtained, one short line each,
    # e.g. "decoded as cp1252 (not UTF-8)": the text may be wrong where the guess was.
    notes: tuple[str, ...] = ()


def _doc_id(path: Path) -> str:
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


def read_document(path: str | Path) -> InputDocument:
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
    ext = path.suffix.lower()
    if ext in (".txt", ".md"):
        text = decode(data, where, notes)
    elif ext in (".html", ".htm"):
        text = read_html(data, where, notes)
    elif ext == ".docx":
        text = read_docx(data, where)
    else:
        text = read_pdf(data, where)
    if not text.strip():
        raise InputError(where, "no text")
    return InputDocument(_doc_id(path), where, text, tuple(notes))
