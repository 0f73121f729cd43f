"""Plain-text rendering of results, tables and history for the terminal.

Functions here take data and return strings; ``cli.py`` prints them. Nothing here imports
click, numpy, pytest or jinja2.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any, Iterable, Sequence

from kata_cli.catalog import Kata, all_katas
from kata_cli.grading import GradeResult
from kata_cli.records import CATEGORIES

OUTCOME_MARK = {"passed": "ok", "failed": "FAIL", "error": "ERROR", "timeout": "TIMEOUT", "skipped": "skip"}


def duration(seconds: float | None) -> str:
    """``7 s``, ``12:05`` (minutes:seconds) or ``2 h 03 min``."""
    if seconds is None:
        return "-"
    seconds = max(0.0, float(seconds))
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        minutes, secs = divmod(int(round(seconds)), 60)
        return f"{minutes}:{secs:02d}"
    hours, rest = divmod(int(round(seconds)), 3600)
    return f"{hours} h {rest // 60:02d} min"


def when(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, right: Sequence[int] = ()) -> str:
    """A plain aligned table; ``right`` lists the columns aligned to the right."""
    rows = [[str(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]

    def line(cells: Sequence[str]) -> str:
        out = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(out).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows])


def points(value: float) -> str:
    return f"{value:g}"


def target_line(elapsed_s: float | None, minutes: float) -> str:
    if elapsed_s is None:
        return f"Time: not timed (graded outside an attempt); target {minutes:g} min"
    target = minutes * 60
    verdict = "within target" if elapsed_s <= target else f"{duration(elapsed_s - target)} over target"
    return f"Time: {duration(elapsed_s)} since start, target {minutes:g} min ({verdict})"


def grade_report(result: GradeResult, kata: Kata, *, verbose: bool = False) -> str:
    """The human report of ``kata grade``: table by category, score, first diagnosis in full."""
    lines = [f"{kata.title} ({kata.slug}): {result.submission}", ""]
    if not result.tests:
        lines += [f"Status: {result.status.upper()}", "", result.message or "", ""]
        return "\n".join(lines).rstrip() + "\n"
    groups: "OrderedDict[str, list]" = OrderedDict()
    for category in CATEGORIES:
        groups[category] = []
    for test in result.tests:
        groups.setdefault(test.category, []).append(test)
    rows = []
    for category, tests in groups.items():
        if not tests:
            continue
        passed = [t for t in tests if t.outcome == "passed"]
        rows.append([
            category,
            f"{len(passed)}/{len(tests)}",
            f"{points(sum(t.points for t in passed))}/{points(sum(t.points for t in tests))}",
        ])
    lines.append(table(["category", "tests", "points"], rows, right=(1, 2)))
    lines.append("")
    failures = result.failures()
    verdict = "PASSED" if result.passed else f"NOT PASSED ({len(failures)} of {len(result.tests)} tests)"
    lines.append(f"Score: {result.score:g} / {result.max_score:g}   {verdict}")
    lines.append(target_line(result.elapsed_s, kata.minutes))
    first_line = failures[0].message.splitlines()[0] if failures and failures[0].message else None
    if result.message and not result.passed and result.message != first_line:
        lines += ["", result.message]
    if failures:
        first = failures[0]
        lines += ["", f"First problem: {first.name} [{first.category}, {points(first.points)} pts, "
                      f"{first.outcome}]"]
        lines += ["  " + part for part in first.message.splitlines()]
        rest = failures[1:]
        if rest:
            lines += ["", f"Also not passed ({len(rest)}):"]
            lines += _other_failures(rest, verbose=verbose)
    return "\n".join(lines).rstrip() + "\n"


def design_report(result: GradeResult, kata: Kata, *, verbose: bool = False) -> str:
    """The report of a system-design grade: points per step, then what an interviewer would
    still ask about each step that is not full (every step with ``verbose``), and red flags."""
    lines = [f"{kata.title} ({kata.slug}): {result.submission}", ""]
    steps = [t for t in result.tests if t.category == "design"]
    flags = [t for t in result.tests if t.category == "red-flags" and t.outcome != "passed"]
    rows = [[t.name, f"{points(round(t.earned or 0.0, 1))}/{points(t.points)}", OUTCOME_MARK[t.outcome]]
            for t in steps]
    lines.append(table(["step", "points", ""], rows, right=(1,)))
    lines.append("")
    verdict = "PASSED" if result.passed else "NOT PASSED (pass mark: 70, every step answered, no red flag)"
    lines.append(f"Score: {result.score:g} / {result.max_score:g}   {verdict}")
    lines.append(target_line(result.elapsed_s, kata.minutes))
    if result.message:
        lines += ["", result.message[0].upper() + result.message[1:]]
    for flag in flags:
        lines += [""] + flag.message.splitlines()
    shown = [t for t in steps if verbose or (t.earned or 0.0) < t.points - 0.05]
    for test in shown:
        lines += ["", f"{test.name} ({points(round(test.earned or 0.0, 1))}/{points(test.points)})"]
        lines += ["  " + part for part in test.message.splitlines()]
    return "\n".join(lines).rstrip() + "\n"


def _other_failures(tests: Sequence[Any], *, verbose: bool) -> list[str]:
    """One line per test; without ``verbose``, tests that share a diagnosis are grouped."""
    if verbose:
        out = []
        for test in tests:
            out.append(f"  - {test.name} [{test.category}, {OUTCOME_MARK[test.outcome]}]:")
            out += ["      " + part for part in test.message.splitlines()]
        return out
    groups: "OrderedDict[str, list]" = OrderedDict()
    for test in tests:
        groups.setdefault((test.message.splitlines() or [""])[0], []).append(test)
    out = []
    for detail, members in groups.items():
        if len(detail) > 110:
            detail = detail[:107] + "..."
        if len(members) >= 3:
            out.append(f"  - {len(members)} tests: {detail}")
        else:
            out += [f"  - {t.name} [{t.category}, {OUTCOME_MARK[t.outcome]}]: {detail}" for t in members]
    return out


def status_of(summary: dict[str, Any] | None) -> str:
    if not summary:
        return "new"
    if summary.get("passed"):
        return f"passed ({summary['best']:g})"
    if summary.get("best") is not None:
        return f"best {summary['best']:g}"
    return "started"


def kata_list(katas: Sequence[Kata], summary: dict[str, dict[str, Any]]) -> str:
    rows = [
        [k.slug, k.title, k.topic, k.difficulty, f"{k.minutes:g} min", status_of(summary.get(k.slug))]
        for k in katas
    ]
    return table(["slug", "title", "topic", "difficulty", "target", "status"], rows, right=(4,))


def _grade_kind(grade: Any) -> str:
    """What a grade was of: an attempt, a file (--file), or a mock session (overtime or not)."""
    session_id = getattr(grade, "session_id", None)
    if session_id is not None:
        return f"mock {session_id}" + (" overtime" if getattr(grade, "overtime", False) else "")
    return "attempt" if grade.attempt_id is not None else "--file"


def history(attempts: Sequence[Any], grades: Sequence[Any]) -> str:
    """Grades in time order, then one line per kata: attempts, grades, best score."""
    minutes = {k.slug: k.minutes for k in all_katas()}
    rows = []
    for g in grades:
        target = minutes.get(g.slug)
        if g.elapsed_s is None:
            timing = "-"
        else:
            timing = duration(g.elapsed_s)
            if target is not None:
                timing += " (over)" if g.elapsed_s > target * 60 else ""
        rows.append([
            when(g.graded_at), g.slug, f"{g.score:g}", g.status,
            timing, f"{target:g} min" if target is not None else "-",
            _grade_kind(g),
        ])
    out = []
    if rows:
        out.append(table(["graded", "kata", "score", "status", "time", "target", "what"], rows, right=(2,)))
    per_kata: dict[str, list[int]] = {}
    for a in attempts:
        per_kata.setdefault(a.slug, [0, 0])[0] += 1
    for g in grades:
        per_kata.setdefault(g.slug, [0, 0])[1] += 1
    best = {}
    for g in grades:
        best[g.slug] = max(best.get(g.slug, 0.0), g.score)
    summary = [
        [slug, counts[0], counts[1], f"{best[slug]:g}" if slug in best else "-"]
        for slug, counts in sorted(per_kata.items())
    ]
    if summary:
        out.append(table(["kata", "attempts", "grades", "best"], summary, right=(1, 2, 3)))
    return "\n\n".join(out)
