"""A trained model as a self-describing folder that loads without running its code.

    classifier.json   manifest: format version, backend, labels, languages, training
                      config, headline metrics, data fingerprint, library versions,
                      creation time and a sha256 per file
    README.md         the model card
    ...               weights (skops for scikit-learn, safetensors for torch) and tokenizer

Loading checks the manifest first and refuses a folder whose files are missing or were
changed, a format it does not know, or a backend (a model type of
`classifier.backends.registry`) this installation cannot run. The
manifest is not among its own checksums, so the label order always comes from a
checksummed weights file (the backend's `labels_file`) and the manifest's copies of it
must agree: a package whose manifest labels were swapped or renamed is refused rather
than allowed to print one topic's name for another.

Writing a package never replaces a folder that is not a package, nor one holding files
its manifest does not list, and replaces a package only when asked to (`overwrite`).
"""

from __future__ import annotations

import json
import platform
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from classifier.backends import registry
from classifier.backends.base import Trainable
from classifier.errors import ClassifierError
from classifier.io import atomic_dir, atomic_write_text, sha256_file

FORMAT_VERSION = 1
MANIFEST = "classifier.json"
CARD = "README.md"
CALIBRATION = "calibration.json"  # the temperature of the scores, when fitted


class PackageError(ClassifierError, ValueError):
    pass


class OutputExistsError(PackageError):
    """An output folder exists and may not be replaced; nothing was written or deleted.

    A PackageError so that the command line reports it like any other package problem,
    whether a package or a training run was being written."""


def foreign_package_files(path: Path) -> list[str] | None:
    """None if `path` is not a model package; else what in it the manifest does not list.

    A package is a real folder whose classifier.json parses as a manifest (any format
    version: a newer package is still ours). Files it does not list were put there by
    someone else, and replacing the package would delete them.
    """
    path = Path(path)
    if path.is_symlink() or not path.is_dir():
        return None
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (isinstance(manifest, dict) and "format_version" in manifest
            and "backend" in manifest and isinstance(manifest.get("files"), dict)):
        return None
    listed = {MANIFEST, *manifest["files"]}
    return sorted(p.name for p in path.iterdir()
                  if p.name not in listed or p.is_symlink() or not p.is_file())


def output_guard(*, what: str, foreign: Callable[[Path], list[str] | None], overwrite: bool,
                 allow: str, instead: str) -> Callable[[Path], None]:
    """A guard for `atomic_dir`: replace an existing folder only if it is `what` (one of
    ours: `foreign` does not return None), holds nothing else (`foreign` returns no
    names) and `overwrite` was asked for; otherwise raise OutputExistsError that says
    `allow` (how to ask) or `instead` (what else to do)."""

    def guard(path: Path) -> None:
        found = foreign(path)
        if found is None:
            raise OutputExistsError(f"{path}: already exists and is not {what}; refusing to "
                                    f"replace it (nothing was changed): {instead}")
        if found:
            shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5
                                            else "")
            raise OutputExistsError(f"{path}: holds {what} but also files that are not part "
                                    f"of it ({shown}); refusing to replace it (nothing was "
                                    f"changed): move them away or {instead}")
        if not overwrite:
            raise OutputExistsError(f"{path}: already holds {what}; {allow} to replace it, "
                                    f"or {instead}")

    return guard


