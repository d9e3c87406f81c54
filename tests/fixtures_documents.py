"""PDF and Word fixtures for the extraction tests, built in memory with reportlab and python-docx.

Every document is drawn line by line, so the module knows each line break it makes; the
`article` of a fixture is the clean text a layout-aware reader should return. All texts are
the project's own writing: the countries, people and figures are invented (Marenia and Hoa
Lam province do not exist); real institutions appear only as actors.

Conventions for the expected units (`Fixture.article`, in reading order):

* PDFs: the title, each heading, each paragraph (its lines joined with single spaces, words
  broken at a line end with a hyphen joined again, footnote markers dropped), each table
  caption and each table ROW as one unit whose cells are separated by single spaces
  ("2023 112 47", header row "Year Investigations Convictions"). A paragraph that runs on
  across a column or page break is ONE unit. Footnotes are content: each footnote is a unit
  without its number, listed after the units that start on the footnote's page (so after a
  paragraph that begins on that page and ends on the next). The line-end hyphens are all
  breaks made by the wrapper inside a single word: no real compound ("anti-trafficking",
  "Jean-Baptiste") is ever split at a line end, and no line ends with a real hyphen.
* PDF boilerplate: the running header, the footer line and every page number as printed
  ("Page 3", "Page 1 / 2", or a bare "2").
* Word files: headings and paragraphs in document order; a table contributes each CELL as
  its own unit, row by row, left to right; a merged cell counts once; a cell holding several
  paragraphs contributes each paragraph as its own unit; list items are one unit each,
  without bullets or numbers. The section header text is boilerplate (headers and footers
  are not extracted).
* `metadata` holds {"title": ...}, the title written into the PDF info dictionary
  (`canvas.setTitle`) or the Word core properties.

`scanned_pdf()` is a page that is only an image of text (no text layer); `SCANNED_TEXT`
holds what is drawn in it: the heading, then one sentence per item (each fits on one line).

All bytes are deterministic: reportlab runs with `invariant=1`, and Word packages are
re-zipped with fixed timestamps.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from tests.extraction_fixtures import Fixture

# --------------------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------------------

# A footnote marker inside a paragraph's source text: "victims^1" is drawn as "victims"
# followed by a small raised "1".
_MARK = re.compile(r"\^(\d+)")
_CORE = re.compile(r"^(\W*)([\w’']+?)(\W*)$")


def _clean(text: str) -> str:
    """The expected text of a source string: footnote markers removed."""
    return _MARK.sub("", text)


def _hyphenation(words: str) -> dict[str, tuple[int, ...]]:
    """'traf-fick-ing in-ves-ti-ga-tion' -> {'trafficking': (4, 8), ...}.

    As in book typesetting, a break leaves at least two letters before it and three after.
    """
    table: dict[str, tuple[int, ...]] = {}
    for pattern in words.split():
        parts = pattern.split("-")
        word = "".join(parts)
        cuts, pos = [], 0
        for part in parts[:-1]:
            pos += len(part)
            if pos >= 2 and len(word) - pos >= 3:
                cuts.append(pos)
        table[word.lower()] = tuple(cuts)
    return table


# Break points for the words the English wrapper may split at a line end.
_HYPH_EN = _hyphenation(
    """
    traf-fick-ing traf-fick-ers traf-fick-er in-ves-ti-ga-tions in-ves-ti-ga-tion
    gov-ern-ment gov-ern-ments iden-ti-fied iden-ti-fi-ca-tion or-gan-i-sa-tions
    pros-e-cu-tors pros-e-cu-tion con-vict-ed com-men-su-rate in-ter-na-tion-al
    re-cruit-ment ac-com-mo-da-tion in-spec-tions in-spec-tors im-pris-on-ment
    prov-inces pro-vin-cial com-plic-i-ty tes-ti-mo-ny post-poned equip-ment
    vic-tims de-mon-stra-tion sen-tenc-ing spe-cialised sig-nif-i-cant
    im-mi-gra-tion un-doc-u-ment-ed ex-ploi-ta-tion ex-ploit-ed in-vol-un-tary
    pay-ments pend-ing re-port-ing com-plex re-clas-si-fied ad-min-is-tra-tive
    mis-ap-ply ado-les-cent mit-i-gat-ing pre-scribes pen-al-ties cor-rup-tion
    de-fen-dants na-tion-als nev-er-the-less none-the-less ap-proach-es
    ev-i-dence ex-pense of-fi-cials au-thor-i-ties ser-vices re-ferred
    com-par-i-son in-tro-duced busi-est agen-cies de-cep-tive con-tracts
    ca-pac-i-ty en-tire-ly as-sis-tance
    coun-sel-ling fa-cil-i-ty al-low-ance un-law-ful con-sis-tent-ly
    de-port-ed al-ter-na-tives ret-ri-bu-tion hard-ship main-tained
    com-mit-tee min-is-tries ded-i-cat-ed im-ple-men-ta-tion con-sult-ed
    aware-ness pro-grammes mi-nor-i-ty lan-guages li-cences op-er-a-tion
    con-struc-tion sub-con-trac-tors con-fis-cat-ed doc-u-ments un-an-nounced
    with-held fur-ther in-creas-ing-ly dis-tant de-pend-ed ob-servers
    op-er-at-ing en-gag-ing in-debt-ed-ness pas-sen-gers nav-i-ga-tion
    ves-sels reg-is-tered psy-cho-so-cial vo-ca-tion-al mea-sur-able
    sec-tors re-sources re-port-ed pro-ce-dures oc-ca-sion-al-ly
    """
)

# Break points for the French press release.
_HYPH_FR = _hyphenation(
    """
    hu-mains vic-times or-ga-ni-sa-tion gou-ver-ne-ment gou-ver-ne-ments par-te-naires
    re-cru-te-ment ex-ploi-ta-tion in-ter-na-tio-nale ra-pa-trie-ment éga-le-ment
    sen-si-bi-li-sa-tion iden-ti-fi-ca-tion iden-ti-fier iden-ti-fiées tra-vailleurs
    ado-les-cents in-ter-mé-diaires pro-met-taient res-tau-ra-tion or-pail-lage
    des-ti-na-tion do-cu-ments contraintes rem-bour-ser pré-ten-due dé-sor-mais
    quo-ti-dienne si-tua-tions sus-pectes concer-nées orien-ta-tion ac-com-pa-gne-ment
    hé-ber-ge-ment psy-cho-lo-gique éva-lua-tion ju-di-ciaires si-gna-le-ments
    in-ter-pel-la-tion fonc-tion-naires soup-çon-nés dif-fi-cul-tés sa-tu-rés
    ki-lo-mètres réin-ser-tion éco-no-mique ra-pa-triées pro-fes-sion-nelle
    mi-cro-cré-dit pro-fon-dé-ment vul-né-rables re-pré-sen-tant pé-ren-ni-ser
    fi-nan-ce-ment dis-po-si-tif fi-nan-cé pra-tique ma-gis-trats gen-dar-me-rie
    in-di-ca-teurs au-di-tion coo-pé-ra-tion se-mestre ré-gion ré-gio-nal
    na-tio-naux né-ces-saire ex-clu-si-ve-ment contrôles ef-fec-tués en-tre-tenir
    voya-geurs re-cru-tés pré-sence ha-bi-tuelles at-ten-tion mi-neurs em-ployeur
    ac-com-pa-gna-teur pas-se-ports au-pa-ra-vant co-or-di-na-trice
    bé-né-fi-cié tem-po-raire mé-di-cale fron-tières fron-tière sé-cu-ri-té
    ca-pa-ci-té gé-né-ra-le-ment per-sonnes en-quêtes ac-cueil
    """
)


def _measure_fn(font: str, size: float) -> Callable[[str], float]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def measure(text: str) -> float:
        width = 0.0
        for i, part in enumerate(_MARK.split(text)):
            width += stringWidth(part, font, size * (0.6 if i % 2 else 1.0))
        return width

    return measure


def _tokens(text: str, glue_french: bool = False) -> list[str]:
    """Words to wrap. With `glue_french`, « » : ; ! ? stick to their neighbours."""
    words = text.split()
    if not glue_french:
        return words
    out: list[str] = []
    pending = ""
    for word in words:
        if word == "«":
            pending = "« "
            continue
        word = pending + word
        pending = ""
        if word in {"»", ":", ";", "!", "?"} or word.startswith("»"):
            if out:
                out[-1] = f"{out[-1]} {word}"
                continue
        out.append(word)
    return out


def _cuts(token: str, hyph: dict[str, tuple[int, ...]]) -> tuple[int, ...]:
    if "^" in token or not hyph:
        return ()
    m = _CORE.match(token)
    if not m or "-" in token:
        return ()
    lead, core = m.group(1), m.group(2)
    return tuple(len(lead) + c for c in hyph.get(core.lower(), ()))


def _take_line(
    queue: deque[str],
    width: float,
    measure: Callable[[str], float],
    hyph: dict[str, tuple[int, ...]],
) -> tuple[list[str], bool]:
    """Fill one line greedily; split a dictionary word with a hyphen when it straddles."""
    line: list[str] = []
    while queue:
        token = queue[0]
        if measure(" ".join([*line, token])) <= width:
            line.append(token)
            queue.popleft()
            continue
        for cut in reversed(_cuts(token, hyph)):
            head = token[:cut] + "-"
            if measure(" ".join([*line, head])) <= width:
                line.append(head)
                queue[0] = token[cut:]
                return line, True
        if not line:  # a single token wider than the line
            line.append(queue.popleft())
        return line, False
    return line, False


# --------------------------------------------------------------------------------------
# A small page-layout engine on top of reportlab's canvas
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    font: str
    size: float
    leading: float
    space_before: float = 0.0
    space_after: float = 0.0


@dataclass
class _Layout:
    """How one kind of document is laid out."""

    page_size: tuple[float, float]
    # frames(page_index, footnote_reserve) -> [(x, top, bottom, width), ...]
    frames: Callable[[int, float], list[tuple[float, float, float, float]]]
    styles: dict[str, _Style]
    furniture: Callable[[object, int, int], None]  # draws header/footer: (canvas, page, n)
    footnote_x: float = 0.0
    footnote_bottom: float = 0.0  # y above which the footnote block sits
    footnote_width: float = 0.0
    hyph: dict[str, tuple[int, ...]] = field(default_factory=dict)
    glue_french: bool = False


# Drawing operations per page: ("text", x, y, font, size, text) and ("line", x1, y1, x2, y2).
_Op = tuple


def _draw_line_text(
    ops: list[_Op], x: float, y: float, font: str, size: float, text: str, marks: list[str]
) -> None:
    """Append the drawString calls for one line, with raised small footnote markers."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    parts = _MARK.split(text)
    for i, part in enumerate(parts):
        if not part:
            continue
        if i % 2:
            small = round(size * 0.6, 1)
            ops.append(("text", x, y + size * 0.35, font, small, part))
            x += stringWidth(part, font, small)
            marks.append(part)
        else:
            ops.append(("text", x, y, font, size, part))
            x += stringWidth(part, font, size)


