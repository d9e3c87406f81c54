"""Train and evaluate the models of a config: `python train.py [--config FILE] [--set K=V]`.

The same as `classifier train [CONFIG]`; with no config it runs configs/default.yaml.
`--overwrite` (run.overwrite=true) replaces an earlier run of the same name; a folder
that is not a run is never replaced.
"""

import argparse
import sys

from classifier.cli import main
from classifier.cli.common import add_train_args


def parse(argv: list[str]) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/default.yaml",
                        help="YAML config (default: %(default)s)")
    add_train_args(parser)
    parser.add_argument("--overwrite", action="store_true",
                        help="replace an earlier run of the same name (run.overwrite=true)")
    args = parser.parse_args(argv)
    return ["train", args.config, *(f"--set={s}" for s in args.set or []),
            *(["--overwrite"] if args.overwrite else [])]


if __name__ == "__main__":
    sys.exit(main(parse(sys.argv[1:])))
