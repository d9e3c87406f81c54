"""The fine-tuned transformer exported to ONNX Runtime: the fast path for labeling.

ONNX Runtime fuses attention and layer-norm kernels that eager PyTorch runs one by one,
and dynamic int8 quantisation of the matrix multiplies roughly halves the time again on
CPU; on the starter corpus int8 costs well under 0.01 macro-F1 (see the README's table).
Inference only: `fit` is refused. The package keeps the transformer's Hugging Face
config.json, whose checksummed `id2label` is the order of the graph's logits.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from classifier.backends.base import SentenceClassifier, length_sorted_batches

ONNX_FILE = "model.onnx"
LABELS_FILE = "config.json"


class OnnxClassifier(SentenceClassifier):
    backend = "onnx"
    labels_file = LABELS_FILE

    def __init__(self, session, tokenizer, classes: Sequence[str], max_length: int = 128,
                 batch_size: int = 16):
        self.session = session
        self.tokenizer = tokenizer
        self.classes_ = list(classes)
        self.max_length = max_length
        self.batch_size = batch_size
        self.input_names = {i.name for i in session.get_inputs()}

    def fit(self, texts, labels, eval_texts=None, eval_labels=None):
        raise NotImplementedError("an ONNX package is for inference; train the transformer "
                                  "backend and export it with `classifier export`")

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        ids = self.tokenizer(list(texts), truncation=True, max_length=self.max_length)[
            "input_ids"]
        out = np.empty((len(ids), len(self.classes_)), dtype=np.float32)
        for idx in length_sorted_batches(ids, self.batch_size):
            batch = self.tokenizer.pad({"input_ids": [ids[j] for j in idx]},
                                       return_tensors="np")
            feed = {"input_ids": batch["input_ids"].astype(np.int64),
                    "attention_mask": batch["attention_mask"].astype(np.int64)}
            if "token_type_ids" in self.input_names:
                feed["token_type_ids"] = np.zeros_like(feed["input_ids"])
            logits = self.session.run(["logits"], feed)[0]
            logits = logits - logits.max(axis=1, keepdims=True)
            e = np.exp(logits)
            out[idx] = e / e.sum(axis=1, keepdims=True)
        return out

    def save(self, path: Path) -> list[str]:
        raise NotImplementedError("ONNX packages are written by classifier.backends.onnx_export")

    @classmethod
    def load(cls, path: Path, config: dict) -> OnnxClassifier:
        import onnxruntime as ort
        from transformers import AutoConfig, AutoTokenizer

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = config.get("threads") or os.cpu_count() or 1
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(Path(path) / ONNX_FILE), opts,
                                       providers=["CPUExecutionProvider"])
        tokenizer = AutoTokenizer.from_pretrained(path)
        # Not config["labels"]: the manifest is not checksummed, config.json is.
        hf = AutoConfig.from_pretrained(path)
        classes = [hf.id2label[i] for i in range(hf.num_labels)]
        return cls(session, tokenizer, classes,
                   max_length=config.get("max_length", 128),
                   batch_size=config.get("eval_batch_size", 16))
