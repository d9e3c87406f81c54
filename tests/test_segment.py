"""Hard cases of sentence splitting, per language; offsets must point into the text."""

import json

import pytest

from classifier.cli import main
from classifier.text import split_document, split_spans


def sentences(text: str, lang: str) -> list[str]:
    spans = split_spans(text, lang)
    for s in spans:
        assert text[s.start : s.end] == text[s.start : s.end].strip()
    return [text[s.start : s.end] for s in spans]


CASES = {
    "en": [
        # abbreviations and titles
        ("The U.S. Department of State said Dr. Smith met Mr. Hang. Talks went well.",
         ["The U.S. Department of State said Dr. Smith met Mr. Hang.", "Talks went well."]),
        ("Under Decision No. 793/QD-TTg, July 30 became a day of action. It is marked yearly.",
         ["Under Decision No. 793/QD-TTg, July 30 became a day of action.",
          "It is marked yearly."]),
        ("Art. 150 of the Penal Code applies, e.g. to brokers. Sentences rose.",
         ["Art. 150 of the Penal Code applies, e.g. to brokers.", "Sentences rose."]),
        # numbers with separators
        ("Some 4,100 victims returned. Another 2.5 million were at risk.",
         ["Some 4,100 victims returned.", "Another 2.5 million were at risk."]),
        # quotes and parentheses
        ('"We are ready to cooperate," Hang added. The report (released on June 15) followed.',
         ['"We are ready to cooperate," Hang added.',
          "The report (released on June 15) followed."]),
        # headline, byline, caption on their own lines
        ("Vietnam ready to discuss cooperation\nBy Vu Anh   June 22, 2023 | 05:38 am PT\n"
         "Police escort a suspect. Photo by VnExpress\nThe ministry said so.",
         ["Vietnam ready to discuss cooperation", "By Vu Anh   June 22, 2023 | 05:38 am PT",
          "Police escort a suspect.", "Photo by VnExpress", "The ministry said so."]),
        # bullet list
        ("Key steps:\n- screening returnees\n- opening shelters\n* training judges",
         ["Key steps:", "- screening returnees", "- opening shelters", "* training judges"]),
        # a paragraph hard-wrapped across lines stays whole
        ("The ministry opened two shelters for women returning from the scam\n"
         "compounds in Cambodia and trained staff in trauma-informed care. It\n"
         "plans more.",
         ["The ministry opened two shelters for women returning from the scam\n"
          "compounds in Cambodia and trained staff in trauma-informed care.",
          "It\nplans more."]),
    ],
    "fr": [
        ("Selon M. Dupont et Mme. Martin, la loi change. Le texte est adopté.",
         ["Selon M. Dupont et Mme. Martin, la loi change.", "Le texte est adopté."]),
        ("L'art. 225-4-1 du Code pénal s'applique, p. ex. aux passeurs. La peine augmente.",
         ["L'art. 225-4-1 du Code pénal s'applique, p. ex. aux passeurs.",
          "La peine augmente."]),
        ("Quelque 11,7 millions de personnes et 4.100 victimes sont concernées. Dr Lê parle.",
         ["Quelque 11,7 millions de personnes et 4.100 victimes sont concernées.",
          "Dr Lê parle."]),
        ("« C'est inacceptable », a déclaré la ministre. Elle a promis des refuges.",
         ["« C'est inacceptable », a déclaré la ministre.", "Elle a promis des refuges."]),
        ("Lutte contre la traite : un nouveau plan\nPar Claire Dubois, Paris, le 3 mars 2024\n"
         "Le gouvernement (avec l'OIM) présente un plan.",
         ["Lutte contre la traite : un nouveau plan", "Par Claire Dubois, Paris, le 3 mars 2024",
          "Le gouvernement (avec l'OIM) présente un plan."]),
        ("Mesures prévues :\n1. former les inspecteurs ;\n2. ouvrir des centres.",
         ["Mesures prévues :", "1. former les inspecteurs ;", "2. ouvrir des centres."]),
    ],
    "vi": [
        ("Theo TS. Nguyễn Văn An, có 4.100 nạn nhân được giải cứu tại TP.HCM. Họ đã về nước.",
         ["Theo TS. Nguyễn Văn An, có 4.100 nạn nhân được giải cứu tại TP.HCM.",
          "Họ đã về nước."]),
        ("Quyết định số 193/QĐ-TTg đã phê duyệt Chương trình. "
         "Điều 150 Bộ luật Hình sự quy định rõ.",
         ["Quyết định số 193/QĐ-TTg đã phê duyệt Chương trình.",
          "Điều 150 Bộ luật Hình sự quy định rõ."]),
        ('Ông nói: "Chúng tôi sẽ tiếp tục." Kinh phí là 11,7 tỷ đồng (khoảng 460.000 USD).',
         ['Ông nói: "Chúng tôi sẽ tiếp tục."',
          "Kinh phí là 11,7 tỷ đồng (khoảng 460.000 USD)."]),
        ("Phòng, chống mua bán người: Những chuyển biến đáng ghi nhận\n"
         "Ảnh minh họa\nBộ Công an đã mở đợt cao điểm.",
         ["Phòng, chống mua bán người: Những chuyển biến đáng ghi nhận", "Ảnh minh họa",
          "Bộ Công an đã mở đợt cao điểm."]),
        # one-letter words end sentences; a numbered heading stays whole
        ("Họ bị đưa sang Đông Nam Á. Anh K. (24 tuổi) làm việc ở. Chỉ ba ngày sau, anh trốn.",
         ["Họ bị đưa sang Đông Nam Á.", "Anh K. (24 tuổi) làm việc ở.",
          "Chỉ ba ngày sau, anh trốn."]),
        ("1. Công tác truyền thông\nNăm 2024, các tỉnh đã tổ chức 300 buổi.",
         ["1. Công tác truyền thông", "Năm 2024, các tỉnh đã tổ chức 300 buổi."]),
        ("Các giải pháp:\n- tuyên truyền tại trường học\n- kiểm tra doanh nghiệp",
         ["Các giải pháp:", "- tuyên truyền tại trường học", "- kiểm tra doanh nghiệp"]),
    ],
    "de": [
        ("Die Polizei hat z. B. zwei Verdächtige festgenommen. Das Verfahren läuft.",
         ["Die Polizei hat z. B. zwei Verdächtige festgenommen.", "Das Verfahren läuft."]),
    ],
}


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [(lang, t, e) for lang, cases in CASES.items() for t, e in cases],
)
def test_hard_cases(lang, text, expected):
    assert sentences(text, lang) == expected


def test_split_document_offsets_and_languages():
    text = ("Vietnam.vn - Nền tảng quảng bá Việt Nam\n\nThe ministry opened two shelters for "
            "victims. Il a déclaré que la coopération était essentielle pour les deux pays.")
    out = split_document(text, "d1")
    assert [s.index for s in out] == [0, 1, 2]
    assert all(text[s.start : s.end] == s.text for s in out)
    assert [s.lang for s in out] == ["vi", "en", "fr"]


def test_forced_language_and_undetermined():
    assert {s.lang for s in split_document("A short one. Another.", "d", lang="xx")} == {"xx"}
    assert split_document("12345 ... 678", "d")[0].lang == "und"


def test_cli_split_writes_jsonl(tmp_path, capsys):
    src = tmp_path / "report.txt"
    src.write_text("Police arrested 43 suspects. Shelters opened.\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["split", str(src), "--lang", "en", "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in rows] == ["Police arrested 43 suspects.", "Shelters opened."]
    assert set(rows[0]) == {"doc", "index", "start", "end", "lang", "text"}
    assert rows[1]["doc"] == "report" and rows[1]["start"] == 29
    assert main(["split", str(src)]) == 0
    assert "Shelters opened." in capsys.readouterr().out
