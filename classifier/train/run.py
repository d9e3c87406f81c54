"""`train(config) -> RunResult`: train every enabled model, evaluate them side by side,
and leave a run folder that a person reads (report.md) and a machine compares
(metrics.json). The folder appears only when the whole run succeeded.

An existing folder at the run's path is replaced only if it is an earlier run (see
`foreign_run_files`) and `run.overwrite` is true; anything else is refused before any
data is read or model trained, and nothing is deleted.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from classifier.config import Config, save_config
from classifier.data.corpus import LABELS, load_corpus
from classifier.data.dataset import split_fractions, split_sentences, stats_table
from classifier.evaluate.metrics import (
    evaluate_predictions,
    format_metrics_table,
    plot_confusion_matrix,
)
from classifier.io import atomic_dir, atomic_write_text, check_replace
from classifier.package import foreign_package_files, library_versions, output_guard, save_model

log = logging.getLogger(__name__)
HEADLINE = ("accuracy", "macro_f1", "macro_f1_ci", "per_label", "per_language")
# What `train` writes at the top of a run folder (besides models/, a folder of packages).
RUN_MARKERS = ("config.yaml", "metrics.json", "run.json")
RUN_FILES = (*RUN_MARKERS, "report.md")
RUN_FILE_PATTERN = re.compile(r"confusion_[^/]+\.png")


@dataclass
class RunResult:
    run_dir: Path
    metrics: dict[str, dict]
    models: dict[str, Path]


def _build(backend: str, cfg: Config):
    if backend == "tfidf":
        from classifier.backends.tfidf import TfidfClassifier

        return TfidfClassifier(cfg.tfidf)
    from classifier.backends.transformer import TransformerClassifier

    return TransformerClassifier(cfg.transformer)


def _model_card(backend: str, metrics: dict, cfg: Config, fingerprint: str,
                langs: list[str], n_train: int) -> str:
    section = getattr(cfg, backend)
    table = format_metrics_table({backend: metrics})
    base = f"`{section.model}`" if backend == "transformer" else "TF-IDF word + char n-grams"
    return f"""# 4P sentence classifier ({backend})

Labels each sentence of an anti-trafficking report as one of: {", ".join(LABELS)}.

- Model: {base}
- Trained on {n_train} labeled sentences of the `classifier` starter corpus
  (data fingerprint `{fingerprint}`), languages: {", ".join(langs)}.
- Evaluated on a held-out test split of whole documents ({metrics["n"]} sentences).

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


