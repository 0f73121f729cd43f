"""``kata check``: the catalogue checks itself (the authors' tool).

For each coding kata: the reference solution must pass its grader, the stub must fail it, and
every mutant in ``graders/<slug>/mutants/`` must fail it with the diagnosis its header names::

    # mutant: labels are computed from the centres before the last update
    # expect: labels from the previous centres

Every ``# expect:`` text must appear (case-insensitive) in the message of a test that did
not pass.

For each design kata: the model answer must pass with at least :data:`MODEL_MIN_SCORE`; the
empty template must score 0; a keyword dump, one paragraph pasted under every heading and every
other case's model answer (off-topic) must score below :data:`BAD_MAX_SCORE`; each red flag's
example, added to the model answer, must be caught; and every answer in ``mutants/*.md`` must
land in the score range its header gives (``<!-- score: 40-69 -->``) and fail with its
``<!-- expect: ... -->`` words.
"""

from __future__ import annotations

import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kata_cli import grading
from kata_cli.catalog import Kata, all_katas
from kata_cli.errors import CatalogError
from kata_cli.grading import GradeResult

MODEL_MIN_SCORE = 90.0
BAD_MAX_SCORE = 40.0


@dataclass(frozen=True)
class Case:
    kata: Kata
    label: str  # "reference", "stub", "mutant <name>"
    path: Path
    expect_pass: bool
    expects: tuple[str, ...] = ()
    description: str = ""
    text: str | None = None  # a generated answer (design katas), graded from a temporary file
    score_range: tuple[float, float] | None = None  # inclusive low, exclusive high


@dataclass(frozen=True)
class CaseResult:
    case: Case
    ok: bool
    detail: str
    score: float


def read_header(path: Path, key: str) -> list[str]:
    """The values of ``# key: value`` (or ``<!-- key: value -->``) lines at the top of a file."""
    values = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("<!--") and stripped.endswith("-->"):
            stripped = stripped[4:-3].strip()
        elif not stripped.startswith("#") or stripped.startswith("# ") and path.suffix == ".md":
            break
        name, _, value = stripped.lstrip("#").partition(":")
        if name.strip().lower() == key and value.strip():
            values.append(value.strip())
    return values


def _score_range(path: Path) -> tuple[float, float] | None:
    for value in read_header(path, "score"):
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)", value)
        if not match:
            raise CatalogError(f"{path}: 'score: {value}' must be a range such as 40-69")
        low, high = float(match.group(1)), float(match.group(2))
        return low, high + 1 if high == int(high) else high
    return None


def design_cases(kata: Kata) -> list[Case]:
    from kata_cli import design
    from kata_cli.workspace import render_prompt

    model = kata.solution_path.read_text(encoding="utf-8")
    bad = (0.0, BAD_MAX_SCORE)
    out = [
        Case(kata, "model answer", kata.solution_path, True, score_range=(MODEL_MIN_SCORE, 101.0)),
        Case(kata, "empty template", Path("design.md"), False, ("every step is empty",),
             "the template as kata start writes it", design.render_template(kata, render_prompt(kata)),
             (0.0, 0.1)),
        Case(kata, "keyword dump", Path("design.md"), False, ("without sentences",),
             "every rubric phrase as bare lists under the headings", design.keyword_dump(kata), bad),
        Case(kata, "repeated paragraph", Path("design.md"), False, ("repeats text",),
             "the model answer's longest section under every heading",
             design.repeated_paragraph(kata, model), bad),
    ]
    for other in all_katas(kata.root):
        if other.kind == "design" and other.slug != kata.slug:
            out.append(Case(kata, f"off-topic {other.slug}", other.solution_path, False, ("off-topic",),
                            f"the model answer of {other.slug}", None, bad))
    for flag in design.rubric_for(kata).red_flags:
        out.append(Case(kata, f"red flag {flag.name}", Path("design.md"), False, (flag.name,),
                        f"the model answer plus: {flag.example}", design.with_red_flag(model, flag)))
    for mutant in kata.mutants:
        out.append(Case(
            kata, f"mutant {mutant.stem}", mutant, False, tuple(read_header(mutant, "expect")),
            "; ".join(read_header(mutant, "mutant")), None, _score_range(mutant),
        ))
    return out


def cases(kata: Kata) -> list[Case]:
    if kata.kind == "design":
        return design_cases(kata)
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
    if case.score_range is not None:
        low, high = case.score_range
        if not low <= result.score < high:
            shown = f"{low:g}" if high > 100 else f"{low:g}-{high:g}"
            return CaseResult(case, False, f"score {result.score:g} outside the expected {shown}"
                              + (f" ({result.message})" if result.message else ""), result.score)
    if case.expect_pass:
        if result.passed:
            return CaseResult(case, True, "passed", result.score)
        failures = result.failures()
        why = f"{failures[0].name}: {failures[0].message.splitlines()[0]}" if failures else result.message
        return CaseResult(case, False, f"expected to pass, got {result.status}: {why}", result.score)
    if result.passed:
        return CaseResult(case, False, "expected to fail, but it passed", result.score)
    if case.label.startswith("mutant") and not case.expects and case.score_range is None:
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
    if case.text is None:
        return judge(case, grading.grade(case.kata, case.path))
    with tempfile.TemporaryDirectory(prefix="kata-check-") as folder:
        path = Path(folder) / case.path.name
        path.write_text(case.text, encoding="utf-8")
        return judge(case, grading.grade(case.kata, path))


def check(katas: list[Kata], *, jobs: int = 2) -> list[CaseResult]:
    """Grade every case of every kata, ``jobs`` at a time (each grade is its own process)."""
    all_cases = [c for kata in katas for c in cases(kata)]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(run_case, all_cases))
