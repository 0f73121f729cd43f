"""Timing helpers for the benchmarks: medians of interleaved repeated runs."""

from __future__ import annotations

import statistics
import subprocess
import time
from typing import Callable, Mapping, Sequence


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