def _flow(
    layout: _Layout, blocks: list[tuple], reserve: dict[int, float]
) -> tuple[list[list[_Op]], list[tuple[str, int]], dict[str, int], int]:
    """Lay out blocks; returns ops per page, (unit, start page), marker pages, hyphen count."""
    pages: list[list[_Op]] = [[]]
    units: list[tuple[str, int]] = []
    mark_pages: dict[str, int] = {}
    hyphens = 0
    state = {"page": 0, "frame": 0}
    frame = layout.frames(0, reserve.get(0, 0.0))[0]
    y = frame[1]

    def frame_now() -> tuple[float, float, float, float]:
        return layout.frames(state["page"], reserve.get(state["page"], 0.0))[state["frame"]]

    def at_top() -> bool:
        return abs(y - frame_now()[1]) < 0.01

    def advance(new_page: bool = False) -> None:
        nonlocal y
        n_frames = len(layout.frames(state["page"], reserve.get(state["page"], 0.0)))
        if new_page or state["frame"] + 1 >= n_frames:
            state["page"] += 1
            state["frame"] = 0
            pages.append([])
        else:
            state["frame"] += 1
        y = frame_now()[1]

    def text_block(text: str, style: _Style, keep_lines: float = 0.0) -> None:
        nonlocal y, hyphens
        queue = deque(_tokens(text, layout.glue_french))
        if not at_top():
            y -= style.space_before
        if keep_lines and y - keep_lines < frame_now()[2]:
            advance()
        units.append((_clean(text), state["page"]))
        measure = _measure_fn(style.font, style.size)
        while queue:
            if y - style.leading < frame_now()[2]:
                advance()
            x, _top, _bottom, width = frame_now()
            line, hyphenated = _take_line(queue, width, measure, layout.hyph)
            hyphens += hyphenated
            marks: list[str] = []
            _draw_line_text(
                pages[state["page"]],
                x,
                y - style.size,
                style.font,
                style.size,
                " ".join(line),
                marks,
            )
            for mark in marks:
                mark_pages[mark] = state["page"]
            y -= style.leading
        y -= style.space_after

    for block in blocks:
        kind = block[0]
        if kind == "break":
            advance(new_page=True)
        elif kind in ("title", "subtitle", "p"):
            text_block(block[1], layout.styles[kind])
        elif kind == "h":
            body = layout.styles["p"]
            style = layout.styles["h"]
            text_block(block[1], style, style.leading + body.space_before + 3 * body.leading)
        elif kind == "table":
            _caption, rows, col_widths = block[1], block[2], block[3]
            cap, cell = layout.styles["caption"], layout.styles["cell"]
            row_h = cell.leading + 6
            need = cap.space_before + cap.leading + row_h * len(rows) + cell.space_after
            if y - need < frame_now()[2]:
                advance()
            text_block(_caption, cap)
            x0 = frame_now()[0]
            ops = pages[state["page"]]
            top = y
            for r, row in enumerate(rows):
                font = layout.styles["h"].font if r == 0 else cell.font
                cx = x0
                for c, (text, w) in enumerate(zip(row, col_widths, strict=True)):
                    base = top - r * row_h - row_h + 5
                    if c == 0:
                        ops.append(("text", cx + 4, base, font, cell.size, text))
                    else:
                        right = _measure_fn(font, cell.size)(text)
                        ops.append(("text", cx + w - 4 - right, base, font, cell.size, text))
                    cx += w
                units.append((" ".join(row), state["page"]))
            total_w = sum(col_widths)
            bottom = top - row_h * len(rows)
            for r in range(len(rows) + 1):
                yy = top - r * row_h
                ops.append(("line", x0, yy, x0 + total_w, yy, 1.0 if r in (0, 1) else 0.5))
            cx = x0
            for w in (0, *col_widths):
                cx += w
                ops.append(("line", cx, top, cx, bottom, 0.5))
            y = bottom - cell.space_after
        else:  # pragma: no cover - a typo in a block list
            raise ValueError(kind)
    return pages, units, mark_pages, hyphens


