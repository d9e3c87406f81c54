"""Texts the splitter must survive: runs with no boundary (cut into units the model can read,
in linear time), scripts written without spaces, and `classifier split` on real files."""

from __future__ import annotations

import io
import json
import random
import re
import sys
import time

import pytest

from classifier.cli import main
from classifier.text import MAX_UNIT_CHARS, SplitStats, split_document, split_spans
from tests.test_inputs import make_docx, para


def lowercase_words(n_chars: int, stop_every: int | None = None, seed: int = 0) -> str:
    """One line of random lowercase words; with `stop_every`, a stop after every n-th word,
    which sentencex splits at and the merge rule (next word lowercase) glues back."""
    rng = random.Random(seed)
    words, size = [], 0
    while size < n_chars:
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
        if stop_every and len(words) % stop_every == stop_every - 1:
            word += "."
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


def units(text: str, lang: str = "en", stats: SplitStats | None = None) -> list[str]:
    spans = split_spans(text, lang, stats)
    out = [text[s.start : s.end] for s in spans]
    for piece in out:
        assert piece == piece.strip() and piece
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    # nothing lost: every non-space character is in exactly one unit
    assert "".join("".join(out).split()) == "".join(text.split())
    return out


# -------------------------------------------------------------------- overlong units


@pytest.mark.parametrize("stop_every", [None, 10])
def test_run_without_boundary_is_cut_within_the_cap(stop_every):
    text = lowercase_words(20_000, stop_every)
    stats = SplitStats()
    out = units(text, stats=stats)
    assert len(out) > 1 and max(map(len, out)) <= MAX_UNIT_CHARS
    # cut at spaces, in pieces no shorter than half the cap
    assert all(len(piece) >= MAX_UNIT_CHARS // 2 for piece in out[:-1])
    words = set(text.split())
    assert all(set(piece.split()) <= words for piece in out)
    assert stats == SplitStats(overlong_spans=1, cuts=len(out) - 1)


def test_cut_prefers_clause_marks():
    clauses = ["the ministry opened shelters in every province", "trained judges",
               "screened returnees at the border — and the police acted"]
    marked = zip(clauses * 40, ";,:" * 40, strict=True)
    text = " ".join(f"{c}{mark}" for c, mark in marked) + " end."
    out = units(text)
    assert len(out) > 1 and max(map(len, out)) <= MAX_UNIT_CHARS
    assert all(piece[-1] in ";,:—" for piece in out[:-1])


def test_hard_cut_without_spaces_keeps_accents_on_their_letters():
    text = "e\u0301" * 2_000  # é as e + combining acute: 4,000 characters, no space
    out = units(text)
    assert max(map(len, out)) <= MAX_UNIT_CHARS
    assert all(not piece.startswith("\u0301") for piece in out)
    assert units("x" * 4_000) == ["x" * MAX_UNIT_CHARS] * 2 + ["x" * 1_000]


def test_cjk_run_is_cut_after_a_full_width_comma():
    text = "警方在边境地区逮捕了多名嫌疑人，" * 200
    out = units(text, "zh")
    assert len(out) > 1 and max(map(len, out)) <= MAX_UNIT_CHARS
    assert all(piece.endswith("，") for piece in out)


def test_ordinary_text_is_not_cut():
    text = ("Police arrested 43 suspects. Shelters opened in three provinces. " * 30).strip()
    stats = SplitStats()
    assert len(units(text, stats=stats)) == 60
    assert stats == SplitStats()


def test_split_document_counts_cuts_and_keeps_its_signature():
    text = "Heading\n\n" + lowercase_words(5_000, 10)
    stats = SplitStats()
    sents = split_document(text, "d", "en", stats=stats)
    assert [s.index for s in sents] == list(range(len(sents)))
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert max(len(s.text) for s in sents) <= MAX_UNIT_CHARS
    assert stats.overlong_spans == 1 and stats.cuts == len(sents) - 2
    assert split_document(text, "d", "en") == sents  # positional `lang`, no stats


def test_time_is_linear_in_a_run_without_boundary():
    # 0.6 MB took 13.7 s when each step searched the whole span merged so far; linear
    # time is well under a second here, so 5 s leaves room for a loaded machine.
    text = lowercase_words(600_000, 10)
    split_document("Warm up the language identifier.", "w")
    t0 = time.perf_counter()
    sents = split_document(text, "d")
    assert time.perf_counter() - t0 < 5
    assert max(len(s.text) for s in sents) <= MAX_UNIT_CHARS


# -------------------------------------------------------------------- scripts without spaces


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("zh", "警方逮捕了43名嫌疑人。政府在学校发起了宣传活动。",
     ["警方逮捕了43名嫌疑人。", "政府在学校发起了宣传活动。"]),
    ("zh", "他说：“我们会继续努力。”政府表示支持！真的吗？是的。",
     ["他说：“我们会继续努力。”", "政府表示支持！", "真的吗？", "是的。"]),
    ("zh", "真的吗?是的.好", ["真的吗?", "是的.", "好"]),  # ASCII stops between Han
    ("ja", "警察は容疑者43人を逮捕した。政府は学校で啓発活動を始めた。",
     ["警察は容疑者43人を逮捕した。", "政府は学校で啓発活動を始めた。"]),
    # a quotation ending in 。 goes on with the particle と: one sentence
    ("ja", "「はい。」と彼は言った。次の日、彼は来た。",
     ["「はい。」と彼は言った。", "次の日、彼は来た。"]),
    # the rule for stops without a space still holds for Latin script
    ("en", "The U.S.A. signed in 2019.Inflation was 3.5 percent. It fell.",
     ["The U.S.A. signed in 2019.Inflation was 3.5 percent.", "It fell."]),
])
def test_spaceless_scripts_split_after_their_stops(lang, text, expected):
    assert units(text, lang) == expected


