"""Labeling speed and quality of every packaged model, measured in one run on the same
sentences, against the naive reference: a transformers `pipeline("text-classification")`
over the same fine-tuned checkpoint with default settings.

    python benchmarks/predict.py [RUN_DIR] [--repeat N]

RUN_DIR is a run folder written by `python train.py` (default: runs/default). Missing ONNX
exports are made into a temporary folder. The sentences are the run's test split.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np


def test_split(run_dir: Path) -> tuple[list[str], list[str]]:
    from classifier.config import load_config
    from classifier.data.corpus import load_corpus
    from classifier.data.dataset import split_fractions, split_sentences

    cfg = load_config(run_dir / "config.yaml")
    corpus = load_corpus(cfg.data.dir)
    fractions = split_fractions(cfg.data.validation_fraction, cfg.data.test_fraction)
    rows = split_sentences(corpus, fractions, cfg.data.seed, cfg.data.holdout_langs)["test"]
    return [s.text for s in rows], [s.label for s in rows]


def timed(fn, texts: list[str], repeat: int) -> tuple[float, list[str]]:
    fn(texts[:16])  # warm-up: first-call allocations and lazy initialisation
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn(texts)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", nargs="?", default="runs/default")
    parser.add_argument("--repeat", type=int, default=2, help="best of N timings")
    args = parser.parse_args()
    run_dir = Path(args.run_dir)

    import torch
    from sklearn.metrics import f1_score
    from transformers import pipeline

    import classifier
    from classifier.backends.onnx_export import export_onnx

    texts, gold = test_split(run_dir)
    labels = sorted(set(gold))
    models_dir = run_dir / "models"
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    onnx_dir = models_dir / "onnx"
    int8_dir = models_dir / "onnx-int8"
    if not onnx_dir.is_dir():
        onnx_dir = export_onnx(models_dir / "transformer", tmp / "onnx")
    if not int8_dir.is_dir():
        int8_dir = export_onnx(models_dir / "transformer", tmp / "onnx-int8", int8=True)

    naive = pipeline("text-classification", model=str(models_dir / "transformer"),
                     device="cpu")

    def naive_predict(batch):
        return [r["label"] for r in naive(batch, truncation=True)]

    candidates = {
        "naive transformers pipeline": naive_predict,
        "tfidf (packaged)": classifier.load(models_dir / "tfidf").predict,
        "transformer, torch (packaged)": classifier.load(models_dir / "transformer").predict,
        "transformer, onnx": classifier.load(onnx_dir).predict,
        "transformer, onnx int8": classifier.load(int8_dir).predict,
    }
    tokens = [len(x) for x in classifier.load(onnx_dir).tokenizer(texts)["input_ids"]]
    print(f"{len(texts)} test sentences, {np.mean(tokens):.1f} tokens on average; "
          f"torch threads {torch.get_num_threads()}; best of {args.repeat}\n")
    rows, preds = [], {}
    for name, fn in candidates.items():
        rate, pred = timed(fn, texts, args.repeat)
        preds[name] = pred
        f1 = f1_score(gold, pred, labels=labels, average="macro", zero_division=0)
        rows.append((name, rate, f1))
    ref_rate = rows[0][1]
    torch_pred = preds["transformer, torch (packaged)"]
    print("| model | sentences/s | vs naive | macro-F1 | labels = torch |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, rate, f1 in rows:
        agree = np.mean([a == b for a, b in zip(preds[name], torch_pred, strict=True)])
        print(f"| {name} | {rate:,.0f} | {rate / ref_rate:.2f}x | {f1:.3f} | {agree:.1%} |")


if __name__ == "__main__":
    main()
