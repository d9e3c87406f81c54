"""The `classifier` command: a thin layer over the package's importable functions."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_DATA = "data"


def _cmd_split(args: argparse.Namespace) -> int:
    from classifier.io import atomic_path
    from classifier.text import split_document

    def rows():
        for name in args.files:
            if name == "-":
                text, doc = sys.stdin.read(), "stdin"
            else:
                path = Path(name)
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise SystemExit(f"error: cannot read {path} as UTF-8 text: {exc}") from exc
                doc = path.stem
            for s in split_document(text, doc, lang=args.lang):
                yield json.dumps(s.to_dict(), ensure_ascii=False) + "\n"

    if args.out:
        with atomic_path(args.out) as tmp, tmp.open("w", encoding="utf-8") as fh:
            fh.writelines(rows())
    else:
        sys.stdout.writelines(rows())
    return 0


def _load_splits(args: argparse.Namespace):
    from classifier.data.corpus import load_corpus
    from classifier.data.dataset import split_sentences

    corpus = load_corpus(args.data)
    fractions = {"train": 1 - args.validation - args.test, "validation": args.validation,
                 "test": args.test}
    return corpus, split_sentences(corpus, fractions, args.seed)


def _cmd_data_build(args: argparse.Namespace) -> int:
    from classifier.data.dataset import stats_table, to_dataset_dict
    from classifier.io import atomic_dir

    corpus, splits = _load_splits(args)
    dsd = to_dataset_dict(splits)
    with atomic_dir(args.out) as tmp:
        dsd.save_to_disk(str(tmp))
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
    from classifier.training import train

    _setup_logging()
    cfg = load_config(args.config, args.set or [])
    result = train(cfg)
    print((result.run_dir / "report.md").read_text(encoding="utf-8"))
    print(f"run folder: {result.run_dir}")
    return 0


def _read_labeled_jsonl(path: Path) -> list[dict]:
    from classifier.data.corpus import DataError

    rows, problems = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([f"{path}: cannot read as UTF-8 text ({exc})"]) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{n}: not valid JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) \
                or not isinstance(obj.get("label"), str):
            problems.append(f"{path}:{n}: expected an object with string 'text' and 'label'")
            continue
        if not obj["text"].strip():
            problems.append(f"{path}:{n}: empty text")
            continue
        rows.append({**obj, "_line": n})
    if not rows and not problems:
        problems.append(f"{path}: no labeled sentences")
    if problems:
        raise DataError(problems)
    return rows


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from classifier.evaluation import evaluate_predictions, format_metrics_table
    from classifier.io import atomic_write_text
    from classifier.package import load_model
    from classifier.text import detect

    model = load_model(args.model)
    path = Path(args.file)
    rows = _read_labeled_jsonl(path)
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
    print(format_metrics_table({Path(args.model).name: metrics}))
    if args.out:
        atomic_write_text(args.out, json.dumps(metrics, indent=2))
        print(f"\nmetrics written to {args.out}")
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
                       description="Split text files into sentences; one JSON object per "
                       "sentence with doc, index, start, end, lang and text.")
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files; '-' reads stdin")
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
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("evaluate", help="score a saved model on a labeled JSON Lines file",
                       description="Score a saved model on JSON Lines with at least 'text' and "
                       "'label' per line ('lang' when known, detected otherwise).")
    p.add_argument("model", help="model package folder, e.g. runs/default/models/transformer")
    p.add_argument("file", help="labeled JSON Lines file")
    p.add_argument("--out", help="write the metrics as JSON to this file")
    p.set_defaults(func=_cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    from classifier.config import ConfigError
    from classifier.data.corpus import DataError
    from classifier.data.drafts import DraftError
    from classifier.package import PackageError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (DataError, DraftError, ConfigError, PackageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
