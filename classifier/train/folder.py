"""What a run folder is, so that `train` replaces only an earlier run, and only when asked.

An existing folder at the run's path is replaced only if it is an earlier run (see
`foreign_run_files`) and `run.overwrite` is true; anything else is refused before any
data is read or model trained, and nothing is deleted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from classifier.package import foreign_package_files, output_guard

# What `train` writes at the top of a run folder (besides models/, a folder of packages).
RUN_MARKERS = ("config.yaml", "metrics.json", "run.json")
RUN_FILES = (*RUN_MARKERS, "report.md")
RUN_FILE_PATTERN = re.compile(r"confusion_[^/]+\.png")


def _json_object(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _is_run(path: Path) -> bool:
    if not all((path / name).is_file() for name in RUN_MARKERS):
        return False
    metrics, info = _json_object(path / "metrics.json"), _json_object(path / "run.json")
    return (metrics is not None and {"run", "models"} <= set(metrics)
            and bool(info) and "name" in info)


def _foreign_packages(models: Path) -> list[str]:
    """What under models/ is not a package, or is in a package but not listed in it."""
    foreign = []
    for package in sorted(models.iterdir()):
        inner = foreign_package_files(package)
        if inner is None:
            foreign.append(f"models/{package.name}")
        else:
            foreign.extend(f"models/{package.name}/{name}" for name in inner)
    return foreign


def foreign_run_files(path: Path) -> list[str] | None:
    """None if `path` is not a run folder; else what in it `train` did not write.

    A run folder is a real folder with all of config.yaml, metrics.json (an object with
    "run" and "models") and run.json (an object with "name"): `train` writes them together
    and the folder appears only complete. Anything else in it besides report.md,
    confusion_*.png and model packages under models/ was put there by someone else, and
    replacing the run would delete it.
    """
    path = Path(path)
    if path.is_symlink() or not path.is_dir() or not _is_run(path):
        return None
    foreign = []
    for entry in sorted(path.iterdir()):
        if entry.is_symlink():
            foreign.append(entry.name)
        elif entry.is_file() and (entry.name in RUN_FILES
                                  or RUN_FILE_PATTERN.fullmatch(entry.name)):
            continue
        elif entry.is_dir() and entry.name == "models":
            foreign.extend(_foreign_packages(entry))
        else:
            foreign.append(entry.name)
    return foreign


def run_guard(overwrite: bool):
    """The `atomic_dir` guard of a run folder: see `foreign_run_files`."""
    return output_guard(
        what="a training run", foreign=foreign_run_files, overwrite=overwrite,
        allow="set run.overwrite=true (--overwrite or --set run.overwrite=true)",
        instead="choose another run.name or run.output_dir")
