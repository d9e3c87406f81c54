"""Context: a model may read a sentence's neighbours, and then uses them."""


import numpy as np
import pytest

from classifier.backends.transformer import TransformerClassifier, parameter_groups
from classifier.package import load_model, save_model
from classifier.schema import LabeledSentence
from classifier.text.context import neighbour_context, rows_context

# The same last sentence takes the label of the one before it (the labeling guide's rule
# for sentences that lean on the previous one): only a model that reads context can tell.
DOCS = [
    ("Police arrested five brokers and charged them with trafficking.", "prosecution"),
    ("A new shelter gives rescued women medical and legal aid.", "protection"),
    ("Schools ran awareness campaigns about fake job offers.", "prevention"),
    ("The two ministries signed a memorandum on joint border work.", "partnership"),
]
LEANING = "These figures are up from last year."


def leaning_rows() -> list[LabeledSentence]:
    rows = []
    for d, (first, label) in enumerate(DOCS):
        text = f"{first} {LEANING}"
        rows.append(LabeledSentence(f"d{d}", 0, 0, len(first), "en", first, label))
        rows.append(LabeledSentence(f"d{d}", 1, len(first) + 1, len(text), "en", LEANING,
                                    label))
    return rows


def test_neighbours_stay_inside_their_document_and_keep_order():
    texts = ["a", "b", "c", "x", "y"]
    docs = ["A", "A", "A", "B", "B"]
    assert neighbour_context(texts, 1, docs) == ["b", "a c", "b", "y", "x"]
    assert neighbour_context(texts, 2, docs) == ["b c", "a c", "a b", "y", "x"]
    assert neighbour_context(texts, 0, docs) == [""] * 5
    assert neighbour_context(["alone"], 1) == [""]


def test_neighbours_are_found_by_index_whatever_the_order():
    texts, docs, idx = ["c", "a", "b"], ["A", "A", "A"], [2, 0, 1]
    assert neighbour_context(texts, 1, docs, idx) == ["b", "b", "a c"]
    # a gap in the indices (a sentence not given) is not bridged
    assert neighbour_context(["a", "c"], 1, ["A", "A"], [0, 2]) == ["", ""]


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError, match="2 sentences but 1 document ids"):
        neighbour_context(["a", "b"], 1, ["A"])


def test_no_context_for_a_model_that_reads_sentences_alone():
    assert rows_context(leaning_rows(), 0) is None


@pytest.fixture(scope="module")
def context_model(tiny_transformer):
    from classifier.config import TransformerConfig

    # Whole-batch steps, many of them at a modest rate: a tiny random model learns to read
    # the second segment only slowly (at 3e-3 for 150 steps it often did not).
    config = TransformerConfig(model=str(tiny_transformer), epochs=300, learning_rate=1e-3,
                               batch_size=8, warmup_ratio=0.0, freeze_embeddings=False,
                               weight_decay=0.0, early_stopping_patience=300, max_length=48,
                               seed=3, context=1)
    rows = leaning_rows()
    texts, labels = [r.text for r in rows], [r.label for r in rows]
    context = rows_context(rows, 1)
    return TransformerClassifier(config).fit(texts, labels, texts, labels, context=context,
                                             eval_context=context)


def test_a_context_model_learns_what_only_context_tells(context_model, tmp_path):
    model = context_model
    rows = leaning_rows()
    texts, labels = [r.text for r in rows], [r.label for r in rows]
    context = rows_context(rows, 1)
    assert model.predict(texts, context) == labels
    # Alone, the four identical sentences can only get one label.
    assert len(set(model.predict(texts)[1::2])) == 1
    # Batched and one by one agree, and a saved package reads context the same way.
    batched = model.predict_proba(texts, context=context)
    single = np.vstack([model.predict_proba([t], context=[c])
                        for t, c in zip(texts, context, strict=True)])
    np.testing.assert_allclose(batched, single, atol=1e-5)
    path = save_model(model, tmp_path / "ctx", config={"transformer": {"context": 1}},
                      data_fingerprint="sha256:x", languages=["en"], card="# card\n")
    loaded = load_model(path)
    assert loaded.context_size == 1
    np.testing.assert_allclose(loaded.predict_proba(texts, context=context), batched,
                               atol=1e-5)


