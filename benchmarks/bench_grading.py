"""`kata grade` on a reference solution against running the same grader tests with bare pytest.

Goals: at most 0.3 s of overhead over bare `python -m pytest` on the same tests; a whole-grade
median under 1.5 s for kmeans, knn and tfidf, and under 10 s for every kata (2-core machine).

    python benchmarks/bench_grading.py [--repeats 11] [SLUG ...]
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

from kata_cli.catalog import all_katas, get_kata  # noqa: E402

OVERHEAD_GOAL_S = 0.3
TOTAL_GOAL_S = {"kmeans": 1.5, "knn": 1.5, "tfidf": 1.5}  # the spine's katas
DEFAULT_TOTAL_GOAL_S = 10.0  # every other coding kata


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("slugs", nargs="*", help="default: every coding kata")
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="kata-bench-")
    # both sides get the grading child's environment (single-threaded BLAS, no plugin
    # autoload) and no pytest configuration file, so the difference is kata's own machinery
    env = dict(os.environ, KATA_HOME=home, KATA_WORKSPACE=home, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
               OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    ini = Path(home) / "pytest.ini"
    ini.write_text("[pytest]\n")
    kata_cmd = [shutil.which("kata")] if shutil.which("kata") else [sys.executable, "-m", "kata_cli"]
    print(f"{'kata':<8} {'kata grade':>11} {'bare pytest':>12} {'overhead':>9}  goal")
    slugs = args.slugs or [k.slug for k in all_katas() if k.kind == "coding"]
    for slug in slugs:
        kata = get_kata(slug)
        bare = [
            sys.executable, "-m", "pytest", str(kata.grader_dir), "-q", "-p", "kata_cli.pytest_plugin",
            "-p", "no:cacheprovider", "--assert=plain", "--import-mode=importlib", "-c", str(ini),
            "--rootdir", str(kata.grader_dir.parent),
            "--kata-submission", str(kata.solution_path), "--kata-reference", str(kata.solution_path),
            "--kata-module", kata.module_name,
        ]
        grade = kata_cmd + ["grade", slug, "--file", str(kata.solution_path), "--json"]
        medians = time_commands({"grade": grade, "bare": bare}, repeats=args.repeats, env=env,
                                cwd=str(kata.root))
        overhead = medians["grade"] - medians["bare"]
        goal = TOTAL_GOAL_S.get(slug, DEFAULT_TOTAL_GOAL_S)
        ok = overhead <= OVERHEAD_GOAL_S and medians["grade"] < goal
        print(f"{slug:<8} {medians['grade']:>10.3f}s {medians['bare']:>11.3f}s {overhead:>8.3f}s  "
              f"{'ok' if ok else 'OVER'} (overhead <= {OVERHEAD_GOAL_S} s, grade < {goal:g} s)")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
