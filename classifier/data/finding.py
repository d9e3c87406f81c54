"""Finding the documents a user names: files, folders (searched recursively), glob
patterns, and "-" for stdin. `classifier.data.readers` reads each one."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator
from pathlib import Path

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
STDIN = "-"
GLOB_MAGIC = re.compile(r"[*?[]")


def _is_hidden(name: str) -> bool:
    # "~$report.docx" is the lock file Word leaves beside an open document.
    return name.startswith(".") or name.startswith("~$")


def _supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_EXTENSIONS


def walk(folder: Path) -> Iterator[Path]:
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
        yield from walk(path)
    elif path.exists() or path.is_symlink() or not GLOB_MAGIC.search(spec):
        # An existing file is read whatever its extension, so that naming a .xyz file
        # reports "unsupported file type" rather than skipping it without a word.
        yield path
    else:
        for match in sorted(glob.glob(spec, recursive=True)):
            match_path = Path(match)
            if match_path.is_dir():
                yield from walk(match_path)
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
