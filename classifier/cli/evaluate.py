"""`classifier evaluate MODEL FILE`: score a package on a labeled JSON Lines file."""

from __future__ import annotations

import argparse
import json


def register(sub) -> None:
    p = sub.add_parser("evaluate", help="score a saved model on a labeled JSON Lines file",
                       description="Score a saved model on JSON Lines with at least 'text' and "
                       "'label' per line ('lang' when known, detected otherwise).")
    p.add_argument("model", help="model package folder, e.g. runs/default/models/transformer")
    p.add_argument("file", help="labeled JSON Lines file, or a folder of them (a data "
                   "folder such as data/real-test: its labeled/*.jsonl)")
    p.add_argument("--out", help="write the metrics as JSON to this file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from classifier.evaluate.labeled_file import evaluate_file
    from classifier.io import atomic_write_text
    from classifier.report.metric_tables import format_metrics_table

    result = evaluate_file(args.model, args.file)
    print(format_metrics_table({result.model: result.metrics}))
    if args.out:
        atomic_write_text(args.out, json.dumps(result.to_dict(), indent=2))
        print(f"\nmetrics written to {args.out}")
    return 0
