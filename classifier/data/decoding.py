"""Bytes to text: UTF-8 first, a legacy code page only when it is clearly right.

Reports saved by older Windows tools come in their legacy code page (cp1252 above all,
Shift-JIS, GB18030); `charset-normalizer` guesses those, and a guess is taken only when it
is clearly right (see `_guess_legacy`), because a wrong one gives readable-looking nonsense
that nobody notices. A decoded file says so in a note.
"""

from __future__ import annotations

import re
from pathlib import Path

from classifier.errors import ClassifierError


class InputError(ClassifierError, ValueError):
    """A document that cannot be read (raised by every reader); `reason` is short enough
    for one line of a log."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def normalize_newlines(text: str) -> str:
    """Universal newlines, as Path.read_text gives them (the corpus is read that way)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# How sure charset-normalizer must be before its guess replaces the text's bytes. Its
# chaos (0 = clean, the library drops candidates above 0.2) says whether the decoded text
# looks like text; its coherence (0-1) whether the letters follow some language's
# frequencies. Correct decodes of the French and English reports in data/ scored chaos
# 0-0.17 and coherence 0.5-1.0; short texts and wrong code pages often score coherence 0.
_MAX_CHAOS = 0.2
_MIN_COHERENCE = 0.4
# Below this, random bytes pass for Shift-JIS or cp949 now and then (20-32 bytes: about one
# in ten), and a few letters tell no language; of 300 random samples of 48 bytes or more,
# none passed.
_MIN_GUESS_BYTES = 64
# A multi-byte CJK code page is nearly self-checking (most byte pairs are invalid), so
# coherence, which needs long texts, is not asked; but an English text with three curly
# quotes can pass as Big5, so CJK characters must make up a share of the letters.
_CJK_ENCODINGS = frozenset(
    "big5 big5hkscs cp932 cp949 cp950 euc_jis_2004 euc_jisx0213 euc_jp euc_kr gb18030 gb2312 "
    "gbk hz iso2022_jp iso2022_kr johab shift_jis shift_jis_2004 shift_jisx0213".split()
)
_MAX_CJK_CHAOS = 0.1
_MIN_CJK_SHARE = 0.3
_CJK = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                  "\uf900-\ufaff\uff66-\uff9f]")
# Single-byte code pages share most letters and charset-normalizer, on a text with few
# accented letters, often names a cousin (cp1250, cp775, iso8859_13) of the cp1252 it was
# written in: "transfrontaličre". When cp1252 reads about as well, the far commoner cp1252
# is taken. With these margins, of the reports in data/ saved as cp1252 (108 samples, 150
# characters to whole documents) 107 decode right, 1 is refused, none decodes wrong.
_CP1252_CHAOS_MARGIN = 0.05
_CP1252_COHERENCE_MARGIN = 0.1
# The converse slip, Polish in cp1250 read as cp1252 ("zatrzyma³a", chaos 0), is caught by
# the language: py3langid still knows Polish through a few wrong letters, and a single-byte
# decode is kept only when the code page is one that language is written in; otherwise the
# language's own Windows code page is tried.
_SCRIPT_CODE_PAGES: tuple[tuple[str, str, str], ...] = (
    # (ISO 639-1 languages, their Windows code page, code pages of the same letters)
    ("af br ca cy da de en es eu fi fo fr fy ga gd gl id is it la lb ms nl nn no oc pt qu "
     "sq sv sw tl wa", "cp1252",
     "cp1252 latin_1 iso8859_15 iso8859_14 mac_roman mac_iceland cp850 cp858 cp437 hp_roman8"),
    ("bs cs hr hu pl ro sk sl sq", "cp1250", "cp1250 iso8859_2 iso8859_16 mac_latin2 cp852"),
    ("be bg kk ky mk mn ru sr tg uk", "cp1251",
     "cp1251 koi8_r koi8_u iso8859_5 mac_cyrillic cp866 cp855 cp1125 kz1048 ptcp154"),
    ("el", "cp1253", "cp1253 iso8859_7 mac_greek cp737 cp869"),
    ("az tr", "cp1254", "cp1254 iso8859_9 mac_turkish cp857"),
    ("he", "cp1255", "cp1255 iso8859_8 cp862"),
    ("ar fa ps ur", "cp1256", "cp1256 iso8859_6 cp864 cp720 mac_arabic cp1006"),
    ("et lt lv", "cp1257", "cp1257 iso8859_13 iso8859_4 iso8859_10 cp775"),
    ("vi", "cp1258", "cp1258"),
    ("th", "cp874", "cp874 tis_620 iso8859_11"),
)
# Names to report when they give the very same text as the one charset-normalizer chose.
_COMMON_NAMES = ("cp1252", "mac_roman", "latin_1")
# Share of C0 control bytes (not tab, newlines, form feed, escape) above which undecodable
# bytes are called binary: text in any code page has almost none, random bytes one in ten.
_MAX_CONTROL_SHARE = 0.01
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32)])


