"""The Markdown a training run writes: each package's model card and the run's report.md."""

from __future__ import annotations

from classifier.data.corpus import LABELS
from classifier.data.dataset import stats_table
from classifier.report.metric_tables import format_metrics_table
from classifier.report.tables import LEFT, Column, markdown_table
from classifier.schema import CI_LEVEL

MODEL_CARD = """\
# 4P sentence classifier ({name})

Labels each sentence of an anti-trafficking report as one of: {labels}.

- Model: {model}
- Trained on {n_train} labeled sentences of the `classifier` starter corpus
  (data fingerprint `{fingerprint}`), languages: {languages}.
- Evaluated on a held-out test split of whole documents ({n_test} sentences).

## Test metrics

{table}

## Limits

- The training data is small (about a thousand sentences, most of them written for the
  project in the style of news and government reports); expect lower scores on other
  genres, and check the per-language rows before trusting a language.
- Languages not listed above were never seen in training: a multilingual encoder may
  transfer to them, a TF-IDF model will not.
- Labels follow the project's labeling guide (data/LABELING.md); a sentence that mixes
  topics gets the topic of its main clause, which users may read differently.
"""


def model_card(name: str, model: str, metrics: dict, fingerprint: str, langs: list[str],
               n_train: int) -> str:
    """The README.md of the package `name`; `model` says what it is (`describe()`)."""
    return MODEL_CARD.format(
        name=name, labels=", ".join(LABELS), model=model, n_train=n_train,
        fingerprint=fingerprint, languages=", ".join(langs), n_test=metrics["n"],
        table=format_metrics_table({name: metrics}),
    )


SPEED_COLUMNS = (Column("model", LEFT), Column("training (export) time"),
                 Column("test-set labeling speed"))


def run_report(run_name: str, info: dict, results: dict[str, dict], splits: dict) -> str:
    """report.md: the models side by side, their speed, confusion matrices and the data."""
    lines = [
        f"# Run `{run_name}`",
        "",
        f"Data `{info['data_fingerprint']}`; created {info['created']}. "
        "Metrics are on the test split (whole documents never seen in training); "
        f"the interval is a {CI_LEVEL:.0%} bootstrap interval over test sentences.",
        "",
        format_metrics_table(results),
        "",
        markdown_table(SPEED_COLUMNS, [[name, f"{m['train_seconds']:.1f} s",
                                        f"{m['eval_sentences_per_second']:.0f} sentences/s"]
                                       for name, m in results.items()]),
    ]
    agreement = {n: m["agreement_with_torch"] for n, m in results.items()
                 if "agreement_with_torch" in m}
    if agreement:
        lines += ["", "Exports agree with the torch transformer's labels on: " + ", ".join(
            f"{n} {a:.1%}" for n, a in agreement.items()) + " of test sentences."]
    lines += ["", "## Confusion matrices", ""]
    lines += [f"![{name}](confusion_{name}.png)" for name in results]
    lines += ["", "## Data", "", "```", stats_table(splits), "```", ""]
    return "\n".join(lines)
