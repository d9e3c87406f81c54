"""Picking the sentences of new reports most worth a person's time to label.

The loop annotation tools (Label Studio, Prodigy) and active-learning libraries
(small-text, modAL) made familiar: the model labels everything, a person corrects the
sentences it is least sure of, the model retrains on them. A sentence the model already
gets right with confidence teaches it little; one it hesitates on, in a register or a
language it has not seen, teaches it most.

Strategies:
- `uncertainty`: lowest top probability first (least confident);
- `margin`: smallest gap between the two most probable labels first;
- `random`: a uniform sample (the baseline any strategy must beat);
- `diverse`: the most uncertain, spread out: from a pool of the 5N least confident,
  farthest-first picks over character n-gram vectors (any language, any backend), each
  pick weighing its distance to those already picked by its uncertainty, so that N
  tasks are not N variants of one boilerplate sentence.

Every strategy skips near-duplicates (the same words and digits, or character 3-grams
that overlap 80%) and, with `min_per_label`, takes at least that many sentences of each
predicted label where there are that many, so a rare topic is not left out.
Memory stays bounded: a stream of sentences keeps only a pool of candidates.
"""

from __future__ import annotations

import hashlib
import heapq
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from classifier.errors import ClassifierError

STRATEGIES = ("uncertainty", "margin", "random", "diverse")
POOL_FACTOR = 5  # candidates kept per task asked for
NEAR_DUPLICATE = 0.8  # character 3-gram overlap (Jaccard) above which two are one


class SelectError(ClassifierError, ValueError):
    """Selection arguments that cannot work."""


@dataclass(frozen=True)
class Task:
    """One sentence for a person to label, with what they need to see and what is needed
    to put their label back into the corpus."""

    doc: str  # the document's id (its path as given)
    path: str  # the file it was read from
    doc_sha256: str  # of the document's text as read: an edited document is refused later
    index: int
    start: int
    end: int
    lang: str
    text: str
    prev: str  # the sentence before it in its document ("" for the first)
    next: str  # the sentence after it ("" for the last)
    predicted: str  # the model's label (shown as a pre-annotation)
    score: float  # its probability
    margin: float  # top probability minus the second


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _duplicate_key(text: str) -> str:
    return re.sub(r"\W+", " ", re.sub(r"\d", "0", text.casefold())).strip()


def _trigrams(text: str) -> set[str]:
    t = f"  {_duplicate_key(text)}  "
    return {t[i : i + 3] for i in range(len(t) - 2)}


def _near(a: set[str], b: set[str]) -> bool:
    return len(a & b) / max(len(a | b), 1) > NEAR_DUPLICATE


def check_selection(n: object, strategy: str, min_per_label: object) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise SelectError(f"n must be a positive integer (sentences to select), got {n!r}")
    if strategy not in STRATEGIES:
        raise SelectError(f"unknown strategy {strategy!r}; use one of {', '.join(STRATEGIES)}")
    if isinstance(min_per_label, bool) or not isinstance(min_per_label, int) \
            or min_per_label < 0:
        raise SelectError(f"min_per_label must be an integer of at least 0, got "
                          f"{min_per_label!r}")


def candidates(model, documents: Iterable, **label_args) -> Iterable[Task]:
    """Every sentence of `documents` as a Task, with its neighbours and the model's view."""
    from classifier.predict import label_documents
    from classifier.schema import proba_column

    labels = list(model.classes_)
    by_id = {}

    def remember(items):
        for item in items:
            by_id[getattr(item, "id", None)] = item
            yield item

    for labeled in label_documents(model, remember(documents), **label_args):
        source = by_id.pop(labeled.doc, None)
        path = getattr(source, "path", labeled.doc)
        if path != "-":  # so that the import finds it from any folder
            path = Path(path).resolve()
        sha = text_sha256(labeled.text)
        rows = labeled.sentences
        for i, row in enumerate(rows):
            proba = np.sort([row[proba_column(c)] for c in labels])[::-1]
            yield Task(
                doc=labeled.doc, path=str(path), doc_sha256=sha, index=row["index"],
                start=row["start"], end=row["end"], lang=row["lang"], text=row["text"],
                prev=rows[i - 1]["text"] if i else "",
                next=rows[i + 1]["text"] if i + 1 < len(rows) else "",
                predicted=row["label"], score=float(proba[0]),
                margin=float(proba[0] - (proba[1] if len(proba) > 1 else 0.0)))


def _priority(task: Task, strategy: str, rng: random.Random) -> float:
    """Higher is picked first."""
    if strategy == "margin":
        return -task.margin
    if strategy == "random":
        return rng.random()
    return -task.score  # uncertainty and diverse


class _Pool:
    """The best `size` candidates by priority, kept as a stream goes by."""

    def __init__(self, size: int):
        self.size, self.heap, self.count = size, [], 0

    def offer(self, priority: float, task: Task) -> None:
        self.count += 1
        item = (priority, -self.count, task)
        if len(self.heap) < self.size:
            heapq.heappush(self.heap, item)
        elif item > self.heap[0]:
            heapq.heapreplace(self.heap, item)

    def best_first(self) -> list[Task]:
        return [task for _, _, task in sorted(self.heap, reverse=True)]


