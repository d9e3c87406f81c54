"""A single self-contained HTML page that shows, per document, which topic each sentence got.

Written for a reader, not a parser: a legend, then per document a stacked bar of topic
shares and the text itself with every sentence tinted by its label; hovering a sentence
shows "label (score 0.87)". One file with inline CSS, no script and no external resource,
so it can be mailed or opened offline. Documents are streamed to a temporary file as they
are added, and the page replaces its target only when the `with` block ends cleanly.

Colours come from the Okabe-Ito palette, which stays distinguishable under the common
colour-vision deficiencies; the 4P labels get fixed colours so every report reads the
same, `other` is grey, and sentences are tinted rather than filled so text stays legible.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from html import escape
from pathlib import Path

from classifier.io import AtomicStreamWriter

OTHER_GREY = "#9e9e9e"
FIXED_COLOURS = {
    "prevention": "#56B4E9",  # sky blue
    "prosecution": "#D55E00",  # vermillion
    "protection": "#009E73",  # bluish green
    "partnership": "#E69F00",  # orange
    "other": OTHER_GREY,
}
# Further Okabe-Ito colours for labels beyond the 4P set, in order of first use.
SPARE_COLOURS = ("#0072B2", "#CC79A7", "#F0E442", "#000000")

_BAR_PX = 880  # narrowest width the bar is laid out for; decides which labels fit
_CHAR_PX = 7.5  # width of one character of the bar's 12px font
_SPOOL_BYTES = 1 << 20  # a document's HTML held in memory before it spills to disk
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def label_colours(labels: list[str]) -> dict[str, str]:
    """Fixed colour per label: 4P labels and `other` always the same, others in order."""
    spare = iter(c for c in SPARE_COLOURS if c not in FIXED_COLOURS.values())
    out = {}
    for i, label in enumerate(labels):
        colour = FIXED_COLOURS.get(label) or next(spare, None)
        if colour is None:  # more labels than the palette: cycle, still deterministic
            colour = SPARE_COLOURS[i % len(SPARE_COLOURS)]
        out[label] = colour
    return out


def _tint(colour: str, amount: float) -> str:
    """`colour` mixed with white; `amount` is the share of the colour kept."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(255 - (255 - v) * amount) for v in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _ink(colour: str) -> str:
    """Black or white, whichever reads better on `colour` (WCAG relative luminance)."""
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000" if luminance > 0.179 else "#fff"


_CSS = """
*{box-sizing:border-box}
body{margin:0;padding:24px 32px 48px;font:16px/1.6 system-ui,-apple-system,"Segoe UI",
Roboto,"Noto Sans","DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#1f2328;
background:#fff}
main{max-width:980px;margin:0 auto}
h1{font-size:26px;margin:0 0 4px}
.sub{color:#57606a;margin:0 0 12px;font-size:14px}
.legend{display:flex;flex-wrap:wrap;gap:8px 20px;list-style:none;padding:10px 14px;
margin:0 0 28px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;
position:sticky;top:0;z-index:1}
.legend li{display:flex;align-items:center;gap:6px;font-size:14px}
.sw{display:inline-block;width:14px;height:14px;border-radius:3px}
.doc{border-top:1px solid #d0d7de;padding-top:16px;margin-top:24px}
.doc h2{font-size:18px;margin:0 0 2px;word-break:break-all}
.count{color:#57606a;font-size:13px;margin:0 0 8px}
.bar{display:flex;height:24px;border-radius:4px;overflow:hidden;margin:0 0 14px;
background:#eaeef2}
.seg{min-width:0;overflow:hidden;white-space:nowrap;font-size:12px;line-height:24px;
padding:0 6px;text-overflow:clip}
.text{line-height:1.8}
.text p{margin:0 0 12px}
.s{border-bottom:3px solid transparent;padding:1px 0;border-radius:2px}
.empty{color:#57606a;font-style:italic}
footer{margin-top:36px;color:#57606a;font-size:13px}
"""


