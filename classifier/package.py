"""A trained model as a self-describing folder that loads without running its code.

    classifier.json   manifest: format version, backend, labels, languages, training
                      config, headline metrics, data fingerprint, library versions,
                      creation time and a sha256 per file
    README.md         the model card
    ...               weights (skops for scikit-learn, safetensors for torch) and tokenizer

Loading checks the manifest first and refuses a folder whose files are missing or were
changed, a format it does not know, or a backend this installation cannot run.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import platform
from datetime import datetime, timezone
from pathlib import Path

from classifier.io import atomic_dir, atomic_write_text

FORMAT_VERSION = 1
MANIFEST = "classifier.json"
CARD = "README.md"
# backend -> (module, class, packages it needs)
BACKENDS = {
    "tfidf": ("classifier.models.tfidf", "TfidfClassifier", ("sklearn", "skops")),
    "transformer": ("classifier.models.transformer", "TransformerClassifier",
                    ("torch", "transformers")),
    "onnx": ("classifier.models.onnx", "OnnxClassifier", ("onnxruntime", "transformers")),
}


class PackageError(ValueError):
    pass


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


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def save_model(model, path: Path, *, config: dict, metrics: dict | None = None,
               data_fingerprint: str = "", languages: list[str] = (),
               card: str = "") -> Path:
    """Write `model` as a package folder at `path`, atomically."""
    path = Path(path)
    with atomic_dir(path) as tmp:
        model.save(tmp)
        if card:
            atomic_write_text(tmp / CARD, card)
        write_manifest(tmp, backend=model.backend, labels=list(model.classes_), config=config,
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
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise PackageError(f"{file}: unknown format_version {version!r}; this version of "
                           f"classifier reads format {FORMAT_VERSION}")
    return manifest


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


def load_model(path: str | Path, verify: bool = True):
    """Load a package folder into its backend's classifier object."""
    path = Path(path)
    manifest = read_manifest(path)
    backend = manifest.get("backend")
    if backend not in BACKENDS:
        raise PackageError(f"{path}: unknown backend {backend!r}; known: {', '.join(BACKENDS)}")
    module, cls_name, needs = BACKENDS[backend]
    missing = [n for n in needs if importlib.util.find_spec(n) is None]
    if missing:
        raise PackageError(f"{path}: backend {backend!r} needs {', '.join(missing)}, which "
                           "is not installed")
    if verify:
        verify_files(path, manifest)
    cls = getattr(importlib.import_module(module), cls_name)
    model = cls.load(path, manifest.get("config", {}).get(backend, {}))
    model.manifest = manifest
    return model
