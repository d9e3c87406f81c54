"""Text of scanned PDFs by optical character recognition (Tesseract), on request.

OCR is slow (seconds a page) and only as good as the scan and the language data
installed, so it runs only with `--ocr`, and says which languages it read with: Tesseract
reads the languages whose data is installed (Debian: `tesseract-ocr-eng`,
`tesseract-ocr-fra`, `tesseract-ocr-vie` ...), and a page in any other comes back as
near-nonsense. Pages are rendered at 300 dpi by pypdfium2 (which pdfplumber brings).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from classifier.data.decoding import InputError
from classifier.data.formats.common import tidy

DPI = 300
INSTALL_HINT = ("--ocr needs Tesseract: install it (Debian/Ubuntu: apt install tesseract-ocr "
                "plus tesseract-ocr-fra, tesseract-ocr-vie ... for each language to read)")


def tesseract_languages() -> list[str]:
    """The languages the installed Tesseract can read (its 'osd' script data aside)."""
    binary = shutil.which("tesseract")
    if binary is None:
        return []
    listed = subprocess.run([binary, "--list-langs"], capture_output=True, text=True,
                            check=False).stdout.splitlines()
    return [name.strip() for name in listed[1:] if name.strip() and name.strip() != "osd"]


def _paragraphs(text: str) -> str:
    """Tesseract's lines joined into paragraphs (blank lines apart), words hyphenated at
    line ends re-joined."""
    out = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        joined = ""
        for line in lines:
            if joined.endswith("-") and line[:1].islower():
                joined = joined[:-1] + line
            else:
                joined = f"{joined} {line}" if joined else line
        if joined:
            out.append(joined)
    return tidy("\n\n".join(out))


def ocr_pdf(data: bytes, where: str, notes: list[str]) -> str:
    """Every page of a PDF read by Tesseract in all its installed languages."""
    import pypdfium2

    binary = shutil.which("tesseract")
    languages = tesseract_languages()
    if binary is None or not languages:
        raise InputError(where, f"no text layer (scanned PDF?), and {INSTALL_HINT}")
    pages = []
    pdf = pypdfium2.PdfDocument(data)
    try:
        with tempfile.TemporaryDirectory(prefix="classifier-ocr-") as tmp:
            for i in range(len(pdf)):
                image = Path(tmp) / f"page-{i}.png"
                pdf[i].render(scale=DPI / 72).to_pil().save(image)
                done = subprocess.run([binary, str(image), "stdout", "-l", "+".join(languages)],
                                      capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    raise InputError(where, f"OCR failed on page {i + 1}: "
                                     f"{done.stderr.strip().splitlines()[-1:] or done.returncode}")
                pages.append(_paragraphs(done.stdout))
    finally:
        pdf.close()
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise InputError(where, f"no text found by OCR ({'+'.join(languages)})")
    notes.append(f"no text layer: read by OCR (Tesseract, languages {'+'.join(languages)}; "
                 "others come out garbled)")
    return text
