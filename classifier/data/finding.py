"""Finding the documents a user names: files, folders (searched recursively), glob
patterns, and "-" for stdin. `classifier.data.readers` reads each one."""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Collection, Iterator
from pathlib import Path

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
STDIN = "-"
GLOB_MAGIC = re.compile(r"[*?[]")


def same_file_key(path: str | Path) -> str:
    """A key equal for two paths to one file: through links, `..` and, where the file
    system ignores case (Windows), letter case."""
    return os.path.normcase(os.path.realpath(path))


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


def names_file(spec: str) -> bool:
    """Whether `spec` names one file itself, rather than stdin, a folder or a pattern.

    Such a file is read whatever its extension, so that naming a .xyz file reports
    "unsupported file type" rather than skipping it without a word; a file found in a
    folder or by a pattern is only a candidate. `expand_inputs` and the check of a run's
    outputs against its inputs (`classifier.report.writers.check_predict_outputs`) must
    draw this line in the same place, so it is drawn here once.
    """
    if spec == STDIN:
        return False
    path = Path(spec)
    if path.is_dir():
        return False
    return path.exists() or path.is_symlink() or not GLOB_MAGIC.search(spec)


def _expand_one(spec: str) -> Iterator[tuple[Path, bool]]:
    """The files `spec` names, each with whether it was named itself (`names_file`)."""
    path = Path(spec)
    if names_file(spec):
        yield path, True
    elif path.is_dir():
        yield from ((found, False) for found in walk(path))
    else:
        for match in sorted(glob.glob(spec, recursive=True)):
            match_path = Path(match)
            if match_path.is_dir():
                yield from ((found, False) for found in walk(match_path))
            elif _supported(match_path):
                yield match_path, False


def expand_inputs(specs: list[str], skip: Collection[str] = ()) -> Iterator[str | Path]:
    """Documents named by `specs`: files, folders, glob patterns, or "-" for stdin.

    Folders are searched recursively, in sorted order, for supported extensions, skipping
    hidden files and folders; glob patterns (`reports/**/*.pdf`) keep the supported files
    they match. A file reached twice (a folder and a file inside it) is yielded once.
    A spec that matches nothing is yielded as a Path anyway, so that `read_document`
    reports it as "not found" (or, for an empty folder, "no supported documents") rather
    than the run silently skipping a typo.

    `skip` holds `same_file_key`s of files a folder or a pattern must not yield: the
    outputs of the run reading them, so that rerunning `predict reps --html reps/r.html`
    does not label its own earlier report. A file named itself is yielded all the same;
    naming an output as an input is refused before the run (`check_predict_outputs`).
    """
    seen: set[str] = set()
    for spec in specs:
        if spec == STDIN:
            yield STDIN
            continue
        matched = False
        for path, named in _expand_one(spec):
            # An output counts as a match: a folder that holds only this run's outputs
            # has nothing to label, which is no typo to report.
            matched = True
            key = same_file_key(path)
            if key in seen or (not named and key in skip):
                continue
            seen.add(key)
            yield path
        if not matched:
            yield Path(spec)