@dataclass
class _Built:
    data: bytes
    article: tuple[str, ...]
    hyphens: int
    n_pages: int


def _build_pdf(
    layout: _Layout, blocks: list[tuple], footnotes: dict[str, str], title: str
) -> _Built:
    from reportlab.pdfgen import canvas

    note_style = layout.styles.get("footnote")
    reserve: dict[int, float] = {}
    for _ in range(6):  # re-flow until the space kept for footnotes is stable
        pages, units, mark_pages, hyphens = _flow(layout, blocks, reserve)
        wanted: dict[int, float] = {}
        for mark, page in mark_pages.items():
            assert note_style is not None
            lines = len(_footnote_lines(layout, note_style, footnotes[mark]))
            wanted[page] = wanted.get(page, 10.0) + lines * note_style.leading
        if wanted == reserve:
            break
        reserve = wanted
    else:  # pragma: no cover
        raise RuntimeError("footnote layout does not settle")

    # Expected units: footnotes come after the units that start on their page.
    article: list[str] = []
    notes_by_page: dict[int, list[str]] = {}
    for mark in sorted(mark_pages, key=int):
        notes_by_page.setdefault(mark_pages[mark], []).append(mark)
    flushed: set[int] = set()
    for text, page in units:
        for p in sorted(notes_by_page):
            if p < page and p not in flushed:
                article.extend(footnotes[m] for m in notes_by_page[p])
                flushed.add(p)
        article.append(text)
    for p in sorted(notes_by_page):
        if p not in flushed:
            article.extend(footnotes[m] for m in notes_by_page[p])

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=layout.page_size, invariant=1)
    c.setTitle(title)
    c.setAuthor("")
    c.setCreator("")
    n_pages = len(pages)
    for index, ops in enumerate(pages):
        layout.furniture(c, index, n_pages)
        for op in ops:
            if op[0] == "text":
                _, x, y, font, size, text = op
                c.setFont(font, size)
                c.drawString(x, y, text)
            else:
                _, x1, y1, x2, y2, lw = op
                c.setLineWidth(lw)
                c.line(x1, y1, x2, y2)
        if index in notes_by_page:
            assert note_style is not None
            top = layout.footnote_bottom + reserve[index]
            c.setLineWidth(0.5)
            c.line(layout.footnote_x, top - 2, layout.footnote_x + 120, top - 2)
            y = top - 10
            for mark in notes_by_page[index]:
                for i, line in enumerate(_footnote_lines(layout, note_style, footnotes[mark])):
                    if i == 0:
                        text = f"^{mark}{line}"
                        _draw_ops: list[_Op] = []
                        _draw_line_text(
                            _draw_ops,
                            layout.footnote_x,
                            y,
                            note_style.font,
                            note_style.size,
                            text,
                            [],
                        )
                        for _, x, yy, font, size, part in _draw_ops:
                            c.setFont(font, size)
                            c.drawString(x, yy, part)
                    else:
                        c.setFont(note_style.font, note_style.size)
                        c.drawString(layout.footnote_x + 5, y, line)
                    y -= note_style.leading
        c.showPage()
    c.save()
    return _Built(buf.getvalue(), tuple(article), hyphens, n_pages)


def _footnote_lines(layout: _Layout, style: _Style, text: str) -> list[str]:
    queue = deque(text.split())
    measure = _measure_fn(style.font, style.size)
    lines = []
    while queue:
        line, _ = _take_line(queue, layout.footnote_width - 6, measure, {})
        lines.append(" ".join(line))
    return lines


# --------------------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _dejavu() -> tuple[str, str]:
    """Register DejaVu Sans (regular, bold) with reportlab; returns the two font names."""
    import matplotlib.font_manager as fm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular = fm.findfont(fm.FontProperties(family="DejaVu Sans"), fallback_to_default=True)
    bold = fm.findfont(
        fm.FontProperties(family="DejaVu Sans", weight="bold"), fallback_to_default=True
    )
    pdfmetrics.registerFont(TTFont("DejaVuSans", regular))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", bold))
    return "DejaVuSans", "DejaVuSans-Bold"


# --------------------------------------------------------------------------------------
# report-en.pdf: a national report, title page then two columns
# --------------------------------------------------------------------------------------

EN_TITLE = "National Report on Trafficking in Persons, 2025"
EN_HEADER = "Republic of Marenia — National Report on Trafficking in Persons 2025"
EN_FOOTER = "National Committee Against Trafficking in Persons | Annual Report 2025"

_EN_FOOTNOTES = {
    "1": "Figures provided by the Ministry of Public Security and the Ministry of Social "
    "Affairs; they include victims identified abroad by consular staff.",
    "2": "The maren is the national currency; the average exchange rate during the "
    "reporting period was 1,410 marens to the United States dollar.",
    "3": "Under Decree 47/2022, recruitment agencies may not charge workers any fee related "
    "to their placement abroad, including fees for training or medical examinations.",
}

