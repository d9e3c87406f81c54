"""What a sentence's neighbours say: the context a model may read beside the sentence.

Real reports lean on the sentence before ("These figures are up from last year") and
headings announce what follows, so a model may read the k sentences before and after a
sentence, within its document, as a second segment. One function builds that segment for
training, evaluation and labeling alike, so the three never disagree on what context is.
"""

from __future__ import annotations

from collections.abc import Sequence

CONTEXT_JOIN = " "


def neighbour_context(texts: Sequence[str], k: int, docs: Sequence[str] | None = None,
                      indices: Sequence[int] | None = None) -> list[str]:
    """For each of `texts`, the sentences at index-k .. index+k of its document (itself
    left out), in order and joined; "" where it has no neighbours among `texts`.

    `docs` names each sentence's document and `indices` its position there; without
    `docs` all of `texts` is one document, and without `indices` the texts are in order.
    The texts may come in any order: neighbours are found by (document, index).
    """
    n = len(texts)
    docs = [""] * n if docs is None else list(docs)
    indices = list(range(n)) if indices is None else [int(i) for i in indices]
    if len(docs) != n or len(indices) != n:
        raise ValueError(f"{n} sentences but {len(docs)} document ids and {len(indices)} "
                         "indices")
    if k <= 0:
        return [""] * n
    at = {(d, i): t for d, i, t in zip(docs, indices, texts, strict=True)}
    out = []
    for d, i in zip(docs, indices, strict=True):
        near = [at[(d, j)] for j in range(i - k, i + k + 1) if j != i and (d, j) in at]
        out.append(CONTEXT_JOIN.join(near))
    return out


def rows_context(rows: Sequence, k: int) -> list[str] | None:
    """`neighbour_context` of labeled rows (with .text, .doc and .index); None for k = 0,
    so that a model that reads sentences alone is given no context."""
    if k <= 0:
        return None
    return neighbour_context([r.text for r in rows], k, [r.doc for r in rows],
                             [r.index for r in rows])


def model_context(texts: Sequence[str], context: Sequence[str] | None,
                  k: int) -> list[str] | None:
    """The context a model that reads `k` neighbours is given for `texts`: None when it
    reads sentences alone, "" for each sentence when none is known (a sentence scored
    alone), else `context`, one string per text."""
    if not k:
        return None
    if context is None:
        return [""] * len(texts)
    if len(context) != len(texts):
        raise ValueError(f"{len(texts)} sentences but {len(context)} contexts")
    return list(context)
