"""Grading a system-design answer: `kata grade` on each case's model answer, and the scoring
alone (in process), against `kata --help` as the baseline of a `kata` command.

    python benchmarks/bench_design.py [--repeats 11] [SLUG ...]

Goal: a design grade under a second (it reads Markdown: no subprocess, no numpy).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _timing import time_calls, time_commands  # noqa: E402

from kata_cli import design  # noqa: E402
from kata_cli.catalog import all_katas, get_kata  # noqa: E402

GOAL_S = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="default: every design kata")
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()
    slugs = args.slugs or [k.slug for k in all_katas() if k.kind == "design"]
    home = tempfile.mkdtemp(prefix="kata-bench-")
    env = dict(os.environ, KATA_HOME=home, KATA_WORKSPACE=home)
    kata_cmd = [shutil.which("kata")] if shutil.which("kata") else [sys.executable, "-m", "kata_cli"]
    print(f"{'kata':<28} {'kata grade':>11} {'kata --help':>12} {'scoring':>9}  goal")
    for slug in slugs:
        kata = get_kata(slug)
        text = kata.solution_path.read_text(encoding="utf-8")
        rubric = design.rubric_for(kata)
        medians = time_commands({
            "grade": kata_cmd + ["grade", slug, "--file", str(kata.solution_path), "--json"],
            "help": kata_cmd + ["--help"],
        }, repeats=args.repeats, env=env, cwd=str(kata.root))
        scoring = time_calls({"assess": lambda: design.assess(text, rubric)}, repeats=args.repeats)["assess"]
        ok = medians["grade"] < GOAL_S
        print(f"{slug:<28} {medians['grade']:>10.3f}s {medians['help']:>11.3f}s {scoring:>8.3f}s  "
              f"{'ok' if ok else 'OVER'} (grade < {GOAL_S} s)")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
