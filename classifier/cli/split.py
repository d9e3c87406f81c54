"""`classifier split`: documents in any supported format to sentences as JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from classifier.cli.common import add_reading_args, reading_options


def register(sub) -> None:
    p = sub.add_parser("split", help="split documents into sentences (JSON Lines)",
                       description="Split documents into sentences; one JSON object per "
                       "sentence with doc, index, start, end, lang and text. Reads what "
                       "predict reads: .txt, .md, .html, .pdf and .docx files, folders "
                       "(recursively), globs and '-' for stdin.")
    p.add_argument("files", nargs="+", metavar="INPUT",
                   help="files, folders, globs or '-' for stdin")
    p.add_argument("--lang", help="language code of every sentence (default: detect per sentence)")
    p.add_argument("--out", help="write to this file instead of stdout")
    add_reading_args(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from classifier.data.readers import STDIN, read_documents
    from classifier.data.saved_text import check_text_folder
    from classifier.io import atomic_path
    from classifier.text import MAX_UNIT_CHARS, SplitStats, split_document

    # The same reader as predict: the same formats, options, encodings and one-line
    # reasons. Like cat, a bad file is reported and skipped, and the exit code says one was.
    stats = SplitStats()
    failed = []
    text_folder = check_text_folder(args.save_text) if args.save_text else None

    def skipped(exc) -> None:
        print(f"error: {exc}", file=sys.stderr)
        failed.append(exc.path)

    def rows():
        for document in read_documents(args.files, reading_options(args), on_error=skipped,
                                       save_text_to=text_folder):
            doc = "stdin" if document.path == STDIN else Path(document.path).stem
            for note in document.notes:
                where = "stdin" if document.path == STDIN else document.path
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
