"""The `classifier` command: a thin layer over the package's importable functions."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path

DEFAULT_DATA = "data"


def _cmd_split(args: argparse.Namespace) -> int:
    from classifier.data.readers import STDIN, InputError, expand_inputs, read_document
    from classifier.io import atomic_path
    from classifier.text import MAX_UNIT_CHARS, SplitStats, split_document

    # The same reader as predict: the same formats, encodings and one-line reasons. Like
    # cat, a bad file is reported and skipped, and the exit code says one was.
    stats = SplitStats()
    failed = []

    def rows():
        for name in expand_inputs(args.files):
            try:
                document = read_document(name)
            except InputError as exc:
                print(f"error: {exc}", file=sys.stderr)
                failed.append(name)
                continue
            doc = "stdin" if name == STDIN else Path(name).stem
            for note in document.notes:
                where = "stdin" if name == STDIN else document.path
                print(f"warning: {where}: {note}", file=sys.stderr)
            for s in split_document(document.text, doc, lang=args.lang, stats=stats):
                yield json.dumps(s.to_dict(), ensure_ascii=False) + "\n"

    if args.out:
        with atomic_path(args.out) as tmp, tmp.open("w", encoding="utf-8") as fh:
            fh.writelines(rows())
    else:
        sys.stdout.writelines(rows())
    if stats.overlong_spans:
        n = stats.overlong_spans
        print(f"{n} overlong span{'s were' if n > 1 else ' was'} cut at {MAX_UNIT_CHARS} "
              f"characters ({stats.cuts} cut{'s' if stats.cuts > 1 else ''})", file=sys.stderr)
    return 1 if failed else 0


def _load_splits(args: argparse.Namespace):
    from classifier.data.corpus import load_corpus
    from classifier.data.dataset import split_fractions, split_sentences

    corpus = load_corpus(args.data)
    fractions = split_fractions(args.validation, args.test)
    return corpus, split_sentences(corpus, fractions, args.seed)


def _cmd_data_build(args: argparse.Namespace) -> int:
    from classifier.data.dataset import save_dataset_dict, stats_table, to_dataset_dict

    corpus, splits = _load_splits(args)
    save_dataset_dict(to_dataset_dict(splits), args.out, overwrite=args.overwrite)
    print(stats_table(splits))
    print(f"\nfingerprint {corpus.fingerprint()}; saved to {args.out}")
    return 0


def _cmd_data_stats(args: argparse.Namespace) -> int:
    from classifier.data.dataset import stats_table

    corpus, splits = _load_splits(args)
    print(stats_table(splits))
    print(f"\n{len(corpus.documents)} documents; fingerprint {corpus.fingerprint()}")
    return 0


def _cmd_data_import(args: argparse.Namespace) -> int:
    from classifier.data.drafts import import_drafts

    drafts = []
    for name in args.drafts:
        path = Path(name)
        drafts.extend(sorted(path.rglob("*.txt")) if path.is_dir() else [path])
    source_dir = Path(args.source_dir) if args.source_dir else None
    n = import_drafts(drafts, Path(args.data), source_dir)
    print(f"imported {len(drafts)} documents, {n} labeled sentences into {args.data}")
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from classifier.config import load_config
    from classifier.train.run import train

    _setup_logging()
    overrides = [*(args.set or []), *(["run.overwrite=true"] if args.overwrite else [])]
    cfg = load_config(args.config, overrides)
    result = train(cfg)
    print((result.run_dir / "report.md").read_text(encoding="utf-8"))
    print(f"run folder: {result.run_dir}")
    return 0


def _read_labeled_jsonl(path: Path) -> list[dict]:
    from classifier.data.corpus import DataError, read_jsonl

    problems: list[str] = []
    rows = []
    for n, obj in read_jsonl(path, problems):
        if not isinstance(obj.get("text"), str) or not isinstance(obj.get("label"), str):
            problems.append(f"{path}:{n}: expected an object with string 'text' and 'label'")
        elif not obj["text"].strip():
            problems.append(f"{path}:{n}: empty text")
        elif obj.get("lang") is not None and not isinstance(obj["lang"], str):
            # A number or list here would otherwise end up as a language in the metrics.
            problems.append(f"{path}:{n}: 'lang' must be a string language code, "
                            f"got {json.dumps(obj['lang'], ensure_ascii=False)}")
        else:
            rows.append(obj)
    if not rows and not problems:
        problems.append(f"{path}: no labeled sentences")
    if problems:
        raise DataError(problems)
    return rows


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from classifier.evaluate.metrics import evaluate_predictions, format_metrics_table
    from classifier.io import atomic_write_text
    from classifier.package import load_model
    from classifier.text import detect

    # The file first: a bad line should not wait for a transformer to load.
    path = Path(args.file)
    rows = _read_labeled_jsonl(path)
    model = load_model(args.model)
    unknown = sorted({r["label"] for r in rows} - set(model.classes_))
    if unknown:
        print(f"error: {path}: labels unknown to the model: {', '.join(unknown)} "
              f"(the model knows {', '.join(model.classes_)})", file=sys.stderr)
        return 2
    texts = [r["text"] for r in rows]
    langs = [r.get("lang") or detect(r["text"]) for r in rows]
    origins = [r["origin"] for r in rows] if all("origin" in r for r in rows) else None
    metrics = evaluate_predictions([r["label"] for r in rows], model.predict(texts),
                                   labels=model.classes_, langs=langs, origins=origins)
    name = Path(args.model).resolve().name
    print(format_metrics_table({name: metrics}))
    if args.out:
        # The package's name lets `compare` line this model up with the same model of a
        # training run; the scored file's checksum tells it whether two files were scored
        # on the same sentences.
        from classifier.package import sha256_file

        doc = {"model": name, "data_fingerprint": f"sha256:{sha256_file(path)}", **metrics}
        atomic_write_text(args.out, json.dumps(doc, indent=2))
        print(f"\nmetrics written to {args.out}")
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from classifier.evaluate.compare import FORMATS, check_metric_name, compare, drops, load_metrics
    from classifier.io import atomic_write_text

    if args.metric is not None and args.fail_on_drop is None:
        print("error: --metric chooses the metric of --fail-on-drop; give both",
              file=sys.stderr)
        return 2
    if args.allow_missing and args.fail_on_drop is None:
        print("error: --allow-missing relaxes --fail-on-drop; give both", file=sys.stderr)
        return 2
    metric = check_metric_name(args.metric or "macro_f1")
    a, b = load_metrics(args.a), load_metrics(args.b)
    comparison = compare(a, b, a_source=args.a, b_source=args.b)
    failures = [] if args.fail_on_drop is None else drops(
        comparison, metric, args.fail_on_drop, allow_missing=args.allow_missing)
    text = FORMATS[args.format](comparison)
    if args.out:
        try:
            atomic_write_text(args.out, text)
        except OSError as exc:
            print(f"error: {args.out}: cannot write ({exc})", file=sys.stderr)
            return 2
        print(f"comparison written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    for message in failures:
        print(f"FAIL: {message}", file=sys.stderr)
    return 1 if failures else 0


def _tolerance(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"must be a number of at least 0, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer, got {text!r}")
    return value


def _cmd_predict(args: argparse.Namespace) -> int:
    from classifier.data.readers import InputError
    from classifier.package import load_model
    from classifier.predict import format_summary, run_predict
    from classifier.report.writers import OutputError, check_predict_outputs

    # Before the model loads and any input is read: a bad path must not cost a batch.
    try:
        check_predict_outputs(args.out, summary=args.summary, html=args.html)
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    model = load_model(args.model)

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    def notice(message: str) -> None:
        print(message, file=sys.stderr)

    try:
        report = run_predict(model, args.inputs, args.out, summary=args.summary,
                             html=args.html, lang=args.lang, strict=args.strict,
                             chunk_size=args.chunk_size, progress=not args.quiet, warn=warn,
                             notice=notice)
    except InputError as exc:
        print(f"error: {exc} (--strict: stopped, nothing written)", file=sys.stderr)
        return 1
    except OSError as exc:  # e.g. a full disk; the outputs were left as they were
        print(f"error: cannot write the outputs: {exc}", file=sys.stderr)
        return 1
    if report.summary:
        print(format_summary(report.summary, list(model.classes_)))
    written = ", ".join(p for p in (args.out, args.summary, args.html) if p)
    print(f"\n{report.documents} documents, {report.sentences} sentences labeled -> {written}")
    if report.skipped:
        print(f"{len(report.skipped)} file(s) skipped:", file=sys.stderr)
        for path, reason in report.skipped:
            print(f"  {path}: {reason}", file=sys.stderr)
    if report.notes:
        print(f"{len(report.notes)} note(s):", file=sys.stderr)
        for note in report.notes:
            print(f"  {note}", file=sys.stderr)
    return 1 if report.skipped else 0


def _cmd_export(args: argparse.Namespace) -> int:
    from classifier.backends.onnx_export import export_onnx

    if not args.onnx:
        print("error: choose an export format (--onnx)", file=sys.stderr)
        return 2
    out = export_onnx(args.model, args.out, int8=args.int8, overwrite=args.overwrite)
    print(f"ONNX package written to {out}")
    return 0


def _setup_logging() -> None:
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s",
                        datefmt="%H:%M:%S")
    for noisy in ("httpx", "urllib3", "datasets", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def add_train_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override one config value, e.g. --set transformer.epochs=3 "
                   "(repeatable)")


def _add_split_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default=DEFAULT_DATA,
                   help="data folder with corpus/ and labeled/ (default: %(default)s)")
    p.add_argument("--seed", type=int, default=13, help="seed of the split (default: %(default)s)")
    p.add_argument("--validation", type=float, default=0.15,
                   help="share of sentences for validation (default: %(default)s)")
    p.add_argument("--test", type=float, default=0.2,
                   help="share of sentences for test (default: %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    from classifier import __version__

    parser = argparse.ArgumentParser(
        prog="classifier",
        description="Train, evaluate and apply multilingual 4P sentence-topic classifiers "
        "(prevention, prosecution, protection, partnership, other) for anti-trafficking reports.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("split", help="split documents into sentences (JSON Lines)",
                       description="Split documents into sentences; one JSON object per "
                       "sentence with doc, index, start, end, lang and text. Reads what "
                       "predict reads: .txt, .md, .html, .pdf and .docx files, folders "
                       "(recursively), globs and '-' for stdin.")
    p.add_argument("files", nargs="+", metavar="INPUT",
                   help="files, folders, globs or '-' for stdin")
    p.add_argument("--lang", help="language code of every sentence (default: detect per sentence)")
    p.add_argument("--out", help="write to this file instead of stdout")
    p.set_defaults(func=_cmd_split)

    data = sub.add_parser("data", help="build and inspect the labeled dataset",
                          description="Build and inspect the labeled dataset.")
    dsub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    p = dsub.add_parser("build", help="build train/validation/test splits as a DatasetDict",
                        description="Validate the labeled data and save a Hugging Face "
                        "DatasetDict split by document.")
    _add_split_args(p)
    p.add_argument("--out", default="runs/dataset", help="output folder (default: %(default)s)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace a dataset saved earlier at --out (never other files)")
    p.set_defaults(func=_cmd_data_build)
    p = dsub.add_parser("stats", help="sentences per split, label and language",
                        description="Print sentences per split, label and language.")
    _add_split_args(p)
    p.set_defaults(func=_cmd_data_stats)
    p = dsub.add_parser("import", help="turn labeled drafts into corpus + labeled files",
                        description="Convert labeled draft files ('label | sentence' lines) "
                        "into corpus texts, a manifest and labeled JSON Lines. Replaces the "
                        "manifest of the data folder with the imported documents.")
    p.add_argument("drafts", nargs="+", metavar="DRAFT", help="draft files or folders")
    p.add_argument("--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    p.add_argument("--source-dir", help="folder of the source texts that drafts with 'file:' label")
    p.set_defaults(func=_cmd_data_import)

    p = sub.add_parser("train", help="train and evaluate the models of a config",
                       description="Train every model enabled in a YAML config on the labeled "
                       "data, evaluate them side by side and write runs/<name>/.")
    p.add_argument("config", nargs="?", default="configs/default.yaml",
                   help="YAML config (default: %(default)s)")
    add_train_args(p)
    p.add_argument("--overwrite", action="store_true",
                   help="replace an earlier run of the same name (run.overwrite=true); "
                   "never a folder that is not a run")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("evaluate", help="score a saved model on a labeled JSON Lines file",
                       description="Score a saved model on JSON Lines with at least 'text' and "
                       "'label' per line ('lang' when known, detected otherwise).")
    p.add_argument("model", help="model package folder, e.g. runs/default/models/transformer")
    p.add_argument("file", help="labeled JSON Lines file")
    p.add_argument("--out", help="write the metrics as JSON to this file")
    p.set_defaults(func=_cmd_evaluate)

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
    p.add_argument("--fail-on-drop", type=_tolerance, metavar="TOLERANCE",
                   help="exit with status 1 when a model present in both runs drops by more "
                   "than TOLERANCE on --metric, e.g. 0.02 (two points of macro-F1)")
    p.add_argument("--allow-missing", action="store_true",
                   help="with --fail-on-drop: do not fail when a model, label or the watched "
                   "metric of A is missing from B")
    p.add_argument("--metric", metavar="NAME",
                   help="metric that --fail-on-drop watches: accuracy, macro_f1, "
                   "f1:<label> or lang:<lang> (default: macro_f1)")
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser(
        "predict", help="label every sentence of new reports",
        description="Split files, folders (recursively), globs or stdin ('-') into sentences "
        "and label each: .txt, .md, .html, .pdf and .docx. Output format follows --out's "
        "extension: .jsonl, .csv or .parquet. Unreadable files are reported and skipped; "
        "the exit code is 1 if any was. Output paths are checked before any work (exit "
        "code 2 if one cannot be written); Ctrl-C leaves earlier outputs as they were "
        "(exit code 130).")
    p.add_argument("model", help="model package folder (transformer, onnx or tfidf)")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, folders, globs or -")
    p.add_argument("--out", required=True, help="sentence table: .jsonl, .csv or .parquet")
    p.add_argument("--summary", help="per-document topic shares: .jsonl, .csv or .parquet")
    p.add_argument("--html", help="HTML report with sentences coloured by topic: .html")
    p.add_argument("--lang", help="language of every input (default: detect per sentence)")
    p.add_argument("--strict", action="store_true",
                   help="stop at the first unreadable file instead of skipping it")
    p.add_argument("--chunk-size", type=_positive_int, default=2048,
                   help="sentences per model call, a positive integer (memory bound; "
                   "default: %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_predict)

    p = sub.add_parser("export", help="export a transformer package to ONNX Runtime",
                       description="Write an ONNX Runtime package of a transformer package; "
                       "`classifier predict` uses it like any other.")
    p.add_argument("model", help="transformer package folder")
    p.add_argument("--onnx", action="store_true", help="export to ONNX (the only format)")
    p.add_argument("--int8", action="store_true", help="dynamic int8 quantisation")
    p.add_argument("--out", required=True,
                   help="output package folder: new or empty (or see --overwrite)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace --out if it holds a model package and nothing else; "
                   "never any other folder")
    p.set_defaults(func=_cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    from classifier.config import ConfigError
    from classifier.data.corpus import DataError
    from classifier.data.drafts import DraftError
    from classifier.evaluate.compare import CompareError
    from classifier.package import PackageError

    args = build_parser().parse_args(argv)
    # A terminated run unwinds like Ctrl-C, so temporary outputs are removed on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return args.func(args)
    except (DataError, DraftError, ConfigError, PackageError, CompareError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # Outputs are written atomically, so on the way here they were left untouched.
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