def _about(metadata: dict) -> str:
    """A line under a document's name with what its file says about itself: title, site,
    date, author, and a link to where it was published."""
    parts = [f"<cite>{escape(metadata['title'])}</cite>" if metadata.get("title") else "",
             *(escape(metadata[k]) for k in ("site", "date", "author") if metadata.get(k))]
    url = metadata.get("url", "")
    if url.startswith(("http://", "https://")):
        parts.append(f'<a href="{escape(url)}">{escape(url)}</a>')
    parts = [p for p in parts if p]
    return f'<p class="about">{" · ".join(parts)}</p>\n' if parts else ""


class HtmlReportWriter(AtomicStreamWriter):
    """Streams an HTML report, one document at a time, into `path` (atomically).

    Use as a context manager and call `add_document` per document, or, for a document
    streamed in pieces, `begin_document`, `add_sentences` per piece and `end_document`;
    each sentence dict needs text and label, and may carry score, start, end and lang.
    """

    def __init__(self, path: str | Path, labels: list[str],
                 title: str = "Sentence topics by document"):
        if not labels:
            raise ValueError("no labels given")
        super().__init__(path)
        self.labels = list(labels)
        self.title = title
        self.colours = label_colours(self.labels)
        self._css_class = {label: f"t{i}" for i, label in enumerate(self.labels)}
        self.documents = 0
        self.sentences = 0
        self._doc: dict | None = None  # the document begun and not yet ended

    # ------------------------------------------------------------------ lifecycle

    def _open(self, tmp: Path, stack: contextlib.ExitStack) -> None:
        self._fh = stack.enter_context(tmp.open("w", encoding="utf-8", newline="\n"))
        self._doc = None
        stack.callback(self._drop_open_document)  # on error: no stray spool file either
        self._fh.write(self._head())

    def _drop_open_document(self) -> None:
        doc, self._doc = self._doc, None
        if doc is not None:
            doc["spool"].close()

    def _finish(self) -> None:
        if self._doc is not None:  # a stream that ended without closing its last document
            self.end_document()
        self._fh.write(self._foot())

    # ------------------------------------------------------------------ content

    def _head(self) -> str:
        rules = []
        for label, colour in self.colours.items():
            cls = self._css_class[label]
            rules.append(f".sw.{cls},.seg.{cls}{{background:{colour};color:{_ink(colour)}}}")
            rules.append(f".s.{cls}{{background:{_tint(colour, 0.28)};"
                         f"border-bottom-color:{colour}}}")
        legend = "".join(
            f'<li><span class="sw {self._css_class[label]}" aria-hidden="true"></span>'
            f"{escape(label)}</li>"
            for label in self.labels
        )
        return (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(self.title)}</title>\n"
            f"<style>{_CSS}{chr(10).join(rules)}\n</style>\n</head>\n<body>\n<main>\n"
            f"<h1>{escape(self.title)}</h1>\n"
            '<p class="sub">Each sentence is tinted by its predicted topic; hover over a '
            "sentence for its label and score, over a bar for the topic's share.</p>\n"
            f'<ul class="legend" aria-label="Topics">{legend}</ul>\n'
        )

    def _foot(self) -> str:
        return (f"<footer>{self.documents} document(s), {self.sentences} sentence(s).</footer>"
                "\n</main>\n</body>\n</html>\n")

    def _bar(self, counts: Counter, total: int) -> str:
        segments = []
        for label in self.labels:
            n = counts.get(label, 0)
            if not n:
                continue
            share = 100 * n / total
            pct = f"{share:.0f}%" if share >= 1 else f"{share:.1f}%"
            room = share / 100 * _BAR_PX - 12  # minus the segment's padding
            full, short = f"{label} {pct}", pct
            shown = full if len(full) * _CHAR_PX <= room else (
                short if len(short) * _CHAR_PX <= room else "")
            tip = f"{label}: {n} of {total} sentences ({share:.1f}%)"
            segments.append(
                f'<span class="seg {self._css_class[label]}" style="flex:{n} 1 0" '
                f'title="{escape(tip)}">{escape(shown)}</span>'
            )
        summary = ", ".join(
            f"{label} {100 * counts[label] / total:.0f}%" for label in self.labels
            if counts.get(label)
        )
        return (f'<div class="bar" role="img" aria-label="{escape("Topic shares: " + summary)}">'
                f'{"".join(segments)}</div>\n')

    def _sentence(self, s: dict) -> str:
        label = s["label"]
        score = s.get("score")
        tip = label if score is None else f"{label} (score {float(score):.2f})"
        lang = s.get("lang")
        lang_attr = f' lang="{escape(lang)}"' if isinstance(lang, str) and \
            _LANG.fullmatch(lang) and lang != "und" else ""
        return (f'<span class="s {self._css_class[label]}" title="{escape(tip)}"{lang_attr}>'
                f"{escape(str(s['text']))}</span>")

    def add_document(self, doc_id: str, sentences: list[dict], text: str | None = None,
                     metadata: dict | None = None) -> None:
        """Append one document: its name, topic-share bar and tinted sentences.

        Sentences are shown in reading order (by `start` where given). With the
        document's `text`, a blank line between two sentences starts a new paragraph and
        a single line break is kept; without it the sentences flow as one paragraph.
        """
        self.begin_document(doc_id, text, metadata)
        try:
            self.add_sentences(sentences)
        except BaseException:
            self._drop_open_document()  # the page stays as it was, ready for the next one
            raise
        self.end_document()

    def begin_document(self, doc_id: str, text: str | None = None,
                       metadata: dict | None = None) -> None:
        """Start a document whose sentences come in several `add_sentences` calls.

        For a document too long to hold its sentences at once: the text part goes to a
        spool file (on disk past a megabyte) because the bar above it needs the totals,
        which are known only at `end_document`.
        """
        import tempfile

        if self._stack is None:
            raise RuntimeError(f"{self.path}: adding a document outside the report's "
                               "`with` block")
        if self._doc is not None:
            raise RuntimeError(f"{self.path}: {self._doc['id']} is still open "
                               "(end_document first)")
        spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES, mode="w+",
                                              encoding="utf-8", newline="\n",
                                              dir=self.path.parent)
        self._doc = {"id": doc_id, "text": text, "spool": spool, "counts": Counter(),
                     "total": 0, "prev_end": None, "metadata": metadata or {}}

    def add_sentences(self, sentences: list[dict]) -> None:
        """Append sentences to the open document; later calls continue its reading order.

        Each call's sentences are sorted by `start` where all have one; across calls they
        are taken to come in order, as a streamed document yields them.
        """
        doc = self._doc
        if doc is None:
            raise RuntimeError(f"{self.path}: add_sentences without begin_document")
        unknown = sorted({str(s.get("label")) for s in sentences} - set(self.labels))
        if unknown:
            raise ValueError(f"{doc['id']}: labels not in the report's legend: "
                             f"{', '.join(unknown)} (legend: {', '.join(self.labels)})")
        if all(isinstance(s.get("start"), int) for s in sentences):
            sentences = sorted(sentences, key=lambda s: s["start"])
        text, out = doc["text"], []
        for s in sentences:
            if doc["total"]:
                gap = " "
                prev_end, start = doc["prev_end"], s.get("start")
                if text is not None and isinstance(prev_end, int) and isinstance(start, int):
                    between = text[prev_end:start]
                    if _BLANK_LINE.search(between):
                        gap = "</p>\n<p>"
                    elif "\n" in between:
                        gap = "<br>\n"
                out.append(gap)
            out.append(self._sentence(s))
            doc["counts"][s["label"]] += 1
            doc["total"] += 1
            doc["prev_end"] = s.get("end")
        doc["spool"].write("".join(out))

    def end_document(self) -> None:
        """Write the open document: heading, count and bar, then its spooled text."""
        import shutil

        doc, self._doc = self._doc, None
        if doc is None:
            raise RuntimeError(f"{self.path}: end_document without begin_document")
        total = doc["total"]
        self.documents += 1
        self.sentences += total
        out = [f'<section class="doc" id="doc-{self.documents}">\n'
               f"<h2>{escape(doc['id'])}</h2>\n", _about(doc["metadata"])]
        with doc["spool"] as spool:
            if not total:
                out.append('<p class="empty">No sentences.</p>\n</section>\n')
                self._fh.write("".join(out))
                return
            out.append(f'<p class="count">{total} sentence{"s" if total != 1 else ""}</p>\n')
            out.append(self._bar(doc["counts"], total))
            out.append('<div class="text">\n<p>')
            self._fh.write("".join(out))
            spool.seek(0)
            shutil.copyfileobj(spool, self._fh)
            self._fh.write("</p>\n</div>\n</section>\n")
