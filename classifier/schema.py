"""The shapes that cross module boundaries, each defined once here.

* The sentence row. `Sentence` is what the splitter yields, `LabeledSentence` a sentence of
  the labeled corpus; a labeled/*.jsonl record is a sentence and its label; a prediction
  row is a sentence, its label and score and one `p_<label>` probability per label
  (`prediction_columns`). Column types come from the dataclass fields: Parquet
  (`arrow_type`) and Hugging Face datasets (`classifier.data.dataset`) derive theirs.
* The summary row of a prediction run: one per document (`summary_columns`).
* metrics.json: what `evaluate_predictions` computes per model (`MODEL_KEYS`), what a run
  adds around it (`RUN_KEYS`), what `classifier evaluate --out` adds (`EVALUATE_KEYS`);
  `check_metrics` validates a file against them, and `headline_metrics` reads a model's
  metrics by name (accuracy, macro_f1, f1:<label>, lang:<lang>, origin:<origin>).

The standard library only, so that comparing two JSON files loads no scikit-learn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import get_type_hints

from classifier.errors import ClassifierError

# ---------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class Sentence:
    """One sentence of a document, with offsets that point back into the document's text."""

    doc: str  # the document's id
    index: int  # its position in the document, from 0
    start: int  # offset of its first character in the document's text
    end: int  # offset just past its last character
    lang: str  # ISO 639-1 code, or "und" when undetermined
    text: str

    def to_dict(self) -> dict:
        """The fields by name, in order (what `dataclasses.asdict` gives, ~40x faster: it
        runs once per sentence labeled, and every field is a str or an int, so there is
        nothing for asdict's deep copy to do)."""
        return {"doc": self.doc, "index": self.index, "start": self.start, "end": self.end,
                "lang": self.lang, "text": self.text}


@dataclass(frozen=True)
class LabeledSentence(Sentence):
    """A sentence of the labeled corpus: its label, and where its document comes from."""

    label: str
    origin: str = "written"  # "source" (a published article) or "written" for the project

    def to_dict(self) -> dict:
        """Sentence's fields, then these (the inherited method would drop them)."""
        return {**super().to_dict(), "label": self.label, "origin": self.origin}


SENTENCE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Sentence))
LABELED_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(LabeledSentence))
# A record of labeled/*.jsonl: its origin comes from the manifest, not the record.
LABELED_RECORD_COLUMNS: tuple[str, ...] = (*SENTENCE_COLUMNS, "label")
PROBA_PREFIX = "p_"  # a prediction row's probability of one label: p_<label>
SHARE_PREFIX = "share_"  # a summary row's share of sentences with one label: share_<label>

COLUMN_TYPES: dict[str, type] = {
    **get_type_hints(LabeledSentence),
    "score": float,  # the probability of the chosen label
    "sentences": int,  # a summary row: sentences of its document
    "top_label": str,  # a summary row: its most frequent label ("" without sentences)
    # With `predict --min-score P`: a row whose score is below P (for a person to check),
    # and a summary row's count of them.
    "uncertain": bool,
    "uncertain_sentences": int,
}
# What a document's file says about itself (a web page's title, date, author, site and
# canonical URL; a PDF's or Word file's title, author and date): summary columns, "" where
# the file does not say.
DOCUMENT_FIELDS: tuple[str, ...] = ("title", "date", "author", "site", "url")
COLUMN_TYPES.update(dict.fromkeys(DOCUMENT_FIELDS, str))
_ARROW_TYPES = {str: "string", int: "int64", float: "float64", bool: "bool"}


def proba_column(label: str) -> str:
    return f"{PROBA_PREFIX}{label}"


def share_column(label: str) -> str:
    return f"{SHARE_PREFIX}{label}"


def prediction_columns(labels: Iterable[str], uncertain: bool = False) -> list[str]:
    """A prediction row: the sentence, its label and score, and p_<label> for each label
    (and whether the score is below `--min-score`, when one is given)."""
    return [*SENTENCE_COLUMNS, "label", "score", *(["uncertain"] if uncertain else []),
            *(proba_column(c) for c in labels)]


def summary_columns(labels: Iterable[str], uncertain: bool = False) -> list[str]:
    """A summary row: the document, its sentences, the share of each label, the top label
    (and how many of its sentences scored below `--min-score`, when one is given), then
    what the document says about itself (`DOCUMENT_FIELDS`)."""
    return ["doc", "sentences", *(share_column(c) for c in labels), "top_label",
            *(["uncertain_sentences"] if uncertain else []), *DOCUMENT_FIELDS]