_EN_BLOCKS: list[tuple] = [
    ("title", EN_TITLE),
    ("subtitle", "Country narrative for the reporting period from 1 April 2024 to 31 March 2025"),
    (
        "p",
        "The Government of Marenia made measurable progress against trafficking in persons "
        "during the reporting period, although the scale of forced labour in the fishing and "
        "construction sectors continued to outpace the resources that authorities devoted to it. "
        "Officials opened more investigations than in any previous year, adopted a five-year "
        "national action plan in September 2024, and for the first time funded shelters run by "
        "civil society organisations from the central budget rather than from foreign grants.",
    ),
    (
        "p",
        "Authorities identified 418 victims^1 during the year, compared with 302 in the "
        "previous period; 61 percent of them were Marenian citizens exploited abroad, mostly on "
        "long-haul fishing vessels operating in distant waters and in domestic work, while the "
        "remainder were foreign nationals exploited inside the country, above all in "
        "construction, in agriculture along the eastern border and in commercial sex in the "
        "coastal resort towns.",
    ),
    (
        "p",
        "However, the government did not meet the minimum standards in several key areas. "
        "Labour inspectors remained unable to board vessels registered abroad, courts continued "
        "to hand down suspended sentences to a significant share of convicted traffickers, and "
        "victims who declined to testify were often returned to their home provinces without "
        "the psychosocial support or vocational training that the law requires. Officials also "
        "acknowledged that the national referral procedures were applied unevenly, with three "
        "of the eleven provinces reporting no identified victims at all for the second year.",
    ),
    ("break",),
    ("h", "Prosecution"),
    (
        "p",
        "The Penal Code, as amended in 2021, criminalises sex trafficking and labour "
        "trafficking and prescribes penalties of seven to fifteen years of imprisonment, which "
        "are sufficiently stringent and, with respect to sex trafficking, commensurate with "
        "those prescribed for other serious crimes such as kidnapping. The law does not require "
        "a demonstration of force, fraud or coercion in cases involving children, but "
        "prosecutors and judges in several provinces continued to misapply this provision, "
        "treating the apparent consent of adolescent victims as a mitigating factor during "
        "sentencing.",
    ),
    (
        "p",
        "The National Police Directorate reported opening 131 investigations in 2024, an "
        "increase from 112 the year before, and prosecutors initiated cases against 88 suspects; "
        "courts convicted 52 traffickers, of whom 19 received prison terms of five years or "
        "more. Observers noted that the specialised anti-trafficking unit in the capital "
        "remained the source of most complex investigations, while provincial police frequently "
        "reclassified suspected trafficking cases as illegal brokerage of employment, an "
        "administrative offence that carries only a fine.",
    ),
    (
        "table",
        "Table 1. Trafficking cases recorded by the National Police Directorate",
        [
            ("Year", "Investigations", "Convictions"),
            ("2022", "98", "31"),
            ("2023", "112", "47"),
            ("2024", "131", "52"),
        ],
        (60, 100, 82),
    ),
    (
        "p",
        "Corruption and official complicity in trafficking crimes remained significant "
        "concerns, inhibiting law enforcement action during the year. In March 2025 the "
        "Anti-Corruption Bureau charged two immigration officers at the northern land border "
        "with accepting payments to let recruitment agents move groups of undocumented workers "
        "across the crossing at night; both cases were pending at the end of the reporting "
        "period. The government did not report any investigations of officials for complicity "
        "in the exploitation of fishers, despite credible reports that local port authorities "
        "had warned vessel owners of planned inspections.",
    ),
    (
        "p",
        "The Judicial Academy, with funding from a foreign donor, trained 240 judges and "
        "prosecutors on victim-centred approaches to trials, including the use of recorded "
        "testimony and of screens in the courtroom, so that witnesses do not have to face "
        "defendants. Nonetheless, only four courts in the country had equipment for remote "
        "testimony, and victims in other provinces continued to travel long distances, often "
        "at their own expense, to appear at hearings that were repeatedly postponed.",
    ),
    ("h", "Protection"),
    (
        "p",
        "The government increased efforts to identify and protect victims. Authorities "
        "identified 418 victims, including 157 children, and referred 301 of them to care "
        "services; by comparison, 302 victims were identified and 214 referred in the previous "
        "year. Officials used a standard screening form introduced in 2023 at airports, "
        "seaports and the three busiest land crossings, and the Ministry of Labour began to "
        "apply the same form during inspections of recruitment agencies, which led to the "
        "identification of 46 victims of forced labour in domestic work who had been recruited "
        "with deceptive contracts.",
    ),
    (
        "p",
        "The Ministry of Social Affairs operated eleven shelters with a combined capacity of "
        "260 places and for the first time allocated 1.9 billion marens^2 from the state budget "
        "to four shelters run by non-governmental organisations, which had previously depended "
        "entirely on international donors. Shelters provided accommodation, medical care, legal "
        "assistance and counselling, but adult male victims could only be housed in a single "
        "facility in the capital, and most men identified in the fishing sector therefore "
        "received a one-time cash allowance instead of longer-term support.",
    ),
    (
        "p",
        "The law protects victims from prosecution for unlawful acts that traffickers "
        "compelled them to commit, but authorities did not consistently apply this protection "
        "in practice. Civil society groups reported that at least nine foreign women identified "
        "in massage parlours during raids in the coastal provinces were fined for immigration "
        "violations and deported before they could be screened, and the government did not "
        "report providing any of them with legal alternatives to removal to countries where "
        "they might face hardship or retribution.",
    ),
    ("h", "Prevention"),
    (
        "p",
        "The government maintained efforts to prevent trafficking. The National Committee "
        "Against Trafficking in Persons, chaired by the Deputy Prime Minister, met four times "
        "and adopted the 2024–2028 National Action Plan, which assigns measurable targets to "
        "nineteen ministries and agencies and, unlike the previous plan, includes a dedicated "
        "budget line for each activity. The committee published its first public report on the "
        "implementation of the plan in December 2024, although civil society members said they "
        "had been consulted only on the final draft.",
    ),
    (
        "p",
        "Authorities continued awareness campaigns in schools, on social media and through "
        "radio programmes in minority languages, reaching an estimated 1.2 million people. The "
        "Department of Overseas Labour revoked the licences of fourteen recruitment agencies "
        "for charging workers illegal fees^3 and launched a hotline for migrant workers abroad, "
        "which received 2,860 calls in its first nine months of operation; however, the hotline "
        "operated only during office hours and in two languages.",
    ),
    (
        "p",
        "The government did not make efforts to reduce the demand for commercial sex acts. "
        "It did, however, require companies bidding for public construction contracts to "
        "certify that their subcontractors had not confiscated the identity documents of "
        "workers, and labour inspectors carried out 620 unannounced visits to construction "
        "sites, where they found 38 cases of withheld passports and unpaid wages that were "
        "referred to the police for further investigation.",
    ),
    ("h", "Trafficking Profile"),
    (
        "p",
        "As reported over the past five years, traffickers exploit domestic and foreign "
        "victims in Marenia, and traffickers exploit victims from Marenia abroad. Recruiters "
        "increasingly contact young men through messaging applications, offering well-paid "
        "jobs on foreign fishing fleets; once at sea, the men are held on board for months, "
        "their wages are withheld to repay inflated travel and equipment debts, and some "
        "report being beaten when they ask to return to port.",
    ),
    (
        "p",
        "Women and girls from the rural north are exploited in commercial sex in the coastal "
        "resort towns and in neighbouring countries, often after being recruited by "
        "acquaintances who promise them work in restaurants or hotels. Foreign workers from "
        "the region, many of them undocumented, are exploited in construction and on "
        "plantations, where employers confiscate their passports and threaten to report them "
        "to the immigration authorities if they complain about their working conditions.",
    ),
]


