"""`classifier predict MODEL INPUTS`: label every sentence of new reports."""

from __future__ import annotations

import argparse
import sys

from classifier.cli.common import add_reading_args, positive_int, probability, reading_options
from classifier.errors import EXIT_OK, EXIT_PARTIAL
from classifier.predict import DEFAULT_CHUNK


def register(sub) -> None:
    p = sub.add_parser(
        "predict", help="label every sentence of new reports",
        description="Split files, folders (recursively), globs or stdin ('-') into sentences "
        "and label each: .txt, .md, .html, .pdf and .docx (web pages: the article only, "
        "with the page's title, date, author, site and URL in the summary; PDFs: in "
        "reading order, without running headers and page numbers). Output format follows --out's "
        "extension: .jsonl, .csv or .parquet. Unreadable files are reported and skipped; "
        "the exit code is 1 if any was. Output paths are checked before any work (exit "
        "code 2 if one cannot be written or is also named as an input; one found in an "
        "input folder or by a pattern is skipped, not labeled); Ctrl-C leaves earlier "
        "outputs as they were (exit code 130).")
    p.add_argument("model", help="model package folder (transformer, onnx or tfidf)")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, globs or -")
    p.add_argument("--out", required=True, help="sentence table: .jsonl, .csv or .parquet")
    p.add_argument("--summary", help="per-document topic shares: .jsonl, .csv or .parquet")
    p.add_argument("--html", help="HTML report with sentences coloured by topic: .html")
    p.add_argument("--lang", help="language of every input (default: detect per sentence)")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first unreadable file instead of skipping it")
    p.add_argument("--chunk-size", type=positive_int, default=DEFAULT_CHUNK,
                   help="sentences per model call, a positive integer (memory bound; "
                   "default: %(default)s)")
    p.add_argument("--min-score", type=probability, metavar="P",
                   help="mark sentences whose score is below P as uncertain (an 'uncertain' "
                   "column, and a count per document in the summary), to route them to a "
                   "person; scores are calibrated probabilities, e.g. 0.7")
    add_reading_args(p)
    ray = p.add_argument_group(
        "distributed labeling (Ray)",
        "--engine ray labels with a pool of Ray actors, each loading the model once, and "
        "writes --out as a folder of Parquet files with the local engine's columns and "
        "rows; needs pip install -e '.[ray]'")
    ray.add_argument("--engine", choices=("local", "ray"), default="local",
                     help="local: one process, streamed (default); ray: Ray Data")
    ray.add_argument("--address", help="Ray cluster to join: auto (a `ray start` on this "
                     "machine) or ray://HOST:PORT (default: start a local Ray)")
    ray.add_argument("--actors", type=positive_int,
                     help="model copies working at once (default: one per CPU)")
    ray.add_argument("--batch-size", type=positive_int, default=16,
                     help="files per actor call (default: %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run_ray(args: argparse.Namespace) -> int:
    from classifier.distributed import check_ray_out, run_ray_predict

    check_ray_out(args.out)
    report = run_ray_predict(args.model, args.inputs, args.out, summary=args.summary,
                             html=args.html, actors=args.actors, batch_size=args.batch_size,
                             address=args.address, read_options=reading_options(args),
                             lang=args.lang, chunk_size=args.chunk_size)
    return _finish(args, report, report.summary)


def _finish(args: argparse.Namespace, report, summary: list[dict], labels=None) -> int:
    """The end of a run, whichever engine: the summary, the counts, what was skipped."""
    from classifier.report.batch import format_summary

    if summary:
        labels = labels or [k.removeprefix("share_") for k in summary[0]
                            if k.startswith("share_")]
        print(format_summary(summary, labels))
    written = ", ".join(p for p in (args.out, args.summary, args.html) if p)
    print(f"\n{report.documents} documents, {report.sentences} sentences labeled -> {written}")
    if args.min_score is not None:
        print(f"{report.uncertain} sentences scored below {args.min_score:g}: marked uncertain")
    if report.skipped:
        print(f"{len(report.skipped)} file(s) skipped:", file=sys.stderr)
        for path, reason in report.skipped:
            print(f"  {path}: {reason}", file=sys.stderr)
    if report.notes:
        print(f"{len(report.notes)} note(s):", file=sys.stderr)
        for note in report.notes:
            print(f"  {note}", file=sys.stderr)
    return EXIT_PARTIAL if report.skipped else EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.engine == "ray":
        if args.save_text or args.min_score is not None or args.strict:
            from classifier.distributed import DistributedError

            raise DistributedError("--save-text, --min-score and --strict work with the "
                                   "local engine only")
        return run_ray(args)
    from classifier.data.readers import InputError
    from classifier.data.saved_text import check_text_folder
    from classifier.package import load_model
    from classifier.report.batch import run_predict
    from classifier.report.writers import check_predict_outputs

    # Before the model loads and any input is read: a bad path, or an output that would
    # replace one of the inputs, must not cost a batch (nor a model load).
    check_predict_outputs(args.out, summary=args.summary, html=args.html, inputs=args.inputs)
    if args.save_text:
        check_text_folder(args.save_text)
    model = load_model(args.model)

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    try:
        report = run_predict(model, args.inputs, args.out, summary=args.summary,
                             html=args.html, lang=args.lang, strict=args.strict,
                             chunk_size=args.chunk_size, progress=not args.quiet, warn=warn,
                             min_score=args.min_score, outputs_checked=True,
                             read_options=reading_options(args), save_text=args.save_text)
    except InputError as exc:  # only with --strict; the others are skipped and listed
        raise InputError(exc.path, f"{exc.reason} (--strict: stopped, nothing written)"
                         ) from None
    return _finish(args, report, report.summary, list(model.classes_))
