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

    for register in _extra_commands():
        register(sub)
    return parser


def _extra_commands():
    """Commands that live in their own modules, so this file stays a table of contents."""
    return []


def main(argv: list[str] | None = None) -> int:
    from classifier.data.corpus import DataError
    from classifier.data.drafts import DraftError

    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (DataError, DraftError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