def _en_layout() -> _Layout:
    from reportlab.lib.pagesizes import letter

    width, height = letter
    left, right = 54.0, width - 54.0
    gutter = 20.0
    col = (right - left - gutter) / 2
    bottom = 66.0

    def frames(page: int, reserve: float) -> list[tuple[float, float, float, float]]:
        if page == 0:
            return [(left, 724.0, bottom + reserve, right - left)]
        return [
            (left, 728.0, bottom + reserve, col),
            (left + col + gutter, 728.0, bottom + reserve, col),
        ]

    def furniture(c, page: int, n_pages: int) -> None:
        c.setFont("Helvetica", 8)
        c.drawString(left, 756, EN_HEADER)
        c.setLineWidth(0.5)
        c.line(left, 750, right, 750)
        c.line(left, 52, right, 52)
        c.drawString(left, 40, EN_FOOTER)
        c.drawRightString(right, 40, f"Page {page + 1}")

    return _Layout(
        page_size=letter,
        frames=frames,
        styles={
            "title": _Style("Helvetica-Bold", 20, 24, 0, 4),
            "subtitle": _Style("Helvetica", 11, 14, 0, 14),
            "h": _Style("Helvetica-Bold", 11.5, 15, 10, 2),
            "p": _Style("Times-Roman", 10, 12.4, 6, 0),
            "caption": _Style("Helvetica-Bold", 8.5, 11, 8, 3),
            "cell": _Style("Helvetica", 8.5, 10, 0, 8),
            "footnote": _Style("Times-Roman", 8, 9.6),
        },
        furniture=furniture,
        footnote_x=left,
        footnote_bottom=bottom - 4,
        footnote_width=right - left,
        hyph=_HYPH_EN,
    )


@lru_cache(maxsize=1)
def _report_en() -> _Built:
    return _build_pdf(_en_layout(), _EN_BLOCKS, _EN_FOOTNOTES, EN_TITLE)


# --------------------------------------------------------------------------------------
# release-fr.pdf: a two-page press release, one column
# --------------------------------------------------------------------------------------

FR_TITLE = (
    "Traite des êtres humains : 212 victimes identifiées en un an grâce aux "
    "travailleurs sociaux déployés aux frontières de l’Afrique de l’Ouest"
)
FR_HEADER = "Office des Nations Unies contre la drogue et le crime — Communiqué de presse"

_FR_BLOCKS: list[tuple] = [
    ("title", FR_TITLE),
    (
        "p",
        "DAKAR, le 14 mars 2025 – Un an après son lancement, le réseau de travailleurs "
        "sociaux déployés dans neuf postes frontières du Sénégal, du Mali et de la Guinée a "
        "permis d’identifier 212 victimes de la traite des êtres humains, dont 87 enfants, selon "
        "le bilan présenté jeudi à Dakar par l’Office des Nations Unies contre la drogue et le "
        "crime (ONUDC) et ses partenaires nationaux.",
    ),
    (
        "p",
        "Les victimes, pour la plupart des jeunes femmes et des adolescents originaires de "
        "zones rurales, avaient été recrutées par des intermédiaires qui leur promettaient un "
        "emploi dans la restauration, le commerce ou l’orpaillage. Une fois arrivées à "
        "destination, beaucoup d’entre elles se voyaient confisquer leurs documents d’identité "
        "et étaient contraintes de rembourser une prétendue dette de voyage dont le montant "
        "augmentait chaque mois.",
    ),
    ("h", "Une présence permanente aux frontières"),
    (
        "p",
        "Jusqu’à présent, l’identification reposait presque exclusivement sur les contrôles "
        "effectués par la police des frontières, dont les agents disposent rarement du temps "
        "nécessaire pour s’entretenir avec les voyageurs. Les 36 travailleurs sociaux recrutés "
        "dans le cadre du projet assurent désormais une présence quotidienne dans les gares "
        "routières et aux points de passage, où ils repèrent les situations suspectes, "
        "recueillent la parole des personnes concernées et organisent, le cas échéant, leur "
        "orientation vers un centre d’accueil.",
    ),
    (
        "p",
        "« Nous avons appris à reconnaître des signaux qui passaient inaperçus auparavant : "
        "un groupe de mineurs voyageant sans adulte de leur famille, un accompagnateur qui garde "
        "tous les passeports, une jeune fille qui ne connaît pas l’adresse de son futur "
        "employeur », explique Mariama Kouyaté, coordinatrice du réseau au poste de Kidira, à "
        "la frontière entre le Sénégal et le Mali.",
    ),
    (
        "p",
        "Depuis janvier 2024, 318 agents de police, de gendarmerie et des douanes ont suivi "
        "une formation de cinq jours consacrée aux indicateurs de la traite, à l’audition des "
        "enfants et à la coopération avec les services sociaux. Dans la région de Kayes, au "
        "Mali, les signalements effectués par les forces de sécurité ont ainsi doublé entre le "
        "premier et le second semestre de l’année.",
    ),
    (
        "p",
        "Sur les 212 victimes identifiées, 164 ont bénéficié d’un hébergement temporaire, "
        "d’une prise en charge médicale et d’un accompagnement psychologique, et 131 ont pu "
        "regagner leur famille après une évaluation de leur situation. Les autorités "
        "judiciaires des trois pays ont ouvert 29 enquêtes sur la base des signalements "
        "transmis par le réseau, qui ont conduit à l’interpellation de 41 suspects, dont trois "
        "fonctionnaires soupçonnés d’avoir facilité le passage de groupes de mineurs.",
    ),
    ("h", "Des moyens encore insuffisants"),
    (
        "p",
        "Le bilan souligne toutefois plusieurs difficultés. Les centres d’accueil situés "
        "près des frontières sont souvent saturés, ce qui oblige les équipes à transférer les "
        "victimes vers la capitale, parfois à plus de 600 kilomètres de leur région d’origine. "
        "Par ailleurs, la réinsertion économique des personnes rapatriées reste fragile : moins "
        "d’un tiers d’entre elles ont pu suivre une formation professionnelle ou obtenir un "
        "microcrédit dans les six mois suivant leur retour.",
    ),
    (
        "p",
        "« La traite des êtres humains est un crime qui prospère dans les angles morts. Ce "
        "réseau montre qu’une présence humaine, formée et stable, change profondément la "
        "capacité des États à protéger les personnes les plus vulnérables », a déclaré "
        "Jean-Baptiste Ouédraogo, représentant régional de l’ONUDC, qui a appelé les "
        "gouvernements à pérenniser le financement du dispositif au-delà de 2026.",
    ),
    (
        "p",
        "Le projet, financé par l’Union européenne à hauteur de 4,8 millions d’euros sur "
        "trois ans, doit être étendu d’ici la fin de l’année à quatre nouveaux postes frontières "
        "entre la Guinée, la Sierra Leone et le Libéria. Un guide pratique destiné aux "
        "travailleurs sociaux, aux forces de sécurité et aux magistrats sera également publié "
        "en français et en anglais.",
    ),
    (
        "p",
        "Contact presse : Awa Sarr, chargée de communication, bureau régional de l’ONUDC "
        "à Dakar (courriel : presse.dakar@example.org).",
    ),
]


