"""The fine-tuned transformer exported to ONNX Runtime: the fast path for labeling.

ONNX Runtime fuses attention and layer-norm kernels that eager PyTorch runs one by one,
and dynamic int8 quantisation of the matrix multiplies roughly halves the time again on
CPU; on the starter corpus int8 costs well under 0.01 macro-F1 (see the README's table).
Inference only: a `Predictor`, with no `fit` or `save`; `export_onnx` writes its packages.
The package keeps the transformer's Hugging Face config.json, whose checksummed `id2label`
is the order of the graph's logits.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from classifier.backends.base import Predictor, length_sorted_batches
from classifier.config import OnnxConfig
from classifier.text.context import model_context

ONNX_FILE = "model.onnx"
LABELS_FILE = "config.json"


class OnnxClassifier(Predictor):
    """Inference only: packages of this type are written by `export_onnx`, not trained."""

    labels_file = LABELS_FILE

    def __init__(self, session, tokenizer, classes: Sequence[str],
                 config: OnnxConfig | None = None, *, max_length: int | None = None,
                 manifest: dict | None = None):
        super().__init__(manifest)
        self.session = session
        self.tokenizer = tokenizer
        self.classes_ = list(classes)
        self.config = config or OnnxConfig()
        if max_length is not None:
            self.max_length = max_length
        self.input_names = {i.name for i in session.get_inputs()}

    @property
    def max_length(self) -> int:
        """Tokens of a sentence the model reads; the rest is cut."""
        return self.config.max_length

    @max_length.setter
    def max_length(self, value: int) -> None:
        self.config = dataclasses.replace(self.config, max_length=value)

    @property
    def context_size(self) -> int:
        return self.config.context

    def predict_proba(self, texts: Sequence[str],
                      context: Sequence[str] | None = None) -> np.ndarray:
        from classifier.backends.transformer import encode_inputs

        features = encode_inputs(self.tokenizer, texts,
                                 model_context(texts, context, self.context_size),
                                 self.max_length)
        ids = [f["input_ids"] for f in features]
        out = np.empty((len(ids), len(self.classes_)), dtype=np.float32)
        for idx in length_sorted_batches(ids, self.config.eval_batch_size):
            batch = self.tokenizer.pad([features[j] for j in idx], return_tensors="np")
            feed = {"input_ids": batch["input_ids"].astype(np.int64),
                    "attention_mask": batch["attention_mask"].astype(np.int64)}
            if "token_type_ids" in self.input_names:
                feed["token_type_ids"] = (batch["token_type_ids"].astype(np.int64)
                                          if "token_type_ids" in batch
                                          else np.zeros_like(feed["input_ids"]))
            logits = self.session.run(["logits"], feed)[0]
            logits = logits - logits.max(axis=1, keepdims=True)
            e = np.exp(logits)
            out[idx] = e / e.sum(axis=1, keepdims=True)
        return self._calibrated(out)

    @classmethod
    def load(cls, path: Path, config: dict, manifest: dict | None = None) -> OnnxClassifier:
        import onnxruntime as ort
        from transformers import AutoConfig, AutoTokenizer

        settings = OnnxConfig.from_section(config)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = settings.threads or os.cpu_count() or 1
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(Path(path) / ONNX_FILE), opts,
                                       providers=["CPUExecutionProvider"])
        tokenizer = AutoTokenizer.from_pretrained(path)
        # Not config["labels"]: the manifest is not checksummed, config.json is.
        hf = AutoConfig.from_pretrained(path)
        classes = [hf.id2label[i] for i in range(hf.num_labels)]
        return cls(session, tokenizer, classes, settings, manifest=manifest)
