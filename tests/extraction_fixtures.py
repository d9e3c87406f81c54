"""Documents as analysts download them, built in code, each with the clean text it holds.

The extraction tests (tests/test_extraction.py) and `benchmarks/extraction.py` read the
same fixtures: saved news pages with their chrome (menus, cookie banners, related links,
footers) in English, French and Vietnamese; report PDFs with two columns, running headers,
page numbers, hyphenation, footnote markers and a table; a scan-like PDF that is only an
image; Word files with headings and a table. Every text in them is the project's own
writing.

A fixture's `article` lists the units a reader should get, in reading order: the title,
each paragraph, each caption, each table cell or row. `boilerplate` lists text that must
not reach the output (menu items, the cookie notice, footer lines, running headers, page
numbers as printed).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fixture:
    name: str  # a file name with its extension, e.g. "news-en.html"
    data: bytes
    article: tuple[str, ...]
    boilerplate: tuple[str, ...] = ()
    # What the page says about itself (title, date, author, site, url), where it says it.
    metadata: dict[str, str] = field(default_factory=dict)
    lang: str = "en"


def all_fixtures() -> list[Fixture]:
    """Every fixture with a text layer (the scan is `scanned_pdf`)."""
    from tests.fixtures_documents import docx_fixtures, pdf_fixtures
    from tests.fixtures_html import html_fixtures

    return [*html_fixtures(), *pdf_fixtures(), *docx_fixtures()]
