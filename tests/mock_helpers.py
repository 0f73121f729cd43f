"""Helpers for the mock-interview and progress tests: records without grading, a fake clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kata_cli.store import Store

DESIGN = "design-toy-spam"  # the toy catalogue's design kata
T0 = 1_800_000_000.0  # a fixed "now" for tests that inject time (2027-01-15)


def open_store(env: Any) -> Store:
    return Store(env.home / "kata.db")


def fake_result(slug: str, score: float, *, passed: bool | None = None, status: str | None = None,
                message: str | None = None, tests: list[dict[str, Any]] | None = None,
                elapsed_s: float | None = None) -> dict[str, Any]:
    """A result object of DESIGN.md section 4, without running a grader."""
    passed = score >= 100 if passed is None else passed
    return {"kata": slug, "submission": f"/nowhere/{slug}", "status": status or ("passed" if passed else "failed"),
            "passed": passed, "score": float(score), "max_score": 100.0, "message": message,
            "tests": tests or [], "duration_s": 0.1, "elapsed_s": elapsed_s}


def record(store: Store, slug: str, score: float, *, at: float, attempt_id: int | None = None,
           session_id: int | None = None, overtime: bool = False, **kwargs: Any) -> int:
    return store.record_grade(fake_result(slug, score, **kwargs), attempt_id=attempt_id, now=at,
                              session_id=session_id, overtime=overtime)


class FakeClock:
    """``clock()`` returns the fake time; ``sleep(s)`` advances it instantly."""

    def __init__(self, now: float) -> None:
        self.now = now
        self.sleeps = 0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0
        self.sleeps += 1
        self.now += seconds


def write_good_toy(folder: Path) -> None:
    from tests.conftest import TOY_GOOD

    (folder / "toy.py").write_text(TOY_GOOD)