def select(tasks: Iterable[Task], n: int, strategy: str = "uncertainty",
           min_per_label: int = 0, seed: int = 13) -> list[Task]:
    """The `n` tasks most worth labeling by `strategy` (see the module's docstring)."""
    check_selection(n, strategy, min_per_label)
    rng = random.Random(seed)
    pool = _Pool(POOL_FACTOR * n)
    per_label: dict[str, _Pool] = {}
    for task in tasks:
        priority = _priority(task, strategy, rng)
        pool.offer(priority, task)
        if min_per_label:
            per_label.setdefault(task.predicted, _Pool(POOL_FACTOR * min_per_label)).offer(
                priority, task)
    ranked = pool.best_first()
    if strategy == "diverse":
        ranked = _spread(ranked)
    chosen: list[Task] = []
    keys: set[str] = set()
    grams: list[set[str]] = []

    def take(task: Task) -> bool:
        key = _duplicate_key(task.text)
        g = _trigrams(task.text)
        if key in keys or any(_near(g, h) for h in grams):
            return False
        chosen.append(task)
        keys.add(key)
        grams.append(g)
        return True

    for label in sorted(per_label):  # each predicted label's quota first
        taken = 0
        for task in per_label[label].best_first():
            if taken >= min_per_label or len(chosen) >= n:
                break
            taken += take(task)
    for task in ranked:
        if len(chosen) >= n:
            break
        take(task)
    order = {id(t): i for i, t in enumerate(ranked)}
    return sorted(chosen, key=lambda t: order.get(id(t), -1))


def _spread(ranked: list[Task]) -> list[Task]:
    """Farthest-first order over character n-gram vectors, each distance weighed by the
    task's uncertainty, starting from the most uncertain."""
    if len(ranked) < 3:
        return ranked
    from sklearn.feature_extraction.text import HashingVectorizer

    vectors = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=2**18,
                                alternate_sign=False, norm="l2").transform(
        [t.text for t in ranked])
    weight = np.array([1.0 - t.score for t in ranked]) + 1e-6
    order = [0]
    distance = 1.0 - (vectors @ vectors[0].T).toarray().ravel()
    distance[0] = -np.inf
    for _ in range(len(ranked) - 1):
        nxt = int(np.argmax(distance * weight))
        if distance[nxt] == -np.inf:
            break
        order.append(nxt)
        distance = np.minimum(distance, 1.0 - (vectors @ vectors[nxt].T).toarray().ravel())
        distance[order] = -np.inf
    return [ranked[i] for i in order]


@dataclass
class SelectReport:
    out: str
    strategy: str
    documents: int = 0
    sentences: int = 0
    chosen: list[Task] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        if not self.chosen:
            return f"no sentences to select in {self.documents} documents"
        labels = ", ".join(f"{k} {v}" for k, v in sorted(
            Counter(t.predicted for t in self.chosen).items()))
        scores = sorted(t.score for t in self.chosen)
        return (f"{len(self.chosen)} of {self.sentences} sentences from {self.documents} "
                f"documents selected by {self.strategy} -> {self.out}\n"
                f"  predicted: {labels}\n"
                f"  scores from {scores[0]:.2f} to {scores[-1]:.2f} "
                f"(median {scores[len(scores) // 2]:.2f})")


def select_from_files(model_dir, inputs: list[str], out, *, n: int = 200,
                      strategy: str = "uncertainty", min_per_label: int = 0, seed: int = 13,
                      lang: str | None = None, read_options=None, save_text=None,
                      progress: bool = True) -> SelectReport:
    """Read `inputs` as `classifier predict` does, label them with the package at
    `model_dir`, and write the `n` sentences most worth labeling to `out` (.json for
    Label Studio, .csv). Unreadable files are skipped and listed in the report."""
    from tqdm.auto import tqdm

    from classifier.annotate.tasks import check_tasks_path, write_tasks
    from classifier.data.readers import read_documents
    from classifier.data.saved_text import check_text_folder
    from classifier.package import load_model

    check_selection(n, strategy, min_per_label)
    check_tasks_path(out)
    if "-" in inputs:
        raise SelectError("select reads files, not stdin ('-'): `classifier data "
                          "import-annotations` reads each document again from its file")
    folder = check_text_folder(save_text) if save_text else None
    model = load_model(model_dir)
    report = SelectReport(str(out), strategy)
    bar = tqdm(unit="doc", desc="labeling", disable=not progress, dynamic_ncols=True)

    def skipped(exc) -> None:
        report.skipped.append((str(exc.path), exc.reason))

    def counted(documents):
        for doc in documents:
            report.documents += 1
            bar.update(1)
            yield doc

    def tasks():
        for task in candidates(model, counted(read_documents(
                inputs, read_options, on_error=skipped, save_text_to=folder)), lang=lang):
            report.sentences += 1
            yield task

    try:
        report.chosen = select(tasks(), n, strategy, min_per_label, seed)
    finally:
        bar.close()
    write_tasks(report.chosen, out, model_version=Path(model_dir).name)
    return report