def package_guard(overwrite: bool, allow: str = "pass overwrite=True",
                  instead: str = "choose another folder") -> Callable[[Path], None]:
    return output_guard(what="a model package", foreign=foreign_package_files,
                        overwrite=overwrite, allow=allow, instead=instead)


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("classifier", "numpy", "scikit-learn", "skops", "torch", "transformers",
                 "tokenizers", "datasets", "onnxruntime"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def save_model(model, path: Path, *, config: dict, metrics: dict | None = None,
               data_fingerprint: str = "", languages: list[str] = (),
               card: str = "", overwrite: bool = False) -> Path:
    """Write `model` as a package folder at `path`, atomically.

    An existing package at `path` is replaced only with `overwrite`; any other non-empty
    folder is never replaced (OutputExistsError, nothing written).
    """
    path = Path(path)
    backend = registry.name_of(type(model))
    if not backend or not isinstance(model, Trainable):
        raise PackageError(f"{path}: a {type(model).__name__} cannot be saved as a package: "
                           "only a registered Trainable model type can (an ONNX package is "
                           "written by `classifier export`)")
    with atomic_dir(path, guard=package_guard(overwrite)) as tmp:
        model.save(tmp)
        write_calibration(tmp, model.temperature)
        if card:
            atomic_write_text(tmp / CARD, card)
        write_manifest(tmp, backend=backend, labels=[str(c) for c in model.classes_],
                       config=config,
                       metrics=metrics, data_fingerprint=data_fingerprint, languages=languages)
    return path


def write_manifest(folder: Path, *, backend: str, labels: list[str], config: dict,
                   metrics: dict | None = None, data_fingerprint: str = "",
                   languages: list[str] = ()) -> dict:
    """Describe every file already in `folder` in its manifest (written last)."""
    files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != MANIFEST)
    manifest = {
        "format_version": FORMAT_VERSION,
        "backend": backend,
        "labels": labels,
        "languages": sorted(languages),
        "config": config,
        "metrics": metrics or {},
        "data_fingerprint": data_fingerprint,
        "library_versions": library_versions(),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "files": {name: sha256_file(folder / name) for name in files},
    }
    atomic_write_text(folder / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
    return manifest


def read_manifest(path: Path) -> dict:
    file = Path(path) / MANIFEST
    if not file.is_file():
        raise PackageError(f"{path}: not a model package (no {MANIFEST})")
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PackageError(f"{file}: unreadable manifest ({exc})") from None
    if not isinstance(manifest, dict):
        raise PackageError(f"{file}: expected a JSON object, got {type(manifest).__name__}")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise PackageError(f"{file}: unknown format_version {version!r}; this version of "
                           f"classifier reads format {FORMAT_VERSION}")
    problem = _manifest_problem(manifest)
    if problem:
        raise PackageError(f"{file}: {problem}")
    return manifest


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _manifest_problem(manifest: dict) -> str | None:
    """What about the manifest's shape is wrong, as 'key: what is expected', or None.

    Checked once here, so that the code reading a manifest can take its shape for granted
    (a hand-edited or corrupted one would otherwise fail deep inside with a traceback).
    """
    backend = manifest.get("backend")
    if not isinstance(backend, str):
        return f'"backend" must be a string (a model type), got {_shown(backend)}'
    files = manifest.get("files")
    if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and _SHA256.fullmatch(v)
            for k, v in files.items()):
        return ('"files" must be an object of file name -> sha256 hex digest, got '
                f"{_shown(files)}")
    config = manifest.get("config")
    if not isinstance(config, dict):
        return f'"config" must be an object of settings, got {_shown(config)}'
    own = config_section(manifest)
    if own in config and not isinstance(config[own], dict):
        return f'"config.{own}" must be an object of settings, got {_shown(config[own])}'
    labels = manifest.get("labels")
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        return f'"labels" must be a list of strings, got {_shown(labels)}'
    return None


