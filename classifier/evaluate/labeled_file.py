"""Scoring a model package on a user's own labeled JSON Lines file, or a folder of them
such as a data folder's `labeled/` (`classifier evaluate`).

The file is read and checked before the model loads, so that a bad line costs no wait for a
transformer; every problem is listed by file and line at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass
class FileEvaluation:
    model: str  # the package folder's name, which `compare` lines up with a run's models
    file: Path
    metrics: dict

    def to_dict(self) -> dict:
        """The shape `classifier compare` reads: one model's metrics plus its name and the
        scored file's checksum (whether two evaluations saw the same sentences)."""
        import hashlib

        from classifier.io import sha256_file

        digests = [sha256_file(p) for p in labeled_files(self.file)]
        digest = digests[0] if len(digests) == 1 else hashlib.sha256(
            "".join(digests).encode()).hexdigest()
        return {"model": self.model, "data_fingerprint": f"sha256:{digest}", **self.metrics}


def labeled_files(path: Path) -> list[Path]:
    """`path` itself, or the *.jsonl files of a folder (or of its `labeled/`), sorted."""
    from classifier.data.corpus import DataError

    path = Path(path)
    if not path.is_dir():
        return [path]
    folder = path / "labeled" if (path / "labeled").is_dir() else path
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise DataError([f"{folder}: no *.jsonl files of labeled sentences"])
    return files


def read_labeled_jsonl(path: str | Path) -> list[dict]:
    """Rows with a non-empty string `text` and a string `label` (`lang` a string, `doc` a
    string and `index` a position, each or absent);
    raises DataError listing every bad line."""
    from classifier.data.corpus import DataError, read_jsonl

    problems: list[str] = []
    rows = []
    for file in labeled_files(Path(path)):
        rows += _checked_rows(file, read_jsonl(file, problems), problems)
    if not rows and not problems:
        problems.append(f"{path}: no labeled sentences")
    if problems:
        raise DataError(problems)
    return rows


def _checked_rows(path: Path, numbered: list[tuple[int, dict]], problems: list[str]):
    rows = []
    for n, obj in numbered:
        if not isinstance(obj.get("text"), str) or not isinstance(obj.get("label"), str):
            problems.append(f"{path}:{n}: expected an object with string 'text' and 'label'")
        elif not obj["text"].strip():
            problems.append(f"{path}:{n}: empty text")
        elif "doc" in obj and not isinstance(obj["doc"], str):
            problems.append(f"{path}:{n}: 'doc' must be a string document id, "
                            f"got {json.dumps(obj['doc'], ensure_ascii=False)}")
        elif "index" in obj and (isinstance(obj["index"], bool)
                                 or not isinstance(obj["index"], int) or obj["index"] < 0):
            problems.append(f"{path}:{n}: 'index' must be the sentence's position in its "
                            f"document (0, 1, ...), got "
                            f"{json.dumps(obj['index'], ensure_ascii=False)}")
        elif obj.get("lang") is not None and not isinstance(obj["lang"], str):
            # A number or list here would otherwise end up as a language in the metrics.
            problems.append(f"{path}:{n}: 'lang' must be a string language code, "
                            f"got {json.dumps(obj['lang'], ensure_ascii=False)}")
        else:
            rows.append(obj)
    return rows


def file_context(rows: list[dict], k: int) -> list[str] | None:
    """Context for a model that reads `k` neighbours: from the rows' `doc` and `index`
    (the sentences of one document, in order) when every row has both; otherwise each
    sentence is scored alone, as a model with no context would see it."""
    from classifier.text.context import neighbour_context

    if not k or not all("doc" in r and "index" in r for r in rows):
        return None
    return neighbour_context([r["text"] for r in rows], k, [r["doc"] for r in rows],
                             [r["index"] for r in rows])


def evaluate_file(model_path: str | Path, file: str | Path) -> FileEvaluation:
    """Metrics of the package at `model_path` on the labeled sentences of `file` (a JSON
    Lines file, or a folder of them)."""
    from classifier.data.corpus import DataError
    from classifier.evaluate.metrics import evaluate_predictions
    from classifier.package import load_model
    from classifier.text import detect

    file = Path(file)
    rows = read_labeled_jsonl(file)
    model = load_model(model_path)
    unknown = sorted({r["label"] for r in rows} - set(model.classes_))
    if unknown:
        raise DataError([f"{file}: labels unknown to the model: {', '.join(unknown)} "
                         f"(the model knows {', '.join(model.classes_)})"])
    texts = [r["text"] for r in rows]
    langs = [r.get("lang") or detect(r["text"]) for r in rows]
    origins = [r["origin"] for r in rows] if all("origin" in r for r in rows) else None
    metrics = evaluate_predictions([r["label"] for r in rows],
                                   model.predict(texts, file_context(rows, model.context_size)),
                                   labels=model.classes_, langs=langs, origins=origins)
    return FileEvaluation(Path(model_path).resolve().name, file, metrics)
