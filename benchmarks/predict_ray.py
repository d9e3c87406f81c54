"""Documents per second of `classifier predict` with the local engine and the Ray engine
(1 and 2 actors), on the same generated documents, in one run.

    python benchmarks/predict_ray.py [--model runs/default/models/onnx-int8]
                                     [--documents 2000] [--sentences 5] [--out runs/ray-bench]

The documents are made from corpus sentences (`--sentences` each, in their corpus order),
written as .txt files. Each engine labels the whole folder into Parquet; the Ray figures
are timed with Ray already started (a cluster is started once and reused) and, beside
them, with the start included. Every engine must give the same sentences; the share of
labels equal to the local engine's is printed (a dynamic int8 model's scores depend a
little on which sentences share a batch, and batches differ between engines).
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path


def make_documents(folder: Path, n: int, per_doc: int) -> int:
    from classifier.data.corpus import load_corpus

    sentences = [s.text for s in load_corpus("data").sentences]
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        start = (i * per_doc) % max(len(sentences) - per_doc, 1)
        text = " ".join(sentences[start : start + per_doc])
        (folder / f"doc-{i:05d}.txt").write_text(text + "\n", encoding="utf-8")
        total += len(text)
    return total


def rows(path: Path) -> list[tuple]:
    import pyarrow.dataset as pds

    table = pds.dataset(str(path), format="parquet").to_table(columns=["doc", "index",
                                                                       "label"])
    return sorted(zip(*(table[c].to_pylist() for c in table.column_names), strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="runs/default/models/onnx-int8")
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--sentences", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("runs/ray-bench"))
    args = parser.parse_args()
    from classifier.distributed import run_ray_predict, start_ray
    from classifier.package import load_model
    from classifier.report.batch import run_predict

    shutil.rmtree(args.out, ignore_errors=True)
    docs = args.out / "docs"
    chars = make_documents(docs, args.documents, args.sentences)
    print(f"{args.documents} documents, {chars / args.documents:.0f} characters each; "
          f"model {args.model}", flush=True)
    results = []
    t0 = time.perf_counter()
    model = load_model(args.model)
    report = run_predict(model, [str(docs)], str(args.out / "local.parquet"), progress=False,
                         warn=lambda m: None)
    seconds = time.perf_counter() - t0
    results.append(("local (one process)", seconds, seconds, 1.0))
    reference = rows(args.out / "local.parquet")
    t0 = time.perf_counter()
    start_ray()
    started = time.perf_counter() - t0
    for actors in (1, 2):
        t0 = time.perf_counter()
        run_ray_predict(args.model, [str(docs)], args.out / f"ray-{actors}", actors=actors)
        seconds = time.perf_counter() - t0
        got = rows(args.out / f"ray-{actors}")
        if [r[:2] for r in got] != [r[:2] for r in reference]:
            raise SystemExit(f"ray with {actors} actor(s): not the local engine's sentences")
        same = sum(a == b for a, b in zip(got, reference, strict=True)) / len(reference)
        results.append((f"ray, {actors} actor{'s' if actors > 1 else ''}", seconds,
                        seconds + started, same))
    print(f"\n{report.sentences} sentences; Ray started in {started:.1f} s\n")
    print("| engine | documents/s | documents/s with Ray's start | seconds | "
          "labels as local |")
    print("|---|---:|---:|---:|---:|")
    for name, seconds, with_start, same in results:
        print(f"| {name} | {args.documents / seconds:.1f} | "
              f"{args.documents / with_start:.1f} | {seconds:.1f} | {same:.1%} |")


if __name__ == "__main__":
    main()