def _fr_layout() -> _Layout:
    from reportlab.lib.pagesizes import A4

    width, height = A4
    left, right = 72.0, width - 72.0

    def frames(page: int, reserve: float) -> list[tuple[float, float, float, float]]:
        return [(left, height - 92.0, 84.0 + reserve, right - left)]

    def furniture(c, page: int, n_pages: int) -> None:
        c.setFont("Helvetica", 8.5)
        c.drawCentredString(width / 2, height - 48, FR_HEADER)
        c.setLineWidth(0.7)
        c.line(left, height - 56, right, height - 56)
        c.setFont("Helvetica", 9)
        c.drawCentredString(width / 2, 44, f"Page {page + 1} / {n_pages}")

    return _Layout(
        page_size=A4,
        frames=frames,
        styles={
            "title": _Style("Helvetica-Bold", 15, 19, 0, 12),
            "h": _Style("Helvetica-Bold", 12, 16, 12, 2),
            "p": _Style("Times-Roman", 12, 16, 8, 0),
        },
        furniture=furniture,
        hyph=_HYPH_FR,
        glue_french=True,
    )


@lru_cache(maxsize=1)
def _release_fr() -> _Built:
    return _build_pdf(_fr_layout(), _FR_BLOCKS, {}, FR_TITLE)


# --------------------------------------------------------------------------------------
# report-vi.pdf: a provincial report in Vietnamese, DejaVu Sans, two columns on page 2
# --------------------------------------------------------------------------------------

VI_TITLE = "Báo cáo kết quả công tác phòng, chống mua bán người năm 2024"
VI_HEADER = "Ban Chỉ đạo phòng, chống tội phạm tỉnh Hòa Lâm — Báo cáo sơ kết năm 2024"

_VI_BLOCKS: list[tuple] = [
    ("title", VI_TITLE),
    (
        "p",
        "Năm 2024, tình hình tội phạm mua bán người trên địa bàn tỉnh Hòa Lâm tiếp tục diễn "
        "biến phức tạp, với thủ đoạn ngày càng tinh vi, chủ yếu lợi dụng mạng xã hội để tuyển "
        "dụng lao động với lời hứa hẹn việc làm nhẹ nhàng, thu nhập cao ở nước ngoài. Các đối "
        "tượng thường nhắm vào thanh niên từ 16 đến 25 tuổi ở các huyện miền núi, nơi có tỷ lệ "
        "hộ nghèo cao và nhiều người chưa có việc làm ổn định.",
    ),
    (
        "p",
        "Trong năm, lực lượng chức năng của tỉnh đã phát hiện 23 vụ việc có dấu hiệu mua bán "
        "người, tăng 5 vụ so với năm 2023; khởi tố 17 vụ án với 34 bị can, giải cứu và tiếp "
        "nhận 58 nạn nhân, trong đó có 21 nạn nhân dưới 18 tuổi. Phần lớn nạn nhân bị đưa sang "
        "các nước láng giềng để làm việc trong các cơ sở lừa đảo trực tuyến, bị giữ giấy tờ tùy "
        "thân và buộc phải làm việc từ 14 đến 16 giờ mỗi ngày.",
    ),
    (
        "p",
        "Báo cáo này tổng hợp kết quả thực hiện Kế hoạch số 112/KH-BCĐ của Ban Chỉ đạo, chỉ "
        "ra những tồn tại, hạn chế và đề xuất phương hướng, nhiệm vụ trọng tâm cho năm 2025, "
        "trên cơ sở báo cáo của các sở, ngành, Ủy ban nhân dân các huyện và ý kiến đóng góp của "
        "các tổ chức xã hội đang hỗ trợ nạn nhân trên địa bàn tỉnh.",
    ),
    ("break",),
    ("h", "I. Công tác tuyên truyền, phòng ngừa"),
    (
        "p",
        "Ban Chỉ đạo đã phối hợp với Đài Phát thanh và Truyền hình tỉnh xây dựng 24 chuyên "
        "mục tuyên truyền bằng tiếng Việt và tiếng H’Mông, đồng thời tổ chức 312 buổi nói "
        "chuyện tại các trường trung học phổ thông, trung tâm giáo dục nghề nghiệp và nhà văn "
        "hóa thôn, bản với hơn 41.000 lượt người tham dự. Đoàn Thanh niên các huyện đã thành "
        "lập 46 nhóm tình nguyện viên để cảnh báo về các tin tuyển dụng giả mạo trên mạng xã "
        "hội.",
    ),
    (
        "p",
        "Công an tỉnh đã chủ động rà soát các doanh nghiệp môi giới việc làm và kiểm tra 37 "
        "cơ sở có dấu hiệu tuyển dụng lao động đi làm việc ở nước ngoài trái phép, qua đó xử "
        "phạt hành chính 9 cơ sở với tổng số tiền 412 triệu đồng và chuyển cơ quan điều tra 2 "
        "vụ việc có dấu hiệu tội phạm.",
    ),
    ("h", "II. Công tác điều tra, xử lý tội phạm"),
    (
        "p",
        "Cơ quan Cảnh sát điều tra đã khởi tố 17 vụ án, 34 bị can về tội mua bán người và "
        "mua bán người dưới 16 tuổi; Tòa án nhân dân hai cấp đã xét xử 12 vụ với 25 bị cáo, "
        "trong đó có 6 bị cáo bị tuyên phạt từ 12 năm tù trở lên. Trong một chuyên án lớn được "
        "triệt phá vào tháng 8, lực lượng công an đã phối hợp với Bộ đội Biên phòng bắt giữ 7 "
        "đối tượng thuộc một đường dây chuyên đưa người qua biên giới để bán cho các cơ sở lừa "
        "đảo trực tuyến.",
    ),
    (
        "p",
        "Tuy nhiên, việc thu thập chứng cứ đối với các vụ án có yếu tố nước ngoài vẫn gặp "
        "nhiều khó khăn, do nạn nhân thường chỉ trở về sau nhiều tháng, không còn giữ được tin "
        "nhắn, hợp đồng hay giấy tờ liên quan, trong khi các đối tượng cầm đầu đường dây phần "
        "lớn đang ở nước ngoài.",
    ),
    ("h", "III. Công tác tiếp nhận, hỗ trợ nạn nhân"),
    (
        "p",
        "Trung tâm Công tác xã hội tỉnh đã tiếp nhận 58 nạn nhân, bố trí chỗ ở tạm thời, khám "
        "chữa bệnh, tư vấn tâm lý và hỗ trợ pháp lý cho tất cả các trường hợp. Sau khi trở về "
        "địa phương, 39 nạn nhân được hỗ trợ học nghề hoặc vay vốn ưu đãi để tạo sinh kế; tuy "
        "nhiên, việc theo dõi và hỗ trợ lâu dài vẫn còn hạn chế do thiếu cán bộ chuyên trách ở "
        "cấp xã.",
    ),
    ("h", "IV. Phương hướng, nhiệm vụ năm 2025"),
    (
        "p",
        "Năm 2025, Ban Chỉ đạo tiếp tục tập trung nâng cao hiệu quả công tác phòng ngừa tại "
        "các địa bàn trọng điểm, tăng cường phối hợp với các tỉnh biên giới trong việc xác "
        "minh, giải cứu và tiếp nhận nạn nhân, đồng thời đề xuất Ủy ban nhân dân tỉnh bố trí "
        "kinh phí để duy trì đường dây nóng hỗ trợ nạn nhân hoạt động 24 giờ mỗi ngày.",
    ),
]


