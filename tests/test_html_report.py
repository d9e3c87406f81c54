"""The HTML report: parsed back for colours, tooltips, shares and escaping, then opened in
a real headless Chromium to check that it renders (DOM and a screenshot)."""

from __future__ import annotations

import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from classifier.report.html import FIXED_COLOURS, HtmlReportWriter, label_colours
from classifier.text import split_document

LABELS = ["prevention", "prosecution", "protection", "partnership", "other"]
CHROMIUM = "/usr/bin/chromium"

VI_TEXT = ("Cảnh sát bắt giữ đường dây mua bán người\n\n"
           "Cảnh sát đã bắt giữ năm đối tượng. Tòa án đã xét xử vụ án.\n\n"
           "Các tổ chức phi chính phủ hỗ trợ nạn nhân trở về.")
FR_TEXT = ("La police a interpellé cinq passeurs. Un refuge accueille les victimes.\n"
           "Les écoles sensibilisent les élèves aux fausses offres d'emploi.")
NASTY_TEXT = 'Tags <script>alert("x")</script> & "quotes" stay text.'
VI_LABELS = ["other", "prosecution", "prosecution", "protection"]
FR_LABELS = ["prosecution", "protection", "prevention"]


def sentences(text: str, doc: str, labels: list[str]) -> list[dict]:
    out = []
    for s, label in zip(split_document(text, doc), labels, strict=True):
        out.append({**s.to_dict(), "label": label, "score": 0.87})
    return out


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "report.html"
    with HtmlReportWriter(path, LABELS) as writer:
        writer.add_document("reports/vi.txt", sentences(VI_TEXT, "vi", VI_LABELS), VI_TEXT)
        # without the text and out of order: still reading order, one paragraph
        writer.add_document("reports/fr.txt", sentences(FR_TEXT, "fr", FR_LABELS)[::-1])
        writer.add_document('<img src=x onerror="alert(1)">.txt',
                            [{"text": NASTY_TEXT, "label": "other", "score": 0.5}])
        writer.add_document("empty.txt", [])
    return path


