"""Timing helpers for the benchmarks: medians of interleaved repeated runs."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Mapping, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.helpers import load_solution  # noqa: E402

__all__ = ["interleaved", "load_solution", "print_rows", "run_module", "time_calls", "time_commands"]


def time_commands(
    commands: Mapping[str, Sequence[str]], *, repeats: int, env: Mapping[str, str] | None = None,
    cwd: str | None = None, warmup: int = 1,
) -> dict[str, float]:
    """Median wall time of each command, the commands interleaved run by run."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(warmup + repeats):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(list(argv), env=dict(env) if env else None, cwd=cwd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if i >= warmup:
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(ts) for name, ts in times.items()}


def time_calls(calls: Mapping[str, Callable[[], object]], *, repeats: int, warmup: int = 1) -> dict[str, float]:
    """Median wall time of each function, interleaved."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for i in range(warmup + repeats):
        for name, fn in calls.items():
            start = time.perf_counter()
            fn()
            if i >= warmup:
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(ts) for name, ts in times.items()}


def interleaved(ours: Callable[[], object], theirs: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Medians of ``repeats`` interleaved runs of each, after one warm-up run of each."""
    medians = time_calls({"ours": ours, "theirs": theirs}, repeats=repeats)
    return medians["ours"], medians["theirs"]


def print_rows(rows: Sequence[Mapping[str, object]]) -> bool:
    """Print the rows of a ``bench()`` (name, ours_s, sklearn_s, ratio, goal, same_answer,
    detail); True when every row meets its goal with the same answer."""
    print(f"{'benchmark':48} {'ours':>9} {'sklearn':>9} {'ratio':>6} {'goal':>5}  same")
    ok = True
    for row in rows:
        met = row["ratio"] <= row["goal"]  # type: ignore[operator]
        ok = ok and met and bool(row["same_answer"])
        print(f"{row['name']:48} {row['ours_s'] * 1e3:7.1f}ms {row['sklearn_s'] * 1e3:7.1f}ms "  # type: ignore[operator]
              f"{row['ratio']:6.2f} {row['goal']:5.1f}  {'yes' if row['same_answer'] else 'NO'}"
              f"{'' if met else '  (over the goal)'}")
        print(f"    {row['detail']}")
    return ok


def run_module(bench: Callable[[int], Sequence[Mapping[str, object]]], argv: Sequence[str]) -> int:
    """The ``__main__`` of a vs_sklearn_<slug>.py module: ``[repeats]`` from the command line."""
    repeats = int(argv[1]) if len(argv) > 1 else 7
    return 0 if print_rows(bench(repeats)) else 1
