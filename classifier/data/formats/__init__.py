"""Plain text out of the file formats reports come in: one module per format, each
returning `Extracted` (the text and what the file says about itself)."""

from classifier.data.formats.common import Extracted

__all__ = ["Extracted"]
