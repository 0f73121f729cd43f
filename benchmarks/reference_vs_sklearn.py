"""Reference solutions against scikit-learn, in one run: time ratios and whether the answers agree.

Each kata's benchmark lives in benchmarks/vs_sklearn_<slug>.py and returns rows with the
medians of interleaved repeated runs (ours and scikit-learn's), their ratio, the goal ratio
and whether the answers agree to the stated tolerance.

    python benchmarks/reference_vs_sklearn.py [--repeats 7] [SLUG ...]
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _timing import print_rows  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    slugs = args.slugs or sorted(p.stem.removeprefix("vs_sklearn_") for p in HERE.glob("vs_sklearn_*.py"))
    rows = []
    for slug in slugs:
        module = importlib.import_module(f"vs_sklearn_{slug.replace('-', '_')}")
        rows += module.bench(repeats=args.repeats)
    return 0 if print_rows(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
