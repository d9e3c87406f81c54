"""Peak memory of `classifier predict` on one small and one large document.

    python benchmarks/memory.py [MODEL_DIR] [--small-mb 0.5] [--large-mb 8] [--all-outputs]
                                [--keep DIR]

Labeling streams a long document through the splitter and the model in pieces, so peak
memory should hardly depend on the size of one document: the large run should stay
within 1.5x of the small one. Without MODEL_DIR a TF-IDF package is trained on the
starter corpus in a few seconds.
Each run is a fresh `classifier predict` process; its peak resident set size is read
from the kernel (ru_maxrss of that child alone), so imports and the model count in both.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

SUBJECTS = ["Police in {place}", "The provincial court", "Border guards", "Labour inspectors",
            "A coalition of NGOs", "The ministry of social affairs", "Prosecutors",
            "Community volunteers", "The task force", "Officials from {place}"]
VERBS = ["arrested {n} suspected brokers who had recruited workers for fishing boats",
         "opened a shelter that offers legal aid and counselling to {n} survivors",
         "trained {n} teachers to warn students about fake job offers abroad",
         "signed an agreement with neighbouring countries on joint investigations",
         "reviewed {n} recruitment agencies and suspended the licences of several",
         "charged the owner of a karaoke bar with forced labour and exploitation",
         "referred {n} returnees to vocational training and medical care",
         "held a meeting with embassies, unions and employers on safe migration"]
TAILS = ["in {month} {year}", "after a two-year investigation", "according to the report",
         "with support from international partners", "despite limited funding",
         "in the border districts of {place}"]
PLACES = ["Lagos", "Hanoi", "Lyon", "Kampala", "Manila", "Tijuana", "Chiang Mai", "Accra"]
MONTHS = ["January", "March", "June", "September", "November"]


def sentence(rng: random.Random) -> str:
    fill = {"place": rng.choice(PLACES), "n": rng.randint(2, 400),
            "month": rng.choice(MONTHS), "year": rng.randint(2015, 2025)}
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TAILS)}.".format(**fill)
    return text[0].upper() + text[1:]


def report_text(n_bytes: int, seed: int = 7) -> str:
    """Headings and paragraphs of 2 to 7 sentences, like a plain-text annual report."""
    rng = random.Random(seed)
    parts, size = [], 0
    while size < n_bytes:
        if rng.random() < 0.15:
            block = f"{rng.randint(1, 9)}. Progress in {rng.choice(PLACES)}"
        else:
            block = " ".join(sentence(rng) for _ in range(rng.randint(2, 7)))
        parts.append(block)
        size += len(block.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def build_model(folder: Path) -> Path:
    from classifier.backends.tfidf import TfidfClassifier
    from classifier.data.corpus import load_corpus
    from classifier.package import save_model

    # The starter corpus, so the model's vocabulary is as large as a real package's.
    rows = load_corpus(Path(__file__).resolve().parent.parent / "data").sentences
    model = TfidfClassifier().fit([r.text for r in rows], [r.label for r in rows])
    return save_model(model, folder / "tfidf", config={}, languages=["en", "fr", "vi"])


# Runs the command as its only child, so ru_maxrss is that command's own peak.
_MEASURE = ("import resource, subprocess, sys; "
            "rc = subprocess.run(sys.argv[1:]).returncode; "
            "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_rss_mb(model: Path, text_file: Path, out: Path, all_outputs: bool) -> float:
    cmd = [sys.executable, "-m", "classifier.cli", "predict", str(model), str(text_file),
           "--out", str(out), "--quiet"]
    if all_outputs:
        cmd += ["--summary", str(out.with_suffix(".summary.csv")),
                "--html", str(out.with_suffix(".html"))]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True,
                          text=True, check=True)
    rc, kib = done.stdout.split()[-2:]
    if rc != "0":
        raise SystemExit(f"predict failed ({rc}):\n{done.stderr[-2000:]}")
    return int(kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", help="model package (default: a fresh TF-IDF)")
    parser.add_argument("--small-mb", type=float, default=0.5)
    parser.add_argument("--large-mb", type=float, default=8.0)
    parser.add_argument("--all-outputs", action="store_true",
                        help="also write --summary and --html, as well as --out")
    parser.add_argument("--keep", help="write the texts and outputs here instead of a temp dir")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="mem-bench-") as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        model = Path(args.model) if args.model else build_model(work)
        peaks = {}
        for name, mb in (("small", args.small_mb), ("large", args.large_mb)):
            src = work / f"{name}.txt"
            src.write_text(report_text(int(mb * 1e6)), encoding="utf-8")
            size = src.stat().st_size / 1e6
            peaks[name] = peak_rss_mb(model, src, work / f"{name}.parquet", args.all_outputs)
            print(f"{name:<6} {size:6.2f} MB text  peak RSS {peaks[name]:7.0f} MB", flush=True)
        ratio = peaks["large"] / peaks["small"]
        print(f"ratio large/small: {ratio:.2f} (target: at most 1.5)")


if __name__ == "__main__":
    main()
