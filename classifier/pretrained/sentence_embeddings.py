"""Sentence embeddings of a pretrained encoder as it came (never fine-tuned): what a fast
head is fitted on when fine-tuning is too slow to repeat (the frozen-encoder try of
`benchmarks/tries.py`, the refits of `benchmarks/active_learning.py`)."""

from __future__ import annotations

import numpy as np


def sentence_embeddings(texts: list[str], model: str, max_length: int,
                        batch_size: int = 32) -> np.ndarray:
    """L2-normalised mean-pooled last hidden states, e5's "query: " prefix before each."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from classifier.pretrained import resolve_model_name

    name = resolve_model_name(model)
    tokenizer, encoder = AutoTokenizer.from_pretrained(name), AutoModel.from_pretrained(name)
    encoder.eval()
    out = []
    with torch.inference_mode():
        for i in range(0, len(texts), batch_size):
            batch = tokenizer([f"query: {t}" for t in texts[i : i + batch_size]],
                              truncation=True, max_length=max_length, padding=True,
                              return_tensors="pt")
            hidden = encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            pooled = (hidden * mask).sum(1) / mask.sum(1)
            out.append(torch.nn.functional.normalize(pooled, dim=-1).numpy())
    return np.concatenate(out) if out else np.zeros((0, 0), dtype=np.float32)
