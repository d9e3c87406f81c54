"""The starter corpus meets its targets, and bad labeled data is refused with a location."""

import json
from collections import Counter
from pathlib import Path

import pytest

from classifier.data.corpus import LABELS, DataError, load_corpus

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(DATA)  # validates every record's offsets against its document


def test_starter_corpus_targets(corpus):
    assert len(corpus.sentences) >= 900
    langs = Counter(s.lang for s in corpus.sentences)
    for lang in ("en", "fr", "vi"):
        assert langs[lang] >= 250, langs
    labels = Counter(s.label for s in corpus.sentences)
    for label in LABELS:
        assert labels[label] >= 120, labels


def test_every_offset_points_at_its_text(corpus):
    for s in corpus.sentences:
        text = (DATA / "corpus" / f"{s.doc}.txt").read_text(encoding="utf-8")
        assert text[s.start : s.end] == s.text


def test_manifest_marks_the_five_sources(corpus):
    origins = Counter(d.origin for d in corpus.documents.values())
    assert origins["source"] == 5
    # News items hold 10 to 30 sentences; country narratives in the registers of real
    # reports (data/drafts/register) run to 80.
    assert all(10 <= n <= 80 for d, n in Counter(
        s.doc for s in corpus.sentences if corpus.documents[s.doc].origin != "source"
    ).items()), "written documents hold 10 to 80 sentences"
    assert origins["register"] >= 60, "documents in the registers of real reports"


def test_vietnamese_has_diacritics(corpus):
    vi = [s.text for s in corpus.sentences if s.lang == "vi"]
    with_marks = sum(any(ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủũứừửữựỳỷỹỵ"
                         for ch in t.lower()) for t in vi)
    assert with_marks / len(vi) > 0.95


@pytest.fixture
def mini(tmp_path):
    """A valid two-sentence data folder to break in each test."""
    root = tmp_path / "data"
    (root / "corpus").mkdir(parents=True)
    (root / "labeled").mkdir()
    text = "Police arrested two brokers. Shelters opened.\n"
    (root / "corpus" / "d1.txt").write_text(text, encoding="utf-8")
    (root / "corpus" / "manifest.jsonl").write_text(
        json.dumps({"id": "d1", "langs": ["en"], "title": "T", "origin": "written"}) + "\n",
        encoding="utf-8",
    )
    rows = [
        {"doc": "d1", "index": 0, "start": 0, "end": 28, "lang": "en",
         "text": "Police arrested two brokers.", "label": "prosecution"},
        {"doc": "d1", "index": 1, "start": 29, "end": 45, "lang": "en",
         "text": "Shelters opened.", "label": "protection"},
    ]
    return root, rows


def write(root: Path, rows: list[dict]) -> Path:
    path = root / "labeled" / "d1.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_mini_is_valid(mini):
    root, rows = mini
    write(root, rows)
    corpus = load_corpus(root)
    assert [s.label for s in corpus.sentences] == ["prosecution", "protection"]
    assert corpus.fingerprint().startswith("sha256:")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"label": "rescue"}, "unknown label 'rescue'"),
        ({"text": "  "}, "empty text"),
        ({"index": 0}, "duplicate sentence id d1:0"),
        ({"start": 30}, "offsets 30:45 do not match"),
        ({"doc": "d9"}, "document 'd9' is not in the manifest"),
        ({"end": "45"}, "field 'end' must be int"),
    ],
)
def test_bad_record_names_file_line_and_problem(mini, change, message):
    root, rows = mini
    rows[1].update(change)
    path = write(root, rows)
    with pytest.raises(DataError) as err:
        load_corpus(root)
    assert f"{path}:2: {message}" in str(err.value)


def test_bad_json_and_missing_document_text(mini):
    root, rows = mini
    path = write(root, rows)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    (root / "corpus" / "d1.txt").unlink()
    with pytest.raises(DataError) as err:
        load_corpus(root)
    assert f"{path}:3: not valid JSON" in str(err.value)
    assert "text of document 'd1' not found" in str(err.value)


def test_cli_reports_bad_data_without_traceback(mini, capsys):
    from classifier.cli import main

    root, rows = mini
    rows[0]["label"] = "Prosecution"
    write(root, rows)
    assert main(["data", "stats", "--data", str(root)]) == 2
    assert "unknown label 'Prosecution'" in capsys.readouterr().err


def test_drafts_rebuild_the_committed_corpus(tmp_path):
    """data/corpus and data/labeled are generated from data/drafts; they must agree."""
    from classifier.data.drafts import import_drafts

    drafts = sorted((DATA / "drafts").rglob("*.txt"))
    shared = DATA.parent.parent / "shared" / "corpus"
    source = shared if shared.is_dir() else None
    if source is None:
        # Without the source articles, rebuild only the written documents.
        drafts = [d for d in drafts if "source" not in d.parts]
    import_drafts(drafts, tmp_path, source)
    for path in sorted((tmp_path / "labeled").glob("*.jsonl")):
        assert path.read_text(encoding="utf-8") == (
            DATA / "labeled" / path.name
        ).read_text(encoding="utf-8"), path.name


def test_real_register_test_set_is_kept_apart_and_rebuilds(tmp_path):
    """data/real-test is generated from its drafts, and none of its documents or sentences
    reaches the training corpus (it measures real-register text, never trains on it)."""
    from classifier.data.corpus import load_corpus
    from classifier.data.drafts import import_drafts

    real = DATA / "real-test"
    import_drafts(sorted((real / "drafts").glob("*.txt")), tmp_path, None)
    built = sorted((tmp_path / "labeled").glob("*.jsonl"))
    assert len(built) == len(list((real / "labeled").glob("*.jsonl"))) >= 15
    for path in built:
        assert path.read_text(encoding="utf-8") == (
            real / "labeled" / path.name).read_text(encoding="utf-8"), path.name
    held_out = load_corpus(real)
    training = load_corpus(DATA)
    assert len(held_out.sentences) >= 600
    assert not set(held_out.documents) & set(training.documents)
    # Real reports share headings and stock formulas ("PROSECUTION", "The government
    # maintained protection efforts."), and so do ours; nothing else may be shared.
    shared = {s.text for s in held_out.sentences} & {s.text for s in training.sentences}
    assert len(shared) <= 0.05 * len(held_out.sentences), sorted(shared)


@pytest.mark.parametrize("origin, expected", [(None, "written"), ("register", "register")])
def test_a_draft_names_its_origin(tmp_path, origin, expected):
    from classifier.data.drafts import import_drafts

    header = "id: d-1\nlang: en\ntitle: T\n" + (f"origin: {origin}\n" if origin else "")
    draft = tmp_path / "d-1.txt"
    draft.write_text(header + "---\nother | A heading\n\nprosecution | Police arrested two.\n")
    assert import_drafts([draft], tmp_path / "data", None) == 2
    assert load_corpus(tmp_path / "data").documents["d-1"].origin == expected


def test_a_draft_cannot_claim_to_be_a_source(tmp_path):
    from classifier.data.drafts import DraftError, import_drafts

    draft = tmp_path / "d-1.txt"
    draft.write_text("id: d-1\nlang: en\ntitle: T\norigin: source\n---\nother | A heading\n")
    with pytest.raises(DraftError, match=r"d-1.txt: origin must be one of .*'source'"):
        import_drafts([draft], tmp_path / "data", None)