def test_split_document_detects_chinese_and_japanese():
    zh = split_document("警方逮捕了43名嫌疑人。政府在学校发起了宣传活动。", "zh")
    assert [(s.lang, s.start, s.end) for s in zh] == [("zh", 0, 12), ("zh", 12, 25)]
    ja = split_document("警察は容疑者43人を逮捕した。政府は学校で啓発活動を始めた。", "ja")
    assert [s.lang for s in ja] == ["ja", "ja"]


# -------------------------------------------------------------------- classifier split


def rows(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_cli_split_stdin_chinese(monkeypatch, capsys):
    data = "警方逮捕了43名嫌疑人。政府在学校发起了宣传活动。".encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["split", "-"]) == 0
    got = rows(capsys.readouterr().out)
    assert [r["text"] for r in got] == ["警方逮捕了43名嫌疑人。", "政府在学校发起了宣传活动。"]
    assert {r["doc"] for r in got} == {"stdin"}


def test_cli_split_reports_cut_spans(tmp_path, capsys):
    src = tmp_path / "log.txt"
    src.write_text(lowercase_words(4_000, 10) + "\n\nA normal sentence.\n\n"
                   + lowercase_words(4_000, None, seed=1) + "\n", encoding="utf-8")
    assert main(["split", str(src), "--lang", "en"]) == 0
    out = capsys.readouterr()
    got = rows(out.out)
    assert max(len(r["text"]) for r in got) <= MAX_UNIT_CHARS
    text = src.read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["text"] for r in got)
    cuts = len(got) - 3
    assert re.fullmatch(rf"2 overlong spans were cut at {MAX_UNIT_CHARS} characters "
                        rf"\({cuts} cuts\)\n", out.err)


def test_cli_split_reads_every_format_and_reports_bad_files(tmp_path, capsys):
    docx = make_docx(tmp_path / "report.docx", para("Police acted. Courts followed."))
    html = tmp_path / "page.html"
    html.write_text("<h1>Deal signed</h1><p>The ministries agreed.</p>", encoding="utf-8")
    legacy = tmp_path / "rapport.txt"
    legacy.write_bytes("Le ministère a signé un accord avec l’OIM. Les victimes reçoivent "
                       "désormais une aide médicale gratuite.".encode("cp1252"))
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"\x00\x01binary")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out.jsonl"
    code = main(["split", str(docx), str(missing), str(html), str(blob), str(legacy),
                 "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err
    assert f"error: {missing}: not found\n" in err
    assert f"error: {blob}: binary file (not text)\n" in err
    assert f"warning: {legacy}: decoded as cp1252 (not UTF-8)\n" in err
    assert "Traceback" not in err
    got = rows(out.read_text(encoding="utf-8"))
    assert [(r["doc"], r["text"]) for r in got] == [
        ("report", "Police acted."), ("report", "Courts followed."),
        ("page", "Deal signed"), ("page", "The ministries agreed."),
        ("rapport", "Le ministère a signé un accord avec l’OIM."),
        ("rapport", "Les victimes reçoivent désormais une aide médicale gratuite."),
    ]
