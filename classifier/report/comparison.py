"""Two runs compared (`classifier.evaluate.compare.Comparison`) as a console table, Markdown
for a pull-request comment, or JSON: what `classifier compare` prints."""

from __future__ import annotations

import json
import textwrap

from classifier.evaluate.compare import Comparison, Row
from classifier.report.metric_tables import metric_cell
from classifier.report.tables import (
    LEFT,
    MISSING,
    Column,
    escape_markdown,
    markdown_table,
    text_table,
)
from classifier.schema import CI_TEXT, Metric

COLUMNS = (Column("metric", LEFT), Column("A"), Column("B"), Column("change"))

def _cell(row: Row, side: str) -> str:
    value = getattr(row, side)
    if value is None:
        return MISSING
    return metric_cell(Metric(row.metric, row.title, value, ci=getattr(row, f"{side}_ci"),
                              n=getattr(row, f"{side}_n")))


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


def _table_rows(cmp: Comparison, model: str, mark: str) -> list[list[str]]:
    return [[r.title, _cell(r, "a"), _cell(r, "b"), _change(r, mark)] for r in cmp.rows_of(model)]


def format_text(cmp: Comparison) -> str:
    """A plain console table per model: metric, A, B and the change (B - A)."""
    out = [f"A: {_run_line(cmp.a_run, cmp.a_source)}", f"B: {_run_line(cmp.b_run, cmp.b_source)}"]
    out += cmp.warnings + _summary(cmp)
    for model in cmp.models:
        out += ["", f"model {_model_heading(cmp, model)}",
                text_table(COLUMNS, _table_rows(cmp, model, "*"))]
    out.append("")
    out += [textwrap.fill(text, width=90, subsequent_indent="  ") for text in _legend(cmp, "*")]
    return "\n".join(out) + "\n"


def format_markdown(cmp: Comparison) -> str:
    """Markdown for a pull-request comment: a header, any warnings, one table per model."""
    esc = escape_markdown
    out = ["## Metrics: A vs B", "",
           f"- **A**: {esc(_run_line(cmp.a_run, f'`{cmp.a_source}`'))}",
           f"- **B**: {esc(_run_line(cmp.b_run, f'`{cmp.b_source}`'))}"]
    for extra in cmp.warnings + _summary(cmp):
        out += ["", f"> {esc(extra)}" if extra.startswith("WARNING") else esc(extra)]
    for model in cmp.models:
        out += ["", f"### {esc(_model_heading(cmp, model))}", "",
                markdown_table(COLUMNS, _table_rows(cmp, model, "\\*"))]
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
