"""The `classifier` command: each subcommand lives in a module of its own (`register` adds
its arguments, `run` parses nothing more and calls the library), and `main` is the one place
where errors become messages and exit codes."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from classifier.cli import compare, data, evaluate, export, predict, select, split, train
from classifier.errors import (
    EXIT_CODES_HELP,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    ClassifierError,
)

# In the order `classifier --help` lists them.
COMMANDS = (split, data, train, evaluate, compare, predict, select, export)


def build_parser() -> argparse.ArgumentParser:
    from classifier import __version__

    parser = argparse.ArgumentParser(
        prog="classifier",
        description="Train, evaluate and apply multilingual 4P sentence-topic classifiers "
        "(prevention, prosecution, protection, partnership, other) for anti-trafficking reports.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # A terminated run unwinds like Ctrl-C, so temporary outputs are removed on the way out.
    # Only the main thread may install a handler (elsewhere signal.signal raises), and the
    # caller's handler comes back afterwards: `main` is also called from Python, not only
    # as the whole program.
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return args.func(args)
    except ClassifierError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        # A path the user named that cannot be written or read (a full disk, no permission):
        # the outputs were written atomically, so they were left as they were.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        # Outputs are written atomically, so on the way here they were left untouched.
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        # None: a handler not set from Python, which cannot be put back from here.
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM as an exit that unwinds `with` blocks, so temporary outputs are removed."""
    sys.exit(143)


if __name__ == "__main__":
    sys.exit(main())
