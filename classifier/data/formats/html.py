"""Text out of saved web pages: the article, or everything a browser shows.

A saved news page is mostly chrome: menus, a cookie banner, share buttons, "read also"
links, a footer. Labeled as it stands, it gives a per-document summary about the chrome,
so by default only the main content is read, by trafilatura (chosen over readability-lxml
on the fixtures of `benchmarks/extraction.py`: it keeps subheadings and tables that
readability drops, and leaves out bylines and asides that readability keeps). Captions
are kept as units of their own (trafilatura drops <figcaption>, so figures are unwrapped
first). `keep_boilerplate` reads every visible text instead, with the stdlib parser below;
a page with no main content to find falls back to it, with a note.

Block boundaries become blank lines, not single line breaks: the sentence splitter reads a
single line break followed by a lowercase word as a hard wrap and would glue a heading to
the paragraph under it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from classifier.data.decoding import InputError, decode, normalize_newlines
from classifier.data.formats.common import Extracted, tidy

# HTML ----------------------------------------------------------------------------------

_HTML_SKIP = frozenset({"script", "style", "head", "template", "noscript"})
_HTML_BLOCK = frozenset(
    "address article aside blockquote caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main "
    "menu nav ol p pre section summary table tbody tfoot thead tr ul".split()
)
_HTML_CELL = frozenset({"td", "th"})
_HTML_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class _VisibleText(HTMLParser):
    """Collects the text a browser would show, one block per paragraph."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []  # open elements whose content is not shown
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "body" and "head" in self._skip:  # a <head> left unclosed
            self._skip = self._skip[: self._skip.index("head")]
        if tag in _HTML_SKIP:
            self._skip.append(tag)
        elif self._skip:
            return
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _HTML_BLOCK:
            self.parts.append("\n\n")
            self._pre += tag == "pre"
        elif tag in _HTML_CELL:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _HTML_VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._skip:
            self._skip = self._skip[: len(self._skip) - 1 - self._skip[::-1].index(tag)]
        elif not self._skip and tag in _HTML_BLOCK:
            self.parts.append("\n\n")
            if tag == "pre" and self._pre:
                self._pre -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = [line.strip(" \t") for line in joined.split("\n")]
        return tidy("\n".join(lines))


def decode_html(data: bytes, where: str, notes: list[str]) -> str:
    """The page's characters, decoded by the charset the page declares.

    A declared UTF-16 or UTF-32 is ignored, as the HTML standard says (it reads it as
    UTF-8): a <meta> that this ASCII search can find sits in bytes that are not UTF-16 or
    UTF-32, so decoding them as such would turn the page into garbage. Such a page is
    decoded like one that declares nothing (`decode` refuses a UTF-16 BOM with a reason).
    """
    match = _CHARSET.search(data[:4096])
    charset = match.group(1).decode("ascii").lower() if match else "utf-8"
    plain = charset.replace("-", "").replace("_", "")
    if plain in ("utf8", "utf8mb4") or plain.startswith(("utf16", "utf32")):
        return decode(data, where, notes)
    try:
        return normalize_newlines(data.decode(charset))
    except LookupError:
        return decode(data, where, notes)
    except UnicodeDecodeError as exc:
        raise InputError(
            where, f"not valid {charset} as declared (byte 0x{data[exc.start]:02x} "
            f"at offset {exc.start})"
        ) from None


