"""Run a child process under resource limits, in its own process group, with a wall clock.

The limits are the ones DESIGN.md section 4 names: address space (so an unbounded allocation
fails with MemoryError instead of taking the machine), CPU seconds, the size of any file the
child writes (so a flood of output is cut), and a wall-clock timeout after which the whole
process group, including anything the child spawned, is killed.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

GIB = 1024**3
MIB = 1024**2


@dataclass(frozen=True)
class Limits:
    """Resource limits of one child process."""

    wall_s: float = 60.0
    memory_bytes: int = 2 * GIB
    file_bytes: int = 64 * MIB
    cpu_s: float | None = None  # default: the wall clock plus a margin


@dataclass(frozen=True)
class Completed:
    """How a child process ended."""

    returncode: int | None  # None when it was killed by the wall clock
    timed_out: bool
    duration_s: float
    output_tail: str = ""  # the last characters of what it printed (captured runs only)

    @property
    def signal(self) -> int | None:
        if self.returncode is not None and self.returncode < 0:
            return -self.returncode
        return None

    def describe(self, limits: Limits) -> str:
        """What happened to the process, in words."""
        if self.timed_out:
            return f"the run exceeded its time limit of {limits.wall_s:g} s and was stopped"
        sig = self.signal
        if sig == signal.SIGXCPU:
            return "the run used up its CPU time limit and was stopped"
        if sig == signal.SIGXFSZ:
            return (
                f"the submission wrote more than {limits.file_bytes // MIB} MiB "
                "(output or files) and was stopped"
            )
        if sig == signal.SIGSEGV:
            return "the Python interpreter crashed (segmentation fault)"
        if sig == signal.SIGKILL:
            return "the process was killed (SIGKILL), possibly for using too much memory"
        if sig is not None:
            return f"the process was killed by signal {signal.Signals(sig).name}"
        return (
            f"the process exited with code {self.returncode} before the end of the run "
            "(did the submission call sys.exit or os._exit, or crash the interpreter?)"
        )


def _apply_limits(pid: int, limits: Limits) -> None:
    """Set the limits of a freshly spawned child (it is still starting Python then, long
    before any submission code runs; this avoids ``preexec_fn``, unsafe with threads)."""
    cpu = int(limits.cpu_s if limits.cpu_s is not None else limits.wall_s + 5)
    settings = [
        (resource.RLIMIT_AS, limits.memory_bytes),
        (resource.RLIMIT_CPU, max(cpu, 1)),
        (resource.RLIMIT_FSIZE, limits.file_bytes),
        (resource.RLIMIT_CORE, 0),
    ]
    for which, value in settings:
        try:
            _soft, hard = resource.prlimit(pid, which)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            # the hard CPU limit sits above the soft one so that SIGXCPU comes before SIGKILL
            new_hard = value + 5 if which == resource.RLIMIT_CPU else value
            if hard != resource.RLIM_INFINITY:
                new_hard = min(new_hard, hard)
            resource.prlimit(pid, which, (value, new_hard))
        except (ValueError, OSError):
            pass


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    limits: Limits,
    capture: bool = True,
    tail_chars: int = 4000,
) -> Completed:
    """Run ``argv`` under ``limits``; never leaves a process behind.

    With ``capture`` the output goes to a temporary file (never a pipe, so a flood cannot
    block the child) and only its last ``tail_chars`` characters are kept; without it the
    child writes to this process's terminal.
    """
    out = tempfile.TemporaryFile() if capture else None
    start = time.monotonic()
    proc = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.STDOUT if capture else None,
        start_new_session=True,
    )
    _apply_limits(proc.pid, limits)
    # A blocking wait with a timer that kills the group: Popen.wait(timeout=...) polls with
    # sleeps of up to 50 ms, which every grade would pay after the child has finished.
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        _kill_group(proc.pid)

    timer = threading.Timer(limits.wall_s, expire)
    timer.daemon = True
    timer.start()
    try:
        returncode: int | None = proc.wait()
    except BaseException:  # Ctrl-C in the parent: take the child down with us
        _kill_group(proc.pid)
        proc.wait()
        raise
    finally:
        timer.cancel()
        _kill_group(proc.pid)  # anything the child left running in its group
    timed_out = expired.is_set()
    if timed_out:
        returncode = None
    duration = time.monotonic() - start
    tail = ""
    if out is not None:
        size = out.seek(0, os.SEEK_END)
        out.seek(max(0, size - tail_chars))
        tail = out.read().decode("utf-8", "replace")
        if size > tail_chars:
            tail = f"[... {size - tail_chars} earlier bytes of output cut ...]\n" + tail
        out.close()
    return Completed(returncode, timed_out, duration, tail)
