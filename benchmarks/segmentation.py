"""How closely the splitter reproduces the hand-checked sentence boundaries of a data folder.

    python benchmarks/segmentation.py [DATA_DIR]

Prints, per language, how many gold sentences the splitter finds exactly (recall) and how
many of its sentences are gold ones (precision), and its speed.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict

from classifier.data.corpus import load_corpus
from classifier.text import split_spans


def main(root: str = "data") -> None:
    corpus = load_corpus(root)
    gold: dict[str, set] = defaultdict(set)
    for s in corpus.sentences:
        gold[s.doc].add((s.start, s.end))
    by_lang = defaultdict(lambda: [0, 0, 0])  # hits, gold, predicted
    chars, seconds = 0, 0.0
    for doc, spans in gold.items():
        text = (corpus.root / "corpus" / f"{doc}.txt").read_text(encoding="utf-8")
        lang = corpus.documents[doc].langs[0]
        t0 = time.perf_counter()
        pred = {(s.start, s.end) for s in split_spans(text, lang)}
        seconds += time.perf_counter() - t0
        chars += len(text)
        row = by_lang[lang]
        row[0] += len(spans & pred)
        row[1] += len(spans)
        row[2] += len(pred)
    print(f"{'lang':<6}{'gold':>6}{'found':>7}{'recall':>8}{'precision':>11}")
    for lang, (hit, n_gold, n_pred) in sorted(by_lang.items()):
        print(f"{lang:<6}{n_gold:>6}{n_pred:>7}{hit / n_gold:>8.3f}{hit / n_pred:>11.3f}")
    print(f"\n{chars / seconds / 1e6:.2f} M characters/s over {chars} characters")


if __name__ == "__main__":
    main(*sys.argv[1:])
