"""Each training recipe, context setting and ensemble tried for real reports, scored on the
real-register validation split (never a test set), as one table.

    python benchmarks/tries.py [--config configs/default.yaml] [--out runs/tries]
                               [--only NAME ...] [--table]

The validation split is the one `python train.py` picks its epoch on: with the default
config's `data.validation_origins: [register]`, the validation documents written in the
register of real reports. Every trained try is the default transformer with one change;
each writes OUT/NAME.npz (its validation probabilities) and OUT/NAME.json (scores,
epochs, timings), and a rerun skips tries already there, so the table can be built up a
few tries at a time. Ensembles average the probabilities of their members. `--table`
prints the table from what is there without training anything.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

import numpy as np

from classifier.config import load_config
from classifier.data.corpus import LABELS
from classifier.train.run import load_data

# name: (what changes from the default transformer, its transformer settings)
TRAINED = {
    "baseline": ("the default recipe", {}),
    "context": ("previous and next sentence read as a second segment; 2 epochs, each "
                "2.4x the baseline's (about its training time)",
                {"context": 1, "epochs": "-2"}),
    "label-smoothing": ("label smoothing 0.1", {"label_smoothing": 0.1}),
    "layer-decay": ("layer-wise learning-rate decay 0.8", {"layer_decay": 0.8}),
    "unfrozen": ("word embeddings trained too", {"freeze_embeddings": False}),
    "longer": ("2 more epochs, patience 3", {"epochs": "+2", "early_stopping_patience": 3}),
    "seed-2": ("another seed (for seed averaging)", {"seed": 14}),
    "seed-3": ("a third seed (for seed averaging)", {"seed": 15}),
    "rdrop": ("R-Drop 1.0: two dropout passes per batch kept close (2x the step cost)",
              {"rdrop": 1.0}),
}
# name: (what it is, its members); members are trained tries or "frozen-lr" / "tfidf"
ENSEMBLES = {
    "baseline+frozen-lr": ("average of the fine-tuned model and the frozen-encoder head",
                           ("baseline", "frozen-lr")),
    "baseline+tfidf": ("average of the fine-tuned model and TF-IDF", ("baseline", "tfidf")),
    "baseline+seed-2": ("average of two seeds", ("baseline", "seed-2")),
    "baseline+seed-2+seed-3": ("average of three seeds", ("baseline", "seed-2", "seed-3")),
    "baseline+frozen-lr+tfidf": ("average of all three", ("baseline", "frozen-lr", "tfidf")),
}


def macro_f1(gold, pred) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, pred, labels=list(LABELS), average="macro", zero_division=0))


def train_transformer(name: str, cfg, data) -> dict:
    """Fit the default transformer with one change; its validation probabilities and record."""
    from classifier.backends.transformer import TransformerClassifier
    from classifier.text.context import rows_context

    changes = dict(TRAINED[name][1])
    if isinstance(changes.get("epochs"), str):
        changes["epochs"] = cfg.transformer.epochs + int(changes["epochs"])
    settings = dataclasses.replace(cfg.transformer, **changes)
    model = TransformerClassifier(settings)
    t0 = time.perf_counter()
    model.fit([s.text for s in data.train], [s.label for s in data.train],
              [s.text for s in data.validation], [s.label for s in data.validation],
              **({"context": rows_context(data.train, settings.context),
                  "eval_context": rows_context(data.validation, settings.context)}
                 if settings.context else {}))
    fit_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    proba = model.proba([s.text for s in data.validation],
                        rows_context(data.validation, settings.context))
    label_seconds = time.perf_counter() - t0
    return {"classes": list(model.classes_), "proba": proba, "fit_seconds": fit_seconds,
            "label_seconds": label_seconds, "epochs": model.history,
            "settings": changes}


def frozen_encoder_head(cfg, data) -> dict:
    """Logistic regression on the pretrained encoder's mean-pooled sentence embeddings (the
    encoder as it came, never fine-tuned); C picked on validation."""
    from sklearn.linear_model import LogisticRegression

    from classifier.pretrained.sentence_embeddings import sentence_embeddings

    def embed(rows) -> np.ndarray:
        return sentence_embeddings([r.text for r in rows], cfg.transformer.model,
                                   cfg.transformer.max_length)

    t0 = time.perf_counter()
    x_train, x_val = embed(data.train), embed(data.validation)
    y_train = [s.label for s in data.train]
    gold = [s.label for s in data.validation]
    best = None
    for c in (1.0, 10.0, 100.0):
        clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
        clf.fit(x_train, y_train)
        f1 = macro_f1(gold, clf.predict(x_val))
        if best is None or f1 > best[0]:
            best = (f1, c, clf)
    _, c, clf = best
    return {"classes": list(clf.classes_), "proba": clf.predict_proba(x_val),
            "fit_seconds": time.perf_counter() - t0, "label_seconds": None,
            "epochs": [], "settings": {"C": c}}


def tfidf(cfg, data) -> dict:
    from classifier.backends.tfidf import TfidfClassifier

    model = TfidfClassifier(cfg.tfidf)
    t0 = time.perf_counter()
    model.fit([s.text for s in data.train], [s.label for s in data.train])
    fit_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    proba = model.predict_proba([s.text for s in data.validation])
    return {"classes": list(model.classes_), "proba": proba, "fit_seconds": fit_seconds,
            "label_seconds": time.perf_counter() - t0, "epochs": [], "settings": {}}


def save(out: Path, name: str, result: dict, gold: list[str]) -> None:
    classes = result["classes"]
    pred = [classes[i] for i in result["proba"].argmax(axis=1)]
    record = {k: v for k, v in result.items() if k != "proba"}
    record["val_macro_f1"] = macro_f1(gold, pred)
    np.savez(out / f"{name}.npz", proba=result["proba"], classes=np.array(classes))
    (out / f"{name}.json").write_text(json.dumps(record, indent=2, default=float))
    print(f"{name}: validation macro-F1 {record['val_macro_f1']:.3f}", flush=True)


def aligned(out: Path, name: str) -> np.ndarray:
    """Saved probabilities of `name`, columns in the order of LABELS."""
    saved = np.load(out / f"{name}.npz")
    classes = list(saved["classes"])
    return saved["proba"][:, [classes.index(c) for c in LABELS]]


def _training_time(rec: dict) -> str:
    """Minutes per epoch for the transformer (the fastest epoch: a run that shared the
    cores with other work is slower on some epochs, never faster), minutes in all else."""
    if rec["epochs"]:
        fastest = min(e["seconds"] for e in rec["epochs"])
        return f"{fastest / 60:.1f} min/epoch x {len(rec['epochs'])}"
    return f"{rec['fit_seconds'] / 60:.1f} min"


def table(out: Path, gold: list[str]) -> str:
    rows = ["| try | what changes | validation macro-F1 | Δ vs baseline | training time | "
            "labeling time |", "|---|---|---:|---:|---:|---:|"]
    base = None
    if (out / "baseline.json").exists():
        base = json.loads((out / "baseline.json").read_text())
    single = {**{k: v[0] for k, v in TRAINED.items()},
              "frozen-lr": "logistic regression on the frozen encoder's embeddings",
              "tfidf": "the TF-IDF baseline"}
    for name, what in single.items():
        path = out / f"{name}.json"
        if not path.exists():
            continue
        rec = json.loads(path.read_text())
        delta = "" if base is None else f"{rec['val_macro_f1'] - base['val_macro_f1']:+.3f}"
        cost = ""
        if base and rec.get("label_seconds"):
            cost = f"{rec['label_seconds'] / base['label_seconds']:.2f}x"
        rows.append(f"| {name} | {what} | {rec['val_macro_f1']:.3f} | {delta} | "
                    f"{_training_time(rec)} | {cost} |")
    for name, (what, members) in ENSEMBLES.items():
        if not all((out / f"{m}.npz").exists() for m in members):
            continue
        proba = np.mean([aligned(out, m) for m in members], axis=0)
        f1 = macro_f1(gold, [LABELS[i] for i in proba.argmax(axis=1)])
        delta = "" if base is None else f"{f1 - base['val_macro_f1']:+.3f}"
        rows.append(f"| {name} | {what} | {f1:.3f} | {delta} | | |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/default.yaml")
    parser.add_argument("--out", type=Path, default=Path("runs/tries"))
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        choices=[*TRAINED, "frozen-lr", "tfidf"],
                        help="train only these tries (default: every missing one)")
    parser.add_argument("--table", action="store_true", help="print the table, train nothing")
    args = parser.parse_args()
    cfg = load_config(args.config)
    data = load_data(cfg.data)
    gold = [s.label for s in data.validation]
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"{len(data.train)} training and {len(data.validation)} validation sentences "
          f"(validation origins: {cfg.data.validation_origins or 'all'})", flush=True)
    if not args.table:
        makers = {"tfidf": tfidf, "frozen-lr": frozen_encoder_head}
        for name in args.only or [*makers, *TRAINED]:
            if not args.only and (args.out / f"{name}.json").exists():
                continue
            maker = makers.get(name)
            result = maker(cfg, data) if maker else train_transformer(name, cfg, data)
            save(args.out, name, result, gold)
    print(table(args.out, gold))


if __name__ == "__main__":
    main()
