"""What each command does, as plain functions over the catalogue, the workspace and the store.

``cli.py`` parses arguments, calls one of these and renders what comes back. Every function
takes keyword-only arguments with the defaults the CLI shows.
"""

from __future__ import annotations

import difflib
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from kata_cli import grading, mock, sandbox, workspace
from kata_cli.catalog import Kata, all_katas, get_kata
from kata_cli.errors import KataError, StateError, UsageError
from kata_cli.grading import GradeResult
from kata_cli.store import Attempt, MockSession, Store


@dataclass
class Target:
    """What a command acts on: the kata, the file, and the attempt the file belongs to."""

    kata: Kata
    path: Path
    attempt: Attempt | None
    note: str | None = None  # what the user should know about the folder (``kata grade`` shows it)


def _kata_for_file(path: Path) -> Kata | None:
    matches = [k for k in all_katas() if k.module == path.name]
    return matches[0] if len(matches) == 1 else None


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def attempt_of_folder(store: Store, slug: str, folder: Path) -> Attempt | None:
    """The latest attempt at ``slug`` (not archived) whose folder is ``folder``, else None."""
    found = [a for a in store.attempts(slug)
             if a.archived_at is None and _same_folder(Path(a.path), folder)]
    return found[-1] if found else None


def _missing_file(store: Store, kata: Kata, path: Path, attempt: Attempt | None) -> str:
    session = mock.open_session_of(store, attempt)
    if session is not None:
        return (f"{kata.module} of mock session {session.id} is missing ({path} does not exist): "
                f"'kata start {kata.slug}' restores the stub in the session's folder (your grades "
                "stay), or 'kata mock submit' grades it as missing")
    return (f"no attempt at {kata.slug} to act on ({path} does not exist): "
            f"run 'kata start {kata.slug}' first, or pass --file PATH")


def resolve(store: Store, *, slug: str | None, file: Path | None, cwd: Path) -> Target:
    """The kata and file a command means: an explicit slug, else the workspace folder we are in,
    else (with ``file``) the kata whose module has that file name.

    Inside a kata's folder (``<workspace>/<slug>``, ``<workspace>/mock-<id>/<slug>``) the file is
    the one in that folder, with the attempt started there; a folder no attempt of this history
    was started in is graded as a plain file (with a note saying so), never another folder's
    file. Elsewhere, a kata of the open mock session means the session's attempt, any other kata
    its normal attempt."""
    here = workspace.kata_folder_from_cwd(cwd)
    if slug is None:
        if here is not None:
            slug = here[0]
        else:
            guessed = _kata_for_file(file) if file is not None else None
            if guessed is None:
                workspace.kata_from_cwd(cwd)  # not a kata folder: the error says what to do
                raise UsageError("this folder is not a kata workspace")
            slug = guessed.slug
    kata = get_kata(slug)
    note = None
    if here is not None and here[0] == kata.slug:
        folder = here[1]
        attempt = attempt_of_folder(store, kata.slug, folder)
        if attempt is None and file is None:
            note = (f"Note: {folder} is not the folder of any attempt in this history (no 'kata "
                    f"start' or 'kata mock start' recorded there): its {kata.module} is graded as "
                    "a plain file, like --file: not timed and not part of any mock session.")
    else:
        attempt = mock.open_attempt(store, kata.slug) or store.current_attempt(kata.slug)
        folder = Path(attempt.path) if attempt else workspace.workspace_root() / kata.slug
    if file is not None:
        path = file if file.is_absolute() else cwd / file
        if not path.is_file():
            raise UsageError(f"no file to grade at {file}")
    else:
        path = folder / kata.module
        if not path.is_file():
            raise UsageError(_missing_file(store, kata, path, attempt))
    in_attempt = attempt is not None and path.resolve() == (Path(attempt.path) / kata.module).resolve()
    return Target(kata, path, attempt if in_attempt else None, note)


class NotRecorded(StateError):
    """A grade was computed but could not be recorded (``result`` holds it)."""

    def __init__(self, result: GradeResult, cause: StateError) -> None:
        super().__init__(f"this grade was not recorded: {cause}")
        self.result = result


def evaluate(target: Target, *, now: float) -> GradeResult:
    """Grade the target (nothing is recorded); its time is counted from the attempt's start."""
    elapsed = now - target.attempt.started_at if target.attempt else None
    return grading.grade(target.kata, target.path, elapsed_s=elapsed)


def record(store: Store, target: Target, result: GradeResult, *, now: float) -> None:
    """Record a grade. A grade of a kata of an open mock session is linked to it, as overtime
    when ``now`` is past the session's deadline."""
    session_id, overtime = mock.grade_link(store, target.attempt, now)
    store.record_grade(result.to_dict(), attempt_id=target.attempt.id if target.attempt else None,
                       now=now, session_id=session_id, overtime=overtime)


