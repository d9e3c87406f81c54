"""How many labels each `classifier select` strategy saves, simulated on the labeled corpus.

    python benchmarks/active_learning.py [--rounds 14] [--batch 100] [--seed-size 100]
                                         [--repeats 3] [--out runs/active_learning]

The labels of the training split are hidden (the pool); a random seed set of
`--seed-size` sentences is labeled; each round, every strategy picks `--batch` more
sentences from the pool with the package's own `select` (the code behind
`classifier select`: uncertainty, margin, random, diverse, near-duplicates skipped), their
labels are revealed, and a fast model is refit: logistic regression on the frozen
multilingual encoder's sentence embeddings (the fine-tuned transformer takes about 12
minutes a fit here, far too slow for hundreds of fits). Macro-F1 is measured on the
default config's test split, which no strategy ever picks from. Each strategy runs
`--repeats` times from different seed sets; the table shows the mean.

Prints the macro-F1 table per round and strategy and, for each strategy, how many labels
it needed to reach the macro-F1 that random picking reached at the end; writes the
learning curves to OUT/curves.png and the numbers to OUT/results.json. Embeddings are
cached in OUT/embeddings.npz.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from pathlib import Path

import numpy as np

from classifier.annotate.select import STRATEGIES, Task, select
from classifier.config import load_config
from classifier.data.corpus import LABELS
from classifier.train.run import load_data


def embeddings(cfg, rows, cache: Path) -> np.ndarray:
    from classifier.pretrained.sentence_embeddings import sentence_embeddings

    texts = [r.text for r in rows]
    key = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()
    if cache.is_file():
        saved = np.load(cache)
        if str(saved["key"]) == key:
            return saved["x"]
    x = sentence_embeddings(texts, cfg.transformer.model, cfg.transformer.max_length)
    np.savez(cache, x=x, key=np.array(key))
    return x


def fit(x, y):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced").fit(x, y)


def macro_f1(model, x, y) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(y, model.predict(x), labels=list(LABELS), average="macro",
                          zero_division=0))


def pool_tasks(model, x, rows, pool: list[int]) -> list[Task]:
    """The unlabeled pool as `select` sees it: the model's label, score and margin."""
    proba = model.predict_proba(x[pool])
    best = np.sort(proba, axis=1)[:, ::-1]
    return [Task(doc=rows[i].doc, path="", doc_sha256="", index=i, start=rows[i].start,
                 end=rows[i].end, lang=rows[i].lang, text=rows[i].text, prev="", next="",
                 predicted=str(model.classes_[proba[k].argmax()]), score=float(best[k, 0]),
                 margin=float(best[k, 0] - best[k, 1]))
            for k, i in enumerate(pool)]


def simulate(strategy: str, x, y, rows, x_test, y_test, seed: int, seed_size: int,
             batch: int, rounds: int) -> list[tuple[int, float]]:
    rng = random.Random(seed)
    labeled = rng.sample(range(len(rows)), seed_size)
    curve = []
    for r in range(rounds + 1):
        model = fit(x[labeled], y[labeled])
        curve.append((len(labeled), macro_f1(model, x_test, y_test)))
        if r == rounds:
            break
        taken = set(labeled)
        pool = [i for i in range(len(rows)) if i not in taken]
        chosen = select(pool_tasks(model, x, rows, pool), batch, strategy, seed=seed + r)
        labeled += [t.index for t in chosen]
    return curve


def labels_to_reach(curve: list[tuple[int, float]], target: float) -> int | None:
    for n, f1 in curve:
        if f1 >= target:
            return n
    return None


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for strategy, curve in results.items():
        ns = [n for n, _ in curve]
        ax.plot(ns, [f for _, f in curve], marker="o", markersize=3, label=strategy)
    ax.set_xlabel("labeled sentences")
    ax.set_ylabel("test macro-F1 (mean of repeats)")
    ax.set_title("Active learning on the corpus: frozen encoder + logistic regression")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/default.yaml")
    parser.add_argument("--rounds", type=int, default=14)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--seed-size", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("runs/active_learning"))
    args = parser.parse_args()
    cfg = load_config(args.config)
    data = load_data(cfg.data)
    rows = list(data.splits["train"]) + list(data.splits["validation"])
    args.out.mkdir(parents=True, exist_ok=True)
    x_all = embeddings(cfg, rows + list(data.test), args.out / "embeddings.npz")
    x, x_test = x_all[: len(rows)], x_all[len(rows):]
    y = np.array([r.label for r in rows])
    y_test = np.array([r.label for r in data.test])
    print(f"pool {len(rows)} sentences, test {len(y_test)}; seed set {args.seed_size}, "
          f"+{args.batch} a round, {args.rounds} rounds, {args.repeats} repeats", flush=True)
    results = {}
    for strategy in STRATEGIES:
        curves = [simulate(strategy, x, y, rows, x_test, y_test, 100 + k, args.seed_size,
                           args.batch, args.rounds) for k in range(args.repeats)]
        results[strategy] = [(curves[0][r][0], float(np.mean([c[r][1] for c in curves])))
                             for r in range(len(curves[0]))]
        print(f"{strategy}: final {results[strategy][-1][1]:.3f}", flush=True)
    full = macro_f1(fit(x, y), x_test, y_test)
    lines = ["| labeled | " + " | ".join(STRATEGIES) + " |",
             "|---:|" + "---:|" * len(STRATEGIES)]
    for r in range(args.rounds + 1):
        n = results[STRATEGIES[0]][r][0]
        lines.append(f"| {n} | " + " | ".join(f"{results[s][r][1]:.3f}" for s in STRATEGIES)
                     + " |")
    print("\n".join(lines))
    target = results["random"][-1][1]
    print(f"\nall {len(rows)} pool labels: {full:.3f}. Labels needed to reach random's final "
          f"macro-F1 ({target:.3f}, at {results['random'][-1][0]} labels):")
    for s in STRATEGIES:
        n = labels_to_reach(results[s], target)
        print(f"  {s}: {n if n is not None else 'not reached'}")
    plot(results, args.out / "curves.png")
    (args.out / "results.json").write_text(json.dumps(
        {"results": results, "all_labels_macro_f1": full, "args": {
            k: str(v) for k, v in vars(args).items()}}, indent=2))
    print(f"curves: {args.out / 'curves.png'}")


if __name__ == "__main__":
    main()
