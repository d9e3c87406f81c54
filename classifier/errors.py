"""One base class for every error a user can cause, so the command line needs one handler.

Library callers catch `ClassifierError` (or the specific subclass); `classifier.cli` prints
its message on one line and exits with `EXIT_USAGE`. Anything else that escapes is a bug in
this package and keeps its traceback. The subclasses live beside the code that raises them;
those that were `ValueError`s stay `ValueError`s too, for callers that caught that.
"""

from __future__ import annotations

# The exit codes of every command (documented in `classifier --help`).
EXIT_OK = 0
EXIT_PARTIAL = 1  # the work was done, but inputs were skipped or a gate failed
EXIT_USAGE = 2  # bad usage or bad input: nothing (or nothing more) was done
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), outputs left as they were

EXIT_CODES_HELP = f"""\
exit status (every command):
  {EXIT_OK}    done
  {EXIT_PARTIAL}    done, but some inputs were skipped or a gate (compare --fail-on-drop) failed
  {EXIT_USAGE}    bad usage or bad input (a file, config, package or path): one line names it
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C); outputs are left as they were"""


class ClassifierError(Exception):
    """An error in what the user gave us (a file, a config, a package, an argument).

    Its message names the thing at fault and what was expected, and is shown as is.
    """


class UsageError(ClassifierError):
    """Options that do not go together, found after argparse (which handles the rest)."""
