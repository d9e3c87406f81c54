"""The `classifier` command: parse arguments, call a library function, map errors to exit codes."""

from classifier.cli.main import main

__all__ = ["main"]
