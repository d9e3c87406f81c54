"""How much of the article each text extractor finds, and how much page chrome it lets
through, on the fixtures of `tests/extraction_fixtures.py` (saved news pages in en, fr and
vi; report PDFs with columns, running headers, hyphenation, footnotes and a table; Word
files with a table).

    python benchmarks/extraction.py [--set development|held-out] [--show NAME] [--write DIR]

Both figures are counted in sentences, as the model sees them: the extracted text and
each fixture's expected units are split by the package's sentence splitter.
- found: the share of expected sentences that come out exactly (whitespace aside) as an
  output sentence; a sentence run into a menu item or cut by a column break is not found.
- boilerplate: the share of output sentences that are in no expected unit.
`--set held-out` scores the documents of `tests/fixtures_heldout.py` instead: written after
the readers were, by someone who never saw them, and never used to change them.
`--show NAME` prints what each extractor made of one fixture, sentence by sentence,
marking the sentences that are boilerplate (B) or expected (=). `--write DIR` writes the
fixtures out as files, to try `classifier predict` on them.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classifier.text import split_document  # noqa: E402
from tests.extraction_fixtures import Fixture, all_fixtures  # noqa: E402


def _norm(text: str) -> str:
    return " ".join(text.split())


def sentences(text: str, lang: str) -> list[str]:
    return [_norm(s.text) for s in split_document(text, "d", lang=lang)]


def score(fixture: Fixture, text: str) -> tuple[int, int, int, int]:
    """(expected sentences found, expected sentences, boilerplate sentences, output
    sentences)."""
    expected = [s for unit in fixture.article for s in sentences(unit, fixture.lang)]
    out = sentences(text, fixture.lang)
    produced = set(out)
    found = sum(s in produced for s in expected)
    units = [_norm(u) for u in fixture.article]
    boilerplate = sum(not any(s in u for u in units) for s in out)
    return found, len(expected), boilerplate, len(out)


# ------------------------------------------------------------------------ extractors


def ours(fixture: Fixture) -> str:
    """The package's reader, as `classifier predict` reads the file."""
    import tempfile

    from classifier.data.readers import read_document

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / fixture.name
        path.write_bytes(fixture.data)
        return read_document(path).text


def html_visible(fixture: Fixture) -> str:
    """Every visible text (`--keep-boilerplate`, and the reader before this change)."""
    from classifier.data.formats.html import visible_text

    return visible_text(fixture.data.decode("utf-8"))


def html_readability(fixture: Fixture) -> str:
    """readability-lxml's article HTML, its title first, as visible text. Installed on its
    own (`pip install readability-lxml`; see pyproject.toml's `bench` extra for why), so
    imported by name: the comparison is skipped where it is missing."""
    import importlib

    Document = importlib.import_module("readability").Document

    from classifier.data.formats.html import visible_text

    page = Document(fixture.data.decode("utf-8"))
    return f"{page.short_title()}\n\n{visible_text(page.summary())}"


def html_trafilatura_plain(fixture: Fixture) -> str:
    """trafilatura's own text output, defaults (no figure unwrapping, no tables)."""
    import trafilatura

    text = trafilatura.extract(fixture.data.decode("utf-8")) or ""
    return text.replace("\n", "\n\n")


def pdf_pypdf(fixture: Fixture) -> str:
    """pypdf's plain text (the reader before this change)."""
    from pypdf import PdfReader

    return "\n\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(fixture.data)).pages)


def pdf_pypdf_layout(fixture: Fixture) -> str:
    from pypdf import PdfReader

    return "\n\n".join(p.extract_text(extraction_mode="layout") or ""
                       for p in PdfReader(io.BytesIO(fixture.data)).pages)


def pdf_pdfplumber_plain(fixture: Fixture) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(fixture.data)) as pdf:
        return "\n\n".join(p.extract_text() or "" for p in pdf.pages)


def pdf_pymupdf(fixture: Fixture) -> str:
    """PyMuPDF's text in its block reading order (`sort=True`)."""
    import pymupdf

    with pymupdf.open(stream=fixture.data, filetype="pdf") as pdf:
        return "\n\n".join(page.get_text("text", sort=True) for page in pdf)


EXTRACTORS = {
    ".html": {"classifier (trafilatura)": ours, "readability-lxml": html_readability,
              "trafilatura, plain": html_trafilatura_plain,
              "all visible text (--keep-boilerplate)": html_visible},
    ".pdf": {"classifier (pdfplumber layout)": ours, "pypdf": pdf_pypdf,
             "pypdf layout mode": pdf_pypdf_layout, "pdfplumber plain": pdf_pdfplumber_plain,
             "PyMuPDF sort=True": pdf_pymupdf},
    ".docx": {"classifier (python-docx)": ours},
}


def run(fixtures: list[Fixture]) -> list[tuple]:
    rows = []
    for ext, extractors in EXTRACTORS.items():
        group = [f for f in fixtures if f.name.endswith(ext)]
        if not group:
            continue
        for name, extract in extractors.items():
            found = expected = boiler = produced = 0
            seconds = 0.0
            try:
                for fixture in group:
                    t0 = time.perf_counter()
                    text = extract(fixture)
                    seconds += time.perf_counter() - t0
                    f, e, b, p = score(fixture, text)
                    found, expected, boiler, produced = (found + f, expected + e,
                                                         boiler + b, produced + p)
            except ImportError as exc:
                rows.append((ext, name, None, None, None, f"not installed ({exc.name})"))
                continue
            rows.append((ext, name, found / max(expected, 1), boiler / max(produced, 1),
                         1000 * seconds / len(group), f"{len(group)} files, {expected} "
                         f"expected sentences, {produced} out"))
    return rows


def table(rows: list[tuple]) -> str:
    lines = ["| format | extractor | article sentences found | boilerplate share of output | "
             "ms per file | |", "|---|---|---:|---:|---:|---|"]
    for ext, name, found, boiler, ms, note in rows:
        if found is None:
            lines.append(f"| {ext} | {name} | | | | {note} |")
        else:
            lines.append(f"| {ext} | {name} | {found:.1%} | {boiler:.1%} | {ms:.0f} | {note} |")
    return "\n".join(lines)


def show(fixture: Fixture) -> None:
    units = [_norm(u) for u in fixture.article]
    expected = {s for unit in fixture.article for s in sentences(unit, fixture.lang)}
    for name, extract in EXTRACTORS[Path(fixture.name).suffix].items():
        print(f"\n===== {name}")
        out = sentences(extract(fixture), fixture.lang)
        for s in out:
            mark = "=" if s in expected else ("B" if not any(s in u for u in units) else " ")
            print(f"{mark} {s[:160]}")
        missing = sorted(expected - set(out))
        print(f"-- {len(missing)} expected sentences not found:")
        for s in missing:
            print(f"   {s[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("development", "held-out"), default="development",
                        help="which fixtures (default: %(default)s)")
    parser.add_argument("--show", metavar="NAME", help="print one fixture's sentences")
    parser.add_argument("--write", metavar="DIR", type=Path, help="write the fixtures to DIR")
    args = parser.parse_args()
    if args.set == "held-out":
        from tests.fixtures_heldout import heldout_fixtures

        fixtures = heldout_fixtures()
    else:
        fixtures = all_fixtures()
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for fixture in fixtures:
            (args.write / fixture.name).write_bytes(fixture.data)
        print(f"{len(fixtures)} fixtures written to {args.write}")
        return
    if args.show:
        show(next(f for f in fixtures if f.name == args.show))
        return
    print(table(run(fixtures)))


if __name__ == "__main__":
    main()
