"""`classifier split`: documents in any supported format to sentences as JSON Lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
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
