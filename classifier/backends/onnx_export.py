"""`classifier export MODEL --onnx [--int8] --out DIR [--overwrite]`: a transformer package
as an ONNX Runtime package that `classifier predict` and `classifier.load` use like any other.

The labels of the export come from the transformer's checksummed config.json (copied into
the new package, where the ONNX loader reads them), never from the manifest alone: a
package whose manifest labels disagree with its weights is refused, not exported.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from classifier.backends import registry
from classifier.config import OnnxConfig
from classifier.io import atomic_dir, check_replace
from classifier.package import (
    CARD,
    OutputExistsError,
    PackageError,
    check_labels,
    config_section,
    package_guard,
    read_calibration,
    read_manifest,
    verify_files,
    write_calibration,
    write_manifest,
)


def export_onnx(model_dir: str | Path, out_dir: str | Path, int8: bool = False,
                overwrite: bool = False) -> Path:
    """Export the transformer package `model_dir` as an ONNX package at `out_dir`.

    `out_dir` must be new or an empty folder, or, with `overwrite`, a model package holding
    nothing else; anything else is refused before the export starts, and nothing is
    deleted. Sequence length, batch size and threads are those the transformer was
    trained with (its manifest's settings).
    """
    from classifier.backends.onnx import LABELS_FILE

    model_dir, out_dir = Path(model_dir), Path(out_dir)
    guard = _check_output(model_dir, out_dir, overwrite)
    manifest = _read_source(model_dir)
    model, tokenizer, labels = _load_source(model_dir, manifest)
    source_settings = manifest["config"].get(config_section(manifest), {})
    settings = OnnxConfig.from_section(source_settings, int8=int8)
    with atomic_dir(out_dir, guard=guard) as tmp:
        _write_graph(model, tokenizer, tmp, settings)
        tokenizer.save_pretrained(tmp)
        # The file the labels were just checked against, byte for byte: the new package's
        # checksums cover it, and the ONNX loader takes its label order from it.
        shutil.copyfile(model_dir / LABELS_FILE, tmp / LABELS_FILE)
        # The same logits, so the same temperature (checked against the source's checksum).
        write_calibration(tmp, read_calibration(model_dir, manifest))
        _copy_card(model_dir, tmp, int8)
        _write_onnx_manifest(tmp, model_dir, manifest, labels, settings)
    return out_dir


def _onnx_type() -> registry.ModelType:
    """The registry's entry for the packages this module writes."""
    from classifier.backends.onnx import OnnxClassifier

    return registry.get(registry.name_of(OnnxClassifier))


def _check_output(model_dir: Path, out_dir: Path, overwrite: bool):
    """Refuse, before any work, an `out_dir` that is the source, inside it, or not ours to
    replace; return the guard that asks again just before the new package moves in."""
    source, target = model_dir.resolve(), out_dir.resolve()
    if target == source or source in target.parents:
        raise OutputExistsError(f"{out_dir}: is the package being exported or inside it; "
                                "refusing to write there: choose another --out")
    guard = package_guard(overwrite, allow="pass --overwrite", instead="choose another --out")
    check_replace(out_dir, guard)
    return guard


def _read_source(model_dir: Path) -> dict:
    """The manifest of a package of a type that exports to ONNX, its files verified."""
    manifest = read_manifest(model_dir)
    sources = registry.exported_from(_onnx_type().name)
    if manifest["backend"] not in sources:
        raise PackageError(f"{model_dir}: only {' and '.join(sources)} packages can be "
                           f"exported to ONNX (this one is {manifest['backend']!r})")
    verify_files(model_dir, manifest)
    return manifest


def _load_source(model_dir: Path, manifest: dict):
    """The torch model, its tokenizer and its labels, which must match the manifest's."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from classifier.backends.onnx import LABELS_FILE

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    # Eager attention traces to plain MatMul/Softmax nodes that ORT fuses and quantises.
    model = AutoModelForSequenceClassification.from_pretrained(
        model_dir, use_safetensors=True, attn_implementation="eager").eval()
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    check_labels(model_dir, manifest, labels, LABELS_FILE, action="export")
    return model, tokenizer, labels


def _write_graph(model, tokenizer, folder: Path, settings: OnnxConfig) -> None:
    """Trace `model` into folder/model.onnx (batch and sequence length left dynamic),
    quantised to dynamic int8 if `settings.int8`."""
    import torch

    from classifier.backends.onnx import ONNX_FILE

    sample = tokenizer(["A short sentence.", "Another, somewhat longer sentence here."],
                       padding=True, return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes["logits"] = {0: "batch"}
    fp32 = folder / ("fp32.onnx" if settings.int8 else ONNX_FILE)
    with torch.inference_mode():
        torch.onnx.export(model, tuple(sample[n] for n in names), str(fp32),
                          input_names=names, output_names=["logits"], dynamic_axes=axes,
                          opset_version=settings.opset, do_constant_folding=True,
                          dynamo=False)
    if settings.int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        # Per-channel weight scales and 7-bit range (the u8s8 path without VNNI can
        # saturate at 8 bits): on the starter corpus this kept macro-F1 level with torch
        # where per-tensor 8-bit lost 0.024, and it runs a little faster.
        quantize_dynamic(str(fp32), str(folder / ONNX_FILE), weight_type=QuantType.QInt8,
                         per_channel=True, reduce_range=True)
        fp32.unlink()


def _copy_card(model_dir: Path, folder: Path, int8: bool) -> None:
    """The source's model card, with a note on what this package is."""
    if not (model_dir / CARD).is_file():
        return
    card = (model_dir / CARD).read_text(encoding="utf-8")
    kind = "dynamic int8" if int8 else "float32"
    note = (f"\n## This package\n\nAn ONNX Runtime export ({kind}) of the transformer "
            "package above; its labels agree with the torch model on the test split "
            "(checked by `benchmarks/predict.py`).\n")
    (folder / CARD).write_text(card + note, encoding="utf-8")


def _write_onnx_manifest(folder: Path, model_dir: Path, source: dict, labels: list[str],
                         settings: OnnxConfig) -> None:
    """The new package's manifest: its own settings, and the source's settings, metrics,
    data fingerprint and languages."""
    onnx = _onnx_type()
    own = {"labels": labels, **dataclasses.asdict(settings), "exported_from": str(model_dir)}
    section, given = config_section(source), source["config"]
    write_manifest(
        folder, backend=onnx.name, labels=labels,
        config={onnx.config_section: own, section: given.get(section, {}),
                "data": given.get("data", {})},
        metrics=source.get("metrics"), data_fingerprint=source.get("data_fingerprint", ""),
        languages=source.get("languages", []),
    )
