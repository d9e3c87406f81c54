"""Files on disk: written so that an interrupted run never leaves a half-written one
behind, with the permissions a user's umask asks for, and checksummed. The only copy of
each of these, so every output of the package behaves the same."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType


@functools.cache
def _umask() -> int:
    """The process's umask, read once. `os.umask` can only read it by setting it, and for
    that moment every file or folder another thread creates gets a too-open mode; Linux
    shows it in /proc/self/status without that, so the set-and-restore is the fallback."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def apply_umask(path: Path, *, folder: bool) -> None:
    """Give `path` the mode a plain `open`/`mkdir` would have (mkstemp and mkdtemp make
    owner-only files), so that what we write atomically is as shareable as anything else."""
    os.chmod(path, (0o777 if folder else 0o666) & ~_umask())


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file, read in 1 MiB blocks (weights run to hundreds of MB)."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; move it into place only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    apply_umask(tmp_path, folder=False)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def atomic_write_text(path: str | Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def check_replace(path: str | Path, guard: Callable[[Path], None] | None) -> None:
    """Ask `guard` whether `path` may be replaced, when writing it would replace anything.

    Nothing there, or an empty folder, is harmless to fill and needs no permission. The
    guard raises to refuse; `None` means the caller owns whatever is at `path` outright.
    """
    if guard is None:
        return
    path = Path(path)
    if not (path.exists() or path.is_symlink()):
        return
    if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
        return
    guard(path)


@contextlib.contextmanager
def atomic_dir(path: str | Path, *,
               guard: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Yield a temporary folder beside `path`; it replaces `path` only on success.

    An existing `path` is replaced wholesale, so a `guard` (see `check_replace`) decides
    whether that is allowed: it is asked before anything is written, so a refusal costs no
    work, and again just before the swap, in case something appeared at `path` meanwhile.
    Without a guard any existing folder is replaced: only for folders that are the
    caller's alone, such as caches.
    """
    path = Path(path)
    check_replace(path, guard)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    apply_umask(tmp, folder=True)
    try:
        yield tmp
        check_replace(path, guard)
        if path.exists() or path.is_symlink():
            # A fresh name, so that nothing else beside `path` is ever removed.
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old.", dir=path.parent))
            old.rmdir()
            os.replace(path, old)
            try:
                os.replace(tmp, path)
            except BaseException:
                # Put the user's folder back under its own name rather than leave it
                # hidden at `old` with nothing at `path`.
                os.replace(old, path)
                raise
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink()
        else:
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


class AtomicStreamWriter:
    """A file written piece by piece that appears at `path` only if the `with` block ends
    cleanly: subclasses open their stream in `_open` and write any footer in `_finish`."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._stack: contextlib.ExitStack | None = None

    def _open(self, tmp: Path, stack: contextlib.ExitStack) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        """Write what closes the file (a footer, the last row group)."""

    def __enter__(self):
        if self._stack is not None:
            raise RuntimeError(f"{self.path}: writer is already open")
        stack = contextlib.ExitStack()
        try:
            self._open(stack.enter_context(atomic_path(self.path)), stack)
        except BaseException as err:
            # Unwind with the error, so `atomic_path` removes its temporary file instead
            # of moving it (empty) over an earlier output at `path`. Raised even if a
            # context on the stack would swallow it: a writer that failed to open is
            # not open.
            stack.__exit__(type(err), err, err.__traceback__)
            raise
        self._stack = stack
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> bool:
        stack, self._stack = self._stack, None
        if stack is None:
            return False
        if exc_type is None:
            try:
                self._finish()
            except BaseException as err:
                # Unwinding with the error removes the temporary file, target untouched.
                if not stack.__exit__(type(err), err, err.__traceback__):
                    raise
                return False
        return bool(stack.__exit__(exc_type, exc, tb))
