"""Every kind of model this package knows, in one place.

An entry names the model type (the "backend" of a package's manifest), the class that
implements it (imported only when needed, so loading a TF-IDF package never imports
torch), the packages that class needs, the settings it reads (a section of the run
config and of a package's manifest), whether `train` can fit it, and what a trained model
can be exported to. Training, packaging and export read these entries and name no model
type themselves.

Adding a model type is one module with a `Trainable` (or, for inference only, a
`Predictor`) subclass and its settings dataclass, and one `register(ModelType(...))`:
below for the built-in types, anywhere else for a plug-in. The settings of a registered
trainable type become a section of the run config (`classifier.config.config_type`),
read from YAML and `--set` like the built-in ones.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from classifier.config import OnnxConfig, TfidfConfig, TransformerConfig


@dataclass(frozen=True)
class Export:
    """A package a trained model can be exported to, as a training run writes it."""

    name: str  # its folder under models/ and its row in metrics.json
    to: str  # the registered model type it writes; that type's `exporter` does the work
    flag: str  # the switch of `ExportConfig` (the run config's export section) that asks for it
    options: Mapping[str, Any] = field(default_factory=dict)  # keyword arguments of exporter


@dataclass(frozen=True)
class ModelType:
    """One kind of model: what it is called, where it lives, what it needs and can do."""

    name: str  # the manifest's "backend"
    module: str  # where the class lives, imported on first use
    class_name: str  # a Predictor subclass; a Trainable one if `trainable`
    needs: tuple[str, ...] = ()  # importable packages the class needs to load or run
    config_section: str = ""  # key of its settings in Config and in a manifest's "config"
    config_class: type | None = None  # the dataclass of those settings
    trainable: bool = False  # whether `train` fits it (a Trainable: fit and save)
    exports: tuple[Export, ...] = ()  # what a trained model of this type can become
    exporter: str = ""  # "module:function(source_dir, out_dir, **options)" writing this type

    def __post_init__(self) -> None:
        if not self.config_section:
            object.__setattr__(self, "config_section", self.name)

    def load_class(self) -> type:
        """The implementing class (its module is imported now)."""
        return getattr(importlib.import_module(self.module), self.class_name)

    def missing_packages(self) -> list[str]:
        return [n for n in self.needs if importlib.util.find_spec(n) is None]

    def settings(self, cfg: Any) -> Any:
        """This type's section of the run config `cfg`, or None when it has none."""
        section = getattr(cfg, self.config_section, None)
        if self.config_class is not None and not isinstance(section, self.config_class):
            return None
        return section

    def export_function(self):
        """The function that writes a package of this type from another model's package."""
        if not self.exporter:
            raise ValueError(f"model type {self.name!r} has no exporter")
        module, _, function = self.exporter.partition(":")
        return getattr(importlib.import_module(module), function)


_TYPES: dict[str, ModelType] = {}


def register(model_type: ModelType, *, replace: bool = False) -> ModelType:
    """Make `model_type` known to training, packaging and export."""
    if model_type.name in _TYPES and not replace:
        raise ValueError(f"model type {model_type.name!r} is already registered")
    if model_type.trainable and model_type.config_class is None:
        raise ValueError(f"model type {model_type.name!r} is trainable but names no "
                         "config_class for its settings")
    _TYPES[model_type.name] = model_type
    return model_type


def unregister(name: str) -> None:
    _TYPES.pop(name, None)


def model_types() -> tuple[ModelType, ...]:
    """Every registered model type, in the order of registration."""
    return tuple(_TYPES.values())


def get(name: str) -> ModelType | None:
    return _TYPES.get(name)


def names() -> list[str]:
    return list(_TYPES)


def name_of(cls: type) -> str:
    """The registered name of the class `cls` (or of the nearest registered class it
    derives from); '' when it is none of them."""
    for klass in cls.__mro__:
        for model_type in _TYPES.values():
            if (klass.__module__, klass.__qualname__) == (model_type.module,
                                                          model_type.class_name):
                return model_type.name
    return ""


def exported_from(name: str) -> list[str]:
    """The model types whose packages can be exported to the type `name`."""
    return [t.name for t in _TYPES.values() if any(x.to == name for x in t.exports)]


register(ModelType(
    name="tfidf", module="classifier.backends.tfidf", class_name="TfidfClassifier",
    needs=("sklearn", "skops"), config_class=TfidfConfig, trainable=True,
))
register(ModelType(
    name="transformer", module="classifier.backends.transformer",
    class_name="TransformerClassifier", needs=("torch", "transformers"),
    config_class=TransformerConfig, trainable=True,
    exports=(Export("onnx", to="onnx", flag="onnx", options={"int8": False}),
             Export("onnx-int8", to="onnx", flag="int8", options={"int8": True})),
))
register(ModelType(
    name="onnx", module="classifier.backends.onnx", class_name="OnnxClassifier",
    needs=("onnxruntime", "transformers"), config_class=OnnxConfig,
    exporter="classifier.backends.onnx_export:export_onnx",
))
