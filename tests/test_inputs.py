"""Finding input documents and reading every supported format, and each way a file can be
bad: the reason must be short and name the problem."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

from classifier.data.finding import expand_inputs
from classifier.data.readers import InputDocument, InputError, ReadOptions, read_document
from classifier.text import split_document

# -------------------------------------------------------------------- file builders

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def make_docx(path: Path, body_xml: str) -> Path:
    """A minimal .docx: content types and word/document.xml with `body_xml` in w:body."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{W_NS}"><w:body>{body_xml}</w:body></w:document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", PACKAGE_RELS)
        zf.writestr("word/document.xml", document.encode("utf-8"))
    return path


def para(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r><w:t xml:space=\"preserve\">{r}</w:t></w:r>"
                             for r in runs) + "</w:p>"


def make_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF with a real text layer in Helvetica, xref offsets computed."""
    ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("cp1252")  # WinAnsiEncoding covers French accents
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def reason(path) -> str:
    with pytest.raises(InputError) as info:
        read_document(path)
    err = info.value
    assert str(err) == f"{err.path}: {err.reason}"
    return err.reason


# -------------------------------------------------------------------- formats


def test_txt_with_bom_and_crlf(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("\ufeffCảnh sát đã bắt giữ năm đối tượng.\r\nLa police agit.\r\n"
                     .encode("utf-8"))
    doc = read_document(path)
    assert isinstance(doc, InputDocument)
    assert doc.text == "Cảnh sát đã bắt giữ năm đối tượng.\nLa police agit.\n"
    assert doc.path == str(path)


def test_markdown_is_kept_as_text(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("# Shelters\n\nA *new* shelter opened.\n", encoding="utf-8")
    assert read_document(path).text == "# Shelters\n\nA *new* shelter opened.\n"


def test_html_with_boilerplate_keeps_visible_text_only(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Hidden title</title>"
        "<style>p { color: red }</style><script>var x = '<p>nope</p>';</script></head>"
        "<body><noscript>Enable JS</noscript><template><p>template text</p></template>"
        "<h1>Police  arrest\n brokers</h1><p>Five brokers were charged &amp; held in "
        "H&agrave; N&#7897;i.<br>officials said more would follow.</p>"
        "<ul><li>first step</li><li>second step</li></ul>"
        "<script type=\"application/ld+json\">{\"a\": 1}</script>"
        "<table><tr><td>Province</td><td>Cases</td></tr></table></body></html>",
        encoding="utf-8",
    )
    text = read_document(path, ReadOptions(keep_boilerplate=True)).text
    for hidden in ("Hidden title", "color", "var x", "nope", "Enable JS", "template text",
                   '"a"'):
        assert hidden not in text
    assert text.splitlines()[0] == "Police arrest brokers"  # heading on its own line
    assert "Five brokers were charged & held in Hà Nội.\nofficials said" in text
    assert "first step\n\nsecond step" in text
    assert "Province Cases" in text
    # the heading stays a sentence of its own even though the next line starts lowercase
    sentences = [s.text for s in split_document(text, "page", lang="en")]
    assert sentences[0] == "Police arrest brokers"


def test_html_unclosed_head_and_declared_charset(tmp_path):
    path = tmp_path / "old.htm"
    path.write_bytes("<html><head><meta charset=\"iso-8859-1\"><title>t</title>"
                     "<body><p>Égalité des chances.</p>".encode("latin-1"))
    assert read_document(path).text == "Égalité des chances."


@pytest.mark.parametrize("declared", ["utf-16", "UTF-16LE", "utf_16be", "utf-32", "utf32"])
def test_html_declaring_utf16_or_utf32_is_read_as_its_own_bytes(tmp_path, declared):
    """A <meta> found by an ASCII search is in no UTF-16 or UTF-32 file: the HTML standard
    reads such a declaration as UTF-8; decoding the bytes as declared gave garbage."""
    path = tmp_path / "page.html"
    path.write_bytes(f"<html><head><meta charset=\"{declared}\"></head><body><p>Cảnh sát "
                     "đã bắt giữ năm đối tượng.</p></body></html>".encode())
    doc = read_document(path)
    assert doc.text == "Cảnh sát đã bắt giữ năm đối tượng." and doc.notes == ()
    legacy = tmp_path / "legacy.html"  # and as any undeclared page, a legacy one is guessed
    legacy.write_bytes(f"<meta charset='{declared}'><p>La police a interpellé cinq passeurs "
                       "à la frontière. Un refuge accueille désormais les victimes.</p>"
                       .encode("cp1252"))
    doc = read_document(legacy)
    assert doc.text.startswith("La police a interpellé") and doc.notes


def test_docx_paragraphs_one_block_each(tmp_path):
    body = (
        para("Báo cáo về ", "mua bán người")
        + para()  # empty paragraph
        + "<w:p><w:r><w:t>Police</w:t><w:tab/><w:t>acted.</w:t></w:r>"
          "<w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del></w:p>"
        + "<w:tbl><w:tr><w:tc>" + para("cell text") + "</w:tc></w:tr></w:tbl>"
        + para("La police a interpellé cinq passeurs.")
    )
    doc = read_document(make_docx(tmp_path / "report.docx", body))
    assert doc.text == ("Báo cáo về mua bán người\n\nPolice acted.\n\ncell text\n\n"
                        "La police a interpellé cinq passeurs.")


def test_pdf_text_layer(tmp_path):
    path = make_pdf(tmp_path / "report.pdf",
                    ["Police arrested five brokers.", "Égalité (fr) et sécurité."])
    text = read_document(path).text
    assert "Police arrested five brokers." in text
    assert "Égalité (fr) et sécurité." in text


def test_stdin_text_stream(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Cảnh sát đã bắt giữ.\n"))
    assert read_document("-") == InputDocument("stdin", "-", "Cảnh sát đã bắt giữ.\n")


def test_stdin_bytes_are_utf8_whatever_the_locale(monkeypatch):
    raw = io.TextIOWrapper(io.BytesIO("\ufeffLa sécurité.\r\n".encode()), encoding="latin-1")
    monkeypatch.setattr(sys, "stdin", raw)
    assert read_document("-").text == "La sécurité.\n"


def test_stdin_empty(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("  \n"))
    with pytest.raises(InputError, match="^stdin: no text$"):
        read_document("-")


def test_doc_id_is_relative_where_possible(tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text("Text.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert read_document("reports/a.txt").id == "reports/a.txt"
    assert read_document("./reports/a.txt").id == "reports/a.txt"
    assert read_document(tmp_path / "reports" / "a.txt").id == "reports/a.txt"
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("Text.", encoding="utf-8")
    try:
        assert read_document(outside).id == outside.as_posix()
    finally:
        outside.unlink()


# -------------------------------------------------------------------- finding


@pytest.fixture
def tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = ["reports/b.txt", "reports/a.md", "reports/2024/x.pdf", "reports/2024/y.html",
             "reports/2023/z.docx", "reports/notes.xyz", "reports/.hidden.txt",
             "reports/.git/config.txt", "reports/~$lock.docx", "other/c.txt"]
    for name in files:
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text("x", encoding="utf-8")
    return tmp_path


def test_folder_is_recursive_sorted_and_skips_hidden(tree):
    assert list(expand_inputs(["reports"])) == [
        Path("reports/2023/z.docx"), Path("reports/2024/x.pdf"), Path("reports/2024/y.html"),
        Path("reports/a.md"), Path("reports/b.txt"),
    ]


def test_glob_patterns(tree):
    assert list(expand_inputs(["reports/**/*.pdf"])) == [Path("reports/2024/x.pdf")]
    assert list(expand_inputs(["reports/*.txt", "other/*"])) == [
        Path("reports/b.txt"), Path("other/c.txt")]
    # a folder matched by a pattern is searched like a folder given by name
    assert list(expand_inputs(["reports/202?"])) == [
        Path("reports/2023/z.docx"), Path("reports/2024/x.pdf"), Path("reports/2024/y.html")]


def test_stdin_files_and_duplicates(tree):
    got = list(expand_inputs(["-", "reports/b.txt", "reports/notes.xyz", "reports",
                              str(tree / "reports/b.txt")]))
    assert got[0] == "-"
    assert got[1:3] == [Path("reports/b.txt"), Path("reports/notes.xyz")]
    assert got.count(Path("reports/b.txt")) == 1  # reached again via the folder
    assert len(got) == 7


def test_files_to_skip_are_left_out_of_folders_and_patterns_only(tree):
    """`skip` holds a run's own outputs: a folder or a pattern reaching one passes it by,
    a file named itself is still yielded (the run refuses that case before it starts)."""
    from classifier.data.finding import same_file_key

    skip = {same_file_key("reports/b.txt"), same_file_key(tree / "reports/2024/y.html")}
    assert list(expand_inputs(["reports"], skip=skip)) == [
        Path("reports/2023/z.docx"), Path("reports/2024/x.pdf"), Path("reports/a.md")]
    assert list(expand_inputs(["reports/**/*.html", "reports/*.txt"], skip=skip)) == []
    assert list(expand_inputs(["reports/b.txt", "reports"], skip=skip))[0] == Path(
        "reports/b.txt")


def test_specs_matching_nothing_are_kept_and_fail_later(tree):
    Path("empty").mkdir()
    got = list(expand_inputs(["missing.txt", "reports/**/*.doc", "empty"]))
    assert got == [Path("missing.txt"), Path("reports/**/*.doc"), Path("empty")]
    assert reason(got[0]) == "not found"
    assert reason(got[1]).startswith("not found")
    assert reason(got[2]).startswith("folder with no supported documents")
    assert reason(Path("reports/notes.xyz")).startswith("unsupported file type .xyz")


# -------------------------------------------------------------------- bad input


def test_not_found(tmp_path):
    assert reason(tmp_path / "nope.txt") == "not found"


def test_empty_file(tmp_path):
    for name in ("e.txt", "e.pdf", "e.docx", "e.html"):
        (tmp_path / name).write_bytes(b"")
        assert reason(tmp_path / name) == "empty file"


def test_whitespace_only_is_no_text(tmp_path):
    (tmp_path / "w.txt").write_text(" \n\t\n", encoding="utf-8")
    assert reason(tmp_path / "w.txt") == "no text"
    (tmp_path / "w.html").write_text("<html><head><title>x</title></head><body> </body>",
                                     encoding="utf-8")
    assert reason(tmp_path / "w.html") == "no text"
    assert reason(make_docx(tmp_path / "w.docx", para() + para(" "))) == "no text"


def test_binary_file(tmp_path):
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert reason(tmp_path / "b.txt") == "binary file (not text)"


def test_utf16_is_named(tmp_path):
    (tmp_path / "u.txt").write_bytes("Text".encode("utf-16"))
    assert reason(tmp_path / "u.txt").startswith("not valid UTF-8 (looks like UTF-16")


def test_not_utf8(tmp_path):
    # too short for any code page to be told with confidence
    (tmp_path / "l.txt").write_bytes("Égalité".encode("latin-1"))
    assert reason(tmp_path / "l.txt") == (
        "not UTF-8 (byte 0xc9 at offset 0) and the encoding could not be detected with "
        "confidence; save it as UTF-8")
    # a UTF-8 byte order mark says UTF-8: a bad byte is damage, no code page is guessed
    (tmp_path / "m.md").write_bytes(b"\xef\xbb\xbfok \xff")
    assert reason(tmp_path / "m.md") == "not valid UTF-8 (byte 0xff at offset 6)"


FRENCH = ("Le ministère a signé un accord avec l’OIM. Les victimes reçoivent désormais une "
          "aide médicale et juridique gratuite, a précisé la ministre. « C’est une étape "
          "décisive », a-t-elle déclaré.\r\n")


def test_cp1252_is_decoded_with_a_note(tmp_path):
    path = tmp_path / "rapport.txt"
    path.write_bytes(FRENCH.encode("cp1252"))
    doc = read_document(path)
    assert doc.text == FRENCH.replace("\r\n", "\n")
    assert doc.notes == ("decoded as cp1252 (not UTF-8)",)
    assert read_document(tmp_path / "rapport.txt").notes  # stable, not a coin toss


def test_utf8_has_no_note(tmp_path):
    path = tmp_path / "rapport.txt"
    path.write_text(FRENCH, encoding="utf-8")
    assert read_document(path).notes == ()


@pytest.mark.parametrize(("text", "encoding", "name"), [
    ("警察は人身売買の疑いで容疑者5人を逮捕した。裁判所は首謀者に懲役12年を言い渡した。",
     "shift_jis", "cp932"),  # cp932 is Microsoft's Shift-JIS, a superset
    ("警方以涉嫌人口贩卖逮捕了五名嫌疑人。法院判处主犯十二年有期徒刑。政府在学校发起了宣传活动。",
     "gb18030", "gb18030"),
    # charset-normalizer reads this as cp1252 too ("zatrzyma³a"); the language says cp1250
    ("Policja zatrzymała pięciu podejrzanych o handel ludźmi. Sąd skazał przywódcę na "
     "dwanaście lat więzienia.", "cp1250", "cp1250"),
    ("Полиция задержала пятерых подозреваемых в торговле людьми. Суд приговорил "
     "организатора к двенадцати годам.", "cp1251", "cp1251"),
])
def test_other_legacy_encodings(tmp_path, text, encoding, name):
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(encoding))
    doc = read_document(path)
    assert doc.text == text
    assert doc.notes == (f"decoded as {name} (not UTF-8)",)


def test_legacy_html_without_charset(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(f"<html><body><p>{FRENCH}</p></body></html>".encode("cp1252"))
    doc = read_document(path)
    assert "Le ministère a signé" in doc.text
    assert doc.notes == ("decoded as cp1252 (not UTF-8)",)


def test_stdin_legacy_bytes_are_decoded(monkeypatch):
    raw = io.TextIOWrapper(io.BytesIO(FRENCH.encode("cp1252")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", raw)
    doc = read_document("-")
    assert doc.text == FRENCH.replace("\r\n", "\n")
    assert doc.notes == ("decoded as cp1252 (not UTF-8)",)


def test_random_bytes_are_refused(tmp_path):
    import random

    rng = random.Random(7)
    for n in (100, 1000, 20_000):
        (tmp_path / "r.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(n)))
        assert reason(tmp_path / "r.txt") == "binary file (not text)"
        # no control bytes at all: only high bytes, which every code page maps somewhere
        (tmp_path / "h.txt").write_bytes(bytes(rng.randrange(128, 256) for _ in range(n)))
        assert reason(tmp_path / "h.txt").startswith("not UTF-8 (byte 0x")
        assert "could not be detected with confidence" in reason(tmp_path / "h.txt")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symbolic_link_loop_and_dangling_link(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(tmp_path / "loop.txt")
    assert reason(loop) == "symbolic link loop"
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.symlink_to(b)
    b.symlink_to(a)
    assert reason(a) == "symbolic link loop"
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "deleted.txt")
    assert reason(dangling) == (
        f"broken symbolic link (its target {tmp_path / 'deleted.txt'} does not exist)")
    # found by walking a folder, they fail the same way rather than as "not found"
    found = {p.name: reason(p) for p in expand_inputs([str(tmp_path)])}
    assert found == {"a.txt": "symbolic link loop", "b.txt": "symbolic link loop",
                     "gone.txt": found["gone.txt"], "loop.txt": "symbolic link loop"}
    assert found["gone.txt"].startswith("broken symbolic link")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads files whatever their permissions")
def test_unreadable(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Text.", encoding="utf-8")
    path.chmod(0)
    try:
        assert reason(path) == "unreadable: Permission denied"
    finally:
        path.chmod(0o644)


def test_unsupported_type(tmp_path):
    (tmp_path / "sheet.xlsx").write_bytes(b"PK")
    assert reason(tmp_path / "sheet.xlsx").startswith("unsupported file type .xlsx")
    (tmp_path / "README").write_text("x", encoding="utf-8")
    assert reason(tmp_path / "README").startswith("unsupported file type (no extension)")


def test_pdf_without_text_layer(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert reason(path) == "no text layer (scanned PDF?); --ocr reads it with Tesseract"


def test_corrupt_pdf(tmp_path):
    (tmp_path / "a.pdf").write_text("<html>not a pdf</html>", encoding="utf-8")
    assert reason(tmp_path / "a.pdf").startswith("corrupt pdf: ")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Cat")
    assert reason(tmp_path / "b.pdf").startswith("corrupt pdf: ")


def test_corrupt_docx(tmp_path):
    (tmp_path / "a.docx").write_text("plain text", encoding="utf-8")
    assert reason(tmp_path / "a.docx") == "corrupt docx: not a zip archive"
    with zipfile.ZipFile(tmp_path / "b.docx", "w") as zf:
        zf.writestr("word/other.xml", "<x/>")
    assert reason(tmp_path / "b.docx") == "corrupt docx: no word/document.xml in it"
    with zipfile.ZipFile(tmp_path / "c.docx", "w") as zf:
        zf.writestr("word/document.xml", "<w:document")
    assert reason(tmp_path / "c.docx").startswith("corrupt docx: bad XML")
