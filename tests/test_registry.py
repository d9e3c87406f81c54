"""Model types live in one registry: a new one is one class plus one entry.

The toy type below (a nearest-centroid classifier over hashed character trigrams) is
registered for a test, trained by `train` like the built-in types, packaged, loaded
back and checked like them.
"""

import ast
import dataclasses
import json
import math
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from classifier.backends import registry
from classifier.backends.base import Predictor, Trainable
from classifier.backends.registry import ModelType
from classifier.config import (
    EVAL_BATCH_SIZE,
    MAX_LENGTH,
    Config,
    ConfigError,
    OnnxConfig,
    TransformerConfig,
    load_config,
    save_config,
)
from classifier.package import PackageError, load_model, save_model
from classifier.train.run import enabled_model_types, train

ROOT = Path(__file__).resolve().parents[1]


# -- a toy model type: its settings, its class, its entry -----------------------------------

@dataclass
class CentroidConfig:
    enabled: bool = True
    dims: int = 256


class CentroidClassifier(Trainable):
    labels_file = "centroids.json"

    def __init__(self, config: CentroidConfig | None = None, centroids=None, classes=(),
                 manifest: dict | None = None):
        super().__init__(manifest)
        self.config = config or CentroidConfig()
        self.centroids = None if centroids is None else np.asarray(centroids)
        self.classes_ = list(classes)

    def _features(self, texts) -> np.ndarray:
        x = np.zeros((len(texts), self.config.dims))
        for row, text in enumerate(texts):
            padded = f" {text.lower()} "
            for i in range(len(padded) - 2):
                x[row, zlib.crc32(padded[i : i + 3].encode()) % self.config.dims] += 1
        return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)

    def fit(self, texts, labels, eval_texts=None, eval_labels=None):
        self.classes_ = sorted(set(labels))
        x, y = self._features(list(texts)), np.array(labels)
        self.centroids = np.vstack([x[y == c].mean(axis=0) for c in self.classes_])
        return self

    def predict_proba(self, texts):
        logits = 20 * self._features(list(texts)) @ self.centroids.T
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> list[str]:
        doc = {"classes": self.classes_, "centroids": self.centroids.tolist()}
        (path / self.labels_file).write_text(json.dumps(doc), encoding="utf-8")
        return [self.labels_file]

    def describe(self) -> str:
        return "nearest centroid of hashed character trigrams"

    @classmethod
    def load(cls, path: Path, config: dict, manifest: dict | None = None):
        doc = json.loads((path / cls.labels_file).read_text(encoding="utf-8"))
        return cls(CentroidConfig(**config), doc["centroids"], doc["classes"], manifest)


CENTROID = ModelType(name="centroid", module=__name__, class_name="CentroidClassifier",
                     config_class=CentroidConfig, trainable=True)


@pytest.fixture
def centroid_type():
    registry.register(CENTROID)
    yield CENTROID
    registry.unregister(CENTROID.name)


# -- a new type: trained, packaged, loaded and checked like the others ----------------------

def test_a_registered_type_round_trips_through_a_package(centroid_type, handful, tmp_path):
    texts, labels = handful
    model = CentroidClassifier().fit(texts, labels)
    assert model.backend == "centroid" and model.manifest == {}
    assert model.predict(texts) == labels
    path = save_model(model, tmp_path / "centroid", config={"centroid": {"dims": 256}},
                      languages=["en"], card="# toy\n")
    loaded = load_model(path)
    assert type(loaded) is CentroidClassifier and loaded.backend == "centroid"
    assert loaded.manifest["backend"] == "centroid" and loaded.manifest["languages"] == ["en"]
    assert loaded.classes_ == model.classes_
    assert loaded.predict(texts) == model.predict(texts) == labels
    np.testing.assert_allclose(loaded.predict_proba(texts), model.predict_proba(texts))

    # The safety checks of every package apply: labels from the checksummed file only.
    manifest_file = path / "classifier.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["labels"] = manifest["labels"][::-1]
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(PackageError, match="do not match the labels"):
        load_model(path)


def test_train_trains_a_registered_type(centroid_type, tmp_path):
    """Registered, the type has a config section (YAML, --set) and `train` trains it."""
    cfg = load_config(ROOT / "configs" / "tfidf.yaml", [
        f"run.output_dir={tmp_path}", "run.name=toy", "evaluation.bootstrap=20",
        f"data.dir={ROOT / 'data'}", "tfidf.enabled=false", "centroid.dims=512"])
    assert isinstance(cfg, Config) and cfg.centroid == CentroidConfig(dims=512)
    assert [t.name for t in enabled_model_types(cfg)] == ["centroid"]

    result = train(cfg)
    assert set(result.metrics) == {"centroid"}
    assert result.metrics["centroid"]["macro_f1"] > 0.2  # better than chance (five labels)
    package = result.models["centroid"]
    model = load_model(package)
    assert isinstance(model, CentroidClassifier) and model.config.dims == 512
    assert model.manifest["config"]["centroid"] == {"enabled": True, "dims": 512}
    assert "nearest centroid of hashed character trigrams" in (package / "README.md").read_text()
    assert "| metric | centroid |" in (result.run_dir / "report.md").read_text()
    assert (result.run_dir / "confusion_centroid.png").is_file()
    doc = json.loads((result.run_dir / "metrics.json").read_text())
    assert list(doc["models"]) == ["centroid"]


def test_a_type_that_is_not_registered_is_refused(handful, tmp_path):
    model = CentroidClassifier().fit(*handful)
    with pytest.raises(PackageError, match="cannot be saved as a package"):
        save_model(model, tmp_path / "m", config={})
    assert not (tmp_path / "m").exists()
    with pytest.raises(ConfigError, match="unknown section 'centroid'"):
        load_config(None, ["centroid.dims=512"])


