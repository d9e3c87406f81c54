"""Splits are made by document, reproducibly, and keep every label and language."""

from pathlib import Path

import pytest

from classifier.data.corpus import LABELS, load_corpus
from classifier.data.dataset import split_sentences, stats_table, to_dataset_dict

DATA = Path(__file__).resolve().parents[1] / "data"
FRACTIONS = {"train": 0.65, "validation": 0.15, "test": 0.2}


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(DATA)


def test_no_document_in_two_splits(corpus):
    splits = split_sentences(corpus, FRACTIONS, seed=13)
    docs = [{s.doc for s in rows} for rows in splits.values()]
    assert not (docs[0] & docs[1]) and not (docs[0] & docs[2]) and not (docs[1] & docs[2])
    assert sum(len(r) for r in splits.values()) == len(corpus.sentences)


def test_splits_are_seeded_and_stratified(corpus):
    a = split_sentences(corpus, FRACTIONS, seed=13)
    b = split_sentences(corpus, FRACTIONS, seed=13)
    c = split_sentences(corpus, FRACTIONS, seed=14)
    assert a == b
    assert {s.doc for s in a["test"]} != {s.doc for s in c["test"]}
    n = len(corpus.sentences)
    for split, rows in a.items():
        assert abs(len(rows) / n - FRACTIONS[split]) < 0.06, split
        assert {s.label for s in rows} == set(LABELS), split
        assert {"en", "fr", "vi"} <= {s.lang for s in rows}, split


def test_holdout_language_is_only_in_test(corpus):
    splits = split_sentences(corpus, FRACTIONS, seed=13, holdout_langs=["vi"])
    assert {s.lang for s in splits["test"]} == {"vi"}
    assert all(s.lang != "vi" for s in splits["train"] + splits["validation"])
    assert len(splits["test"]) == sum(s.lang == "vi" for s in corpus.sentences)


def test_dataset_dict_and_stats(corpus):
    splits = split_sentences(corpus, FRACTIONS, seed=13)
    dsd = to_dataset_dict(splits)
    assert set(dsd) == {"train", "validation", "test"}
    assert dsd["train"].features["label"].names == list(LABELS)
    assert dsd["test"].num_rows == len(splits["test"])
    table = stats_table(splits)
    assert "validation" in table and "partnership" in table


def test_cli_data_build_and_stats(tmp_path, capsys):
    from classifier.cli import main

    assert main(["data", "stats"]) == 0
    assert "fingerprint sha256:" in capsys.readouterr().out
    out = tmp_path / "ds"
    assert main(["data", "build", "--out", str(out)]) == 0
    import datasets

    assert datasets.load_from_disk(str(out))["train"].num_rows > 500


def test_cli_data_build_never_replaces_a_users_folder(tmp_path, capsys):
    from classifier.cli import main

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    assert main(["data", "build", "--out", str(mine)]) == 2
    assert "is not a saved dataset" in capsys.readouterr().err
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert main(["data", "build", "--out", str(mine), "--overwrite"]) == 2
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]

    out = tmp_path / "ds"
    assert main(["data", "build", "--out", str(out)]) == 0
    assert main(["data", "build", "--out", str(out)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["data", "build", "--out", str(out), "--overwrite"]) == 2
    (out / "notes.txt").unlink()
    assert main(["data", "build", "--out", str(out), "--overwrite"]) == 0
    assert (out / "dataset_dict.json").is_file()

    # Replacing the dataset deletes its split folders too, so a user's file in one (or a
    # folder of theirs there) is theirs to move, not ours to delete.
    capsys.readouterr()
    for shown, mine in (("train/my_notes.txt", out / "train" / "my_notes.txt"),
                        ("test/mine", out / "test" / "mine" / "x.txt")):
        mine.parent.mkdir(exist_ok=True)
        mine.write_text("keep me", encoding="utf-8")
        assert main(["data", "build", "--out", str(out), "--overwrite"]) == 2
        err = capsys.readouterr().err
        assert f"not part of it ({shown})" in err
        assert mine.read_text(encoding="utf-8") == "keep me"
        mine.unlink()
        if mine.parent.name == "mine":
            mine.parent.rmdir()
    assert main(["data", "build", "--out", str(out), "--overwrite"]) == 0


def test_only_validation_documents_of_the_chosen_origins_validate(corpus):
    plain = split_sentences(corpus, FRACTIONS, seed=13)
    chosen = split_sentences(corpus, FRACTIONS, seed=13, validation_origins=["register"])
    assert chosen["test"] == plain["test"]
    assert chosen["validation"] and {s.origin for s in chosen["validation"]} == {"register"}
    moved = [s for s in plain["validation"] if s.origin != "register"]
    assert moved, "the plain validation split holds other origins too"
    assert len(chosen["train"]) == len(plain["train"]) + len(moved)
    assert {s.doc for s in moved} <= {s.doc for s in chosen["train"]}


def test_unknown_validation_origin_is_refused_naming_the_key(tmp_path):
    from classifier.config import ConfigError, load_config

    path = tmp_path / "c.yaml"
    path.write_text("data:\n  validation_origins: [registre]\n")
    with pytest.raises(ConfigError, match=r"validation_origins: expected a list of .*registre"):
        load_config(path)