class Page(HTMLParser):
    """Collects what the tests look at: spans with their class/title, legend, bar, CSS."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.spans: list[dict] = []  # sentence spans
        self.segments: list[dict] = []  # bar segments
        self.legend: list[str] = []
        self.headings: list[str] = []
        self.css = ""
        self.tags: list[str] = []
        self.paragraphs = 0
        self.breaks = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.paragraphs += tag == "p" and any(a.get("class") == "text" for _, a in self.stack)
        self.breaks += tag == "br"
        if tag not in ("br", "meta"):
            self.stack.append((tag, {**attrs, "_text": ""}))

    def handle_endtag(self, tag):
        name, attrs = self.stack.pop()
        assert name == tag, f"</{tag}> closes <{name}>"
        cls = attrs.get("class", "").split()
        if tag == "span" and "s" in cls:
            self.spans.append(attrs)
        elif tag == "span" and "seg" in cls:
            self.segments.append(attrs)
        elif tag == "li":
            self.legend.append(attrs["_text"])
        elif tag == "h2":
            self.headings.append(attrs["_text"])
        elif tag == "style":
            self.css = attrs["_text"]

    def handle_data(self, data):
        for _, attrs in self.stack:
            attrs["_text"] += data


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    assert not page.stack
    return page


def test_colours_are_fixed_and_other_is_grey():
    colours = label_colours(LABELS)
    assert colours == {label: FIXED_COLOURS[label] for label in LABELS}
    assert label_colours(list(reversed(LABELS))) == colours  # independent of order
    extra = label_colours(["other", "a", "b"])
    assert len(set(extra.values())) == 3 and extra["other"] == FIXED_COLOURS["other"]
    r, g, b = (int(colours["other"][i:i + 2], 16) for i in (1, 3, 5))
    assert r == g == b


def test_page_structure_colours_and_tooltips(report):
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html
    page = parse(report)
    assert page.legend == LABELS
    assert page.headings == ["reports/vi.txt", "reports/fr.txt",
                             '<img src=x onerror="alert(1)">.txt', "empty.txt"]
    # each label's class gets its colour in the stylesheet
    for i, label in enumerate(LABELS):
        assert f".sw.t{i},.seg.t{i}{{background:{FIXED_COLOURS[label]};" in page.css
    vi = page.spans[:4]
    assert [s["_text"] for s in vi] == [s["text"] for s in sentences(VI_TEXT, "vi", VI_LABELS)]
    assert [s["class"] for s in vi] == [f"s t{LABELS.index(x)}" for x in VI_LABELS]
    assert vi[1]["title"] == "prosecution (score 0.87)"
    assert vi[1]["lang"] == "vi"
    # reading order restored for the reversed French document
    assert [s["_text"] for s in page.spans[4:7]] == [
        s["text"] for s in sentences(FR_TEXT, "fr", FR_LABELS)]


def test_paragraphs_follow_blank_lines(report):
    page = parse(report)
    # vi: heading / two sentences / one sentence -> 3 paragraphs; fr and nasty: 1 each
    assert page.paragraphs == 5
    assert page.breaks == 0


def test_bar_shares_and_tooltips(report):
    page = parse(report)
    vi_segments = page.segments[:3]  # other, prosecution, protection (legend order)
    assert [s["class"] for s in vi_segments] == ["seg t1", "seg t2", "seg t4"]
    assert [s["style"] for s in vi_segments] == ["flex:2 1 0", "flex:1 1 0", "flex:1 1 0"]
    assert vi_segments[0]["title"] == "prosecution: 2 of 4 sentences (50.0%)"
    assert vi_segments[0]["_text"] == "prosecution 50%"  # wide enough for a visible label
    assert all(s["title"].endswith("(33.3%)") for s in page.segments[3:6])


def test_narrow_segment_hides_its_label(tmp_path):
    path = tmp_path / "r.html"
    rows = [{"text": f"S{i}.", "label": "other", "score": 0.9} for i in range(99)]
    rows.append({"text": "Rare.", "label": "partnership", "score": 0.6})
    with HtmlReportWriter(path, LABELS) as writer:
        writer.add_document("d", rows)
    segments = parse(path).segments
    assert segments[0]["_text"] == "" and segments[0]["title"].endswith("(1.0%)")
    assert segments[1]["_text"] == "other 99%"


def test_everything_is_escaped(report):
    html = report.read_text(encoding="utf-8")
    page = parse(report)
    assert "script" not in page.tags and "img" not in page.tags
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert page.spans[-1]["_text"] == NASTY_TEXT
    assert page.headings[2] == '<img src=x onerror="alert(1)">.txt'
    assert "http" not in html and "<link" not in html  # self-contained


def test_unknown_label_and_misuse(tmp_path):
    path = tmp_path / "r.html"
    with pytest.raises(ValueError, match="not in the report's legend: fraud"), \
            HtmlReportWriter(path, LABELS) as writer:
        writer.add_document("d", [{"text": "x", "label": "fraud", "score": 1.0}])
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(RuntimeError, match="outside"):
        HtmlReportWriter(path, LABELS).add_document("d", [])


def test_exception_leaves_nothing_behind(tmp_path):
    path = tmp_path / "r.html"
    with pytest.raises(RuntimeError, match="boom"), HtmlReportWriter(path, LABELS) as writer:
        writer.add_document("d", [{"text": "x", "label": "other", "score": 1.0}])
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


# -------------------------------------------------------------------- a real browser


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={profile}", *args]
    # The timeout only stops a hung browser from hanging the suite; nothing is timed.
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=180,
                            env={**os.environ, "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_renders_in_headless_chromium(report, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", report.as_uri()).stdout
    for s in sentences(VI_TEXT, "vi", VI_LABELS) + sentences(FR_TEXT, "fr", FR_LABELS):
        assert s["text"].replace("\n", " ") in dom.replace("\n", " ")
    assert '<ul class="legend"' in dom
    for label in LABELS:
        assert f"</span>{label}</li>" in dom
    assert "<script" not in dom


def test_screenshot_shows_the_colours(report, tmp_path):
    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,900", report.as_uri())
    assert shot.exists()
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000  # a blank 1200x900 page is a few kB
    Image = pytest.importorskip("PIL.Image")
    with Image.open(shot) as im:
        assert im.size == (1200, 900)
        colours = {c for _, c in im.convert("RGB").getcolors(maxcolors=1 << 20)}
    # the bars of the first document are painted in their labels' colours
    for label in ("prosecution", "protection", "other"):
        hex_colour = FIXED_COLOURS[label]
        assert tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)) in colours, label


# -------------------------------------------------------------------- streamed documents


def test_document_in_pieces_renders_like_one_call(tmp_path, monkeypatch):
    import classifier.report.html as html_report

    rows = sentences(VI_TEXT, "vi", VI_LABELS)
    one, pieces = tmp_path / "one.html", tmp_path / "pieces.html"
    with HtmlReportWriter(one, LABELS) as writer:
        writer.add_document("reports/vi.txt", rows, VI_TEXT)
        writer.add_document("empty.txt", [])
    monkeypatch.setattr(html_report, "_SPOOL_BYTES", 10)  # the text spills to disk
    with HtmlReportWriter(pieces, LABELS) as writer:
        writer.begin_document("reports/vi.txt", VI_TEXT)
        for part in (rows[:1], [], rows[1:3], rows[3:]):
            writer.add_sentences(part)
        writer.end_document()
        writer.begin_document("empty.txt")
        writer.end_document()
    assert one.read_text(encoding="utf-8") == pieces.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.html", "pieces.html"]
    page = parse(pieces)
    assert page.paragraphs == 3 and len(page.spans) == len(rows)


def test_streamed_document_misuse_and_failure(tmp_path):
    path = tmp_path / "r.html"
    row = {"text": "x", "label": "other", "score": 1.0}
    with HtmlReportWriter(path, LABELS) as writer:
        with pytest.raises(RuntimeError, match="without begin_document"):
            writer.add_sentences([row])
        with pytest.raises(RuntimeError, match="without begin_document"):
            writer.end_document()
        with pytest.raises(ValueError, match="not in the report's legend"):
            writer.add_document("bad", [{"text": "x", "label": "fraud"}])
        writer.begin_document("a")
        with pytest.raises(RuntimeError, match="a is still open"):
            writer.begin_document("b")
        writer.add_sentences([row])  # left open: the end of the report closes it
    assert parse(path).headings == ["a"] and "1 sentence" in path.read_text(encoding="utf-8")
    path.unlink()
    with pytest.raises(KeyboardInterrupt), HtmlReportWriter(path, LABELS) as writer:
        writer.begin_document("a")
        writer.add_sentences([row] * 3)
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
