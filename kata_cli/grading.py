"""Grade a submission against a kata's hidden grader (DESIGN.md section 4).

1. Static checks here, in the CLI process: the file exists, parses, imports nothing forbidden.
2. The grader runs in a child process (``python -m pytest graders/<slug>`` with only
   ``kata_cli.pytest_plugin`` loaded) in a fresh temporary directory holding a *copy* of the
   submission and the kata's extra files, under :mod:`kata_cli.sandbox` limits.
3. Results come from the plugin's JSON-lines file, never from the child's output. A child that
   dies mid-run (an exit, a crash, a test that would not stop) is restarted on the tests it had
   not reported yet, while the whole run's time lasts; the test it died in is charged with the
   cause, and every test never reported is an error. Without the plugin's signed end record
   there is no pass.
"""

from __future__ import annotations

import ast
import os
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from kata_cli import sandbox
from kata_cli.catalog import Kata
from kata_cli.errors import UsageError
from kata_cli.records import verify

MAX_RESTARTS = 8
NAMED_MISTAKE = "Classic mistake:"  # how checks.mistake words a named misconception (checks.MISTAKE_PREFIX)
PLUGIN = "kata_cli.pytest_plugin"
_PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)


@dataclass
class TestResult:
    """One grader test's outcome (an entry of the result's ``tests``)."""

    __test__ = False  # not a pytest test class

    id: str
    name: str
    category: str
    points: float
    outcome: str
    message: str = ""
    earned: float | None = None  # partial credit (design katas); None: points if passed, else 0


@dataclass
class GradeResult:
    """The result object of ``kata grade --json`` (DESIGN.md section 4)."""

    kata: str
    submission: str
    status: str
    passed: bool
    score: float
    max_score: float
    message: str | None
    tests: list[TestResult] = field(default_factory=list)
    duration_s: float = 0.0
    elapsed_s: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for test in data["tests"]:
            if test["earned"] is None:
                del test["earned"]
        data["duration_s"] = round(self.duration_s, 3)
        if self.elapsed_s is not None:
            data["elapsed_s"] = round(self.elapsed_s, 1)
        return data

    def failures(self) -> list[TestResult]:
        return failures(self.tests)


def failures(tests: list[TestResult]) -> list[TestResult]:
    """The tests not passed, the headline first: the first one that names a classic mistake
    (its diagnosis says the most), else the first in the grader's order."""
    failed = [t for t in tests if t.outcome not in ("passed", "skipped")]
    named = next((t for t in failed if NAMED_MISTAKE in t.message), None)
    return [named] + [t for t in failed if t is not named] if named else failed


# --------------------------------------------------------------------------- static checks


def _forbidden_names(tree: ast.AST) -> Iterable[tuple[str, int]]:
    """Every module name the code imports, with its line: import statements, ``__import__``
    and ``importlib.import_module`` calls with a literal name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.module and not node.level:
                yield node.module, node.lineno
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else None
            )
            first = node.args[0]
            if name in ("__import__", "import_module") and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str):
                yield first.value, node.lineno


def _defined_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def static_check(kata: Kata, path: Path) -> tuple[str | None, str | None]:
    """Check a submission without running it.

    Returns ``(error, warning)``: an error stops grading (status ``error``); a warning (a
    missing entry point) is reported while the tests still run for partial credit.
    """
    label = path.name
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return f"{label} is not UTF-8 text", None
    except OSError as exc:
        return f"{label} cannot be read: {exc.strerror}", None
    try:
        tree = ast.parse(source, filename=label)
    except SyntaxError as exc:
        line = (exc.text or "").rstrip("\n")
        shown = f": {line.strip()}" if line.strip() else ""
        return f"{label}, line {exc.lineno}: SyntaxError: {exc.msg}{shown}", None
    forbidden = set(kata.forbidden_imports)
    for name, lineno in _forbidden_names(tree):
        top = name.split(".")[0]
        if top in forbidden:
            return (
                f"{label}, line {lineno}: imports {name}, which this kata forbids "
                f"(not allowed: {', '.join(kata.forbidden_imports)}); "
                "implement it with numpy and the standard library",
                None,
            )
    missing = [e for e in kata.entrypoints if e not in _defined_names(tree)]
    warning = None
    if missing:
        warning = (
            f"{label} does not define {', '.join(missing)} "
            f"(the grader calls: {', '.join(kata.entrypoints)})"
        )
    return None, warning


# --------------------------------------------------------------------------- the child run


def _child_env(result_file: Path, token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "KATA_"))}
    paths = [_PACKAGE_PARENT] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env.update(
        PYTHONPATH=os.pathsep.join(dict.fromkeys(paths)),
        PYTEST_DISABLE_PLUGIN_AUTOLOAD="1",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONHASHSEED="0",
        PYTHONIOENCODING="utf-8",
        OPENBLAS_NUM_THREADS="1",
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        KATA_RESULT_FILE=str(result_file),
        KATA_RESULT_TOKEN=token,
    )
    return env


def pytest_argv(kata: Kata, submission: Path, ini: Path, deselect: Iterable[str] = ()) -> list[str]:
    """The child's command line: only our plugin, no cache, plain asserts, no config files."""
    graders = kata.root / "graders"
    argv = [
        sys.executable, "-m", "pytest", str(kata.grader_dir),
        "-p", PLUGIN, "-p", "no:cacheprovider",
        "-c", str(ini), "--rootdir", str(graders), "--confcutdir", str(graders),
        "--assert=plain", "--import-mode=importlib", "-q", "--no-header", "-o", "addopts=",
        "--kata-submission", str(submission),
        "--kata-reference", str(kata.solution_path),
        "--kata-module", kata.module_name,
    ]
    for nodeid in deselect:
        argv += ["--deselect", nodeid]
    return argv