def _vi_layout() -> _Layout:
    from reportlab.lib.pagesizes import A4

    regular, bold = _dejavu()
    width, height = A4
    left, right = 56.0, width - 56.0
    gutter = 18.0
    col = (right - left - gutter) / 2

    def frames(page: int, reserve: float) -> list[tuple[float, float, float, float]]:
        top, bottom = height - 84.0, 72.0 + reserve
        if page == 0:
            return [(left, top, bottom, right - left)]
        return [(left, top, bottom, col), (left + col + gutter, top, bottom, col)]

    def furniture(c, page: int, n_pages: int) -> None:
        c.setFont(regular, 7.5)
        c.drawString(left, height - 50, VI_HEADER)
        c.setLineWidth(0.5)
        c.line(left, height - 56, right, height - 56)
        c.setFont(regular, 9)
        c.drawCentredString(width / 2, 40, str(page + 1))

    return _Layout(
        page_size=A4,
        frames=frames,
        styles={
            "title": _Style(bold, 15, 20, 0, 14),
            "h": _Style(bold, 10.5, 14, 10, 2),
            "p": _Style(regular, 10, 14.5, 6, 0),
        },
        furniture=furniture,
    )


@lru_cache(maxsize=1)
def _report_vi() -> _Built:
    return _build_pdf(_vi_layout(), _VI_BLOCKS, {}, VI_TITLE)


def pdf_fixtures() -> list[Fixture]:
    en, fr, vi = _report_en(), _release_fr(), _report_vi()
    return [
        Fixture(
            name="report-en.pdf",
            data=en.data,
            article=en.article,
            boilerplate=(EN_HEADER, EN_FOOTER, *(f"Page {n}" for n in range(1, en.n_pages + 1))),
            metadata={"title": EN_TITLE},
            lang="en",
        ),
        Fixture(
            name="release-fr.pdf",
            data=fr.data,
            article=fr.article,
            boilerplate=(
                FR_HEADER,
                *(f"Page {n} / {fr.n_pages}" for n in range(1, fr.n_pages + 1)),
            ),
            metadata={"title": FR_TITLE},
            lang="fr",
        ),
        Fixture(
            name="report-vi.pdf",
            data=vi.data,
            article=vi.article,
            boilerplate=(VI_HEADER, *(str(n) for n in range(1, vi.n_pages + 1))),
            metadata={"title": VI_TITLE},
            lang="vi",
        ),
    ]


# --------------------------------------------------------------------------------------
# The scan: an image of text, no text layer
# --------------------------------------------------------------------------------------

SCANNED_TEXT: tuple[str, ...] = (
    "Inspection note, port of Kessa",  # the heading, drawn larger
    "The labour inspectorate visited twelve fishing vessels in the port of Kessa in May.",
    "Inspectors found that crew members had not been paid for seven months.",
    "Four workers said their passports were kept by the captain during the voyage.",
    "The case was referred to the police unit responsible for trafficking investigations.",
)


def _truetype(size: int):
    from PIL import ImageFont

    try:
        import matplotlib.font_manager as fm

        return ImageFont.truetype(fm.findfont(fm.FontProperties(family="DejaVu Sans")), size)
    except Exception:  # pragma: no cover - matplotlib missing
        try:
            return ImageFont.truetype("DejaVuSans.ttf", size)
        except OSError:
            return ImageFont.load_default(size=size)


