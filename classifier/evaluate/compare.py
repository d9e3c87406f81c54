"""Compare the metrics of two runs: what changed, and is the change bigger than the noise?

`load_metrics` reads the metrics.json that `classifier train` writes (or the run folder that
holds it), `compare` lines up every headline metric of every model of two runs, and
`format_text`, `format_markdown` and `format_json` render the result. `drops` is the gate
for continuous integration: which models lost more than a tolerance on one metric.

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
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

METRICS_FILE = "metrics.json"
MISSING = "–"
# The interval `classifier.evaluate.metrics` computes (CI_LEVEL there); not imported, so that
# comparing two JSON files does not load scikit-learn.
CI_TEXT = "95% CI"
_EPS = 1e-12  # float slack, so that a drop of exactly the tolerance does not fail


class CompareError(ValueError):
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
    """The one-model file of `classifier evaluate --out` in the shape of a run's metrics.

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


def _is_number(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _check_shape(doc: dict, path: Path) -> None:
    def fail(where: str, what: str) -> None:
        raise CompareError(f"{path}: {where}: {what}")

    run = doc.get("run", {})
    if not isinstance(run, dict):
        fail("run", "expected an object")
    if "labels" in run and not (isinstance(run["labels"], list)
                                and all(isinstance(x, str) for x in run["labels"])):
        fail("run.labels", "expected a list of strings")
    models = doc["models"]
    if not isinstance(models, dict):
        fail("models", "expected an object with one entry per model")
    for name, m in models.items():
        where = f"models.{name}"
        if not isinstance(m, dict):
            fail(where, "expected an object of metrics")
        for key in ("accuracy", "macro_f1"):
            if key in m and not _is_number(m[key]):
                fail(f"{where}.{key}", f"expected a number, got {m[key]!r}")
        if "n" in m and not _is_number(m["n"]):
            fail(f"{where}.n", f"expected a number, got {m['n']!r}")
        ci = m.get("macro_f1_ci")
        if ci is not None and not (isinstance(ci, list) and len(ci) == 2
                                   and all(_is_number(x) for x in ci)):
            fail(f"{where}.macro_f1_ci", f"expected [low, high], got {ci!r}")
        for key, inner in (("per_label", "f1"), ("per_language", "macro_f1")):
            groups = m.get(key, {})
            if not isinstance(groups, dict):
                fail(f"{where}.{key}", "expected an object")
            for g, entry in groups.items():
                if not isinstance(entry, dict) or not _is_number(entry.get(inner)):
                    fail(f"{where}.{key}.{g}", f"expected an object with a numeric '{inner}'")


# ---------------------------------------------------------------------------- comparing


def _metrics_of(m: dict) -> dict[str, dict]:
    """metric name -> {title, value, ci, n} for the headline metrics of one model."""
    out: dict[str, dict] = {}
    if "accuracy" in m:
        out["accuracy"] = {"title": "accuracy", "value": float(m["accuracy"])}
    if "macro_f1" in m:
        ci = m.get("macro_f1_ci")
        out["macro_f1"] = {"title": f"macro-F1 [{CI_TEXT}]", "value": float(m["macro_f1"]),
                           "ci": [float(x) for x in ci] if ci else None}
    for label, entry in m.get("per_label", {}).items():
        out[f"f1:{label}"] = {"title": f"F1 {label}", "value": float(entry["f1"])}
    for lang in sorted(m.get("per_language", {}), key=str):
        entry = m["per_language"][lang]
        out[f"lang:{lang}"] = {"title": f"macro-F1 language {lang}",
                               "value": float(entry["macro_f1"]), "n": entry.get("n")}
    return out


def _merge_order(first: list[str], second: list[str]) -> list[str]:
    return first + [x for x in second if x not in first]


def _ordered(names: list[str]) -> list[str]:
    """accuracy, macro_f1, the labels in order of appearance, then languages sorted."""
    rank = {"accuracy": 0, "macro_f1": 1}
    head = sorted((n for n in names if n in rank), key=rank.get)
    labels = [n for n in names if n.startswith("f1:")]
    langs = sorted((n for n in names if n.startswith("lang:")), key=str)
    return head + labels + langs


def compare(a: dict, b: dict, a_source: str = "A", b_source: str = "B") -> Comparison:
    """Line up every headline metric of every model of runs `a` and `b` (from load_metrics).

    `a` is the baseline: a row's delta is B minus A, and changes are judged against A's
    bootstrap interval (see the module docstring). `a_source` and `b_source` say where the
    runs came from (paths, in the command) for the output's header.
    """
    a_models, b_models = a["models"], b["models"]
    models = _merge_order(list(a_models), list(b_models))
    cmp = Comparison(
        a_run=dict(a.get("run", {})), b_run=dict(b.get("run", {})),
        a_source=a_source, b_source=b_source, models=models, rows=[],
        added_models=[m for m in models if m not in a_models],
        removed_models=[m for m in models if m not in b_models],
    )
    cmp.warnings = _mismatches(cmp.a_run, cmp.b_run)
    for model in models:
        ma = _metrics_of(a_models.get(model, {}))
        mb = _metrics_of(b_models.get(model, {}))
        ci = ma.get("macro_f1", {}).get("ci")
        half = (ci[1] - ci[0]) / 2 if ci else None
        cmp.yardsticks[model] = half
        cmp.sizes[model] = (a_models.get(model, {}).get("n"), b_models.get(model, {}).get("n"))
        for name in _ordered(_merge_order(list(ma), list(mb))):
            ea, eb = ma.get(name), mb.get(name)
            row = Row(model=model, metric=name, title=(ea or eb)["title"],
                      a=ea["value"] if ea else None, b=eb["value"] if eb else None)
            if name == "macro_f1":
                row.a_ci = ea.get("ci") if ea else None
                row.b_ci = eb.get("ci") if eb else None
            if name.startswith("lang:"):
                row.a_n = ea.get("n") if ea else None
                row.b_n = eb.get("n") if eb else None
            row.outside = _outside(row, ci, half)
            cmp.rows.append(row)
    return cmp


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
    if sep and kind in ("f1", "lang") and rest:
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


# ---------------------------------------------------------------------------- formatting


def _num(x: float | None) -> str:
    return MISSING if x is None else f"{x:.3f}"


def _cell(row: Row, side: str) -> str:
    value = getattr(row, side)
    if value is None:
        return MISSING
    ci, n = getattr(row, f"{side}_ci"), getattr(row, f"{side}_n")
    if ci:
        return f"{value:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]"
    if n is not None:
        return f"{value:.3f} (n={n})"
    return f"{value:.3f}"


def _change(row: Row, mark: str) -> str:
    if row.status != "both":
        return row.status
    d = row.delta
    text = "0.000" if round(d, 3) == 0 else f"{d:+.3f}"
    return f"{text} {mark}" if row.outside else text


def _run_line(run: dict, source: str) -> str:
    parts = [f"run {run['name']!r}" if run.get("name") else None,
             f"created {run['created']}" if run.get("created") else None,
             f"data {run['data_fingerprint']}" if run.get("data_fingerprint") else None]
    details = ", ".join(p for p in parts if p)
    return f"{source} ({details})" if details else source


def _model_heading(cmp: Comparison, model: str) -> str:
    if model in cmp.added_models:
        return f"{model} (added: only in B)"
    if model in cmp.removed_models:
        return f"{model} (removed: only in A)"
    n_a, n_b = cmp.sizes.get(model, (None, None))
    if n_a is None and n_b is None:
        return model
    return f"{model} (test sentences: A {n_a if n_a is not None else MISSING}, " \
           f"B {n_b if n_b is not None else MISSING})"


def _legend(cmp: Comparison, mark: str) -> list[str]:
    halves = ", ".join(f"{m} ±{h:.3f}" for m, h in cmp.yardsticks.items()
                       if h is not None and m not in cmp.added_models)
    out = [f"{mark} change outside A's bootstrap interval: for macro-F1, B lies outside A's "
           f"{CI_TEXT}; for the other metrics (no interval of their own), the change is larger "
           "than half the width of A's macro-F1 interval"
           + (f" ({halves})." if halves else ".")]
    if any(r.outside is None and r.status == "both" for r in cmp.rows):
        out.append("Models without a macro-F1 interval in A have no marks.")
    return out


def _summary(cmp: Comparison) -> list[str]:
    out = []
    if cmp.added_models:
        out.append("Added models (only in B): " + ", ".join(cmp.added_models))
    if cmp.removed_models:
        out.append("Removed models (only in A): " + ", ".join(cmp.removed_models))
    return out


def format_text(cmp: Comparison) -> str:
    """A plain console table per model: metric, A, B and the change (B - A)."""
    out = [f"A: {_run_line(cmp.a_run, cmp.a_source)}", f"B: {_run_line(cmp.b_run, cmp.b_source)}"]
    out += cmp.warnings + _summary(cmp)
    for model in cmp.models:
        table = [["metric", "A", "B", "change"]]
        table += [[r.title, _cell(r, "a"), _cell(r, "b"), _change(r, "*")]
                  for r in cmp.rows_of(model)]
        widths = [max(len(row[i]) for row in table) for i in range(4)]
        out += ["", f"model {_model_heading(cmp, model)}"]
        for row in table:
            cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                               strict=True)]
            out.append("  ".join(cells).rstrip())
    out.append("")
    out += [textwrap.fill(text, width=90, subsequent_indent="  ") for text in _legend(cmp, "*")]
    return "\n".join(out) + "\n"