def test_a_sentence_model_cannot_tell_them_apart(tiny_transformer_config):
    rows = leaning_rows()
    texts, labels = [r.text for r in rows], [r.label for r in rows]
    model = TransformerClassifier(tiny_transformer_config).fit(texts, labels)
    assert model.context_size == 0
    assert len(set(model.predict(texts)[1::2])) == 1


def test_layer_decay_gives_lower_layers_smaller_steps(tiny_transformer):
    from transformers import AutoModelForSequenceClassification

    model = AutoModelForSequenceClassification.from_pretrained(tiny_transformer, num_labels=5)
    groups = parameter_groups(model, lr=1.0, weight_decay=0.1, layer_decay=0.5)
    lr_of = {id(p): g["lr"] for g in groups for p in g["params"]}
    decay_of = {id(p): g["weight_decay"] for g in groups for p in g["params"]}
    named = dict(model.named_parameters())
    assert lr_of[id(named["classifier.weight"])] == 1.0
    assert lr_of[id(named["bert.encoder.layer.1.output.dense.weight"])] == 0.5
    assert lr_of[id(named["bert.encoder.layer.0.output.dense.weight"])] == 0.25
    assert lr_of[id(named["bert.embeddings.word_embeddings.weight"])] == 0.125
    assert decay_of[id(named["bert.encoder.layer.0.output.dense.bias"])] == 0.0
    assert decay_of[id(named["bert.encoder.layer.0.output.dense.weight"])] == 0.1
    assert sum(len(g["params"]) for g in groups) == len(named)
    flat = parameter_groups(model, lr=1.0, weight_decay=0.1, layer_decay=1.0)
    assert {g["lr"] for g in flat} == {1.0}


def _rdrop_losses(tiny_transformer_config, dropout: float, handful) -> tuple[float, float]:
    """The loss of one batch without and with R-Drop's penalty, under the same dropout
    masks (the same seed before each)."""
    import dataclasses

    import torch

    texts, labels = handful
    model = TransformerClassifier(dataclasses.replace(tiny_transformer_config, rdrop=1.0))
    model._seed_and_place()
    model._start_model(sorted(set(labels)))
    for module in model.model.modules():
        if isinstance(module, torch.nn.Dropout):
            module.p = dropout
    with torch.no_grad():  # sharper outputs than a fresh head's, so that masks matter
        for weight in model.model.classifier.parameters():
            weight.mul_(50)
    model.model.train()
    label_ids = np.array([model.classes_.index(y) for y in labels])
    opt = model._optimisation(label_ids, len(texts))
    inputs = model._collate(model._encode(texts))
    target = torch.tensor(label_ids)
    losses = []
    for weight in (0.0, 1.0):
        model.config = dataclasses.replace(model.config, rdrop=weight)
        torch.manual_seed(0)
        logits = model.model(**inputs).logits
        losses.append(float(model._rdrop_loss(inputs, target, logits,
                                              opt.loss_fn(logits, target), opt)))
    return losses[0], losses[1]


def test_rdrop_penalises_passes_that_disagree(tiny_transformer_config, handful):
    plain, penalised = _rdrop_losses(tiny_transformer_config, 0.0, handful)
    assert penalised == pytest.approx(plain)  # no dropout: the two passes agree
    plain, penalised = _rdrop_losses(tiny_transformer_config, 0.5, handful)
    assert penalised > plain + 0.01


def test_an_rdrop_model_still_learns_a_handful(tiny_transformer_config, handful):
    import dataclasses

    texts, labels = handful
    config = dataclasses.replace(tiny_transformer_config, rdrop=1.0)
    assert TransformerClassifier(config).fit(texts, labels).predict(texts) == labels