@lru_cache(maxsize=1)
def scanned_pdf() -> bytes:
    """One letter page holding only a 200 dpi greyscale image of SCANNED_TEXT."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    dpi = 200
    width_px, height_px = int(letter[0] / 72 * dpi), int(letter[1] / 72 * dpi)
    image = Image.new("L", (width_px, height_px), 255)
    draw = ImageDraw.Draw(image)
    font = _truetype(30)
    margin = 170
    y = 220
    draw.text((margin, y), SCANNED_TEXT[0], font=_truetype(40), fill=0)
    y += 110
    for sentence in SCANNED_TEXT[1:]:
        words = sentence.split()
        line = ""
        for word in words:
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) > width_px - 2 * margin:
                draw.text((margin, y), line, font=font, fill=0)
                y += 48
                line = word
            else:
                line = trial
        draw.text((margin, y), line, font=font, fill=0)
        y += 72

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1)
    c.setAuthor("")
    c.setCreator("")
    c.drawImage(ImageReader(image), 0, 0, width=letter[0], height=letter[1])
    c.showPage()
    c.save()
    return buf.getvalue()


# --------------------------------------------------------------------------------------
# Word files
# --------------------------------------------------------------------------------------


def _docx_bytes(document) -> bytes:
    """Save a python-docx Document with fixed core dates and fixed zip timestamps."""
    import datetime as dt

    when = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.timezone.utc)
    props = document.core_properties
    props.created = when
    props.modified = when
    props.last_modified_by = ""
    props.author = ""
    props.comments = ""
    props.revision = 1
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 14, 9, 30, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


MEMO_TITLE = "Coordination Meeting on Labour Trafficking in the Fishing Sector"
MEMO_HEADER = "Internal — Draft"

_MEMO_PARAGRAPHS_BEFORE = (
    "Representatives of the Department of Fisheries, the Coast Guard, the labour "
    "inspectorate and two legal aid organisations met in Port Aldin on 6 February 2025 to "
    "review the cases of forced labour reported on long-haul vessels since the beginning of "
    "the season and to agree on who would do what before the next fleet leaves in July.",
    "Participants agreed that the main obstacle remains the lack of access to vessels while "
    "they are at sea: crew members rarely have a working phone, transshipment at sea allows "
    "boats to stay away from port for more than a year, and inspections in port are "
    "announced so far in advance that captains have time to coach the crew on what to say.",
    "The legal aid organisations presented the cases of 23 fishers who returned in December "
    "with unpaid wages of between four and eleven months; nineteen of them had signed "
    "contracts in a language they could not read, and all of them had paid recruitment fees "
    "that they were still repaying to moneylenders in their home villages.",
)

_MEMO_TABLE = (
    ("Agency", "Commitment", "Deadline"),
    ("Department of Fisheries", "Place trained observers on 40 long-haul vessels", "30 June 2025"),
    ("Coast Guard", "Share boarding schedules with the labour inspectorate", "15 May 2025"),
    (
        "Legal Aid Network",
        "Open a helpline for fishers’ families in three ports",
        "1 September 2025",
    ),
)

_MEMO_AFTER_TABLE = (
    "The secretariat will circulate a revised version of this table after each monthly call, "
    "and agencies that cannot meet a deadline are asked to say so at least two weeks in "
    "advance, so that the partners can decide together whether the activity should be "
    "postponed, reduced in scope or handed over to another member of the working group."
)

_MEMO_BULLETS = (
    "Draft a one-page information sheet for crew members in the four main languages spoken "
    "on board, explaining their rights and how to reach the helpline from a foreign port.",
    "Ask the Ministry of Foreign Affairs whether consular staff in the three main "
    "transshipment ports can meet crews during port calls without the captain present.",
    "Collect the outstanding wage claims of the 23 returned fishers into a single file for "
    "the labour court hearing scheduled for April.",
)


def _memo_en() -> Fixture:
    import docx

    document = docx.Document()
    document.core_properties.title = MEMO_TITLE
    document.core_properties.language = "en-GB"
    header = document.sections[0].header
    header.paragraphs[0].text = MEMO_HEADER

    article: list[str] = []
    document.add_heading(MEMO_TITLE, level=1)
    article.append(MEMO_TITLE)
    document.add_heading("Summary of Discussions", level=2)
    article.append("Summary of Discussions")
    for text in _MEMO_PARAGRAPHS_BEFORE:
        document.add_paragraph(text)
        article.append(text)
    document.add_heading("Commitments", level=2)
    article.append("Commitments")
    table = document.add_table(rows=len(_MEMO_TABLE), cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(_MEMO_TABLE):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            if r == 0:
                cell.paragraphs[0].runs[0].bold = True
            article.append(text)
    document.add_paragraph(_MEMO_AFTER_TABLE)
    article.append(_MEMO_AFTER_TABLE)
    document.add_heading("Next Steps", level=2)
    article.append("Next Steps")
    for text in _MEMO_BULLETS:
        document.add_paragraph(text, style="List Bullet")
        article.append(text)
    return Fixture(
        name="memo-en.docx",
        data=_docx_bytes(document),
        article=tuple(article),
        boilerplate=(MEMO_HEADER,),
        metadata={"title": MEMO_TITLE},
        lang="en",
    )


NOTE_TITLE = "Note d’information : protection des mineurs non accompagnés victimes de la traite"
NOTE_HEADER = "Document de travail — diffusion restreinte"

_NOTE_INTRO = (
    "La présente note fait le point sur la prise en charge des mineurs non accompagnés "
    "repérés comme victimes potentielles de la traite des êtres humains au cours de l’année "
    "2024, à partir des remontées de terrain des services départementaux et des associations "
    "spécialisées réunies le 20 janvier dernier.",
    "Les équipes constatent que les mineurs exploités dans la délinquance forcée sont encore "
    "trop souvent traités comme des auteurs d’infractions plutôt que comme des victimes, ce "
    "qui retarde leur orientation vers un hébergement adapté et favorise les fugues, les "
    "réseaux n’ayant alors aucune difficulté à reprendre contact avec eux.",
)

_NOTE_AFTER = (
    "Les départements disposant d’un hébergement éloigné et sécurisé signalent nettement "
    "moins de fugues dans les trois premiers mois, ce qui plaide pour une généralisation du "
    "dispositif, à condition que les éducateurs soient formés au repérage des signes "
    "d’emprise et que les juges des enfants soient informés rapidement de chaque situation."
)

_NOTE_RECOMMENDATIONS = (
    "Désigner dans chaque département un référent « traite » au sein de l’aide sociale à "
    "l’enfance, joignable par les services de police et de gendarmerie.",
    "Prévoir une évaluation de la situation du mineur par une équipe pluridisciplinaire "
    "dans les 72 heures suivant son repérage, avant toute décision d’orientation.",
    "Financer au moins une place d’hébergement sécurisé par département d’ici la fin de 2026.",
)


def _note_fr() -> Fixture:
    import docx

    document = docx.Document()
    document.core_properties.title = NOTE_TITLE
    document.core_properties.language = "fr-FR"
    document.sections[0].header.paragraphs[0].text = NOTE_HEADER

    article: list[str] = []
    document.add_heading(NOTE_TITLE, level=1)
    article.append(NOTE_TITLE)
    document.add_heading("Constats", level=2)
    article.append("Constats")
    for text in _NOTE_INTRO:
        document.add_paragraph(text)
        article.append(text)

    table = document.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    caption = "Mineurs pris en charge par l’aide sociale à l’enfance en 2024"
    merged.text = caption
    article.append(caption)
    rows = (
        ("Département", "Mineurs accueillis", ("Observations",)),
        (
            "Seine-Saint-Denis",
            "146",
            (
                "Majorité de garçons exploités dans la délinquance forcée, souvent arrivés par "
                "l’Espagne après plusieurs mois d’errance.",
                "Deux places d’hébergement sécurisé ouvertes en octobre.",
            ),
        ),
        (
            "Bouches-du-Rhône",
            "83",
            (
                "Hausse des cas d’exploitation sexuelle organisée au moyen des réseaux sociaux et "
                "de petites annonces en ligne.",
            ),
        ),
    )
    for r, (dept, count, notes) in enumerate(rows, start=1):
        table.cell(r, 0).text = dept
        table.cell(r, 1).text = count
        cell = table.cell(r, 2)
        cell.text = notes[0]
        for extra in notes[1:]:  # a second paragraph inside the same cell
            cell.add_paragraph(extra)
        article.extend([dept, count, *notes])
    for c in range(3):
        table.cell(1, c).paragraphs[0].runs[0].bold = True

    document.add_paragraph(_NOTE_AFTER)
    article.append(_NOTE_AFTER)
    document.add_heading("Recommandations", level=2)
    article.append("Recommandations")
    for text in _NOTE_RECOMMENDATIONS:
        document.add_paragraph(text, style="List Number")
        article.append(text)
    return Fixture(
        name="note-fr.docx",
        data=_docx_bytes(document),
        article=tuple(article),
        boilerplate=(NOTE_HEADER,),
        metadata={"title": NOTE_TITLE},
        lang="fr",
    )


def docx_fixtures() -> list[Fixture]:
    return [_memo_en(), _note_fr()]