def _json_object(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def foreign_run_files(path: Path) -> list[str] | None:
    """None if `path` is not a run folder; else what in it `train` did not write.

    A run folder is a real folder with all of config.yaml, metrics.json (an object with
    "run" and "models") and run.json (an object with "name"): `train` writes them together
    and the folder appears only complete. Anything else in it besides report.md,
    confusion_*.png and model packages under models/ was put there by someone else, and
    replacing the run would delete it.
    """
    path = Path(path)
    if path.is_symlink() or not path.is_dir():
        return None
    if not all((path / name).is_file() for name in RUN_MARKERS):
        return None
    metrics, info = _json_object(path / "metrics.json"), _json_object(path / "run.json")
    if metrics is None or not {"run", "models"} <= set(metrics) or not info or "name" not in info:
        return None
    foreign = []
    for entry in sorted(path.iterdir()):
        if entry.is_symlink():
            foreign.append(entry.name)
        elif entry.is_file() and (entry.name in RUN_FILES
                                  or RUN_FILE_PATTERN.fullmatch(entry.name)):
            continue
        elif entry.is_dir() and entry.name == "models":
            for package in sorted(entry.iterdir()):
                inner = foreign_package_files(package)
                if inner is None:
                    foreign.append(f"models/{package.name}")
                else:
                    foreign.extend(f"models/{package.name}/{name}" for name in inner)
        else:
            foreign.append(entry.name)
    return foreign


def run_guard(overwrite: bool):
    """The `atomic_dir` guard of a run folder: see `foreign_run_files`."""
    return output_guard(
        what="a training run", foreign=foreign_run_files, overwrite=overwrite,
        allow="set run.overwrite=true (--overwrite or --set run.overwrite=true)",
        instead="choose another run.name or run.output_dir")


def train(cfg: Config) -> RunResult:
    started = datetime.now(timezone.utc)
    run_dir = Path(cfg.run.output_dir) / cfg.run.name
    guard = run_guard(cfg.run.overwrite)
    check_replace(run_dir, guard)  # now, not after minutes of training
    corpus = load_corpus(cfg.data.dir)
    fractions = split_fractions(cfg.data.validation_fraction, cfg.data.test_fraction)
    splits = split_sentences(corpus, fractions, cfg.data.seed, cfg.data.holdout_langs)
    log.info("data %s\n%s", corpus.fingerprint(), stats_table(splits))
    train_rows, val_rows, test_rows = splits["train"], splits["validation"], splits["test"]
    if cfg.data.max_train_sentences:
        train_rows = train_rows[: cfg.data.max_train_sentences]
    test_texts = [s.text for s in test_rows]
    test_labels = [s.label for s in test_rows]
    train_langs = sorted({s.lang for s in train_rows})

    results: dict[str, dict] = {}
    timings: dict[str, dict] = {}
    with atomic_dir(run_dir, guard=guard) as tmp:
        # Saved without overwrite: rerunning a run's own config.yaml to reproduce it must
        # not replace that run unless asked to again.
        save_config(dataclasses.replace(cfg, run=dataclasses.replace(cfg.run, overwrite=False)),
                    tmp / "config.yaml")
        backends = [b for b in ("tfidf", "transformer") if getattr(cfg, b).enabled]

        def score(name: str, model, fit_seconds: float, reference=None) -> list[str]:
            """Label the test split with `model`, record metrics, timing and the plot."""
            t0 = time.perf_counter()
            pred = model.predict(test_texts)
            eval_seconds = time.perf_counter() - t0
            metrics = evaluate_predictions(
                test_labels, pred, labels=list(LABELS),
                langs=[s.lang for s in test_rows], origins=[s.origin for s in test_rows],
                n_bootstrap=cfg.evaluation.bootstrap, seed=cfg.evaluation.seed,
            )
            timing = {
                "train_seconds": round(fit_seconds, 2),
                "eval_seconds": round(eval_seconds, 3),
                "eval_sentences_per_second": round(len(test_texts) / eval_seconds, 1),
            }
            if reference is not None:
                agree = sum(a == b for a, b in zip(pred, reference, strict=True))
                timing["agreement_with_torch"] = round(agree / len(pred), 4)
            timings[name] = {**timing, "epochs": getattr(model, "history", None) or []}
            results[name] = {**metrics, **timing}
            plot_confusion_matrix(metrics, tmp / f"confusion_{name}.png",
                                  title=f"{name} — test split ({metrics['n']} sentences)")
            log.info("%s: macro-F1 %.3f on %d test sentences", name, metrics["macro_f1"],
                     metrics["n"])
            return pred

        for backend in backends:
            model = _build(backend, cfg)
            log.info("training %s on %d sentences", backend, len(train_rows))
            t0 = time.perf_counter()
            model.fit([s.text for s in train_rows], [s.label for s in train_rows],
                      [s.text for s in val_rows], [s.label for s in val_rows])
            pred = score(backend, model, time.perf_counter() - t0)
            metrics = results[backend]
            save_model(
                model, tmp / "models" / backend,
                config={backend: dataclasses.asdict(getattr(cfg, backend)),
                        "data": dataclasses.asdict(cfg.data)},
                metrics={k: metrics[k] for k in HEADLINE},
                data_fingerprint=corpus.fingerprint(), languages=train_langs,
                card=_model_card(backend, metrics, cfg, corpus.fingerprint(), train_langs,
                                 len(train_rows)),
            )
            if backend == "transformer":
                _export(cfg, tmp / "models", pred, score)
        run_info = {
            "name": cfg.run.name,
            "created": started.isoformat(timespec="seconds"),
            "data_fingerprint": corpus.fingerprint(),
            "labels": list(LABELS),
            "splits": {k: {"sentences": len(v), "documents": len({s.doc for s in v})}
                       for k, v in splits.items()},
            "library_versions": library_versions(),
            "timings": timings,
        }
        metrics_doc = {"run": {k: run_info[k] for k in ("name", "created", "data_fingerprint",
                                                         "labels")},
                       "models": results}
        atomic_write_text(tmp / "metrics.json", json.dumps(metrics_doc, indent=2))
        atomic_write_text(tmp / "run.json", json.dumps(run_info, indent=2))
        atomic_write_text(tmp / "report.md", _report(cfg, run_info, results, splits))
    return RunResult(run_dir, results, {b: run_dir / "models" / b for b in results})


def _export(cfg: Config, models: Path, torch_pred: list[str], score) -> None:
    """ONNX exports of the just-saved transformer, scored like the trained models."""
    from classifier.backends.onnx_export import export_onnx
    from classifier.package import load_model

    for name, wanted, int8 in (("onnx", cfg.export.onnx, False),
                               ("onnx-int8", cfg.export.int8, True)):
        if not wanted:
            continue
        log.info("exporting the transformer to %s", name)
        t0 = time.perf_counter()
        export_onnx(models / "transformer", models / name, int8=int8)
        score(name, load_model(models / name), time.perf_counter() - t0, reference=torch_pred)


def _report(cfg: Config, info: dict, results: dict[str, dict], splits: dict) -> str:
    lines = [
        f"# Run `{cfg.run.name}`",
        "",
        f"Data `{info['data_fingerprint']}`; created {info['created']}. "
        "Metrics are on the test split (whole documents never seen in training); "
        "the interval is a 95% bootstrap interval over test sentences.",
        "",
        format_metrics_table(results),
        "",
        "| model | training (export) time | test-set labeling speed |",
        "| --- | ---: | ---: |",
    ]
    for name, m in results.items():
        lines.append(f"| {name} | {m['train_seconds']:.1f} s | "
                     f"{m['eval_sentences_per_second']:.0f} sentences/s |")
    agreement = {n: m["agreement_with_torch"] for n, m in results.items()
                 if "agreement_with_torch" in m}
    if agreement:
        lines += ["", "Exports agree with the torch transformer's labels on: " + ", ".join(
            f"{n} {a:.1%}" for n, a in agreement.items()) + " of test sentences."]
    lines += ["", "## Confusion matrices", ""]
    lines += [f"![{name}](confusion_{name}.png)" for name in results]
    lines += ["", "## Data", "", "```", stats_table(splits), "```", ""]
    return "\n".join(lines)
