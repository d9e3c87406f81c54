"""`classifier export MODEL --onnx [--int8] --out DIR [--overwrite]`: a transformer package
as an ONNX Runtime package that `classifier predict` and `classifier.load` use like any other.

The labels of the export come from the transformer's checksummed config.json (copied into
the new package, where the ONNX loader reads them), never from the manifest alone: a
package whose manifest labels disagree with its weights is refused, not exported.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from classifier.io import atomic_dir, check_replace
from classifier.package import (
    CARD,
    OutputExistsError,
    PackageError,
    check_labels,
    package_guard,
    read_manifest,
    verify_files,
    write_manifest,
)

OPSET = 17


def export_onnx(model_dir: str | Path, out_dir: str | Path, int8: bool = False,
                overwrite: bool = False) -> Path:
    """Export the transformer package `model_dir` as an ONNX package at `out_dir`.

    `out_dir` must be new or an empty folder, or, with `overwrite`, a model package holding
    nothing else; anything else is refused before the export starts, and nothing is
    deleted.
    """
    from classifier.backends.onnx import LABELS_FILE, ONNX_FILE

    model_dir, out_dir = Path(model_dir), Path(out_dir)
    source, target = model_dir.resolve(), out_dir.resolve()
    if target == source or source in target.parents:
        raise OutputExistsError(f"{out_dir}: is the package being exported or inside it; "
                                "refusing to write there: choose another --out")
    guard = package_guard(overwrite, allow="pass --overwrite", instead="choose another --out")
    check_replace(out_dir, guard)
    manifest = read_manifest(model_dir)
    if manifest["backend"] != "transformer":
        raise PackageError(f"{model_dir}: only transformer packages can be exported to ONNX "
                           f"(this one is {manifest['backend']!r})")
    verify_files(model_dir, manifest)

    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    # Eager attention traces to plain MatMul/Softmax nodes that ORT fuses and quantises.
    model = AutoModelForSequenceClassification.from_pretrained(
        model_dir, use_safetensors=True, attn_implementation="eager").eval()
    labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
    check_labels(model_dir, manifest, labels, LABELS_FILE, action="export")
    sample = tokenizer(["A short sentence.", "Another, somewhat longer sentence here."],
                       padding=True, return_tensors="pt")
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in sample]
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    axes["logits"] = {0: "batch"}
    section = manifest["config"].get("transformer", {})
    with atomic_dir(out_dir, guard=guard) as tmp:
        fp32 = tmp / ("fp32.onnx" if int8 else ONNX_FILE)
        with torch.inference_mode():
            torch.onnx.export(model, tuple(sample[n] for n in names), str(fp32),
                              input_names=names, output_names=["logits"], dynamic_axes=axes,
                              opset_version=OPSET, do_constant_folding=True, dynamo=False)
        if int8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            # Per-channel weight scales and 7-bit range (the u8s8 path without VNNI can
            # saturate at 8 bits): on the starter corpus this kept macro-F1 level with torch
            # where per-tensor 8-bit lost 0.024, and it runs a little faster.
            quantize_dynamic(str(fp32), str(tmp / ONNX_FILE), weight_type=QuantType.QInt8,
                             per_channel=True, reduce_range=True)
            fp32.unlink()
        tokenizer.save_pretrained(tmp)
        # The file the labels were just checked against, byte for byte: the new package's
        # checksums cover it, and the ONNX loader takes its label order from it.
        shutil.copyfile(model_dir / LABELS_FILE, tmp / LABELS_FILE)
        if (model_dir / CARD).is_file():
            card = (model_dir / CARD).read_text(encoding="utf-8")
            kind = "dynamic int8" if int8 else "float32"
            note = (f"\n## This package\n\nAn ONNX Runtime export ({kind}) of the transformer "
                    "package above; its labels agree with the torch model on the test split "
                    "(checked by `benchmarks/predict.py`).\n")
            (tmp / CARD).write_text(card + note, encoding="utf-8")
        write_manifest(
            tmp, backend="onnx", labels=labels,
            config={"onnx": {"labels": labels, "int8": int8, "opset": OPSET,
                             "max_length": section.get("max_length", 128),
                             "eval_batch_size": section.get("eval_batch_size", 16),
                             "threads": section.get("threads"),
                             "exported_from": str(model_dir)},
                    "transformer": section, "data": manifest["config"].get("data", {})},
            metrics=manifest.get("metrics"), data_fingerprint=manifest.get("data_fingerprint",
                                                                           ""),
            languages=manifest.get("languages", []),
        )
    return out_dir

