"""Reading reports as published: a web page's article without its chrome, a PDF in reading
order without its running lines, a Word file's blocks in order, scans refused or read by
OCR, and the page's metadata in the summary (fixtures: tests/extraction_fixtures.py)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from classifier.backends.tfidf import TfidfClassifier
from classifier.cli import main
from classifier.data.readers import InputError, ReadOptions, read_document
from classifier.data.saved_text import text_path
from classifier.package import save_model
from classifier.text import split_document
from tests.extraction_fixtures import Fixture, all_fixtures
from tests.fixtures_documents import SCANNED_TEXT, scanned_pdf
from tests.fixtures_html import html_fixtures

FIXTURES = all_fixtures()


def _norm(text: str) -> str:
    return " ".join(text.split())


def _sentences(text: str, lang: str) -> list[str]:
    return [_norm(s.text) for s in split_document(text, "d", lang=lang)]


def _write(fixture: Fixture, folder: Path) -> Path:
    path = folder / fixture.name
    path.write_bytes(fixture.data)
    return path


def _scores(fixtures: list[Fixture], folder: Path, options=None) -> tuple[float, float]:
    """(share of expected sentences found as output sentences, share of output sentences
    in no expected unit), over `fixtures` together: the measure of benchmarks/extraction."""
    found = expected = boiler = produced = 0
    for fixture in fixtures:
        text = read_document(_write(fixture, folder), options).text
        out = _sentences(text, fixture.lang)
        want = [s for unit in fixture.article for s in _sentences(unit, fixture.lang)]
        units = [_norm(u) for u in fixture.article]
        found += sum(s in set(out) for s in want)
        expected += len(want)
        boiler += sum(not any(s in u for u in units) for s in out)
        produced += len(out)
    return found / expected, boiler / produced


@pytest.mark.parametrize("ext", [".html", ".pdf", ".docx"])
def test_article_sentences_found_and_boilerplate_left_out(ext, tmp_path):
    found, boilerplate = _scores([f for f in FIXTURES if f.name.endswith(ext)], tmp_path)
    assert found >= 0.95
    assert boilerplate <= 0.05


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_no_chrome_text_reaches_the_output(fixture, tmp_path):
    text = _norm(read_document(_write(fixture, tmp_path)).text)
    units = " ".join(_norm(u) for u in fixture.article)
    # Long enough not to occur inside an article sentence by chance ("Page 2" might).
    leaked = [b for b in fixture.boilerplate if len(b) > 12 and _norm(b) in text
              and _norm(b) not in units]
    assert leaked == []


def test_keep_boilerplate_reads_every_visible_text(tmp_path):
    page = html_fixtures()[0]
    path = _write(page, tmp_path)
    article = read_document(path).text
    everything = read_document(path, ReadOptions(keep_boilerplate=True)).text
    chrome = [b for b in page.boilerplate if len(b) > 12]
    assert chrome and all(_norm(b) in _norm(everything) for b in chrome)
    assert len(_sentences(everything, "en")) > 2 * len(_sentences(article, "en"))


@pytest.mark.parametrize("fixture", [f for f in FIXTURES if f.metadata], ids=lambda f: f.name)
def test_metadata_is_what_the_file_says(fixture, tmp_path):
    metadata = read_document(_write(fixture, tmp_path)).metadata
    assert {k: metadata.get(k) for k in fixture.metadata} == fixture.metadata


def test_pdf_reading_order_headers_hyphens_and_markers(tmp_path):
    report = next(f for f in FIXTURES if f.name == "report-en.pdf")
    text = read_document(_write(report, tmp_path)).text
    paragraphs = [_norm(p) for p in text.split("\n\n")]
    # Every expected unit is one paragraph, in order: columns read left first, a paragraph
    # cut by a column or page break whole again, footnotes after it.
    assert paragraphs == [_norm(u) for u in report.article]
    assert "traf- ficking" not in text and "traf-ficking" not in text
    assert "Page 2" not in text


def test_a_scan_is_refused_by_name_without_ocr(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.reason.startswith("no text layer (scanned PDF?)")
    assert "--ocr" in err.value.reason


def test_ocr_without_tesseract_says_how_to_install_it(tmp_path, monkeypatch):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(InputError, match="apt install tesseract-ocr"):
        read_document(path, ReadOptions(ocr=True))


@pytest.mark.skipif(shutil.which("tesseract") is None,
                    reason="Tesseract is not installed (Debian: apt install tesseract-ocr)")
def test_ocr_reads_a_scan(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf())
    doc = read_document(path, ReadOptions(ocr=True))
    words = {w.strip(".,;:").lower() for line in SCANNED_TEXT for w in line.split()}
    read = {w.strip(".,;:").lower() for w in doc.text.split()}
    assert len(words & read) >= 0.8 * len(words)
    assert any("OCR" in note for note in doc.notes)


def test_word_tables_and_lists_in_document_order(tmp_path):
    for memo in (f for f in FIXTURES if f.name.endswith(".docx")):
        text = read_document(_write(memo, tmp_path)).text
        assert [_norm(p) for p in text.split("\n\n")] == [_norm(u) for u in memo.article]


# ------------------------------------------------------------------------ the commands


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, handful):
    model = TfidfClassifier().fit(*handful)
    return save_model(model, tmp_path_factory.mktemp("pkg") / "tfidf", config={})


def test_summary_of_a_news_page_is_about_its_article(model_dir, tmp_path):
    page = html_fixtures()[0]
    path = _write(page, tmp_path)
    article_sentences = sum(len(_sentences(u, page.lang)) for u in page.article)
    shown = {}
    for name, flags in (("article", []), ("everything", ["--keep-boilerplate"])):
        summary = tmp_path / f"{name}.csv"
        assert main(["predict", str(model_dir), str(path), "--out",
                     str(tmp_path / f"{name}.jsonl"), "--summary", str(summary), "--quiet",
                     *flags]) == 0
        with summary.open(encoding="utf-8") as fh:
            shown[name] = next(csv.DictReader(fh))
    assert int(shown["article"]["sentences"]) == article_sentences
    assert int(shown["everything"]["sentences"]) > 2 * article_sentences
    for key, value in page.metadata.items():
        assert shown["article"][key] == value


def test_save_text_holds_what_the_offsets_point_into(model_dir, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for fixture in FIXTURES[:2] + [f for f in FIXTURES if f.name.endswith(".pdf")][:1]:
        _write(fixture, folder)
    out, texts = tmp_path / "rows.jsonl", tmp_path / "texts"
    assert main(["predict", str(model_dir), str(folder), "--out", str(out), "--quiet",
                 "--save-text", str(texts)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows
    for row in rows:
        saved = text_path(texts, row["doc"]).read_text(encoding="utf-8")
        assert saved[row["start"]:row["end"]] == row["text"]
    assert {p.name for p in texts.rglob("*.txt")} == {f"{p.name}.txt"
                                                      for p in folder.iterdir()}


def test_saved_text_stays_inside_its_folder(tmp_path):
    assert text_path(tmp_path, "reports/a.pdf") == tmp_path / "reports" / "a.pdf.txt"
    assert text_path(tmp_path, "/abs/b.html") == tmp_path / "abs" / "b.html.txt"
    assert text_path(tmp_path, "../up/c.txt") == tmp_path / "__" / "up" / "c.txt.txt"
    assert text_path(tmp_path, "stdin") == tmp_path / "stdin.txt"


def test_save_text_refuses_a_file_before_any_work(model_dir, tmp_path, capsys):
    page = _write(html_fixtures()[0], tmp_path)
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    code = main(["predict", str(model_dir), str(page), "--out", str(tmp_path / "o.jsonl"),
                 "--save-text", str(tmp_path / "taken")])
    assert code != 0
    assert "is a file, not a folder" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()


def test_split_reads_documents_as_predict_does(tmp_path, capsys):
    page = html_fixtures()[1]
    path = _write(page, tmp_path)
    counts = {}
    for name, flags in (("article", []), ("everything", ["--keep-boilerplate"])):
        out = tmp_path / f"{name}.jsonl"
        assert main(["split", str(path), "--out", str(out), *flags]) == 0
        counts[name] = len(out.read_text(encoding="utf-8").splitlines())
    assert counts["article"] == sum(len(_sentences(u, page.lang)) for u in page.article)
    assert counts["everything"] > 2 * counts["article"]
