"""`classifier compare A B`: the metrics of two runs side by side, and the CI gate."""

from __future__ import annotations

import argparse
import sys

from classifier.cli.common import tolerance
from classifier.errors import EXIT_OK, EXIT_PARTIAL, UsageError


def register(sub) -> None:
    p = sub.add_parser(
        "compare", help="compare the metrics of two runs",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Compare two runs, A (the baseline) and B, each a run folder, a "
        "metrics.json, or the file that `classifier evaluate --out` writes: for every model, "
        "accuracy, "
        "macro-F1 with its 95% bootstrap interval, F1 per label and macro-F1 per language, "
        "in A and in B, with the change B - A.",
        epilog="""\
marks:
  A change marked * falls outside A's bootstrap interval. For macro-F1 that means
  B's value lies outside A's 95% interval (macro_f1_ci). The other metrics have no
  interval of their own, so their yardstick is the half-width of A's macro-F1
  interval for that model: a change larger than that is marked. Per-label and
  per-language scores rest on fewer sentences, so read such a mark as "worth a
  look", not as proof.

metric names (rows, JSON output, --metric):
  accuracy, macro_f1, f1:<label> (e.g. f1:prevention), lang:<lang> (e.g. lang:vi)

A model or metric present in one run only is shown as added or removed. With
--fail-on-drop, a model, a label or the watched metric that A has and B lacks fails
the gate too (a run that lost a model must not pass by losing it), unless
--allow-missing is given. Runs with a different data fingerprint or label set get a
WARNING line above the tables: their numbers are not comparable as they stand.

exit status:
  0 compared (and no drop beyond the tolerance); 1 --fail-on-drop tripped (a drop,
  or something of A missing from B), with a FAIL line each on stderr; 2 bad input
  (missing file, not JSON, no 'models').

examples:
  classifier compare runs/main runs/branch
  classifier compare runs/main/metrics.json runs/branch --format md --out cmp.md
  classifier compare runs/main runs/branch --fail-on-drop 0.02 --metric lang:vi""")
    p.add_argument("a", metavar="A", help="baseline: a run folder, its metrics.json, or an "
                   "`evaluate --out` file")
    p.add_argument("b", metavar="B", help="candidate: a run folder, its metrics.json, or an "
                   "`evaluate --out` file")
    p.add_argument("--format", choices=("text", "md", "json"), default="text",
                   help="text: aligned console table; md: Markdown for a pull-request "
                   "comment; json: machine-readable deltas (default: %(default)s)")
    p.add_argument("--out", metavar="FILE",
                   help="write the comparison to this file (atomically) instead of stdout")
    p.add_argument("--fail-on-drop", type=tolerance, metavar="TOLERANCE",
                   help="exit with status 1 when a model present in both runs drops by more "
                   "than TOLERANCE on --metric, e.g. 0.02 (two points of macro-F1)")
    p.add_argument("--allow-missing", action="store_true",
                   help="with --fail-on-drop: do not fail when a model, label or the watched "
                   "metric of A is missing from B")
    p.add_argument("--metric", metavar="NAME",
                   help="metric that --fail-on-drop watches: accuracy, macro_f1, "
                   "f1:<label> or lang:<lang> (default: macro_f1)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from classifier.evaluate.compare import check_metric_name, compare, drops, load_metrics
    from classifier.io import atomic_write_text
    from classifier.report.comparison import FORMATS

    if args.metric is not None and args.fail_on_drop is None:
        raise UsageError("--metric chooses the metric of --fail-on-drop; give both")
    if args.allow_missing and args.fail_on_drop is None:
        raise UsageError("--allow-missing relaxes --fail-on-drop; give both")
    metric = check_metric_name(args.metric or "macro_f1")
    a, b = load_metrics(args.a), load_metrics(args.b)
    comparison = compare(a, b, a_source=args.a, b_source=args.b)
    failures = [] if args.fail_on_drop is None else drops(
        comparison, metric, args.fail_on_drop, allow_missing=args.allow_missing)
    text = FORMATS[args.format](comparison)
    if args.out:
        atomic_write_text(args.out, text)
        print(f"comparison written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    for message in failures:
        print(f"FAIL: {message}", file=sys.stderr)
    return EXIT_PARTIAL if failures else EXIT_OK
