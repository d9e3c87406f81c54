"""`classifier train CONFIG`: train, evaluate and package every model of a config."""

from __future__ import annotations

import argparse

from classifier.cli.common import add_train_args, setup_logging


def register(sub) -> None:
    p = sub.add_parser("train", help="train and evaluate the models of a config",
                       description="Train every model enabled in a YAML config on the labeled "
                       "data, evaluate them side by side and write runs/<name>/.")
    p.add_argument("config", nargs="?", default="configs/default.yaml",
                   help="YAML config (default: %(default)s)")
    add_train_args(p)
    p.add_argument("--overwrite", action="store_true",
                   help="replace an earlier run of the same name (run.overwrite=true); "
                   "never a folder that is not a run")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from classifier.config import load_config
    from classifier.train.run import train

    setup_logging()
    overrides = [*(args.set or []), *(["run.overwrite=true"] if args.overwrite else [])]
    cfg = load_config(args.config, overrides)
    result = train(cfg)
    print((result.run_dir / "report.md").read_text(encoding="utf-8"))
    print(f"run folder: {result.run_dir}")
    return 0
