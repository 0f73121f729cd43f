"""``kata check``: the catalogue checks itself (the authors' tool).

For each kata: the reference solution must pass its grader, the stub must fail it, and every
mutant in ``graders/<slug>/mutants/`` must fail it with the diagnosis its header names::

    # mutant: labels are computed from the centres before the last update
    # expect: labels from the previous centres

Every ``# expect:`` text must appear (case-insensitive) in the message of a test that did
not pass.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kata_cli import grading
from kata_cli.catalog import Kata
from kata_cli.grading import GradeResult


@dataclass(frozen=True)
class Case:
    kata: Kata
    label: str  # "reference", "stub", "mutant <name>"
    path: Path
    expect_pass: bool
    expects: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class CaseResult:
    case: Case
    ok: bool
    detail: str
    score: float


def read_header(path: Path, key: str) -> list[str]:
    """The values of ``# key: value`` lines at the top of a file."""
    values = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        name, _, value = stripped.lstrip("#").partition(":")
        if name.strip().lower() == key and value.strip():
            values.append(value.strip())
    return values


def cases(kata: Kata) -> list[Case]:
    out = [
        Case(kata, "reference", kata.solution_path, True),
        Case(kata, "stub", kata.stub_path, False),
    ]
    for mutant in kata.mutants:
        out.append(Case(
            kata, f"mutant {mutant.stem}", mutant, False,
            tuple(read_header(mutant, "expect")), "; ".join(read_header(mutant, "mutant")),
        ))
    return out


def judge(case: Case, result: GradeResult) -> CaseResult:
    if case.expect_pass:
        if result.passed:
            return CaseResult(case, True, "passed", result.score)
        failures = result.failures()
        why = f"{failures[0].name}: {failures[0].message.splitlines()[0]}" if failures else result.message
        return CaseResult(case, False, f"expected to pass, got {result.status}: {why}", result.score)
    if result.passed:
        return CaseResult(case, False, "expected to fail, but it passed", result.score)
    if case.label.startswith("mutant") and not case.expects:
        return CaseResult(case, False, "the mutant has no '# expect:' line", result.score)
    messages = [t.message.lower() for t in result.failures()] + [(result.message or "").lower()]
    missing = [e for e in case.expects if not any(e.lower() in m for m in messages)]
    if missing:
        first = result.failures()[0].message.splitlines()[0] if result.failures() else result.message
        return CaseResult(
            case, False,
            f"failed, but no diagnosis mentions {missing[0]!r} (first diagnosis: {first})",
            result.score,
        )
    return CaseResult(case, True, f"{result.status} ({len(result.failures())} tests not passed)", result.score)


def run_case(case: Case) -> CaseResult:
    return judge(case, grading.grade(case.kata, case.path))


def check(katas: list[Kata], *, jobs: int = 2) -> list[CaseResult]:
    """Grade every case of every kata, ``jobs`` at a time (each grade is its own process)."""
    all_cases = [c for kata in katas for c in cases(kata)]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(run_case, all_cases))
