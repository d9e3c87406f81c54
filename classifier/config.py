"""Typed run configuration: one dataclass per YAML section, validated on load.

The defaults below are the whole story of a run; YAML files in `configs/` hold only what
they change (`extends:` names the file they build on), and `--set section.key=value`
changes one value from the command line. Every problem names the file, the key and what
is allowed, before any training starts.

The model sections (tfidf, transformer) are the settings classes of the model types in
`classifier.backends.registry`; a type registered from elsewhere adds its own section.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from classifier.errors import ClassifierError

# Shared by the transformer and its ONNX exports: one copy of each default.
MAX_LENGTH = 128  # tokens of a sentence the model reads; the rest is cut
EVAL_BATCH_SIZE = 16  # sentences per inference batch (fastest on CPU)

def _opt(default: Any = dataclasses.MISSING, *, help: str = "", **rules: Any):
    """A field with validation rules: min, max (inclusive), gt (exclusive), choices."""
    kwargs: dict[str, Any] = {"metadata": {"help": help, **rules}}
    if callable(default):
        kwargs["default_factory"] = default
    else:
        kwargs["default"] = default
    return field(**kwargs)


@dataclass
class RunConfig:
    name: str = _opt("default", help="run folder name under output_dir")
    output_dir: str = _opt("runs", help="where run folders go")
    overwrite: bool = _opt(False, help="replace an earlier run folder of the same name (never "
                           "a folder that is not a run, nor one holding files the run did "
                           "not write)")


@dataclass
class DataConfig:
    dir: str = _opt("data", help="data folder with corpus/ and labeled/")
    seed: int = _opt(13, help="seed of the document-level split")
    validation_fraction: float = _opt(0.15, gt=0.0, max=0.5)
    test_fraction: float = _opt(0.2, gt=0.0, max=0.5)
    holdout_langs: list[str] = _opt(list, help="languages kept out of training, tested alone")
    max_train_sentences: int | None = _opt(None, min=1, help="cap on training sentences")
    validation_origins: list[str] = _opt(list, help="origins of the validation documents "
                                         "that pick the best epoch and fit the temperature; "
                                         "the split's other validation documents train "
                                         "(empty: all of them validate)")

    def problems(self) -> list[str]:
        """What is wrong across fields, each as 'key: what'; the field rules ran already."""
        from classifier.data.corpus import ORIGINS

        bad = [o for o in self.validation_origins if o not in ORIGINS]
        return [f"validation_origins: expected a list of {ORIGINS}, got {bad}"] if bad else []


@dataclass
class TfidfConfig:
    enabled: bool = True
    word_ngrams: list[int] = _opt(lambda: [1, 2], help="[min, max] word n-gram length")
    char_ngrams: list[int] = _opt(lambda: [2, 5], help="[min, max] char n-gram length")
    min_df: int = _opt(1, min=1)
    max_features: int | None = _opt(200_000, min=1)
    sublinear_tf: bool = True
    classifier: str = _opt("logreg", choices=("logreg", "linear_svc"))
    C: float = _opt(10.0, gt=0.0, help="inverse regularisation strength")
    class_weight: str | None = _opt("balanced", choices=("balanced", None))
    calibration: str = _opt("sigmoid", choices=("sigmoid", "isotonic"),
                            help="probability calibration for linear_svc")
    seed: int = 13

    def problems(self) -> list[str]:
        """What is wrong across fields, each as 'key: what'; the field rules ran already."""
        return [f"{name}: expected [min, max] with 1 <= min <= max, got {pair}"
                for name, pair in (("word_ngrams", self.word_ngrams),
                                   ("char_ngrams", self.char_ngrams))
                if len(pair) != 2 or not 1 <= pair[0] <= pair[1]]


@dataclass
class TransformerConfig:
    enabled: bool = True
    model: str = _opt("embedded:multilingual-e5-small",
                      help="'embedded:multilingual-e5-small', a hub id or a local folder")
    max_length: int = _opt(MAX_LENGTH, min=8, max=512)
    batch_size: int = _opt(16, min=1)
    eval_batch_size: int = _opt(EVAL_BATCH_SIZE, min=1,
                                help="sentences per inference batch (fastest on CPU)")
    epochs: int = _opt(8, min=1)
    learning_rate: float = _opt(1e-4, gt=0.0, max=1.0)
    weight_decay: float = _opt(0.01, min=0.0)
    warmup_ratio: float = _opt(0.1, min=0.0, max=0.5)
    max_grad_norm: float = _opt(1.0, gt=0.0)
    class_weighted_loss: bool = True
    freeze_embeddings: bool = _opt(True, help="freeze word embeddings (2x faster on CPU)")
    early_stopping_patience: int = _opt(3, min=1, help="epochs without a better val macro-F1")
    label_smoothing: float = _opt(0.0, min=0.0, max=0.5, help="share of each target spread "
                                  "over the other labels (0: plain cross-entropy)")
    rdrop: float = _opt(0.0, min=0.0, max=10.0, help="R-Drop: weight of the symmetric KL "
                        "between two dropout passes of each batch (0: off; doubles step cost)")
    layer_decay: float = _opt(1.0, gt=0.0, max=1.0, help="learning rate x this per layer "
                              "below the top (1: one rate for all layers)")
    context: int = _opt(0, min=0, max=3, help="neighbouring sentences on each side read as "
                        "a second segment (0: each sentence alone)")
    seed: int = 13
    device: str = _opt("auto", choices=("auto", "cpu", "cuda"))
    threads: int | None = _opt(None, min=1, help="torch threads (default: all cores)")


@dataclass
class ExportConfig:
    onnx: bool = _opt(False, help="also export the transformer to ONNX (models/onnx)")
    int8: bool = _opt(False, help="also export a dynamic int8 ONNX (models/onnx-int8)")


@dataclass
class OnnxConfig:
    """How an ONNX export is written and run: the "onnx" section of its package manifest.

    Not a YAML section: `export_onnx` takes max_length, eval_batch_size and threads from
    the exported transformer's settings, and the ONNX backend reads them back on load.
    """

    max_length: int = _opt(MAX_LENGTH, min=8, max=512)
    eval_batch_size: int = _opt(EVAL_BATCH_SIZE, min=1)
    threads: int | None = _opt(None, min=1, help="ONNX Runtime threads (default: all cores)")
    opset: int = _opt(17, min=1, help="ONNX opset of the exported graph")
    context: int = _opt(0, min=0, max=3, help="neighbouring sentences read on each side, as "
                        "the exported transformer was trained to")
    int8: bool = _opt(False, help="weights quantised to dynamic int8")

    @classmethod
    def from_section(cls, section: dict, **changes: Any) -> OnnxConfig:
        """The settings among `section` (a manifest section, which holds more), changed."""
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{**{k: v for k, v in section.items() if k in known}, **changes})


@dataclass
class EvaluationConfig:
    # At least one: the metrics refuse 0 resamples, and only after all the training.
    bootstrap: int = _opt(1000, min=1, help="bootstrap resamples for the macro-F1 interval")
    seed: int = 0
    # Fit a temperature on the validation split so that scores are probabilities; labels
    # never change (see classifier.evaluate.calibration).
    calibrate: bool = True


@dataclass
class Config:
    run: RunConfig = field(default_factory=RunConfig)
    data: DataConfig = field(default_factory=DataConfig)
    tfidf: TfidfConfig = field(default_factory=TfidfConfig)
    transformer: TransformerConfig = field(default_factory=TransformerConfig)
    evaluation: EvaluationConfig = field(default_factory=EvaluationConfig)
    export: ExportConfig = field(default_factory=ExportConfig)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


class ConfigError(ClassifierError, ValueError):
    pass


def _type_name(tp: Any) -> str:
    args = typing.get_args(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in args)
    if typing.get_origin(tp) is list:
        return f"a list of {_type_name(args[0])}"
    return {str: "a string", int: "an integer", float: "a number", bool: "true or false",
            type(None): "null"}.get(tp, str(tp))


def _coerce(value: Any, tp: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            try:
                return _coerce(value, arg, where)
            except ConfigError:
                continue
        raise ConfigError(f"{where}: expected {_type_name(tp)}, got {value!r}")
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected {_type_name(tp)}, got {value!r}")
        (item,) = typing.get_args(tp)
        return [_coerce(v, item, f"{where}[{i}]") for i, v in enumerate(value)]
    if tp is type(None):
        if value is None:
            return None
    elif tp is bool:
        if isinstance(value, bool):
            return value
    elif tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif tp is float:
        number = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str):  # YAML reads 3e-5 (no dot) as a string
            try:
                number = float(value)
            except ValueError:
                pass
        # .nan and .inf are YAML floats, but pass every min/max rule (nan compares false)
        # and would reach training as nonsense.
        if number is not None and math.isfinite(number):
            return number
        if number is not None:
            raise ConfigError(f"{where}: expected a finite number, got {value!r}")
    elif tp is str:
        if isinstance(value, str):
            return value
    raise ConfigError(f"{where}: expected {_type_name(tp)}, got {value!r}")


def _check_rules(value: Any, meta: dict, where: str) -> None:
    if "choices" in meta and value not in meta["choices"]:
        allowed = ", ".join("null" if c is None else str(c) for c in meta["choices"])
        raise ConfigError(f"{where}: must be one of {allowed}; got {value!r}")
    if value is None or isinstance(value, (bool, str, list)):
        return
    if "min" in meta and value < meta["min"]:
        raise ConfigError(f"{where}: must be >= {meta['min']}; got {value!r}")
    if "max" in meta and value > meta["max"]:
        raise ConfigError(f"{where}: must be <= {meta['max']}; got {value!r}")
    if "gt" in meta and value <= meta["gt"]:
        raise ConfigError(f"{where}: must be > {meta['gt']}; got {value!r}")


def _build_section(cls: type, values: Any, where: str) -> Any:
    if not isinstance(values, dict):
        raise ConfigError(f"{where}: expected a mapping of keys, got {values!r}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ConfigError(
            f"{where}: unknown key '{unknown[0]}'; allowed keys: {', '.join(fields)}"
        )
    kwargs = {}
    for name, value in values.items():
        key = f"{where}.{name}"
        kwargs[name] = _coerce(value, hints[name], key)
        _check_rules(kwargs[name], fields[name].metadata, key)
    return cls(**kwargs)


def _check_config(cfg: Config, where: str) -> None:
    from classifier.backends import registry

    for section in dataclasses.fields(cfg):
        check = getattr(getattr(cfg, section.name), "problems", None)
        for problem in check() if check else ():
            raise ConfigError(f"{where}: {section.name}.{problem}")
    if cfg.data.validation_fraction + cfg.data.test_fraction >= 0.8:
        raise ConfigError(f"{where}: data.validation_fraction + data.test_fraction must leave "
                          "at least 20% for training")
    trainable = [t for t in registry.model_types()
                 if t.trainable and t.settings(cfg) is not None]
    for model_type in trainable:
        flags = [f"export.{x.flag}" for x in model_type.exports]
        if any(getattr(cfg.export, x.flag) for x in model_type.exports) \
                and not model_type.settings(cfg).enabled:
            raise ConfigError(f"{where}: {'/'.join(flags)} need "
                              f"{model_type.config_section}.enabled: true")
    if not any(model_type.settings(cfg).enabled for model_type in trainable):
        raise ConfigError(f"{where}: enable at least one of "
                          f"{' and '.join(t.config_section for t in trainable)}")


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _read_yaml(path: Path, seen: tuple[Path, ...] = ()) -> dict:
    """The raw mapping of a config file, with its `extends:` chain merged in."""
    path = path.resolve()
    if path in seen:
        raise ConfigError(f"{path}: 'extends' loops back to itself")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (invalid byte at offset {exc.start}); "
                          "save it as UTF-8") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of sections, got {type(raw).__name__}")
    parent = raw.pop("extends", None)
    if parent is None:
        return raw
    base = _read_yaml(path.parent / str(parent), (*seen, path))
    return _merge(base, raw)


def parse_override(text: str) -> tuple[list[str], Any]:
    """'transformer.learning_rate=3e-5' -> (['transformer', 'learning_rate'], 3e-5)."""
    key, eq, value = text.partition("=")
    if not eq or "." not in key:
        raise ConfigError(f"--set {text!r}: expected SECTION.KEY=VALUE, "
                          "e.g. transformer.learning_rate=3e-5")
    return key.strip().split("."), yaml.safe_load(value)


_EXTENDED: dict[tuple, type] = {}


def config_type() -> type[Config]:
    """`Config`, plus a section for each registered trainable model type it lacks.

    A model type registered outside this package (see `classifier.backends.registry`)
    brings its settings class, and its section is then read from YAML and `--set` like
    the built-in ones, with no change here.
    """
    from classifier.backends import registry

    declared = {f.name for f in dataclasses.fields(Config)}
    extra = tuple((t.config_section, t.config_class) for t in registry.model_types()
                  if t.trainable and t.config_section not in declared)
    if not extra:
        return Config
    if extra not in _EXTENDED:
        _EXTENDED[extra] = dataclasses.make_dataclass(
            "Config", [(name, cls, field(default_factory=cls)) for name, cls in extra],
            bases=(Config,), namespace={"__module__": __name__})
    return _EXTENDED[extra]


def build_config(raw: dict, where: str) -> Config:
    cls = config_type()
    sections = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - set(sections))
    if unknown:
        raise ConfigError(
            f"{where}: unknown section '{unknown[0]}'; allowed sections: {', '.join(sections)}"
        )
    hints = typing.get_type_hints(cls)
    # Only an absent or empty (`tfidf:`) section means "all defaults": `tfidf: false` is
    # not a way to switch a model off, and must not silently leave it on.
    built = {name: _build_section(hints[name], {} if raw.get(name) is None else raw[name],
                                  f"{where}: {name}")
             for name in sections}
    cfg = cls(**built)
    _check_config(cfg, where)
    return cfg


def load_config(path: str | Path | None = None, overrides: list[str] = ()) -> Config:
    """Defaults, then the YAML file (and what it extends), then `--set` overrides."""
    raw = _read_yaml(Path(path)) if path else {}
    where = str(path) if path else "<defaults>"
    for text in overrides:
        keys, value = parse_override(text)
        node = raw
        for k in keys[:-1]:
            node = node.setdefault(k, {})
            if not isinstance(node, dict):
                raise ConfigError(f"--set {text!r}: {k} is not a section")
        node[keys[-1]] = value
    if overrides:
        where += " (with --set overrides)"
    return build_config(raw, where)


def save_config(cfg: Config, path: Path) -> None:
    from classifier.io import atomic_write_text

    atomic_write_text(path, yaml.safe_dump(cfg.to_dict(), sort_keys=False, allow_unicode=True))