def _shown(value: object) -> str:
    """A value for a one-line message: short, whatever the manifest held."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def verify_files(path: Path, manifest: dict) -> None:
    problems = []
    for name, digest in manifest.get("files", {}).items():
        file = Path(path) / name
        if not file.is_file():
            problems.append(f"missing file {name}")
        elif sha256_file(file) != digest:
            problems.append(f"{name} was changed (checksum mismatch)")
    if problems:
        raise PackageError(f"{path}: refusing to load: " + "; ".join(problems))


def _require_checksummed(path: Path, manifest: dict, source: str, action: str = "load") -> None:
    """The labels file must be one the checksums cover, or the labels prove nothing."""
    if source not in manifest.get("files", {}):
        raise PackageError(f"{path}: refusing to {action} it: {source}, which holds this "
                           f"{manifest.get('backend')} package's labels, is not among the "
                           f"checksummed files of {MANIFEST}; re-create the package (an ONNX "
                           "one with `classifier export`)")


def check_labels(path: Path, manifest: dict, labels: Sequence[str], source: str,
                 action: str = "load") -> None:
    """Refuse a package whose manifest labels differ from those of its weights.

    `labels` are read from `source`, a file the checksums cover, in the order of the
    weights' outputs; the manifest is not covered, so its copies ("labels", and a backend
    section's "labels") must equal them exactly: same names, same order.
    """
    path = Path(path)
    _require_checksummed(path, manifest, source, action)
    labels = [str(c) for c in labels]
    copies = {"labels": manifest.get("labels")}
    own = config_section(manifest)
    section = manifest.get("config", {}).get(own)
    if isinstance(section, dict) and "labels" in section:
        copies[f"config.{own}.labels"] = section["labels"]
    for key, listed in copies.items():
        if listed != labels:
            raise PackageError(f"{path / MANIFEST}: {key} {listed} do not match the labels "
                               f"{labels} of the weights in {path / source}; refusing to "
                               f"{action} it: the manifest was changed after the package was "
                               "written, and its labels would name the wrong topics")


def _registered(manifest: dict) -> registry.ModelType | None:
    backend = manifest.get("backend")
    return registry.get(backend) if isinstance(backend, str) else None


def config_section(manifest: dict) -> str:
    """The key of the package's own settings in its manifest's "config"."""
    model_type = _registered(manifest)
    return model_type.config_section if model_type else str(manifest.get("backend"))


def _model_type(path: Path, manifest: dict) -> registry.ModelType:
    """The registered type of the package, if this installation can run it."""
    backend = manifest.get("backend")
    model_type = _registered(manifest)
    if model_type is None:
        raise PackageError(f"{path}: unknown backend {backend!r}; known: "
                           f"{', '.join(registry.names())}")
    missing = model_type.missing_packages()
    if missing:
        raise PackageError(f"{path}: backend {backend!r} needs {', '.join(missing)}, which "
                           "is not installed")
    return model_type


def load_model(path: str | Path, verify: bool = True, threads: int | None = None):
    """Load a package folder into its model type's Predictor, which keeps its manifest.

    Its labels are those of the weights, cross-checked against the manifest's. `threads`
    caps the threads of a model type that has a `threads` setting (several models on one
    machine, as Ray's actors, must not each take every core)."""
    path = Path(path)
    manifest = read_manifest(path)
    model_type = _model_type(path, manifest)
    if verify:
        verify_files(path, manifest)
    cls = model_type.load_class()
    _require_checksummed(path, manifest, cls.labels_file)  # before loading any weights
    section = dict(manifest.get("config", {}).get(model_type.config_section, {}))
    fields = getattr(model_type.config_class, "__dataclass_fields__", {})
    if threads is not None and "threads" in fields:
        section["threads"] = threads
    model = cls.load(path, section, manifest)
    check_labels(path, manifest, model.classes_, cls.labels_file)
    model.temperature = read_calibration(path, manifest)
    return model


def write_calibration(folder: Path, temperature: float) -> None:
    """calibration.json, a file the manifest checksums like the weights: a changed
    temperature would change every score a package gives."""
    if temperature != 1.0:
        atomic_write_text(folder / CALIBRATION, json.dumps({"temperature": temperature}))


def read_calibration(path: Path, manifest: dict) -> float:
    """The package's temperature: 1.0 (scores as the model gives them) without a
    checksummed calibration.json."""
    if CALIBRATION not in manifest.get("files", {}):
        return 1.0
    file = Path(path) / CALIBRATION
    try:
        value = json.loads(file.read_text(encoding="utf-8"))["temperature"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PackageError(f"{file}: unreadable calibration ({exc})") from None
    if not isinstance(value, int | float) or isinstance(value, bool) or not value > 0:
        raise PackageError(f"{file}: temperature must be a positive number, got {value!r}")
    return float(value)
