"""The one table renderer: columns and rows of text cells to aligned text or Markdown.

Every table the package prints or writes goes through here: the metrics of one run's
models side by side, two runs compared, the corpus statistics, the per-document summary
of a prediction run and the training report.

    columns = [Column("metric", LEFT), Column("tfidf"), Column("transformer")]
    text_table(columns, rows)      # padded with spaces, for a console
    markdown_table(columns, rows)  # a GitHub-flavoured Markdown table

Cells are strings; format numbers before (`MISSING` marks a value a row lacks).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MISSING = "–"  # a cell without a value
LEFT, RIGHT = "left", "right"


@dataclass(frozen=True)
class Column:
    """A column's title and alignment; `max_width` caps its width in text tables, where
    a longer cell keeps its end behind "…" (the end of a path tells files apart)."""

    title: str
    align: str = RIGHT  # LEFT or RIGHT
    max_width: int | None = None

    def __post_init__(self) -> None:
        if self.align not in (LEFT, RIGHT):
            raise ValueError(f"align must be {LEFT!r} or {RIGHT!r}, got {self.align!r}")
        if self.max_width is not None and self.max_width < 2:
            raise ValueError(f"max_width must be at least 2, got {self.max_width}")


def _checked(columns: Sequence[Column], rows: Iterable[Sequence[str]]) -> list[list[str]]:
    out = [list(row) for row in rows]
    for row in out:
        if len(row) != len(columns):
            raise ValueError(f"a row has {len(row)} cells for {len(columns)} columns: {row}")
    return out


def _shorten(cell: str, width: int | None) -> str:
    if width is None or len(cell) <= width:
        return cell
    return "…" + cell[-(width - 1):]


def text_table(columns: Sequence[Column], rows: Iterable[Sequence[str]], *, gap: str = "  ",
               rule: bool = False) -> str:
    """Lines padded to each column's widest cell (at most its `max_width`) and joined by
    `gap`, without trailing spaces; `rule` puts a line of dashes under the titles."""
    body = [[_shorten(c, col.max_width) for c, col in zip(row, columns, strict=True)]
            for row in _checked(columns, rows)]
    titles = [col.title for col in columns]
    widths = [max(len(cell) for cell in cells) for cells in zip(titles, *body, strict=True)]

    def line(cells: list[str]) -> str:
        padded = (c.ljust(w) if col.align == LEFT else c.rjust(w)
                  for c, w, col in zip(cells, widths, columns, strict=True))
        return gap.join(padded).rstrip()

    head = line(titles)
    lines = [head, "-" * len(head)] if rule else [head]
    return "\n".join(lines + [line(row) for row in body])


def escape_markdown(text: str) -> str:
    """`text` safe inside a Markdown table cell."""
    return text.replace("|", "\\|")


def markdown_table(columns: Sequence[Column], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table: the titles, a separator (`---` left, `---:` right) and the rows;
    a `|` inside a cell is escaped."""
    body = _checked(columns, rows)

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(escape_markdown(c) for c in cells) + " |"

    separator = "|" + "".join("---|" if col.align == LEFT else "---:|" for col in columns)
    return "\n".join([line([col.title for col in columns]), separator,
                      *(line(row) for row in body)])
