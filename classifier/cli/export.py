"""`classifier export MODEL --onnx`: a transformer package as an ONNX Runtime package."""

from __future__ import annotations

import argparse

from classifier.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("export", help="export a transformer package to ONNX Runtime",
                       description="Write an ONNX Runtime package of a transformer package; "
                       "`classifier predict` uses it like any other.")
    p.add_argument("model", help="transformer package folder")
    p.add_argument("--onnx", action="store_true", help="export to ONNX (the only format)")
    p.add_argument("--int8", action="store_true", help="dynamic int8 quantisation")
    p.add_argument("--out", required=True,
                   help="output package folder: new or empty (or see --overwrite)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace --out if it holds a model package and nothing else; "
                   "never any other folder")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from classifier.backends.onnx_export import export_onnx

    if not args.onnx:
        raise UsageError("choose an export format (--onnx)")
    out = export_onnx(args.model, args.out, int8=args.int8, overwrite=args.overwrite)
    print(f"ONNX package written to {out}")
    return 0