def format_markdown(cmp: Comparison) -> str:
    """Markdown for a pull-request comment: a header, any warnings, one table per model."""

    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(esc(c) for c in cells) + " |"

    out = ["## Metrics: A vs B", "",
           f"- **A**: {esc(_run_line(cmp.a_run, f'`{cmp.a_source}`'))}",
           f"- **B**: {esc(_run_line(cmp.b_run, f'`{cmp.b_source}`'))}"]
    for extra in cmp.warnings + _summary(cmp):
        out += ["", f"> {esc(extra)}" if extra.startswith("WARNING") else esc(extra)]
    for model in cmp.models:
        out += ["", f"### {esc(_model_heading(cmp, model))}", "",
                line(["metric", "A", "B", "change"]), "|---|---:|---:|---:|"]
        out += [line([r.title, _cell(r, "a"), _cell(r, "b"), _change(r, "\\*")])
                for r in cmp.rows_of(model)]
    out += [""] + _legend(cmp, "\\*")
    return "\n".join(out) + "\n"


def to_dict(cmp: Comparison) -> dict:
    """The comparison as plain data; what `format_json` writes."""

    def side(run: dict, source: str) -> dict:
        return {"source": source, **{k: run.get(k) for k in ("name", "created",
                                                              "data_fingerprint", "labels")}}

    models = {}
    for model in cmp.models:
        status = ("added" if model in cmp.added_models
                  else "removed" if model in cmp.removed_models else "both")
        metrics = {}
        for r in cmp.rows_of(model):
            entry = {"a": r.a, "b": r.b, "delta": r.delta, "status": r.status,
                     "outside_interval": r.outside}
            if r.metric == "macro_f1":
                entry.update(a_ci=r.a_ci, b_ci=r.b_ci)
            if r.metric.startswith("lang:"):
                entry.update(a_n=r.a_n, b_n=r.b_n)
            metrics[r.metric] = entry
        n_a, n_b = cmp.sizes.get(model, (None, None))
        models[model] = {"status": status, "n": {"a": n_a, "b": n_b},
                         "yardstick": cmp.yardsticks.get(model), "metrics": metrics}
    return {
        "a": side(cmp.a_run, cmp.a_source),
        "b": side(cmp.b_run, cmp.b_source),
        "warnings": cmp.warnings,
        "added_models": cmp.added_models,
        "removed_models": cmp.removed_models,
        "outside_interval": "macro_f1: B outside A's macro_f1_ci; other metrics: |delta| "
                            "greater than the model's yardstick, half the width of A's "
                            "macro_f1_ci",
        "models": models,
    }


def format_json(cmp: Comparison) -> str:
    """Machine-readable deltas: per model, per metric a, b, delta (B - A), status
    (both | added | removed) and outside_interval (true | false | null)."""
    return json.dumps(to_dict(cmp), indent=2, ensure_ascii=False, allow_nan=True) + "\n"


FORMATS = {"text": format_text, "md": format_markdown, "json": format_json}
