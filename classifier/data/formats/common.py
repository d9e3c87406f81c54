"""What every format's reader returns, and the tidying they share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Extracted:
    """A document's text as read from its file, and what the file says about itself
    (title, date, author, site, url: only the fields it gives)."""

    text: str
    metadata: dict[str, str] = field(default_factory=dict)


def tidy(text: str) -> str:
    """Strip line ends and keep at most one blank line between blocks."""
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