def grade(store: Store, target: Target, *, now: float | None = None) -> GradeResult:
    """Grade the target and record the grade (with the time since its attempt started).

    When the state database cannot take the grade (locked by another process), NotRecorded
    carries the computed result, so that it is shown and not lost silently."""
    now = time.time() if now is None else now
    result = evaluate(target, now=now)
    try:
        record(store, target, result, now=now)
    except StateError as exc:
        raise NotRecorded(result, exc) from None
    return result


@dataclass
class HintResult:
    kata: Kata
    shown: list[tuple[int, str]]  # (1-based number, text)
    new: bool  # False when every hint had been taken already
    session: MockSession | None = None  # the open mock session the kata belongs to
    session_hints: int = 0  # hints of this kata charged in that session so far
    charged: bool = False  # this hint costs points (taken before the session's deadline)


def next_hint(store: Store, kata: Kata, *, cwd: Path | None = None,
              now: float | None = None) -> HintResult:
    """Record and return the next hint of the current attempt; all of them once exhausted.

    While a mock session that has ``kata`` is open, every hint of it belongs to the session's
    attempt and is recorded with the session, wherever it is asked for (its folder, the normal
    folder, by slug from anywhere); it costs points when taken before the deadline (after it,
    only grades made in time count, so a hint then costs nothing)."""
    now = time.time() if now is None else now
    if not kata.hints:
        raise KataError(f"{kata.slug} has no hints")
    session, attempt = mock.open_session_with(store, kata.slug)
    if session is None:
        here = workspace.kata_folder_from_cwd(cwd) if cwd is not None else None
        if here is not None and here[0] == kata.slug:
            attempt = attempt_of_folder(store, kata.slug, here[1])
        attempt = attempt or store.current_attempt(kata.slug)
    attempt_id = attempt.id if attempt else None
    taken = store.hints_taken(kata.slug, attempt_id)
    index = len(set(taken))
    charged = False
    if index >= len(kata.hints):
        shown = HintResult(kata, [(i + 1, h) for i, h in enumerate(kata.hints)], new=False)
    else:
        store.record_hint(kata.slug, index, attempt_id=attempt_id, now=now,
                          session_id=session.id if session else None)
        shown = HintResult(kata, [(index + 1, kata.hints[index])], new=True)
        charged = session is not None and now <= session.deadline
    if session is not None:
        shown.session = session
        shown.charged = charged
        shown.session_hints = store.session_hints(session.id, until=session.deadline).get(kata.slug, 0)
    return shown


def run_examples(target: Target) -> bool:
    """Run the attempt's visible examples with pytest, output to the terminal, under the
    grading limits; True when they pass. A run stopped by a limit is a KataError."""
    folder = target.path.parent
    if target.kata.kind == "design":
        raise UsageError(
            f"{target.kata.slug} is a system-design kata: it has no example tests; "
            "run 'kata grade' for a score and feedback on each step"
        )
    if not (folder / "test_examples.py").is_file():
        raise UsageError(
            f"no test_examples.py in {folder}: run 'kata start {target.kata.slug}' to restore it"
        )
    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONDONTWRITEBYTECODE="1")
    argv = [sys.executable, "-m", "pytest", "test_examples.py", "-q", "-p", "no:cacheprovider"]
    limits = sandbox.Limits(wall_s=target.kata.timeout_s)
    completed = sandbox.run(argv, cwd=folder, env=env, limits=limits, capture=False)
    if completed.timed_out or completed.signal:
        raise KataError(completed.describe(limits))
    return completed.returncode == 0


def _unlock(store: Store, kata: Kata, *, reveal: bool) -> None:
    mock.refuse_reference(store, kata)
    graded = store.has_grade(kata.slug)
    if not graded and not reveal:
        raise KataError(
            f"the reference solution of {kata.slug} opens once you have graded an attempt: "
            f"run 'kata grade' first, or add --reveal to see it now (that is recorded)"
        )
    attempt = store.current_attempt(kata.slug)
    store.record_reveal(kata.slug, attempt_id=attempt.id if attempt else None, forced=not graded)


def solution(store: Store, kata: Kata, *, reveal: bool = False) -> str:
    """The reference solution's text, once the kata has a grade (or with ``reveal``)."""
    _unlock(store, kata, reveal=reveal)
    return kata.solution_path.read_text(encoding="utf-8")


def diff(store: Store, target: Target, *, reveal: bool = False, context: int = 3) -> str:
    """A unified diff of the attempt against the reference solution."""
    _unlock(store, target.kata, reveal=reveal)
    if target.kata.kind == "design":
        from kata_cli import design

        return design.compare(
            target.kata, target.path.read_text(encoding="utf-8", errors="replace"),
            target.kata.solution_path.read_text(encoding="utf-8"),
        )
    mine = target.path.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    ref = target.kata.solution_path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = difflib.unified_diff(
        mine, ref, fromfile=f"yours/{target.kata.module}", tofile=f"reference/{target.kata.module}",
        n=context,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
