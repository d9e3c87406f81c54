"""Compare the metrics of two runs: what changed, and is the change bigger than the noise?

`load_metrics` reads the metrics.json that `classifier train` writes (or the run folder that
holds it, or the file of `classifier evaluate --out`), `compare` lines up every headline
metric of every model of two runs, and `drops` is the gate for continuous integration:
which models lost more than a tolerance on one metric. `classifier.report.comparison`
renders the result as text, Markdown or JSON.

Metrics are named the same everywhere (rows, JSON output, ``--metric``):

    accuracy         share of sentences labeled correctly
    macro_f1         macro-F1, shown with its bootstrap interval
    f1:<label>       F1 of one label, e.g. f1:prevention
    lang:<lang>      macro-F1 on the sentences of one language, e.g. lang:vi

A change is *marked* when it falls outside the bootstrap interval of run A: for macro-F1,
when B's value lies outside A's ``macro_f1_ci``; the other metrics have no interval of their
own, so the yardstick there is the half-width of A's macro-F1 interval of the same model
(the change is marked when its size exceeds that). Per-label and per-language scores rest on
fewer sentences than the overall macro-F1 and vary more, so that yardstick errs towards
marking; read a marked per-label or per-language change as "worth a look", not as proof.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import ClassifierError
from classifier.schema import (
    GROUP_KEYS,
    METRICS_FILE,
    Metric,
    MetricsShapeError,
    check_metrics,
    headline_metrics,
    merge_order,
    order_metrics,
)

# What `compare` reads of a model's metrics: the headline numbers and these groups.
GROUPS = ("per_label", "per_language")
KINDS = tuple(k.prefix for k in GROUP_KEYS if k.name in GROUPS)  # f1:<label>, lang:<lang>
_READ_KEYS = ("n", "accuracy", "macro_f1", "macro_f1_ci", *GROUPS)
_EPS = 1e-12  # float slack, so that a drop of exactly the tolerance does not fail


class CompareError(ClassifierError, ValueError):
    """A metrics file that cannot be read or compared; the message names the file."""


@dataclass
class Row:
    """One metric of one model in both runs; `a` or `b` is None where that run lacks it."""

    model: str
    metric: str  # accuracy, macro_f1, f1:<label> or lang:<lang>
    title: str  # as shown in tables, e.g. "F1 prevention"
    a: float | None
    b: float | None
    a_ci: list[float] | None = None  # macro_f1 only
    b_ci: list[float] | None = None
    a_n: int | None = None  # lang:<lang> only: sentences of that language
    b_n: int | None = None
    outside: bool | None = None  # None: present on one side only, or A has no interval

    @property
    def status(self) -> str:
        if self.a is None:
            return "added"
        if self.b is None:
            return "removed"
        return "both"

    @property
    def delta(self) -> float | None:
        if self.a is None or self.b is None:
            return None
        return self.b - self.a


@dataclass
class Comparison:
    a_run: dict  # the "run" section of each side (name, created, data_fingerprint, labels)
    b_run: dict
    a_source: str
    b_source: str
    models: list[str]  # every model of either run: A's order, then models new in B
    rows: list[Row]
    warnings: list[str] = field(default_factory=list)
    added_models: list[str] = field(default_factory=list)  # in B only
    removed_models: list[str] = field(default_factory=list)  # in A only
    yardsticks: dict[str, float | None] = field(default_factory=dict)  # model -> half-width
    sizes: dict[str, tuple] = field(default_factory=dict)  # model -> (A's n, B's n)

    def rows_of(self, model: str) -> list[Row]:
        return [r for r in self.rows if r.model == model]


# ---------------------------------------------------------------------------- loading


def load_metrics(path: str | Path) -> dict:
    """Read a run's metrics: a metrics.json file, or a run folder that contains one.

    Checks the shape `compare` relies on: a 'models' object of model objects whose headline
    metrics, where present, are numbers. A model may lack any metric (the comparison shows
    it as added or removed). Raises CompareError, naming the file, for a missing file, text
    that is not JSON, a missing 'models' section or a malformed metric.
    """
    path = Path(path)
    if path.is_dir():
        folder, path = path, path / METRICS_FILE
        if not path.is_file():
            raise CompareError(f"{folder}: folder has no {METRICS_FILE}; expected a run folder "
                               f"written by `classifier train` or a {METRICS_FILE} file")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CompareError(f"{path}: no such file or folder") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CompareError(f"{path}: cannot read as UTF-8 text ({exc})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CompareError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, "
                           f"column {exc.colno})") from None
    if isinstance(doc, dict) and "models" not in doc and "macro_f1" in doc:
        doc = _single_model(doc, path)
    if not isinstance(doc, dict) or "models" not in doc:
        raise CompareError(f"{path}: no 'models' section and no 'macro_f1'; expected the "
                           f"{METRICS_FILE} of a `classifier train` run or the file that "
                           "`classifier evaluate --out` writes")
    _check_shape(doc, path)
    return doc


def _single_model(metrics: dict, path: Path) -> dict:
    """The one-model file of `classifier evaluate --out` (`classifier.schema.EVALUATE_KEYS`)
    in the shape of a run's metrics.

    The model is named by its 'model' key (the package folder's name, which `evaluate`
    records) so that it lines up with the same model of a training run; older files
    without it are named after the file.
    """
    name = metrics.get("model")
    if not isinstance(name, str) or not name:
        name = path.stem
    labels = metrics.get("confusion_matrix", {}).get("labels") if isinstance(
        metrics.get("confusion_matrix"), dict) else None
    run = {"name": path.stem}
    for key in ("data_fingerprint",):
        if isinstance(metrics.get(key), str):
            run[key] = metrics[key]
    if isinstance(labels, list):
        run["labels"] = labels
    return {"run": run, "models": {name: metrics}}


def _check_shape(doc: dict, path: Path) -> None:
    """The keys `compare` reads, checked against `classifier.schema`."""
    try:
        check_metrics(doc, run_keys=("labels",), model_keys=_READ_KEYS)
    except MetricsShapeError as exc:
        raise CompareError(f"{path}: {exc}") from None


# ---------------------------------------------------------------------------- comparing


def compare(a: dict, b: dict, a_source: str = "A", b_source: str = "B") -> Comparison:
    """Line up every headline metric of every model of runs `a` and `b` (from load_metrics).

    `a` is the baseline: a row's delta is B minus A, and changes are judged against A's
    bootstrap interval (see the module docstring). `a_source` and `b_source` say where the
    runs came from (paths, in the command) for the output's header.
    """
    a_models, b_models = a["models"], b["models"]
    models = merge_order(a_models, b_models)
    cmp = Comparison(
        a_run=dict(a.get("run", {})), b_run=dict(b.get("run", {})),
        a_source=a_source, b_source=b_source, models=models, rows=[],
        added_models=[m for m in models if m not in a_models],
        removed_models=[m for m in models if m not in b_models],
    )
    cmp.warnings = _mismatches(cmp.a_run, cmp.b_run)
    for model in models:
        ma = headline_metrics(a_models.get(model, {}), GROUPS)
        mb = headline_metrics(b_models.get(model, {}), GROUPS)
        ci = ma["macro_f1"].ci if "macro_f1" in ma else None
        half = (ci[1] - ci[0]) / 2 if ci else None
        cmp.yardsticks[model] = half
        cmp.sizes[model] = (a_models.get(model, {}).get("n"), b_models.get(model, {}).get("n"))
        for name in order_metrics(merge_order(ma, mb)):
            row = _row(model, name, ma.get(name), mb.get(name))
            row.outside = _outside(row, ci, half)
            cmp.rows.append(row)
    return cmp


def _row(model: str, name: str, ea: Metric | None, eb: Metric | None) -> Row:
    row = Row(model=model, metric=name, title=(ea or eb).title,
              a=ea.value if ea else None, b=eb.value if eb else None)
    if name == "macro_f1":
        row.a_ci, row.b_ci = (ea.ci if ea else None), (eb.ci if eb else None)
    if name.startswith("lang:"):
        row.a_n, row.b_n = (ea.n if ea else None), (eb.n if eb else None)
    return row


def _outside(row: Row, ci: list[float] | None, half: float | None) -> bool | None:
    delta = row.delta
    if delta is None or ci is None:
        return None
    if abs(delta) <= _EPS:  # no change is never news, even if A lies outside its own interval
        return False
    if row.metric == "macro_f1":
        return row.b < ci[0] - _EPS or row.b > ci[1] + _EPS
    return abs(delta) > half + _EPS


def _mismatches(a_run: dict, b_run: dict) -> list[str]:
    warnings = []
    fa, fb = a_run.get("data_fingerprint"), b_run.get("data_fingerprint")
    if fa is None or fb is None:
        missing = " and ".join(s for s, f in (("A", fa), ("B", fb)) if f is None)
        warnings.append(f"WARNING: no data fingerprint in {missing}; cannot tell whether both "
                        "runs were scored on the same data.")
    elif fa != fb:
        warnings.append(f"WARNING: the data fingerprints differ (A {fa}, B {fb}): the runs were "
                        "trained and scored on different data, so their numbers are not "
                        "comparable as they stand.")
    la, lb = a_run.get("labels"), b_run.get("labels")
    if la is not None and lb is not None and set(la) != set(lb):
        parts = []
        if set(la) - set(lb):
            parts.append("only in A: " + ", ".join(x for x in la if x not in lb))
        if set(lb) - set(la):
            parts.append("only in B: " + ", ".join(x for x in lb if x not in la))
        warnings.append(f"WARNING: the label sets differ ({'; '.join(parts)}): macro-F1 "
                        "averages over different labels, so the numbers are not comparable "
                        "as they stand.")
    return warnings


# ---------------------------------------------------------------------------- the gate


def check_metric_name(name: str) -> str:
    """Return `name` if it is a metric name (see the module docstring), else raise."""
    if name in ("accuracy", "macro_f1"):
        return name
    kind, sep, rest = name.partition(":")
    if sep and kind in KINDS and rest:
        return name
    raise CompareError(f"unknown metric {name!r}; expected accuracy, macro_f1, "
                       "f1:<label> (e.g. f1:prevention) or lang:<lang> (e.g. lang:vi)")


def drops(comparison: Comparison, metric: str, tolerance: float,
          allow_missing: bool = False) -> list[str]:
    """One message per model whose `metric` fell by more than `tolerance` from A to B.

    A gate that passes when B simply lacks what A had would let a broken run through, so
    unless `allow_missing` is set, a model of A missing from B, a label of A missing from a
    model of B, and the watched metric missing from a model of B each fail too. Models new
    in B are never a failure. Raises CompareError when `metric` is not a metric name, or
    when neither run has it for any model (most likely a misspelt label or language, which
    would otherwise pass every time).
    """
    check_metric_name(metric)
    if tolerance < 0:
        raise CompareError(f"the tolerance must not be negative, got {tolerance}")
    rows = [r for r in comparison.rows if r.metric == metric]
    if not rows:
        known = sorted({r.metric for r in comparison.rows}, key=str)
        raise CompareError(f"no model of either run has the metric {metric!r} "
                           f"(known: {', '.join(known) or 'none'})")
    out = []
    if not allow_missing:
        out += missing(comparison, metric)
    for r in rows:
        if r.delta is not None and -r.delta > tolerance + _EPS:
            out.append(f"model {r.model!r}: {metric} dropped by {-r.delta:.4f} "
                       f"({r.a:.4f} -> {r.b:.4f}), more than the tolerance {tolerance:g}")
    return out


def missing(comparison: Comparison, metric: str) -> list[str]:
    """What run A has and run B lost: models, labels, and the watched `metric`."""
    out = [f"model {m!r} is in A but missing from B" for m in comparison.removed_models]
    for r in comparison.rows:
        if r.status != "removed" or r.model in comparison.removed_models:
            continue
        if r.metric.startswith("f1:"):
            out.append(f"model {r.model!r}: label {r.metric[3:]!r} is in A but missing from B")
        elif r.metric == metric:
            out.append(f"model {r.model!r}: {metric} is in A but missing from B")
    return out