def _read_records(path: Path, token: str) -> tuple[list[dict[str, Any]], int]:
    """The signed records of a results file, and how many lines were not signed by this run
    (a line cut short by a kill at the very end is not counted as tampering)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return [], 0
    records, forged = [], 0
    for number, line in enumerate(lines):
        record = verify(line, token)
        if record is not None:
            records.append(record)
        elif line.strip() and number < len(lines) - 1:
            forged += 1
    return records, forged


def _prepare_workdir(kata: Kata, submission: Path, base: Path) -> Path:
    workdir = base / "work"
    workdir.mkdir()
    shutil.copyfile(submission, workdir / kata.module)
    for extra in kata.extra_files:
        shutil.copyfile(kata.folder / extra, workdir / Path(extra).name)
    return workdir


@dataclass
class GraderRun:
    """What the child processes reported."""

    tests: list[dict[str, Any]]  # the collected tests, in order, with points and category
    outcomes: dict[str, tuple[str, str]]  # test id -> (outcome, message)
    cause: str | None  # why the run ended early, if it did
    timed_out: bool  # the whole run's wall clock ran out
    complete: bool  # the last child wrote the plugin's signed end record
    tampered: bool = False  # lines not signed by the run were found in the results file


@dataclass
class _ChildReport:
    """What one child process reported."""

    tests: list[dict[str, Any]]
    results: dict[str, tuple[str, str]]
    last_started: str | None
    ended: bool
    collect_error: str | None

    @classmethod
    def parse(cls, records: list[dict[str, Any]]) -> "_ChildReport":
        report = cls([], {}, None, False, None)
        for record in records:
            event = record.get("event")
            if event == "collected":
                report.tests = list(record.get("tests", []))
            elif event == "collect_error":
                report.collect_error = str(record.get("message"))
            elif event == "start":
                report.last_started = str(record.get("id"))
            elif event == "result":
                report.results.setdefault(
                    str(record.get("id")),
                    (str(record.get("outcome")), str(record.get("message", ""))),
                )
            elif event == "end":
                report.ended = True
        return report


def run_grader(kata: Kata, submission: Path, *, limits: sandbox.Limits) -> GraderRun:
    """Run the hidden tests, restarting after a child that died mid-run."""
    base = Path(tempfile.mkdtemp(prefix="kata-grade-"))
    try:
        workdir = _prepare_workdir(kata, submission, base)
        copied = workdir / kata.module
        ini = base / "pytest.ini"
        ini.write_text("[pytest]\n", encoding="utf-8")
        deadline = time.monotonic() + limits.wall_s
        tests: list[dict[str, Any]] = []
        outcomes: dict[str, tuple[str, str]] = {}
        cause: str | None = None
        timed_out = complete = tampered = False
        for attempt in range(MAX_RESTARTS + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0.5:
                cause, timed_out = sandbox.Completed(None, True, 0).describe(limits), True
                break
            result_file = base / f"results-{attempt}.jsonl"
            token = secrets.token_hex(16)
            run_limits = sandbox.Limits(
                wall_s=remaining, memory_bytes=limits.memory_bytes, file_bytes=limits.file_bytes
            )
            completed = sandbox.run(
                pytest_argv(kata, copied, ini, deselect=outcomes),
                cwd=workdir,
                env=_child_env(result_file, token),
                limits=run_limits,
            )
            records, forged = _read_records(result_file, token)
            tampered = tampered or forged > 0
            report = _ChildReport.parse(records)
            tests = tests or report.tests
            if report.collect_error:
                cause = "the grader could not be collected: " + report.collect_error
            new_results = {k: v for k, v in report.results.items() if k not in outcomes}
            outcomes.update(new_results)
            started, ended = report.last_started, report.ended
            if ended and not completed.timed_out:
                complete = True
                break
            cause = completed.describe(limits)
            if ended:  # the end record came, then something else went wrong
                break
            if started and started not in outcomes:
                outcome = "timeout" if completed.timed_out else "error"
                outcomes[started] = (outcome, f"{cause}; this test was running at the time")
                new_results[started] = outcomes[started]
            if completed.timed_out:
                timed_out = True
                break
            if not tests or not new_results:  # no progress: a restart would die the same way
                if not tests and completed.output_tail:
                    cause += "\n" + completed.output_tail[-1500:]
                break
        if tampered:
            cause = ("the results file holds lines this grading run did not write: the "
                     "submission tampered with it, so no result counts")
        return GraderRun(tests, outcomes, cause, timed_out, complete and not tampered, tampered)
    finally:
        shutil.rmtree(base, ignore_errors=True)


# --------------------------------------------------------------------------- the result


def grade(
    kata: Kata,
    submission: Path,
    *,
    elapsed_s: float | None = None,
    limits: sandbox.Limits | None = None,
) -> GradeResult:
    """Grade ``submission`` (any path) against ``kata``'s hidden grader."""
    submission = Path(submission)
    if not submission.is_file():
        raise UsageError(f"no file to grade at {submission}")
    if kata.kind == "design":
        from kata_cli import design

        try:
            text = submission.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise UsageError(f"cannot read {submission}: {exc.strerror}") from None
        return design.grade_text(kata, text, submission=str(submission.resolve()), elapsed_s=elapsed_s)
    started = time.monotonic()
    shown = str(submission.resolve())

    def result(status: str, message: str | None, tests: list[TestResult]) -> GradeResult:
        total = sum(t.points for t in tests)
        earned = sum(t.points for t in tests if t.outcome == "passed")
        score = round(100.0 * earned / total, 1) if total else 0.0
        return GradeResult(
            kata=kata.slug, submission=shown, status=status,
            passed=status == "passed", score=score, max_score=100.0, message=message,
            tests=tests, duration_s=time.monotonic() - started, elapsed_s=elapsed_s,
        )

    error, warning = static_check(kata, submission)
    if error:
        return result("error", error, [])
    limits = limits or sandbox.Limits(wall_s=kata.timeout_s)
    run = run_grader(kata, submission, limits=limits)
    cause = run.cause
    if run.tampered:
        return result("error", cause, [])
    if not run.tests:
        return result("error", cause or "the grader reported no tests", [])
    tests = []
    for info in run.tests:
        outcome, message = run.outcomes.get(
            info["id"], ("error", f"not run: {cause}" if cause else "not run")
        )
        tests.append(TestResult(
            id=info["id"], name=info["name"], category=info["category"],
            points=info["points"], outcome=outcome, message=message,
        ))
    outcomes_seen = {t.outcome for t in tests}
    if outcomes_seen <= {"passed", "skipped"} and "passed" in outcomes_seen and run.complete:
        status = "passed"
    elif outcomes_seen <= {"passed", "skipped"}:  # every test passed, but the run never ended
        status = "error"
        cause = cause or "the grading run did not finish"
    elif run.timed_out:
        status = "timeout"
    elif "passed" not in outcomes_seen and "failed" not in outcomes_seen:
        status = "timeout" if "timeout" in outcomes_seen else "error"
    else:
        status = "failed"
    first = next(iter(failures(tests)), None)
    message = warning or (first.message.splitlines()[0] if first else None)
    if status in ("timeout", "error") and cause:
        timed = next((t for t in tests if t.outcome == "timeout"), None)
        message = f"{timed.name.rstrip('.')}: {timed.message}; {cause}" if timed else cause
    return result(status, message, tests)
