"""From a labeled corpus to train / validation / test splits.

Splits are made by document: sentences of one report share names, places and phrasing,
so a document in two splits would leak its test sentences into training. Within that
constraint documents are dealt, largest first, to the split that most lacks their
(label, language, origin) mix, which keeps every split close to the whole corpus's proportions.
"""

from __future__ import annotations

import fnmatch
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from classifier.data.corpus import LABELS, Corpus
from classifier.report.tables import Column, text_table
from classifier.schema import COLUMN_TYPES, LABELED_COLUMNS, LabeledSentence

SPLITS = ("train", "validation", "test")
DATASET_DICT_FILE = "dataset_dict.json"  # what `DatasetDict.save_to_disk` writes first
_SPLIT_FILES = ("dataset_info.json", "state.json")  # beside its data-*.arrow shards
_DATASET_TYPES = {str: "string", int: "int32"}  # of the columns of `LabeledSentence`


@dataclass(frozen=True)
class SplitPlan:
    """Which document goes to which split."""

    assignment: dict[str, str]

    def docs(self, split: str) -> list[str]:
        return sorted(d for d, s in self.assignment.items() if s == split)


def split_fractions(validation: float, test: float) -> dict[str, float]:
    """Shares of sentences per split; training gets what validation and test leave."""
    return {"train": 1 - validation - test, "validation": validation, "test": test}


def plan_splits(
    sentences: Sequence[LabeledSentence],
    fractions: dict[str, float],
    seed: int,
) -> SplitPlan:
    """Assign whole documents to splits, stratified by label and language."""
    by_doc: dict[str, Counter] = {}
    for s in sentences:
        by_doc.setdefault(s.doc, Counter())[(s.label, s.lang, s.origin)] += 1
    total = Counter()
    for mix in by_doc.values():
        total.update(mix)
    n_total = sum(total.values())
    target = {sp: {k: v * fractions[sp] for k, v in total.items()} for sp in fractions}
    size_target = {sp: n_total * fractions[sp] for sp in fractions}
    current = {sp: Counter() for sp in fractions}
    size = dict.fromkeys(fractions, 0)

    rng = random.Random(seed)
    docs = list(by_doc)
    rng.shuffle(docs)  # the seed decides ties between documents of equal size
    docs.sort(key=lambda d: -sum(by_doc[d].values()))
    assignment: dict[str, str] = {}
    for doc in docs:
        mix = by_doc[doc]
        n = sum(mix.values())

        def gain(sp: str, mix: Counter = mix, n: int = n) -> float:
            need = {k: max(0.0, target[sp][k] - current[sp][k]) for k in mix}
            useful = sum(min(v, need[k]) for k, v in mix.items())
            overshoot = max(0.0, size[sp] + n - size_target[sp])
            return useful - overshoot + rng.random() * 1e-6

        best = max(fractions, key=gain)
        assignment[doc] = best
        current[best].update(mix)
        size[best] += n
    return SplitPlan(assignment)


def split_sentences(
    corpus: Corpus,
    fractions: dict[str, float],
    seed: int,
    holdout_langs: Iterable[str] = (),
    validation_origins: Iterable[str] = (),
) -> dict[str, list[LabeledSentence]]:
    """Sentences per split; `holdout_langs` go to test only (for cross-lingual transfer).

    With `validation_origins`, only validation documents of those origins validate (the
    documents most like what users label pick the model), and the split's other validation
    documents train. The test split does not change.
    """
    holdout = set(holdout_langs)
    validating = set(validation_origins)
    plan = plan_splits(corpus.sentences, fractions, seed)
    out: dict[str, list[LabeledSentence]] = {sp: [] for sp in SPLITS}
    for s in corpus.sentences:
        split = plan.assignment[s.doc]
        if split == "validation" and validating and s.origin not in validating:
            split = "train"
        if holdout:
            split = "test" if s.lang in holdout else (split if split != "test" else None)
            if split is None:
                continue
        out[split].append(s)
    return out


def to_dataset_dict(splits: dict[str, list[LabeledSentence]]):
    """A Hugging Face DatasetDict with a ClassLabel `label` column."""
    import datasets

    features = datasets.Features({
        name: (datasets.ClassLabel(names=list(LABELS)) if name == "label"
               else datasets.Value(_DATASET_TYPES[COLUMN_TYPES[name]]))
        for name in LABELED_COLUMNS
    })
    dicts = {}
    for split, rows in splits.items():
        columns = {name: [getattr(r, name) for r in rows] for name in features}
        dicts[split] = datasets.Dataset.from_dict(columns, features=features)
    return datasets.DatasetDict(dicts)


def _foreign_dataset_files(path: Path) -> list[str] | None:
    """None if `path` is not a saved DatasetDict; else what in it the dict does not own.

    Replacing the dataset deletes everything in it, down into each split's folder, so a
    split folder is searched too: only what `save_to_disk` writes there is owned (a
    user's notes in train/ are theirs), and a split that is not a real folder is not ours.
    """
    import json

    try:
        index = json.loads((path / DATASET_DICT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    splits = index.get("splits") if isinstance(index, dict) else None
    if not isinstance(splits, list):
        return None
    splits = set(map(str, splits))
    foreign = []
    for p in path.iterdir():
        if p.name == DATASET_DICT_FILE:
            continue
        if p.name not in splits or p.is_symlink() or not p.is_dir():
            foreign.append(p.name)
            continue
        foreign.extend(f"{p.name}/{f.name}" for f in p.iterdir()
                       if not _is_split_file(f))
    return sorted(foreign)


def _is_split_file(path: Path) -> bool:
    """One of the files `Dataset.save_to_disk` writes in a split's folder."""
    return (path.is_file() and not path.is_symlink()
            and (path.name in _SPLIT_FILES or fnmatch.fnmatchcase(path.name, "data-*.arrow")))


def save_dataset_dict(dsd, out: str | Path, overwrite: bool = False) -> Path:
    """Save `dsd` at `out` atomically; an existing saved dataset is replaced only with
    `overwrite`, and any other non-empty folder never (a user's files are not ours to
    delete). Checked before anything is written."""
    from classifier.io import atomic_dir
    from classifier.package import output_guard

    guard = output_guard(what="a saved dataset", foreign=_foreign_dataset_files,
                         overwrite=overwrite, allow="pass --overwrite",
                         instead="choose another --out")
    with atomic_dir(out, guard=guard) as tmp:
        dsd.save_to_disk(str(tmp))
    return Path(out)


def stats_table(splits: dict[str, list[LabeledSentence]]) -> str:
    """Sentences per split, label and language, as a plain-text table."""
    langs = sorted({s.lang for rows in splits.values() for s in rows})
    columns = [Column(title) for title in ("split", "docs", "sentences", *LABELS, *langs)]
    rows = []
    for split, items in [*splits.items(), ("all", [s for v in splits.values() for s in v])]:
        labels = Counter(s.label for s in items)
        by_lang = Counter(s.lang for s in items)
        rows.append([
            split, str(len({s.doc for s in items})), str(len(items)),
            *(str(labels[x]) for x in LABELS), *(str(by_lang[x]) for x in langs),
        ])
    return text_table(columns, rows, rule=True)
