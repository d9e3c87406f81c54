"""What several commands share: argument types, the train options, logging."""

from __future__ import annotations

import argparse

DEFAULT_DATA = "data"


def _number_type(parse, kind: str, accept, expected: str):
    """An argparse type: `parse` the text (else "not KIND"), then `accept` the value (else
    "must be EXPECTED"), so every numeric option reports a bad value the same way."""

    def convert(text: str):
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {kind}: {text!r}") from None
        if not accept(value):
            raise argparse.ArgumentTypeError(f"must be {expected}, got {text!r}")
        return value

    return convert


tolerance = _number_type(float, "a number", lambda v: v >= 0, "a number of at least 0")
positive_int = _number_type(int, "a whole number", lambda v: v >= 1, "a positive integer")
probability = _number_type(float, "a number", lambda v: 0 < v <= 1,
                           "a probability above 0 and at most 1")


def setup_logging() -> None:
    import logging

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s",
                        datefmt="%H:%M:%S")
    for noisy in ("httpx", "urllib3", "datasets", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def add_train_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--set", action="append", metavar="KEY=VALUE",
                   help="override one config value, e.g. --set transformer.epochs=3 "
                   "(repeatable)")


def add_split_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default=DEFAULT_DATA,
                   help="data folder with corpus/ and labeled/ (default: %(default)s)")
    p.add_argument("--seed", type=int, default=13, help="seed of the split (default: %(default)s)")
    p.add_argument("--validation", type=float, default=0.15,
                   help="share of sentences for validation (default: %(default)s)")
    p.add_argument("--test", type=float, default=0.2,
                   help="share of sentences for test (default: %(default)s)")


def add_reading_args(p: argparse.ArgumentParser) -> None:
    """How documents are read: the same options wherever documents are read."""
    p.add_argument("--keep-boilerplate", action="store_true",
                   help="read every visible text of web pages (menus, cookie banners, "
                   "related links, footers), not only the article")
    p.add_argument("--ocr", action="store_true",
                   help="read PDFs without a text layer (scans) with Tesseract, in the "
                   "languages it has installed, instead of skipping them")
    p.add_argument("--save-text", metavar="DIR",
                   help="write the text of each document as read to DIR (row offsets "
                   "point into it): reports/a.pdf -> DIR/reports/a.pdf.txt")


def reading_options(args: argparse.Namespace):
    from classifier.data.readers import ReadOptions

    return ReadOptions(keep_boilerplate=args.keep_boilerplate, ocr=args.ocr)
