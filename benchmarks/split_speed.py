"""Whether splitting time grows linearly with the length of a text that has no boundary.

    python benchmarks/split_speed.py [MEGABYTES ...]

A run without a sentence boundary once took quadratic time: each piece sentencex returned
was glued to a span that grew with the text, and the whole span was searched again at each
step (1.26 MB: 56 s). Two texts of lowercase words on one line are timed through
`split_document`, as `classifier split` calls it: one with a stop after every tenth word
(sentencex splits there, and the next word being lowercase glues each piece back), one
with no stop at all. Seconds per megabyte should stay about the same from row to row.
"""

from __future__ import annotations

import random
import sys
import time

from classifier.text import MAX_UNIT_CHARS, SplitStats, split_document


def lowercase_line(n_chars: int, stop_every: int | None, seed: int = 0) -> str:
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
             for _ in range(5000)]
    words, size = [], 0
    while size < n_chars:
        word = rng.choice(vocab)
        if stop_every and len(words) % stop_every == stop_every - 1:
            word += "."
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:n_chars]


def main(*sizes: str) -> None:
    megabytes = [float(s) for s in sizes] or [0.3, 0.6, 1.2]
    split_document("Warm up the language identifier.", "warm-up")
    print(f"{'text':<22}{'MB':>6}{'seconds':>9}{'s/MB':>7}{'units':>7}{'cut spans':>11}")
    for name, stop_every in (("stop every 10 words", 10), ("no stop", None)):
        for mb in megabytes:
            text = lowercase_line(int(mb * 1e6), stop_every)
            stats = SplitStats()
            t0 = time.perf_counter()
            units = split_document(text, "bench", stats=stats)
            seconds = time.perf_counter() - t0
            assert all(text[u.start : u.end] == u.text for u in units)
            assert max(len(u.text) for u in units) <= MAX_UNIT_CHARS
            print(f"{name:<22}{mb:>6.2f}{seconds:>9.2f}{seconds / mb:>7.2f}{len(units):>7}"
                  f"{stats.overlong_spans:>11}")


if __name__ == "__main__":
    main(*sys.argv[1:])
