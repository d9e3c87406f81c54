"""`classifier select MODEL INPUTS -n N --out tasks.json|csv`: sentences worth labeling."""

from __future__ import annotations

import argparse
import sys

from classifier.cli.common import add_reading_args, positive_int, reading_options


def register(sub) -> None:
    from classifier.annotate.select import STRATEGIES

    p = sub.add_parser(
        "select", help="pick the sentences of new reports most worth labeling",
        description="Label new reports (read as predict reads them) and write the N "
        "sentences the model is least sure of as annotation tasks: Label Studio JSON (with "
        "the prediction as a pre-annotation) or CSV with an empty 'label' column. Each "
        "task carries the sentence, its neighbours, its document and offsets. Label them, "
        "then `classifier data import-annotations` adds them to the corpus.")
    p.add_argument("model", help="model package folder")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files, folders, globs or -")
    p.add_argument("-n", type=positive_int, default=200,
                   help="sentences to select (default: %(default)s)")
    p.add_argument("--out", help="tasks file: .json (Label Studio) or .csv")
    p.add_argument("--strategy", choices=STRATEGIES, default="uncertainty",
                   help="uncertainty: least confident; margin: closest two labels; random; "
                   "diverse: least confident, spread over the text space (default: "
                   "%(default)s)")
    p.add_argument("--min-per-label", type=int, default=0, metavar="K",
                   help="at least K sentences of each predicted label, where there are")
    p.add_argument("--seed", type=int, default=13, help="seed of --strategy random")
    p.add_argument("--lang", help="language of every input (default: detect per sentence)")
    p.add_argument("--label-studio-config", action="store_true",
                   help="print Label Studio's labeling config for these tasks and exit")
    add_reading_args(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from classifier.annotate.select import SelectError, check_selection, select_from_files
    from classifier.annotate.tasks import check_tasks_path, label_config

    if args.label_studio_config:
        from classifier.package import read_manifest

        print(label_config(read_manifest(args.model)["labels"]), end="")
        return 0
    if not args.inputs or not args.out:
        raise SelectError("select needs INPUT files and --out (or --label-studio-config)")
    check_tasks_path(args.out)

    check_selection(args.n, args.strategy, args.min_per_label)
    report = select_from_files(args.model, args.inputs, args.out, n=args.n,
                               strategy=args.strategy, min_per_label=args.min_per_label,
                               seed=args.seed, lang=args.lang,
                               read_options=reading_options(args),
                               save_text=args.save_text, progress=not args.quiet)
    print(report.summary())
    for path, reason in report.skipped:
        print(f"  skipped {path}: {reason}", file=sys.stderr)
    return 1 if report.skipped else 0
