"""How well a package's scores are calibrated on a labeled set: ECE and a reliability diagram.

    python benchmarks/calibration.py runs/default/models/transformer data/real-test \
        [--bins 10] [--png reliability.png]

The labeled set is a JSON Lines file or a folder of them (as `classifier evaluate` takes).
Prints accuracy, mean confidence, expected calibration error, the bins, and how many wrong
labels came with a score of 0.8 or more (the confident mistakes an analyst cannot filter).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from classifier.evaluate.calibration import calibration_bins, expected_calibration_error
from classifier.evaluate.labeled_file import file_context, read_labeled_jsonl
from classifier.package import load_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="model package folder")
    parser.add_argument("data", help="labeled JSON Lines file or folder")
    parser.add_argument("--bins", type=int, default=10, help="confidence bins (default: 10)")
    parser.add_argument("--png", type=Path, help="write the reliability diagram here")
    args = parser.parse_args()
    rows = read_labeled_jsonl(args.data)
    model = load_model(args.model)
    classes = list(model.classes_)
    # A context model reads each sentence's neighbours, as `classifier evaluate` gives them.
    proba = model.proba([r["text"] for r in rows], file_context(rows, model.context_size))
    gold = np.array([classes.index(r["label"]) for r in rows])
    bins = calibration_bins(proba, gold, args.bins)
    correct = proba.argmax(axis=1) == gold
    confident_wrong = int(((proba.max(axis=1) >= 0.8) & ~correct).sum())
    print(f"{len(rows)} sentences; accuracy {correct.mean():.3f}; mean confidence "
          f"{proba.max(axis=1).mean():.3f}; ECE {expected_calibration_error(bins):.3f}; "
          f"wrong with score >= 0.8: {confident_wrong} of {int((~correct).sum())} errors")
    print(f"\n{'confidence':<12} {'n':>5} {'mean conf.':>10} {'accuracy':>9}")
    for b in bins:
        if b.n:
            print(f"{b.low:.1f}-{b.high:.1f}{'':<5} {b.n:>5} {b.confidence:>10.3f} "
                  f"{b.accuracy:>9.3f}")
    if args.png:
        from classifier.evaluate.plots import plot_reliability

        plot_reliability(bins, args.png, f"{Path(args.model).name} on {Path(args.data).name}")
        print(f"\nreliability diagram written to {args.png}")


if __name__ == "__main__":
    main()
