"""Tables of metrics: the models of one run side by side (report.md, model cards,
`classifier evaluate`); `classifier.report.comparison` lays out two runs with the same cells."""

from __future__ import annotations

from classifier.report.tables import LEFT, MISSING, Column, markdown_table
from classifier.schema import GROUP_KEYS, Metric, headline_metrics, merge_order, order_metrics


def metric_cell(metric: Metric | None) -> str:
    """A metric as a table shows it: ``0.812``, with its interval ``0.812 [0.770, 0.850]``,
    with its subset's size ``0.790 (n=120)``, or `MISSING`."""
    if metric is None:
        return MISSING
    if metric.ci:
        return f"{metric.value:.3f} [{metric.ci[0]:.3f}, {metric.ci[1]:.3f}]"
    if metric.n is not None:
        return f"{metric.value:.3f} (n={metric.n})"
    return f"{metric.value:.3f}"


def format_metrics_table(results: dict[str, dict]) -> str:
    """A Markdown table comparing models side by side: one column per model.

    Rows: accuracy; macro-F1 with its 95% CI, e.g. ``0.812 [0.770, 0.850]``; F1 per label;
    macro-F1 per language and per origin with the subset's size, e.g. ``0.790 (n=120)``.
    A model without a row's label, language or origin shows ``–``.
    """
    if not results:
        raise ValueError("no results to tabulate")
    groups = [key.name for key in GROUP_KEYS]
    metrics = {model: headline_metrics(m, groups) for model, m in results.items()}
    rows = []
    for name in order_metrics(merge_order(*metrics.values())):
        title = next(m[name].title for m in metrics.values() if name in m)
        rows.append([title, *(metric_cell(m.get(name)) for m in metrics.values())])
    columns = [Column("metric", LEFT), *(Column(model) for model in results)]
    return markdown_table(columns, rows) + "\n"
