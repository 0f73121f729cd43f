"""Light `kata` commands (help, list, stats, next, mock list): median wall time against bare
Python start-up in the same run.

Goal (spine issue): median under 0.25 s; numpy, pytest and jinja2 are not imported on that
path (tests/test_startup.py checks the imports).

    python benchmarks/bench_cli_startup.py [--repeats 21]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import time_commands  # noqa: E402

GOAL_S = 0.25


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    kata = shutil.which("kata")
    base = [kata] if kata else [sys.executable, "-m", "kata_cli"]
    home = tempfile.mkdtemp(prefix="kata-bench-")
    env = dict(os.environ, KATA_HOME=home, KATA_WORKSPACE=home)
    medians = time_commands(
        {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "kata --help": base + ["--help"],
            "kata list": base + ["list"],
            "kata stats": base + ["stats"],
            "kata next": base + ["next"],
            "kata mock list": base + ["mock", "list"],
        },
        repeats=args.repeats, env=env,
    )
    baseline = medians["python -c pass (baseline)"]
    print(f"{'command':<28} {'median':>9} {'vs python':>10}  goal")
    for name, median in medians.items():
        goal = "" if "baseline" in name else ("ok" if median < GOAL_S else "OVER") + f" (< {GOAL_S} s)"
        print(f"{name:<28} {median:>8.3f}s {median / baseline:>9.1f}x  {goal}")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
