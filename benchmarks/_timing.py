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

__all__ = ["interleaved", "load_solution", "time_calls", "time_commands"]


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