def column_type(column: str) -> type | None:
    """The Python type of a known column; None for one this module does not define."""
    if column.startswith((PROBA_PREFIX, SHARE_PREFIX)):
        return float
    return COLUMN_TYPES.get(column)


def arrow_type(column: str) -> str | None:
    """The Arrow (Parquet) type alias of a known column, e.g. "int64"; None otherwise."""
    typ = column_type(column)
    return _ARROW_TYPES[typ] if typ is not None else None


# ---------------------------------------------------------------------------- metrics.json

CI_LEVEL = 0.95  # of the percentile bootstrap interval macro_f1_ci
CI_TEXT = f"{CI_LEVEL:.0%} CI"
MACRO_F1_TITLE = f"macro-F1 [{CI_TEXT}]"
METRICS_FILE = "metrics.json"

# Kinds of values.
NUMBER, INTERVAL, GROUPS, OBJECT, TEXT, TEXTS = (
    "number", "[low, high]", "groups", "object", "text", "list of texts")


@dataclass(frozen=True)
class Key:
    """One key of metrics.json: its name, the kind of its value and what it means.

    A GROUPS value maps a name (a label, a language, an origin) to an object that always
    carries the number `headline`; as metrics, its entries are named `<prefix>:<name>`
    and titled `title` with the name in place of {}.
    """

    name: str
    kind: str
    meaning: str
    headline: str = ""
    prefix: str = ""
    title: str = ""
    sort: bool = False  # entries in sorted order (else in the file's order)


# {"run": {RUN_KEYS}, "models": {"<model>": {MODEL_KEYS}}}: what `classifier train` writes.
RUN_KEYS: tuple[Key, ...] = (
    Key("name", TEXT, "the run's name"), Key("created", TEXT, "its start, ISO 8601"),
    Key("data_fingerprint", TEXT, "sha256:<hex> of the data scored"),
    Key("labels", TEXTS, "every label, in the models' order"),
)
MODEL_KEYS: tuple[Key, ...] = (
    Key("n", NUMBER, "sentences scored"),
    Key("accuracy", NUMBER, "share of sentences labeled correctly"),
    Key("macro_f1", NUMBER, "unweighted mean F1 over all labels (absent labels count, as 0)"),
    Key("macro_f1_ci", INTERVAL, f"{CI_LEVEL:.0%} percentile bootstrap interval of macro_f1"),
    Key("per_label", GROUPS, "{label: {precision, recall, f1, support}}",
        headline="f1", prefix="f1", title="F1 {}"),
    Key("per_language", GROUPS, "{lang: {macro_f1, accuracy, n}} ({} without languages)",
        headline="macro_f1", prefix="lang", title="macro-F1 language {}", sort=True),
    Key("per_origin", GROUPS, "{origin: {macro_f1, accuracy, n}} ({} without origins)",
        headline="macro_f1", prefix="origin", title="macro-F1 origin {}", sort=True),
    Key("confusion_matrix", OBJECT, "{labels, matrix}: rows true labels, columns predicted"),
    # Added by `classifier train`:
    Key("train_seconds", NUMBER, "training time (export time for exports)"),
    Key("eval_seconds", NUMBER, "time to label the test split"),
    Key("eval_sentences_per_second", NUMBER, "test-split labeling speed"),
    Key("agreement_with_torch", NUMBER, "exports only: share of test labels equal to torch's"),
)
# `classifier evaluate --out` writes one model's MODEL_KEYS with these beside them.
EVALUATE_KEYS: tuple[Key, ...] = (
    Key("model", TEXT, "the package folder's name, which lines up with a run's model"),
    *(key for key in RUN_KEYS if key.name == "data_fingerprint"),
)
GROUP_KEYS: tuple[Key, ...] = tuple(k for k in MODEL_KEYS if k.kind == GROUPS)


class MetricsShapeError(ClassifierError, ValueError):
    """Metrics that do not have the shape above; the message says where, e.g. models.x.n."""


