"""Agreement between two annotators of the same drafts: raw agreement and Cohen's kappa.

    python benchmarks/agreement.py data/real-test/annotation/annotator-a \
        data/real-test/annotation/annotator-b

Both folders hold the same draft files (`label | sentence` lines, the same sentences in the
same order); the figures are printed overall and per language (the `lang:` header).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from classifier.data.drafts import parse_draft


def labels_of(path: Path) -> tuple[str, list[tuple[str, str]]]:
    draft = parse_draft(path)
    return draft.langs[0], [(label, text) for para in draft.paragraphs
                            for label, text, _ in para]


def kappa(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """Observed agreement and Cohen's kappa (chance agreement from each side's marginals)."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    chance = sum(first[k] * second[k] for k in first.keys() | second.keys()) / n / n
    return observed, (observed - chance) / (1 - chance) if chance < 1 else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path, help="folder of annotator A's drafts")
    parser.add_argument("b", type=Path, help="folder of annotator B's drafts")
    args = parser.parse_args()
    by_lang: dict[str, list[tuple[str, str]]] = {}
    disagreements = []
    for file_b in sorted(args.b.glob("*.txt")):
        lang, a_rows = labels_of(args.a / file_b.name)
        _, b_rows = labels_of(file_b)
        if [t for _, t in a_rows] != [t for _, t in b_rows]:
            raise SystemExit(f"error: {file_b.name}: the two annotators' sentences differ")
        for i, ((la, text), (lb, _)) in enumerate(zip(a_rows, b_rows, strict=True)):
            by_lang.setdefault(lang, []).append((la, lb))
            if la != lb:
                disagreements.append(f"  {file_b.stem} #{i + 1}: A {la}, B {lb}: {text[:60]}")
    print(f"{'language':<9} {'sentences':>9} {'agreement':>9} {'kappa':>6}")
    for lang, pairs in [*sorted(by_lang.items()), ("all", sum(by_lang.values(), []))]:
        observed, k = kappa(pairs)
        print(f"{lang:<9} {len(pairs):>9} {observed:>9.1%} {k:>6.3f}")
    print(f"\n{len(disagreements)} disagreements:", *disagreements, sep="\n")


if __name__ == "__main__":
    main()
