"""`python -m assets_pipeline optimize FILE --out DIR [--kind K] [--json]` and `check`."""

import argparse
import json
import sys

from assets_pipeline.errors import Rejected
from assets_pipeline.optimize import KINDS, optimize
from assets_pipeline.tools import available


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m assets_pipeline")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("optimize", help="make the derivatives of one file")
    run.add_argument("file")
    run.add_argument("--out", required=True, help="folder for the derivatives")
    run.add_argument("--kind", choices=KINDS)
    run.add_argument("--cache", help="content-addressed cache folder")
    run.add_argument("--json", action="store_true", help="print the manifest as JSON")
    commands.add_parser("check", help="report which tools are available")
    options = parser.parse_args(argv)

    if options.command == "check":
        report = available()
        print(json.dumps(report, indent=2))  # noqa: T201
        return 0 if all(report["codecs"].values()) else 1
    try:
        manifest = optimize(options.file, options.out, kind=options.kind, cache_dir=options.cache)
    except Rejected as error:
        print(f"refused ({error.code}): {error}", file=sys.stderr)  # noqa: T201
        return 2
    if options.json:
        print(manifest.to_json())  # noqa: T201
    else:
        for item in manifest.derivatives:
            print(f"{item.path}\t{item.mime_type}\t{item.width}×{item.height}\t{item.bytes} B")  # noqa: T201
        for warning in manifest.warnings:
            print(f"warning: {warning}", file=sys.stderr)  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
