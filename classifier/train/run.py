"""`train(config) -> RunResult`: train every enabled model, evaluate them side by side,
and leave a run folder that a person reads (report.md) and a machine compares
(metrics.json). The folder appears only when the whole run succeeded.

Which models there are, what settings each reads and what each exports to is the
registry's (`classifier.backends.registry`): this module trains every trainable type whose
config section is enabled, then writes each export its `export` section asks for.

An existing folder at the run's path is replaced only if it is an earlier run (see
`foreign_run_files`) and `run.overwrite` is true; anything else is refused before any
data is read or model trained, and nothing is deleted.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from classifier.backends import registry
from classifier.config import Config, DataConfig, save_config
from classifier.data.corpus import LABELS, load_corpus
from classifier.data.dataset import split_fractions, split_sentences, stats_table
from classifier.io import atomic_dir, atomic_write_text, check_replace
from classifier.package import library_versions, load_model, save_model
from classifier.text.context import rows_context
from classifier.train.documents import model_card, run_report
from classifier.train.folder import foreign_run_files, run_guard
from classifier.train.scoring import Score, plot_score, score_model

__all__ = ["RunResult", "foreign_run_files", "run_guard", "train"]

log = logging.getLogger(__name__)
HEADLINE = ("accuracy", "macro_f1", "macro_f1_ci", "per_label", "per_language")


@dataclass
class RunResult:
    run_dir: Path
    metrics: dict[str, dict]
    models: dict[str, Path]


@dataclass
class RunData:
    """The labeled sentences of a run, split by whole documents."""

    fingerprint: str
    splits: dict[str, list]
    train: list  # the training split, capped at data.max_train_sentences
    validation: list
    test: list

    @property
    def train_langs(self) -> list[str]:
        return sorted({s.lang for s in self.train})


def train(cfg: Config) -> RunResult:
    """Train and score every enabled model type of `cfg` and its exports; write the run."""
    started = datetime.now(timezone.utc)
    run_dir = Path(cfg.run.output_dir) / cfg.run.name
    guard = run_guard(cfg.run.overwrite)
    check_replace(run_dir, guard)  # now, not after minutes of training
    data = load_data(cfg.data)
    scores: dict[str, Score] = {}
    with atomic_dir(run_dir, guard=guard) as tmp:
        # Saved without overwrite: rerunning a run's own config.yaml to reproduce it must
        # not replace that run unless asked to again.
        save_config(dataclasses.replace(cfg, run=dataclasses.replace(cfg.run, overwrite=False)),
                    tmp / "config.yaml")
        for model_type in enabled_model_types(cfg):
            score = train_model(model_type, cfg, data, tmp)
            scores[model_type.name] = score
            scores.update(export_model(model_type, cfg, data, tmp, reference=score.pred))
        write_run_files(tmp, cfg, data, scores, started)
    return RunResult(run_dir, {n: s.row for n, s in scores.items()},
                     {n: run_dir / "models" / n for n in scores})


def enabled_model_types(cfg: Config) -> list[registry.ModelType]:
    """The registered trainable types whose section of `cfg` is there and enabled."""
    return [t for t in registry.model_types()
            if t.trainable and t.settings(cfg) is not None and t.settings(cfg).enabled]


def load_data(cfg: DataConfig) -> RunData:
    """Read the corpus and split it (train, validation, test; held-out languages apart)."""
    corpus = load_corpus(cfg.dir)
    fractions = split_fractions(cfg.validation_fraction, cfg.test_fraction)
    splits = split_sentences(corpus, fractions, cfg.seed, cfg.holdout_langs,
                             cfg.validation_origins)
    fingerprint = corpus.fingerprint()
    log.info("data %s\n%s", fingerprint, stats_table(splits))
    train_rows = splits["train"]
    if cfg.max_train_sentences:
        train_rows = train_rows[: cfg.max_train_sentences]
    return RunData(fingerprint, splits, train_rows, splits["validation"], splits["test"])


def train_model(model_type: registry.ModelType, cfg: Config, data: RunData,
                folder: Path) -> Score:
    """Fit a model of `model_type`, score it, and save it as folder/models/NAME."""
    settings = model_type.settings(cfg)
    model = model_type.load_class()(settings)
    log.info("training %s on %d sentences", model_type.name, len(data.train))
    t0 = time.perf_counter()
    fit_args = ([s.text for s in data.train], [s.label for s in data.train],
                [s.text for s in data.validation], [s.label for s in data.validation])
    if model.context_size:
        model.fit(*fit_args, context=rows_context(data.train, model.context_size),
                  eval_context=rows_context(data.validation, model.context_size))
    else:
        model.fit(*fit_args)
    if cfg.evaluation.calibrate and data.validation:
        model.temperature = calibrate(model, data.validation)
    score = score_model(model, data.test, cfg.evaluation, time.perf_counter() - t0)
    _log_score(model_type.name, score, folder)
    save_model(
        model, folder / "models" / model_type.name,
        config={model_type.config_section: dataclasses.asdict(settings),
                "data": dataclasses.asdict(cfg.data)},
        metrics={k: score.metrics[k] for k in HEADLINE},
        data_fingerprint=data.fingerprint, languages=data.train_langs,
        card=model_card(model_type.name, model.describe(), score.row, data.fingerprint,
                        data.train_langs, len(data.train)),
    )
    return score


def calibrate(model, sentences) -> float:
    """The temperature that makes `model`'s scores on `sentences` (validation, never test)
    most likely; logged with the calibration error before and after."""
    from classifier.evaluate.calibration import (
        apply_temperature,
        calibration_bins,
        expected_calibration_error,
        fit_temperature,
    )

    classes = list(model.classes_)
    proba = model.proba([s.text for s in sentences], rows_context(sentences, model.context_size))
    gold = np.array([classes.index(s.label) for s in sentences])
    temperature = fit_temperature(proba, gold)
    before = expected_calibration_error(calibration_bins(proba, gold))
    after = expected_calibration_error(
        calibration_bins(apply_temperature(proba, temperature), gold))
    log.info("temperature %.3f fitted on %d validation sentences (ECE %.3f -> %.3f)",
             temperature, len(sentences), before, after)
    return temperature


def export_model(model_type: registry.ModelType, cfg: Config, data: RunData, folder: Path,
                 reference: list[str]) -> dict[str, Score]:
    """The exports of the just-saved model that `cfg.export` asks for, each written to
    folder/models/NAME and scored like the trained models (agreement with `reference`,
    the trained model's labels, too)."""
    models = folder / "models"
    scores = {}
    for export in model_type.exports:
        if not getattr(cfg.export, export.flag, False):
            continue
        log.info("exporting the %s to %s", model_type.name, export.name)
        exporter = registry.get(export.to).export_function()
        t0 = time.perf_counter()
        exporter(models / model_type.name, models / export.name, **export.options)
        scores[export.name] = score_model(load_model(models / export.name), data.test,
                                          cfg.evaluation, time.perf_counter() - t0,
                                          reference=reference)
        _log_score(export.name, scores[export.name], folder)
    return scores


def _log_score(name: str, score: Score, folder: Path) -> None:
    plot_score(name, score, folder)
    log.info("%s: macro-F1 %.3f on %d test sentences", name, score.metrics["macro_f1"],
             score.metrics["n"])


def write_run_files(folder: Path, cfg: Config, data: RunData, scores: dict[str, Score],
                    started: datetime) -> None:
    """metrics.json (for machines), run.json (provenance and timings) and report.md."""
    results = {name: score.row for name, score in scores.items()}
    run_info = {
        "name": cfg.run.name,
        "created": started.isoformat(timespec="seconds"),
        "data_fingerprint": data.fingerprint,
        "labels": list(LABELS),
        "splits": {k: {"sentences": len(v), "documents": len({s.doc for s in v})}
                   for k, v in data.splits.items()},
        "library_versions": library_versions(),
        "timings": {name: score.timings for name, score in scores.items()},
    }
    metrics_doc = {"run": {k: run_info[k] for k in ("name", "created", "data_fingerprint",
                                                     "labels")},
                   "models": results}
    atomic_write_text(folder / "metrics.json", json.dumps(metrics_doc, indent=2))
    atomic_write_text(folder / "run.json", json.dumps(run_info, indent=2))
    atomic_write_text(folder / "report.md",
                      run_report(cfg.run.name, run_info, results, data.splits))
