"""Fine-tuned multilingual transformer behind the same interface as the baseline.

Small data and a CPU shape the training loop: sentences are tokenised once, batched with
others of similar length and padded only to the longest in their batch (most news
sentences are far shorter than `max_length`); the loss is weighted by inverse label
frequency; the word-embedding matrix (two thirds of e5-small's weights) can be frozen,
which halves the time per step; and the epoch with the best validation macro-F1 is kept.
"""

from __future__ import annotations

import logging
import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifier.backends.base import Trainable, length_sorted_batches
from classifier.config import ConfigError, TransformerConfig
from classifier.text.context import model_context

log = logging.getLogger(__name__)
MEGA_BATCH = 50  # batches whose sentences are sorted together by length when training


def _torch():
    import torch

    return torch


def pick_device(name: str) -> str:
    torch = _torch()
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise ConfigError("transformer.device is 'cuda' but torch sees no CUDA device; use "
                          "'auto' or 'cpu'")
    return name


def set_threads(threads: int | None) -> None:
    """Use every core for intra-op work; inter-op threads only add contention here."""
    import os

    torch = _torch()
    torch.set_num_threads(threads or os.cpu_count() or 1)


def length_grouped_batches(lengths: Sequence[int], batch_size: int, rng: random.Random):
    """Shuffled batches of similar-length items: little padding, still random order."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    batches = []
    span = batch_size * MEGA_BATCH
    for i in range(0, len(order), span):
        chunk = sorted(order[i : i + span], key=lambda j: lengths[j])
        batches.extend(chunk[k : k + batch_size] for k in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def encode_inputs(tokenizer, texts: Sequence[str], context: Sequence[str] | None,
                  max_length: int) -> list[dict[str, list[int]]]:
    """Per sentence: its token ids (and segment ids), context as a second segment if given.

    Shared by the transformer and its ONNX export, which must read inputs alike."""
    if context is None:
        enc = tokenizer(list(texts), truncation=True, max_length=max_length)
    else:
        enc = tokenizer(list(texts), list(context), truncation="longest_first",
                        max_length=max_length)
    keys = [k for k in ("input_ids", "token_type_ids") if k in enc]
    columns = zip(*(enc[k] for k in keys), strict=True)
    return [dict(zip(keys, values, strict=True)) for values in columns]


def parameter_groups(model, lr: float, weight_decay: float, layer_decay: float) -> list[dict]:
    """AdamW groups: no weight decay on biases and norms, and with `layer_decay` < 1 a
    learning rate that shrinks by that factor per layer below the top (the classifier head
    and pooler keep `lr`; the embeddings get the smallest), so that the lower layers, which
    hold most of what the encoder knew, move least."""
    import re

    n_layers = getattr(model.config, "num_hidden_layers", 0)

    def depth(name: str) -> int:  # 0 for the head, n_layers + 1 for the embeddings
        m = re.search(r"\.layer\.(\d+)\.", name)
        if m:
            return n_layers - int(m.group(1))
        return n_layers + 1 if "embeddings" in name else 0

    groups: dict[tuple[int, bool], dict] = {}
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        d = depth(name) if layer_decay < 1 else 0
        key = (d, p.ndim > 1)
        group = groups.setdefault(key, {"params": [], "lr": lr * layer_decay ** d,
                                        "weight_decay": weight_decay if p.ndim > 1 else 0.0})
        group["params"].append(p)
    return list(groups.values())


@dataclass
class _Optimisation:
    """What one training step needs besides the model and the batch."""

    loss_fn: Any
    params: list
    optimizer: Any
    scheduler: Any


class _BestEpoch:
    """Early stopping on validation macro-F1: the best weights so far, and the epochs since.

    Frozen word embeddings never change, so they are not copied."""

    def __init__(self, skip_embeddings: bool):
        self.skip_embeddings = skip_embeddings
        self.f1, self.state, self.bad_epochs = -1.0, None, 0

    def update(self, model, f1: float) -> None:
        if f1 > self.f1:
            self.f1, self.bad_epochs = f1, 0
            self.state = {k: v.detach().clone() for k, v in model.state_dict().items()
                          if not (self.skip_embeddings and "word_embeddings" in k)}
        else:
            self.bad_epochs += 1

    def restore(self, model) -> None:
        if self.state is not None:
            model.load_state_dict(self.state, strict=False)


class TransformerClassifier(Trainable):
    labels_file = "config.json"  # Hugging Face's id2label: the order of the logits

    def __init__(self, config: TransformerConfig | None = None, model=None, tokenizer=None,
                 classes: Sequence[str] = (), manifest: dict | None = None):
        super().__init__(manifest)
        self.config = config or TransformerConfig()
        self.model = model
        self.tokenizer = tokenizer
        self.classes_ = list(classes)
        self.history: list[dict] = []
        self.device = "cpu"

    def describe(self) -> str:
        return f"`{self.config.model}`"

    # -- training -------------------------------------------------------------------
    def _init_model(self, classes: list[str]) -> None:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from classifier.pretrained import resolve_model_name

        name = resolve_model_name(self.config.model)
        self.tokenizer = AutoTokenizer.from_pretrained(name)
        self.model = AutoModelForSequenceClassification.from_pretrained(
            name,
            num_labels=len(classes),
            id2label=dict(enumerate(classes)),
            label2id={c: i for i, c in enumerate(classes)},
        )
        self.classes_ = classes

    @property
    def context_size(self) -> int:
        return self.config.context

    def _encode(self, texts: Sequence[str],
                context: Sequence[str] | None = None) -> list[dict[str, list[int]]]:
        """Token ids of each sentence, with its context as a second segment when the model
        reads context; the longer segment is cut first, so context gives way to the
        sentence."""
        return encode_inputs(self.tokenizer, texts,
                             model_context(texts, context, self.context_size),
                             self.config.max_length)

    def _collate(self, features: list[dict[str, list[int]]]):
        batch = self.tokenizer.pad(features, return_tensors="pt")
        return {k: v.to(self.device) for k, v in batch.items()}

    def _seed_and_place(self) -> None:
        """Seed every random source, set the threads and pick the device."""
        torch = _torch()
        random.seed(self.config.seed)
        np.random.seed(self.config.seed)
        torch.manual_seed(self.config.seed)
        set_threads(self.config.threads)
        self.device = pick_device(self.config.device)

    def _start_model(self, classes: list[str]) -> None:
        """A fresh classification head on the pretrained encoder, on the device."""
        self._init_model(classes)
        self.model = self.model.to(self.device)
        if self.config.freeze_embeddings:
            self.model.get_input_embeddings().weight.requires_grad_(False)

    def _optimisation(self, label_ids: np.ndarray, n_items: int) -> _Optimisation:
        """Loss (weighted by inverse label frequency), AdamW and a linear warm-up schedule."""
        from transformers import get_linear_schedule_with_warmup

        torch, cfg = _torch(), self.config
        n_classes = len(self.classes_)
        counts = np.bincount(label_ids, minlength=n_classes).astype(np.float64)
        weights = counts.sum() / (n_classes * np.maximum(counts, 1))
        loss_fn = torch.nn.CrossEntropyLoss(
            weight=torch.tensor(weights, dtype=torch.float32, device=self.device)
            if cfg.class_weighted_loss else None,
            label_smoothing=cfg.label_smoothing,
        )
        params = [p for p in self.model.parameters() if p.requires_grad]
        optimizer = torch.optim.AdamW(
            parameter_groups(self.model, cfg.learning_rate, cfg.weight_decay, cfg.layer_decay),
            lr=cfg.learning_rate,
        )
        total_steps = math.ceil(n_items / cfg.batch_size) * cfg.epochs
        scheduler = get_linear_schedule_with_warmup(
            optimizer, int(cfg.warmup_ratio * total_steps), total_steps
        )
        return _Optimisation(loss_fn, params, optimizer, scheduler)

    def _step(self, ids: list[dict], targets: np.ndarray, opt: _Optimisation) -> float:
        """One optimiser step on one batch; returns its loss."""
        torch = _torch()
        inputs = self._collate(ids)
        target = torch.tensor(targets, device=self.device)
        logits = self.model(**inputs).logits
        loss = opt.loss_fn(logits, target)
        if self.config.rdrop:
            loss = self._rdrop_loss(inputs, target, logits, loss, opt)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(opt.params, self.config.max_grad_norm)
        opt.optimizer.step()
        opt.scheduler.step()
        opt.optimizer.zero_grad(set_to_none=True)
        return loss.item()

    def _rdrop_loss(self, inputs, target, logits, loss, opt: _Optimisation):
        """R-Drop (Liang et al. 2021): a second pass under other dropout masks, and a
        penalty on the two passes disagreeing, so that the prediction does not hang on
        which units dropout happened to keep; a regulariser for small, clean corpora."""
        functional = _torch().nn.functional
        logits_2 = self.model(**inputs).logits
        log_p, log_q = functional.log_softmax(logits, -1), functional.log_softmax(logits_2, -1)
        kl = (functional.kl_div(log_p, log_q, log_target=True, reduction="batchmean")
              + functional.kl_div(log_q, log_p, log_target=True, reduction="batchmean")) / 2
        return (loss + opt.loss_fn(logits_2, target)) / 2 + self.config.rdrop * kl

    def _train_epoch(self, epoch: int, ids: list[dict], label_ids: np.ndarray,
                     opt: _Optimisation, rng: random.Random) -> dict:
        """One pass over the training data in length-grouped batches; returns its record."""
        from tqdm.auto import tqdm

        cfg = self.config
        self.model.train()
        batches = length_grouped_batches([len(x["input_ids"]) for x in ids], cfg.batch_size,
                                         rng)
        bar = tqdm(batches, desc=f"epoch {epoch}/{cfg.epochs}", unit="batch",
                   leave=False, dynamic_ncols=True)
        t0, seen, loss_sum = time.perf_counter(), 0, 0.0
        for batch in bar:
            loss = self._step([ids[i] for i in batch], label_ids[batch], opt)
            seen += len(batch)
            loss_sum += loss * len(batch)
            rate = seen / (time.perf_counter() - t0)
            bar.set_postfix(loss=f"{loss:.3f}", sent_s=f"{rate:.1f}")
        bar.close()
        return {"epoch": epoch, "train_loss": loss_sum / max(seen, 1),
                "seconds": time.perf_counter() - t0}

    def _check_epoch(self, epoch: int, texts, labels, context=None) -> float:
        """Validation macro-F1 after `epoch`, with a warning if the model collapsed."""
        f1, collapsed = self._validate(texts, labels, context)
        if collapsed:
            log.warning(
                "epoch %d: the model predicts only '%s' on validation: it has "
                "collapsed to one class; try a lower learning_rate, more epochs or "
                "class_weighted_loss: true", epoch, collapsed)
        return f1

    def fit(self, texts, labels, eval_texts=None, eval_labels=None, *, context=None,
            eval_context=None) -> TransformerClassifier:
        cfg = self.config
        self._seed_and_place()
        classes = sorted(set(labels))
        self._start_model(classes)
        label_ids = np.array([classes.index(y) for y in labels])
        ids = self._encode(texts, context)
        opt = self._optimisation(label_ids, len(ids))
        rng = random.Random(cfg.seed)
        best = _BestEpoch(skip_embeddings=cfg.freeze_embeddings)
        self.history = []
        for epoch in range(1, cfg.epochs + 1):
            record = self._train_epoch(epoch, ids, label_ids, opt, rng)
            if eval_texts is not None and len(eval_texts):
                record["val_macro_f1"] = self._check_epoch(epoch, eval_texts, eval_labels,
                                                           eval_context)
                best.update(self.model, record["val_macro_f1"])
            self.history.append(record)
            log.info("epoch %d: %s", epoch,
                     ", ".join(f"{k}={v:.4f}" for k, v in record.items() if k != "epoch"))
            if best.bad_epochs >= cfg.early_stopping_patience:
                log.info("early stopping: no better validation macro-F1 for %d epochs",
                         best.bad_epochs)
                break
        best.restore(self.model)
        self.model.eval()
        return self

    def _validate(self, texts, labels, context=None) -> tuple[float, str | None]:
        from sklearn.metrics import f1_score

        pred = self.predict(texts, context)
        f1 = f1_score(list(labels), pred, labels=self.classes_, average="macro", zero_division=0)
        collapsed = pred[0] if len(set(pred)) == 1 and len(pred) > 1 else None
        return float(f1), collapsed

    # -- inference -------------------------------------------------------------------
    def predict_proba(self, texts: Sequence[str],
                      context: Sequence[str] | None = None) -> np.ndarray:
        torch = _torch()
        was_training = self.model.training
        self.model.eval()
        ids = self._encode(texts, context)
        out = np.empty((len(ids), len(self.classes_)), dtype=np.float32)
        with torch.inference_mode():
            for idx in length_sorted_batches([x["input_ids"] for x in ids],
                                             self.config.eval_batch_size):
                logits = self.model(**self._collate([ids[j] for j in idx])).logits
                out[idx] = torch.softmax(logits.float(), dim=-1).cpu().numpy()
        if was_training:
            self.model.train()
        return self._calibrated(out)

    # -- persistence -----------------------------------------------------------------
    def save(self, path: Path) -> list[str]:
        path.mkdir(parents=True, exist_ok=True)
        self.model.save_pretrained(path, safe_serialization=True)
        self.tokenizer.save_pretrained(path)
        return sorted(p.name for p in path.iterdir() if p.is_file())

    @classmethod
    def load(cls, path: Path, config: dict,
             manifest: dict | None = None) -> TransformerClassifier:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        cfg = TransformerConfig(**config) if config else TransformerConfig()
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModelForSequenceClassification.from_pretrained(path, use_safetensors=True)
        model.eval()
        classes = [model.config.id2label[i] for i in range(model.config.num_labels)]
        obj = cls(cfg, model, tokenizer, classes, manifest)
        obj.device = "cpu"
        set_threads(cfg.threads)
        return obj