def test_a_registered_types_config_round_trips(centroid_type, tmp_path):
    cfg = load_config(None, ["centroid.dims=64", "centroid.enabled=false"])
    save_config(cfg, tmp_path / "config.yaml")
    assert load_config(tmp_path / "config.yaml") == cfg
    with pytest.raises(ConfigError, match="centroid.dims: expected an integer"):
        load_config(None, ["centroid.dims=many"])


def test_registering_twice_needs_replace():
    with pytest.raises(ValueError, match="already registered"):
        registry.register(registry.get("tfidf"))
    with pytest.raises(ValueError, match="names no config_class"):
        registry.register(dataclasses.replace(CENTROID, config_class=None))


# -- the registry is the only place names live ----------------------------------------------

def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)}


def test_model_type_names_are_spelled_only_in_the_registry():
    names = set(registry.names())
    names |= {x.name for t in registry.model_types() for x in t.exports}
    assert {"tfidf", "transformer", "onnx", "onnx-int8"} <= names
    package = ROOT / "classifier"
    for path in sorted(package.rglob("*.py")):
        if path == package / "backends" / "registry.py":
            continue
        spelled = _string_constants(path) & names
        assert not spelled, f"{path.relative_to(ROOT)} names model types {sorted(spelled)}"


def test_train_follows_the_registry_order_and_enabled_flags():
    cfg = load_config(ROOT / "configs" / "default.yaml")
    trainable = [t.name for t in registry.model_types() if t.trainable]
    assert [t.name for t in enabled_model_types(cfg)] == trainable
    tfidf_only = load_config(ROOT / "configs" / "tfidf.yaml")
    assert [t.name for t in enabled_model_types(tfidf_only)] == ["tfidf"]


def test_every_trainable_type_has_its_section_in_the_run_config():
    hints = {f.name: f.type for f in dataclasses.fields(Config)}
    for model_type in registry.model_types():
        if model_type.trainable:
            assert hints[model_type.config_section] in (model_type.config_class,
                                                       model_type.config_class.__name__)
            assert isinstance(model_type.settings(Config()), model_type.config_class)
        for export in model_type.exports:
            assert registry.get(export.to).exporter, export
            assert hasattr(Config().export, export.flag), export


def test_classes_are_found_by_name_and_name_themselves():
    for model_type in registry.model_types():
        cls = model_type.load_class()
        assert issubclass(cls, Predictor)
        assert issubclass(cls, Trainable) == model_type.trainable
        assert registry.name_of(cls) == model_type.name


# -- ONNX is inference only; its settings have one home -------------------------------------

def test_onnx_is_a_predictor_that_cannot_be_trained_or_saved(tiny_transformer, tmp_path):
    from transformers import AutoTokenizer

    from classifier.backends.onnx import OnnxClassifier

    assert not hasattr(OnnxClassifier, "fit") and not hasattr(OnnxClassifier, "save")

    class Session:
        def get_inputs(self):
            return []

    model = OnnxClassifier(Session(), AutoTokenizer.from_pretrained(tiny_transformer),
                           ["a", "b"], OnnxConfig(max_length=16), manifest={"x": 1})
    assert model.backend == "onnx" and model.manifest == {"x": 1} and model.max_length == 16
    with pytest.raises(PackageError, match="cannot be saved"):
        save_model(model, tmp_path / "m", config={})


def test_onnx_settings_default_to_the_transformers():
    onnx, transformer = OnnxConfig(), TransformerConfig()
    assert onnx.max_length == transformer.max_length == MAX_LENGTH
    assert onnx.eval_batch_size == transformer.eval_batch_size == EVAL_BATCH_SIZE
    section = {"labels": ["a"], "max_length": 32, "threads": 2, "exported_from": "x"}
    assert OnnxConfig.from_section(section, int8=True) == OnnxConfig(
        max_length=32, eval_batch_size=EVAL_BATCH_SIZE, threads=2, int8=True)


def test_loading_a_tfidf_package_imports_no_other_model_type(handful, tmp_path):
    """Classes are imported when a package of their type loads, and not before. (skops
    itself imports torch, through scikit-learn's array-API shims: not checked here.)"""
    from classifier.backends.tfidf import TfidfClassifier

    path = save_model(TfidfClassifier().fit(*handful), tmp_path / "tfidf", config={})
    others = ("classifier.backends.transformer", "classifier.backends.onnx",
              "classifier.backends.onnx_export", "transformers", "onnxruntime")
    code = ("import sys, classifier; m = classifier.load(sys.argv[1]); "
            "m.predict(['Police arrested five brokers.']); "
            f"print(sorted(n for n in {others!r} if n in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_score_is_a_value_not_a_side_effect(handful):
    """Scoring returns what it measured; nothing outside it is changed."""
    from classifier.backends.tfidf import TfidfClassifier
    from classifier.config import EvaluationConfig
    from classifier.train.scoring import score_model

    texts, labels = handful
    rows = [SimpleNamespace(text=t, label=y, lang="en", origin="written")
            for t, y in zip(texts, labels, strict=True)]
    model = TfidfClassifier().fit(texts, labels)
    score = score_model(model, rows, EvaluationConfig(bootstrap=10), 1.0, reference=labels)
    assert score.pred == labels and score.metrics["accuracy"] == 1.0
    assert score.row["agreement_with_torch"] == 1.0 and score.row["train_seconds"] == 1.0
    assert math.isclose(score.row["macro_f1"], 1.0) and score.timings["epochs"] == []