def _is_number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _check_value(key: Key, value, where: str) -> None:
    if key.kind == NUMBER and not _is_number(value):
        raise MetricsShapeError(f"{where}: expected a number, got {value!r}")
    if key.kind == INTERVAL and value is not None and not (
            isinstance(value, list) and len(value) == 2 and all(map(_is_number, value))):
        raise MetricsShapeError(f"{where}: expected [low, high], got {value!r}")
    if key.kind in (OBJECT, GROUPS) and not isinstance(value, dict):
        raise MetricsShapeError(f"{where}: expected an object")
    if key.kind == TEXT and not isinstance(value, str):
        raise MetricsShapeError(f"{where}: expected a string, got {value!r}")
    if key.kind == TEXTS and not (isinstance(value, list)
                                  and all(isinstance(x, str) for x in value)):
        raise MetricsShapeError(f"{where}: expected a list of strings")
    if key.kind == GROUPS:
        for name, entry in value.items():
            if not isinstance(entry, dict) or not _is_number(entry.get(key.headline)):
                raise MetricsShapeError(f"{where}.{name}: expected an object with a numeric "
                                        f"'{key.headline}'")


def _check_keys(obj: dict, where: str, keys: tuple[Key, ...], names: Iterable[str]) -> None:
    names = set(names)
    for key in keys:
        if key.name in names and key.name in obj:
            _check_value(key, obj[key.name], f"{where}.{key.name}")


def check_metrics(doc: dict, run_keys: Iterable[str] = tuple(k.name for k in RUN_KEYS),
                  model_keys: Iterable[str] = tuple(k.name for k in MODEL_KEYS)) -> None:
    """Raise MetricsShapeError where `doc`, an object with a 'models' section, breaks the
    shape; only the keys named are checked, and only where present (any may be missing)."""
    run = doc.get("run", {})
    if not isinstance(run, dict):
        raise MetricsShapeError("run: expected an object")
    _check_keys(run, "run", RUN_KEYS, run_keys)
    models = doc["models"]
    if not isinstance(models, dict):
        raise MetricsShapeError("models: expected an object with one entry per model")
    model_keys = tuple(model_keys)
    for name, metrics in models.items():
        if not isinstance(metrics, dict):
            raise MetricsShapeError(f"models.{name}: expected an object of metrics")
        _check_keys(metrics, f"models.{name}", MODEL_KEYS, model_keys)


# ---------------------------------------------------------------------------- metric names


@dataclass(frozen=True)
class Metric:
    """One headline metric of one model, as tables show it."""

    name: str  # accuracy, macro_f1, f1:<label>, lang:<lang> or origin:<origin>
    title: str  # e.g. "F1 prevention"
    value: float
    ci: list[float] | None = None  # macro_f1 only
    n: int | None = None  # languages and origins: sentences in the subset


def headline_metrics(model: dict, groups: Iterable[str] = ("per_label", "per_language")
                     ) -> dict[str, Metric]:
    """The headline metrics of one model's entry by name: accuracy, macro_f1 and one per
    entry of each group key in `groups` (e.g. f1:<label> for per_label)."""
    out: dict[str, Metric] = {}
    if "accuracy" in model:
        out["accuracy"] = Metric("accuracy", "accuracy", float(model["accuracy"]))
    if "macro_f1" in model:
        ci = model.get("macro_f1_ci")
        out["macro_f1"] = Metric("macro_f1", MACRO_F1_TITLE, float(model["macro_f1"]),
                                 ci=[float(x) for x in ci] if ci else None)
    groups = set(groups)
    for key in GROUP_KEYS:
        entries = model.get(key.name, {}) if key.name in groups else {}
        for g in sorted(entries, key=str) if key.sort else entries:
            name = f"{key.prefix}:{g}"
            out[name] = Metric(name, key.title.format(g), float(entries[g][key.headline]),
                               n=entries[g].get("n"))
    return out


def order_metrics(names: Iterable[str]) -> list[str]:
    """accuracy, macro_f1, then each group's metrics: labels in the order given, languages
    and origins sorted. Names of no known kind are left out."""
    names = list(names)
    out = [n for n in ("accuracy", "macro_f1") if n in names]
    for key in GROUP_KEYS:
        mine = [n for n in names if n.startswith(f"{key.prefix}:")]
        out += sorted(mine, key=str) if key.sort else mine
    return out


def merge_order(*lists: Iterable[str]) -> list[str]:
    """Every name of `lists` once, in order of first appearance."""
    return list(dict.fromkeys(x for names in lists for x in names))
