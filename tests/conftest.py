"""Shared fixtures. The tiny transformer is built here, offline, in well under a second:
a 2-layer BERT with random weights and a WordPiece tokenizer trained on a few sentences."""

from __future__ import annotations

import pytest

HANDFUL = [
    ("Police arrested five brokers and charged them with trafficking.", "prosecution"),
    ("The court sentenced the ring leader to twelve years in prison.", "prosecution"),
    ("A new shelter gives rescued women medical and legal aid.", "protection"),
    ("Social workers screened returnees and referred victims to counselling.", "protection"),
    ("Schools ran awareness campaigns about fake job offers.", "prevention"),
    ("Labour inspectors checked recruitment agencies in three provinces.", "prevention"),
    ("The two ministries signed a memorandum on joint border work.", "partnership"),
    ("IOM and the government agreed to cooperate with local NGOs.", "partnership"),
    ("The report was released on Thursday in the capital.", "other"),
    ("By Jane Doe, Lagos, 12 March 2024", "other"),
]


@pytest.fixture(scope="session")
def handful():
    texts, labels = zip(*HANDFUL, strict=True)
    return list(texts), list(labels)


@pytest.fixture(scope="session")
def tiny_transformer(tmp_path_factory):
    """Folder of a tiny random BERT checkpoint + tokenizer that from_pretrained loads."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import BertConfig, BertModel, PreTrainedTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-bert")
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    corpus = [t for t, _ in HANDFUL] + [
        "Cảnh sát đã bắt giữ năm đối tượng.", "La police a interpellé cinq passeurs.",
        "These figures are up from last year.",
    ]
    # A fixed vocabulary (every word and character of the corpus, sorted), not a trained
    # one: the WordPiece trainer's ids change from process to process, and with them what
    # a tiny random model learns in a few steps.
    normalizer = normalizers.BertNormalizer(lowercase=True)
    pre = pre_tokenizers.BertPreTokenizer()
    words = {w for t in corpus for w, _ in pre.pre_tokenize_str(normalizer.normalize_str(t))}
    chars = {c for w in words for c in w}
    vocab = [*specials, *sorted(words | chars), *sorted(f"##{c}" for c in chars)]
    tok = Tokenizer(models.WordPiece({t: i for i, t in enumerate(dict.fromkeys(vocab))},
                                     unk_token="[UNK]"))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]",
                                   cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    fast.save_pretrained(folder)
    config = BertConfig(vocab_size=tok.get_vocab_size(), hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64,
                        max_position_embeddings=128, pad_token_id=0,
                        hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    import torch

    torch.manual_seed(0)
    BertModel(config).save_pretrained(folder)
    return folder


@pytest.fixture
def tiny_transformer_config(tiny_transformer):
    from classifier.config import TransformerConfig

    return TransformerConfig(model=str(tiny_transformer), epochs=60, learning_rate=3e-3,
                             batch_size=2, warmup_ratio=0.0, freeze_embeddings=False,
                             weight_decay=0.0,
                             early_stopping_patience=60, max_length=32, seed=3)
