"""The Ray engine: on a real local Ray (2 CPUs, no dashboard), `predict --engine ray`
writes the local engine's rows, skips and lists bad files as it does, and never replaces
an existing output folder; `classifier.distributed.label` returns a Ray Dataset."""

from __future__ import annotations

import pyarrow.dataset as pds
import pyarrow.parquet as pq
import pytest

from classifier.backends.tfidf import TfidfClassifier
from classifier.cli import main
from classifier.package import save_model
from tests.extraction_fixtures import all_fixtures
from tests.test_inputs import make_docx, para

ray = pytest.importorskip("ray", reason="the Ray engine needs pip install -e '.[ray]'")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, handful):
    model = TfidfClassifier().fit(*handful)
    return save_model(model, tmp_path_factory.mktemp("pkg") / "tfidf", config={})


def _key(row: dict) -> tuple:
    return row["doc"], row["index"]


@pytest.fixture
def inbox(tmp_path):
    """Mixed reports: text, Markdown, web pages, Word, a PDF, an empty and a binary file."""
    box = tmp_path / "inbox"
    (box / "sub").mkdir(parents=True)
    (box / "a.txt").write_text("Police arrested five brokers. A shelter opened in May.",
                               encoding="utf-8")
    (box / "b.md").write_text("# Campaign\n\nSchools ran awareness campaigns.\n",
                              encoding="utf-8")
    make_docx(box / "sub" / "d.docx", para("The court sentenced the ring leader."))
    (box / "empty.txt").write_bytes(b"")
    (box / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    pdf = next(f for f in all_fixtures() if f.name.endswith(".pdf"))
    for fixture in [*all_fixtures()[:2], pdf]:
        (box / fixture.name).write_bytes(fixture.data)
    return box


def test_ray_rows_equal_the_local_engine_rows(local_ray, model_dir, inbox, tmp_path, capsys,
                                              monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = inbox
    local = tmp_path / "local.parquet"
    assert main(["predict", str(model_dir), str(folder), "--out", str(local), "--summary",
                 str(tmp_path / "local-summary.csv"), "--quiet"]) == 1
    local_err = capsys.readouterr().err
    out = tmp_path / "ray-out"
    assert main(["predict", str(model_dir), str(folder), "--out", str(out), "--summary",
                 str(tmp_path / "ray-summary.csv"), "--html", str(tmp_path / "r.html"),
                 "--engine", "ray", "--actors", "2", "--batch-size", "2", "--quiet"]) == 1
    ray_err = capsys.readouterr().err
    local_rows = sorted(pq.read_table(local).to_pylist(), key=_key)
    table = pds.dataset(str(out), format="parquet").to_table()
    assert table.schema.names == pq.read_table(local).schema.names
    assert table.schema.types == pq.read_table(local).schema.types
    ray_rows = sorted(table.to_pylist(), key=_key)
    assert len(ray_rows) == len(local_rows) > 0
    for a, b in zip(ray_rows, local_rows, strict=True):
        assert a == pytest.approx(b)
    # The same files are skipped, with the same reasons, and the exit code says so.
    for reason in ("empty file", "binary"):
        assert reason in local_err and reason in ray_err
    local_summary = (tmp_path / "local-summary.csv").read_text(encoding="utf-8").splitlines()
    ray_summary = (tmp_path / "ray-summary.csv").read_text(encoding="utf-8").splitlines()
    assert sorted(local_summary) == sorted(ray_summary)
    assert (tmp_path / "r.html").read_text(encoding="utf-8").count('class="doc"') == len(
        local_summary) - 1


def test_an_existing_output_folder_is_never_replaced(local_ray, model_dir, inbox, tmp_path,
                                                     capsys):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    assert main(["predict", str(model_dir), str(inbox), "--out", str(out), "--engine",
                 "ray", "--quiet"]) == 2
    assert "exists" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["mine.txt"]
    assert main(["predict", str(model_dir), str(inbox), "--out", str(tmp_path / "x.jsonl"),
                 "--engine", "ray", "--quiet"]) == 2
    assert "names a folder" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*tmp*"))


def test_label_returns_a_ray_dataset_to_chain(local_ray, model_dir, inbox):
    from classifier.distributed import label

    ds = label(inbox, model_dir, actors=1)
    assert isinstance(ds, ray.data.Dataset)
    counts = ds.groupby("label").count().take_all()
    assert sum(c["count()"] for c in counts) == ds.count() > 0
    assert "_error" not in ds.schema().names
