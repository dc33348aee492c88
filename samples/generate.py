"""Generate the synthetic SPCNCL dossiers: `python -m samples.generate [--out samples] [--check]`.

Writes `<out>/inbox/`, `<out>/truth/` and `<out>/README.md` deterministically. With `--check`, regenerates
into a temporary folder and compares with `<out>` (exit status 1 and a list of differences if they differ).
"""

from __future__ import annotations

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m samples.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE, help="output folder (default: the samples/ package folder)")
    parser.add_argument("--check", action="store_true", help="compare a fresh generation with --out")
    args = parser.parse_args(argv)
    from samples.gen.build import generate
    from samples.gen.check import run_check

    if args.check:
        return run_check(args.out)
    print(f"generating samples into {args.out}")
    generate(args.out)
    print("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
