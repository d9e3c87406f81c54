"""`--save-text DIR`: the text of each document as the model read it, one file each.

Every sentence row's `start` and `end` index this text, not the file it came from (a web
page's markup, a PDF's glyph positions), so these files are how a row is traced back and
how a person checks what extraction kept and dropped. A document's file mirrors its id:
`reports/a.pdf` -> `DIR/reports/a.pdf.txt` (stdin -> `DIR/stdin.txt`).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from classifier.errors import ClassifierError
from classifier.io import atomic_write_text


class SaveTextError(ClassifierError, ValueError):
    """A --save-text folder that cannot be used."""


def check_text_folder(folder: str | Path) -> Path:
    """Refuse, before any work, a --save-text path that is a file."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise SaveTextError(f"--save-text: {folder} is a file, not a folder")
    return folder


def text_path(folder: Path, doc_id: str) -> Path:
    """Where a document's text goes: its id as a path below `folder`, never above it."""
    parts = [("__" if p == ".." else p) for p in PurePosixPath(doc_id).parts
             if p not in ("/", ".", "")] or ["document"]
    return folder.joinpath(*parts[:-1], f"{parts[-1]}.txt")


def save_text(folder: Path, doc_id: str, text: str) -> Path:
    path = text_path(folder, doc_id)
    atomic_write_text(path, text)
    return path
