"""An ONNX export labels like the torch model it came from, and loads like any package."""

import numpy as np
import pytest

import classifier
import classifier.backends.onnx_export
from classifier.backends.transformer import TransformerClassifier
from classifier.cli import main
from classifier.package import PackageError, save_model

MORE = [
    "Prosecutors charged the recruiters with forced labour.",
    "Les victimes ont été hébergées dans un refuge.",
    "Hai bộ đã ký biên bản ghi nhớ về hợp tác.",
    "Radio spots warned teenagers about fake job offers abroad.",
    "Weather was mild on the day of the ceremony.",
]


@pytest.fixture(scope="module")
def transformer_package(tmp_path_factory, handful, tiny_transformer):
    from classifier.config import TransformerConfig

    cfg = TransformerConfig(model=str(tiny_transformer), epochs=15, learning_rate=3e-3,
                            batch_size=4, warmup_ratio=0.0, freeze_embeddings=False,
                            max_length=32, seed=3)
    texts, labels = handful
    model = TransformerClassifier(cfg).fit(texts, labels)
    folder = tmp_path_factory.mktemp("pkg") / "transformer"
    return save_model(model, folder, config={"transformer": {"max_length": 32}},
                      card="# tiny\n")


@pytest.mark.parametrize("int8", [False, True], ids=["fp32", "int8"])
def test_onnx_export_agrees_with_torch(transformer_package, tmp_path, handful, int8):
    out = tmp_path / ("int8" if int8 else "fp32")
    args = ["export", str(transformer_package), "--onnx", "--out", str(out)]
    assert main(args + (["--int8"] if int8 else [])) == 0
    torch_model = classifier.load(transformer_package)
    onnx_model = classifier.load(out)
    assert onnx_model.backend == "onnx" and onnx_model.classes_ == torch_model.classes_
    # its labels come from the transformer's config.json, copied and checksummed
    assert (out / "config.json").read_bytes() == (transformer_package / "config.json").read_bytes()
    assert "config.json" in onnx_model.manifest["files"]
    texts = handful[0] + MORE
    p_torch, p_onnx = torch_model.predict_proba(texts), onnx_model.predict_proba(texts)
    agree = np.mean(p_torch.argmax(1) == p_onnx.argmax(1))
    assert agree >= 0.99 if not int8 else agree >= 0.8
    if not int8:
        np.testing.assert_allclose(p_onnx, p_torch, atol=1e-4)
    # batched equals one by one (int8 quantises activations per batch: close, not equal)
    single = np.vstack([onnx_model.predict_proba([t]) for t in texts])
    np.testing.assert_allclose(single, p_onnx, atol=1e-3 if int8 else 1e-5)
    assert (out / "README.md").is_file()


def test_only_transformer_packages_export(tmp_path, handful):
    from classifier.backends.tfidf import TfidfClassifier

    pkg = save_model(TfidfClassifier().fit(*handful), tmp_path / "tfidf", config={})
    with pytest.raises(PackageError, match="only transformer packages"):
        classifier.backends.onnx_export.export_onnx(pkg, tmp_path / "out")