def leaning_documents() -> list[tuple[str, str]]:
    """The training documents, each a report of its own: chunks of 1 to 3 sentences cut
    through them."""
    return [(f"doc-{d}", f"{first} {LEANING}") for d, (first, _) in enumerate(DOCS)]


@pytest.mark.parametrize("chunk_size", [1, 2, 3, 7])
def test_predict_gives_context_across_chunks(context_model, chunk_size):
    from classifier.predict import label_documents

    whole = list(label_documents(context_model, leaning_documents(), lang="en",
                                 chunk_size=10_000))
    chunked = list(label_documents(context_model, leaning_documents(), lang="en",
                                   chunk_size=chunk_size))
    assert [d.doc for d in chunked] == [d.doc for d in whole]
    for a, b in zip(chunked, whole, strict=True):
        assert [r["index"] for r in a.sentences] == [r["index"] for r in b.sentences]
        np.testing.assert_allclose([r["score"] for r in a.sentences],
                                   [r["score"] for r in b.sentences], atol=1e-5)
    # ...and each row is what the model says of the sentence with its neighbours.
    rows = [r for d in whole for r in d.sentences]
    texts = [r["text"] for r in rows]
    expected = context_model.predict_proba(
        texts, context=neighbour_context(texts, 1, [r["doc"] for r in rows],
                                         [r["index"] for r in rows]))
    np.testing.assert_allclose([r["score"] for r in rows], expected.max(axis=1), atol=1e-5)
    # The leaning sentence right after each first sentence takes that sentence's label.
    assert [d.sentences[1]["label"] for d in whole] == [label for _, label in DOCS]


def _package(model, folder):
    return save_model(model, folder, config={"transformer": {"context": 1, "max_length": 48}},
                      data_fingerprint="sha256:x", languages=["en"], card="# card\n")


def test_evaluate_reads_context_from_doc_and_index(context_model, tmp_path):
    import json

    from classifier.evaluate.labeled_file import evaluate_file

    path = _package(context_model, tmp_path / "ctx")
    rows = [r.to_dict() for r in leaning_rows()]
    with_doc = tmp_path / "with.jsonl"
    with_doc.write_text("".join(json.dumps(r) + "\n" for r in rows))
    alone = tmp_path / "alone.jsonl"
    alone.write_text("".join(json.dumps({k: r[k] for k in ("text", "label", "lang")}) + "\n"
                             for r in rows))
    assert evaluate_file(path, with_doc).metrics["accuracy"] == 1.0
    # Without doc and index each sentence is scored alone: the four identical sentences
    # get one label, so at most one of them is right.
    assert evaluate_file(path, alone).metrics["accuracy"] <= 5 / 8


@pytest.mark.parametrize("bad, message", [({"index": "1"}, "'index' must be the sentence's"),
                                          ({"index": -1}, "'index' must be"),
                                          ({"doc": 7}, "'doc' must be a string")])
def test_bad_doc_or_index_is_refused_by_file_and_line(tmp_path, bad, message):
    import json

    from classifier.data.corpus import DataError
    from classifier.evaluate.labeled_file import read_labeled_jsonl

    path = tmp_path / "bad.jsonl"
    good = {"doc": "d", "index": 0, "text": "A sentence.", "label": "other"}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, **bad}) + "\n")
    with pytest.raises(DataError, match=f"bad.jsonl:2: {message}"):
        read_labeled_jsonl(path)


def test_onnx_export_reads_context_like_torch(context_model, tmp_path):
    from classifier.backends.onnx_export import export_onnx

    rows = leaning_rows()
    texts, context = [r.text for r in rows], rows_context(rows, 1)
    onnx = load_model(export_onnx(_package(context_model, tmp_path / "ctx"), tmp_path / "onnx"))
    assert onnx.context_size == 1
    np.testing.assert_allclose(onnx.predict_proba(texts, context=context),
                               context_model.predict_proba(texts, context=context), atol=1e-4)