def _language_fits(encoding: str, text: str, data: bytes) -> tuple[str, str] | None:
    """(encoding, text) once the language of `text` agrees with a single-byte code page."""
    from charset_normalizer import from_bytes

    from classifier.text.langid import LANG_SAMPLE, UNDETERMINED, detect

    lang = detect(text[:LANG_SAMPLE])
    if lang == UNDETERMINED:
        return None
    for langs, windows, family in _SCRIPT_CODE_PAGES:
        if lang not in langs.split():
            continue
        if encoding in family.split():
            return encoding, text
        own = from_bytes(data, threshold=_MAX_CHAOS, cp_isolation=[windows]).best()
        if own is not None and own.encoding == windows:
            own_text = str(own)
            if detect(own_text[:LANG_SAMPLE]) == lang:
                return windows, own_text
    return None


def _guess_legacy(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) of non-UTF-8 bytes when charset-normalizer is clearly right.

    Limits: a Mac Roman file whose few accented letters also read cleanly as cp1252 is
    decoded as cp1252 (the commoner); Vietnamese in VNI or TCVN3 fonts is not detected.
    """
    from charset_normalizer import from_bytes

    if len(data) < _MIN_GUESS_BYTES:
        return None
    best = from_bytes(data, threshold=_MAX_CHAOS).best()
    if best is not None and best.encoding in ("ascii", "utf_8"):
        best = None
    if best is not None and best.encoding in _CJK_ENCODINGS:
        text = str(best)
        letters = sum(ch.isalpha() for ch in text)
        if best.chaos <= _MAX_CJK_CHAOS and len(_CJK.findall(text)) >= _MIN_CJK_SHARE * letters:
            return best.encoding, text
        best = None  # a Western text that happens to be valid in a CJK code page
    western = from_bytes(data, threshold=_MAX_CHAOS, cp_isolation=["cp1252"]).best()
    if western is not None and western.encoding == "cp1252" and (
        best is None
        or (western.chaos <= best.chaos + _CP1252_CHAOS_MARGIN
            and western.coherence >= best.coherence - _CP1252_COHERENCE_MARGIN)
    ):
        best = western
    if best is None or best.coherence < _MIN_COHERENCE:
        return None
    text = str(best)
    for name in _COMMON_NAMES:
        try:
            if data.decode(name) == text:
                return _language_fits(name, text, data)
        except UnicodeDecodeError:
            pass
    return _language_fits(best.encoding, text, data)


def decode(data: bytes, where: str, notes: list[str] | None = None) -> str:
    """Text with universal newlines (a BOM is dropped), or an InputError.

    UTF-8 unless the bytes are not UTF-8 and `_guess_legacy` is sure of their code page;
    then a note naming it is appended to `notes`.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(where, "not valid UTF-8 (looks like UTF-16; save it as UTF-8)")
    if b"\x00" in data:
        raise InputError(where, "binary file (not text)")
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = bom + exc.start
        bad = f"byte 0x{data[offset]:02x} at offset {offset}"
        if bom:  # the file says it is UTF-8: a bad byte is damage, not another code page
            raise InputError(where, f"not valid UTF-8 ({bad})") from None
        if sum(data.count(b) for b in _CONTROL_BYTES) > _MAX_CONTROL_SHARE * len(data):
            raise InputError(where, "binary file (not text)") from None
        guess = _guess_legacy(data)
        if guess is None:
            raise InputError(where, f"not UTF-8 ({bad}) and the encoding could not be "
                             "detected with confidence; save it as UTF-8") from None
        encoding, text = guess
        if notes is not None:
            notes.append(f"decoded as {encoding} (not UTF-8)")
    return normalize_newlines(text)
