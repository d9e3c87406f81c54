"""`classifier data build|stats|import|import-annotations`: the labeled corpus and its
splits."""

from __future__ import annotations

import argparse
from pathlib import Path

from classifier.cli.common import DEFAULT_DATA, add_split_args


def register(sub) -> None:
    data = sub.add_parser("data", help="build and inspect the labeled dataset",
                          description="Build and inspect the labeled dataset.")
    dsub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    p = dsub.add_parser("build", help="build train/validation/test splits as a DatasetDict",
                        description="Validate the labeled data and save a Hugging Face "
                        "DatasetDict split by document.")
    add_split_args(p)
    p.add_argument("--out", default="runs/dataset", help="output folder (default: %(default)s)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace a dataset saved earlier at --out (never other files)")
    p.set_defaults(func=run_build)
    p = dsub.add_parser("stats", help="sentences per split, label and language",
                        description="Print sentences per split, label and language.")
    add_split_args(p)
    p.set_defaults(func=run_stats)
    p = dsub.add_parser("import", help="turn labeled drafts into corpus + labeled files",
                        description="Convert labeled draft files ('label | sentence' lines) "
                        "into corpus texts, a manifest and labeled JSON Lines. Replaces the "
                        "manifest of the data folder with the imported documents.")
    p.add_argument("drafts", nargs="+", metavar="DRAFT", help="draft files or folders")
    p.add_argument("--data", default=DEFAULT_DATA, help="data folder (default: %(default)s)")
    p.add_argument("--source-dir", help="folder of the source texts that drafts with 'file:' label")
    p.set_defaults(func=run_import)
    p = dsub.add_parser(
        "import-annotations", help="add sentences labeled in Label Studio or a CSV to the corpus",
        description="Read a Label Studio JSON export (or the CSV of `classifier select`, its "
        "'label' column filled in) and add each labeled sentence to the corpus: its document "
        "(read again from where select read it, and refused if it changed) in corpus/ with "
        "a manifest entry of origin 'annotated', and one labeled record per sentence. The "
        "document's other sentences stay unlabeled. Every problem is listed by file and "
        "task, and then nothing is imported.")
    p.add_argument("file", help="Label Studio JSON export or filled tasks CSV")
    p.add_argument("--to", default=DEFAULT_DATA, metavar="DATA",
                   help="data folder to add to (default: %(default)s)")
    p.add_argument("--keep-boilerplate", action="store_true",
                   help="documents were selected with --keep-boilerplate")
    p.add_argument("--ocr", action="store_true", help="documents were selected with --ocr")
    p.set_defaults(func=run_import_annotations)


def _load_splits(args: argparse.Namespace):
    from classifier.data.corpus import load_corpus
    from classifier.data.dataset import split_fractions, split_sentences

    corpus = load_corpus(args.data)
    fractions = split_fractions(args.validation, args.test)
    return corpus, split_sentences(corpus, fractions, args.seed)


def run_build(args: argparse.Namespace) -> int:
    from classifier.data.dataset import save_dataset_dict, stats_table, to_dataset_dict

    corpus, splits = _load_splits(args)
    save_dataset_dict(to_dataset_dict(splits), args.out, overwrite=args.overwrite)
    print(stats_table(splits))
    print(f"\nfingerprint {corpus.fingerprint()}; saved to {args.out}")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from classifier.data.dataset import stats_table

    corpus, splits = _load_splits(args)
    print(stats_table(splits))
    print(f"\n{len(corpus.documents)} documents; fingerprint {corpus.fingerprint()}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from classifier.data.drafts import import_drafts

    drafts = []
    for name in args.drafts:
        path = Path(name)
        drafts.extend(sorted(path.rglob("*.txt")) if path.is_dir() else [path])
    source_dir = Path(args.source_dir) if args.source_dir else None
    n = import_drafts(drafts, Path(args.data), source_dir)
    print(f"imported {len(drafts)} documents, {n} labeled sentences into {args.data}")
    return 0


def run_import_annotations(args: argparse.Namespace) -> int:
    from classifier.annotate.importing import import_annotations
    from classifier.data.readers import ReadOptions

    documents, sentences = import_annotations(
        args.file, args.to, ReadOptions(keep_boilerplate=args.keep_boilerplate, ocr=args.ocr))
    print(f"imported {sentences} labeled sentences from {documents} documents into {args.to}"
          f" (origin 'annotated'); retrain with `python train.py`")
    return 0