def visible_text(source: str) -> str:
    """Every text a browser would show, one block per paragraph."""
    parser = _VisibleText()
    parser.feed(source)
    parser.close()
    return parser.text()


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def _tree(source: str):
    """The page parsed by lxml (which refuses a str that still declares its encoding)."""
    import lxml.html

    return lxml.html.fromstring(_XML_DECLARATION.sub("", source, count=1) or "<html/>")


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _own_text(element) -> str:
    """The text of an element without that of the lists nested in it."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "list":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return _collapse("".join(parts))


def _units(main) -> list[str]:
    """Trafilatura's XML body as text units: headings, paragraphs, quotes, list items, and
    table rows (cells joined by spaces)."""
    units = []
    for element in main:
        if element.tag == "list":
            units += [_own_text(item) for item in element.iter("item")]
        elif element.tag == "table":
            units += [" ".join(_collapse("".join(c.itertext())) for c in row.iter("cell"))
                      for row in element.iter("row")]
        elif element.tag != "graphic":
            units.append(_collapse("".join(element.itertext())))
    return [u for u in units if u]


# Comment threads, named in the languages of the corpus and its users.
_COMMENTS = re.compile(r"(?:^|[\s_-])(?:comments?|comentarios?|commentaires?|coment[aá]rios?|"
                       r"kommentare?|binh-?luan|komentar|disqus)(?:$|[\s_-])", re.I)
# A block that only points to another story: "Read also: ...", "Baca juga: ...".
_RELATED = re.compile(r"^\W*(?:read also|read more|see also|related|lire aussi|à lire aussi|"
                      r"voir aussi|xem thêm|đọc thêm|baca juga|lihat juga|te puede interesar|"
                      r"lee también|leer más|ver también|lesen sie auch|mehr zum thema|"
                      r"leia também|veja também)\b", re.I)
_CAPTION = re.compile(r"caption|legend|légende|chu-?thich", re.I)


def _clean(tree):
    """Prepare a page for trafilatura: take out what it would keep but a reader skips
    (noscript text, comment threads, "read also" links set among the paragraphs), and
    unwrap what it would drop but belongs to the article (captions)."""
    for hidden in tree.xpath("//noscript|//template"):  # shown only without scripts
        hidden.drop_tree()
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        names = f"{element.get('id', '')} {element.get('class', '')}"
        if _COMMENTS.search(names):
            element.drop_tree()
            continue
        if element.tag in ("p", "div", "li", "aside") and len(element) <= 3:
            text = _collapse(element.text_content())
            links = sum(len(_collapse(a.text_content())) for a in element.iter("a"))
            if _RELATED.match(text) and links >= 0.5 * (len(text) - 15):
                element.drop_tree()
    for element in tree.iter("figure", "figcaption", "div", "span", "p"):
        if element.tag in ("figure", "figcaption") or _CAPTION.search(element.get("class", "")):
            element.tag = "div" if element.tag == "figure" else "p"
            # Class names such as "wp-caption" or "credit" mark boilerplate to trafilatura.
            for inner in element.iter():
                inner.attrib.pop("class", None)
                inner.attrib.pop("id", None)
    return tree


def main_content(source: str) -> str | None:
    """The article of a page (title, body, captions, tables); None if none was found."""
    import trafilatura
    from lxml import etree
    from trafilatura.settings import use_config

    tree = _clean(_tree(source))
    config = use_config()
    # Trafilatura's fallback for a short article runs every text of the page into one
    # paragraph; a short article is still an article.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    xml = trafilatura.extract(tree, output_format="xml", include_tables=True,
                              include_images=False, include_comments=False,
                              include_links=False, deduplicate=False, with_metadata=False,
                              config=config)
    if not xml:
        return None
    main = etree.fromstring(xml.encode("utf-8")).find("main")
    for line_break in main.iter("lb") if main is not None else ():
        line_break.tail = " " + (line_break.tail or "")
    units = _units(main) if main is not None else []
    return "\n\n".join(units) or None


METADATA_FIELDS = ("title", "date", "author", "site", "url")


def page_metadata(tree) -> dict[str, str]:
    """What the page says about itself: title, date (YYYY-MM-DD), author, site, canonical
    URL; only the fields it gives."""
    from trafilatura import extract_metadata

    found = extract_metadata(tree)
    values = {"title": found.title, "date": found.date, "author": found.author,
              "site": found.sitename, "url": found.url}
    return {k: _collapse(v) for k, v in values.items() if isinstance(v, str) and v.strip()}


def read_html(data: bytes, where: str, notes: list[str],
              keep_boilerplate: bool = False) -> Extracted:
    """The article of a saved page, or with `keep_boilerplate` all its visible text.

    The page is parsed twice, not once per use: once for what is read off it as it is
    (standfirst, headline, then the metadata), once for trafilatura, which edits the tree
    it is given."""
    source = decode_html(data, where, notes)
    tree = _tree(source)
    lead, headline = _lead(tree), _headline(tree)
    metadata = page_metadata(tree)
    if keep_boilerplate:
        return Extracted(visible_text(source), metadata)
    text = main_content(source)
    if text is None:
        notes.append("no main content found: read all visible text")
        text = visible_text(source)
    if lead and lead not in text:  # a standfirst set apart from the body, above it
        text = f"{lead}\n\n{text}"
    if headline and headline not in text[: 2 * len(headline) + 200]:
        text = f"{headline}\n\n{text}"  # the extractor sometimes leaves the <h1> out
    return Extracted(tidy(text), metadata)


# The standfirst of a news article: "sapo" in Vietnamese newsrooms, "chapô" in French.
_LEAD_CLASS = re.compile(r"(?:^|[\s_-])(?:sapo|chapo|chapeau|standfirst|lead|lede|deck|"
                         r"summary|excerpt|intro)(?:$|[\s_-])", re.I)
_CHROME = frozenset({"nav", "header", "footer", "aside", "form"})


def _lead(tree) -> str | None:
    """The article's standfirst, when the page marks one by its class near the <h1>;
    trafilatura keeps only the body and leaves it out when it sits above the body."""
    for element in tree.iter("p", "h2", "div"):
        if not _LEAD_CLASS.search(element.get("class", "")):
            continue
        if any(parent.tag in _CHROME for parent in element.iterancestors()):
            continue
        text = _collapse(element.text_content())
        if len(text) >= 60:
            return text
    return None


def _headline(tree) -> str | None:
    """The page's first <h1> as shown, if it has one."""
    for heading in tree.iter("h1"):
        text = _collapse(heading.text_content())
        if text:
            return text
    return None
