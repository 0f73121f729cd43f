"""Timed mock interviews: several katas under one wall clock (``kata mock ...``).

A session has an id, a start time, a length in minutes (fractions allowed) and so a deadline,
its katas in order, the seed that picked them, and a folder ``<workspace>/mock-<id>/`` in which
each kata is started with the normal workspace machinery (``<workspace>/mock-<id>/<slug>/``).
It is ``open`` until ``submit`` (graded and scored) or ``abandon``; at most one is open. Its
clock is wall time from its start, so a session left open (terminal closed, Ctrl-C, machine
restarted) is resumed with ``status`` and ended with ``submit``.

While a session is open:

- a grade of one of its katas (``kata grade`` in its folder, or ``kata grade SLUG`` from
  outside any workspace folder) is linked to the session, and marked overtime when it was made
  after the deadline: an overtime grade does not count toward the session score;
- each hint costs HINT_COST points of that kata's score (out of 100) and is recorded with the
  session;
- the reference solution and ``kata diff`` of its katas are refused.

Scoring: a kata's score is its last grade made in time (0 when there is none) minus its hint
costs, never below 0; the session score is the mean over its katas; the verdict is the band
(BANDS) the score falls in. Every function takes ``now`` (Unix seconds) or a clock callable,
so tests drive time by injection; the CLI passes ``time.time``.
"""

from __future__ import annotations

import json
import math
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from kata_cli import progress, workspace
from kata_cli.catalog import Kata, all_katas, get_kata
from kata_cli.errors import KataError, UnknownKata, UsageError
from kata_cli.store import Attempt, Grade, MockSession, SessionOpen, Store

HINT_COST = 10.0  # points (of a kata's 100) per hint taken during a session
BANDS: tuple[tuple[float, str], ...] = ((85.0, "strong"), (70.0, "pass"), (50.0, "borderline"),
                                        (0.0, "not yet"))
KINDS = ("coding", "design", "mixed")
DEFAULT_COUNT = 2
DEFAULT_KIND = "mixed"
MAX_MINUTES = 24 * 60
WARNINGS_LEFT_S = (600.0, 120.0)  # besides half time
MISSING = "missing"


class NoSession(KataError):
    """There is no open session (exit 1)."""


def verdict(score: float) -> str:
    """The band of a session score: strong, pass, borderline or not yet."""
    for threshold, name in BANDS:
        if score >= threshold:
            return name
    return BANDS[-1][1]


def bands_text() -> str:
    """The thresholds in words, as the reports state them."""
    parts = [f"{name} >= {threshold:g}" for threshold, name in BANDS[:-1]]
    return ", ".join(parts) + f", {BANDS[-1][1]} below {BANDS[-2][0]:g}"


def clock_text(seconds: float) -> str:
    """``12:05`` or ``1:02:03`` (a countdown; negative values are shown as 0)."""
    seconds = int(math.ceil(max(0.0, seconds) - 1e-9))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60:02d}:{rest % 60:02d}"


def hhmm(timestamp: float) -> str:
    return time.strftime("%H:%M", time.localtime(timestamp))


def day_hhmm(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def _kata_or_none(slug: str) -> Kata | None:
    try:
        return get_kata(slug)
    except UnknownKata:
        return None


def _open_hint(session: MockSession, now: float) -> str:
    left = session.deadline - now
    timing = f"{clock_text(left)} left" if left > 0 else f"{clock_text(-left)} over time"
    return (f"mock session {session.id} is still open (started {day_hhmm(session.started_at)}, "
            f"{', '.join(session.slugs)}; {timing}): end it with 'kata mock submit' "
            f"or drop it with 'kata mock abandon'")


# --------------------------------------------------------------------------- picking katas


def pick(katas: Sequence[Kata], reviews: Sequence[progress.Review], *, count: int, kind: str,
         topic: str | None, seed: int) -> list[Kata]:
    """Draw ``count`` katas, favouring the ones ``kata next`` would bring back first.

    Deterministic for a seed and a history: weighted draws without replacement, the weight of
    a kata being that of its review bucket (progress.PICK_WEIGHTS: never solved or failed 6,
    slow 4, due 2, fresh 1). ``kind`` is coding, design or mixed; mixed takes at least one
    coding and one design kata when both kinds are available and ``count`` >= 2.
    """
    if count < 1:
        raise UsageError(f"--count must be at least 1 (got {count})")
    if kind not in KINDS:
        raise UsageError(f"--kind must be one of {', '.join(KINDS)} (got {kind!r})")
    pool = progress.filter_katas(katas, kind=None if kind == "mixed" else kind, topic=topic)
    if len(pool) < count:
        described = "" if kind == "mixed" else f"{kind} "
        where = f" with topic {topic}" if topic else ""
        names = f" ({', '.join(k.slug for k in pool)})" if pool else ""
        have = f"only {len(pool)}" if pool else "no"
        noun = "kata exists" if len(pool) == 1 else "katas exist"
        raise UsageError(
            f"--count {count} needs {count} katas, but {have} {described}{noun}{where}{names}; "
            "lower --count, or widen --kind/--topic ('kata list' shows them all)"
        )
    weights = {r.kata.slug: r.weight for r in reviews}
    rng = random.Random(seed)

    def draw(candidates: list[Kata]) -> Kata:
        total = sum(weights.get(k.slug, 1.0) for k in candidates)
        mark = rng.random() * total
        for k in candidates:
            mark -= weights.get(k.slug, 1.0)
            if mark < 0:
                return k
        return candidates[-1]

    remaining = sorted(pool, key=lambda k: k.slug)
    chosen: list[Kata] = []
    if kind == "mixed" and count >= 2:
        for wanted in ("coding", "design"):
            of_kind = [k for k in remaining if k.kind == wanted]
            if of_kind and any(k.kind != wanted for k in remaining):
                k = draw(of_kind)
                chosen.append(k)
                remaining.remove(k)
    while len(chosen) < count:
        k = draw(remaining)
        chosen.append(k)
        remaining.remove(k)
    return chosen


@dataclass
class Plan:
    katas: list[Kata]
    minutes: float
    seed: int
    options: dict[str, Any]
    reasons: dict[str, str] = field(default_factory=dict)


def plan(store: Store, *, katas: Sequence[str] = (), count: int | None = None,
         kind: str | None = None, topic: str | None = None, minutes: float | None = None,
         seed: int | None = None, now: float) -> Plan:
    """Which katas a new session gets, for how long, and why (nothing is written)."""
    catalogue = all_katas()
    reviews = progress.queue(catalogue, store.grades(), store.attempts(), now=now)
    reasons = {r.kata.slug: r.reason for r in reviews}
    if katas:
        if count is not None or kind is not None or topic is not None:
            raise UsageError("--kata names the katas itself: leave out --count, --kind and --topic")
        duplicates = sorted({s for s in katas if list(katas).count(s) > 1})
        if duplicates:
            raise UsageError(f"--kata {duplicates[0]} is given twice: each kata appears once in a session")
        chosen = [get_kata(slug) for slug in katas]
        seed = seed if seed is not None else 0
        options: dict[str, Any] = {"katas": list(katas)}
    else:
        count = DEFAULT_COUNT if count is None else count
        kind = DEFAULT_KIND if kind is None else kind
        seed = seed if seed is not None else random.SystemRandom().randrange(1, 1_000_000)
        chosen = pick(catalogue, reviews, count=count, kind=kind, topic=topic, seed=seed)
        options = {"count": count, "kind": kind, "topic": topic}
    if minutes is None:
        minutes = sum(k.minutes for k in chosen)
    if not (isinstance(minutes, (int, float)) and math.isfinite(minutes)) or minutes <= 0:
        raise UsageError(f"--minutes must be a positive number of minutes, e.g. 45 or 0.5 (got {minutes:g})")
    if minutes > MAX_MINUTES:
        raise UsageError(f"--minutes {minutes:g} is longer than a day; a session lasts at most {MAX_MINUTES} minutes")
    return Plan(chosen, float(minutes), seed, options, {k.slug: reasons.get(k.slug, "") for k in chosen})


@dataclass
class Started:
    session: MockSession
    plan: Plan
    folders: dict[str, Path]


def _session_folder(root: Path, session_id: int) -> Path:
    """``<root>/mock-<id>``, or ``mock-<id>-2``... when a folder of that name is left over from
    an older history (its files are never reused or touched)."""
    folder = root / f"{workspace.MOCK_PREFIX}{session_id}"
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = root / f"{workspace.MOCK_PREFIX}{session_id}-{suffix}"
    return folder


def start(store: Store, *, katas: Sequence[str] = (), count: int | None = None,
          kind: str | None = None, topic: str | None = None, minutes: float | None = None,
          seed: int | None = None, now: float | None = None, root: Path | None = None) -> Started:
    """Open a session: pick its katas, start each in ``<root>/mock-<id>/<slug>/``, start the clock.

    Refused (naming the open session) while another session is open.
    """
    now = time.time() if now is None else now
    existing = store.open_session()
    if existing is not None:
        raise KataError(_open_hint(existing, now))
    chosen = plan(store, katas=katas, count=count, kind=kind, topic=topic, minutes=minutes,
                  seed=seed, now=now)
    try:
        session_id = store.create_session(started_at=now, minutes=chosen.minutes, seed=chosen.seed,
                                          options=chosen.options)
    except SessionOpen as exc:  # another kata process opened one in the meantime
        raise KataError(_open_hint(exc.session, now)) from None
    root = root or workspace.workspace_root()
    folder = _session_folder(root, session_id)
    store.set_session_folder(session_id, str(folder))
    folders: dict[str, Path] = {}
    try:
        for position, kata in enumerate(chosen.katas, start=1):
            result = workspace.start(kata, store, root=folder, now=now)
            store.add_session_kata(session_id, position, kata.slug, result.attempt.id)
            folders[kata.slug] = result.folder
    except BaseException:
        store.close_session(session_id, state="abandoned", now=now)
        raise
    session = store.session(session_id)
    assert session is not None
    return Started(session, chosen, folders)


# --------------------------------------------------------------------------- finding sessions


def current(store: Store) -> MockSession:
    """The open session, or NoSession saying what to do."""
    session = store.open_session()
    if session is not None:
        return session
    done = [s for s in store.sessions() if s.state == "submitted"]
    past = f"; the last one, session {done[-1].id}, is in 'kata mock report {done[-1].id}'" if done else ""
    raise NoSession(f"no open mock session: start one with 'kata mock start'{past}")


def get(store: Store, session_id: int | None) -> MockSession:
    """Session ``session_id``, or the latest one (open or closed) when None."""
    if session_id is None:
        sessions = store.sessions()
        if not sessions:
            raise NoSession("no mock sessions yet: start one with 'kata mock start'")
        return sessions[-1]
    session = store.session(session_id)
    if session is None:
        ids = [s.id for s in store.sessions()]
        known = f" (sessions: {ids[0]}-{ids[-1]})" if len(ids) > 1 else (f" (session: {ids[0]})" if ids else "")
        raise UsageError(f"no mock session {session_id}{known}: 'kata mock list' shows them")
    return session


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def attempt_for(store: Store, slug: str, cwd: Path | None = None) -> Attempt | None:
    """The mock-session attempt a command about ``slug`` means, else None (the normal attempt).

    Inside ``<workspace>/mock-<id>/<slug>/`` it is that session's attempt, open or not. Inside
    the normal ``<workspace>/<slug>/`` it is the normal attempt. Elsewhere it is the open
    session's attempt when the open session has that kata.
    """
    sessions = store.sessions()
    if cwd is not None:
        for session in reversed(sessions):
            if session.folder and _inside(cwd, Path(session.folder) / slug):
                for k in session.katas:
                    if k.slug == slug and k.attempt_id is not None:
                        return store.attempt(k.attempt_id)
        if _inside(cwd, workspace.workspace_root() / slug):
            return None
    for session in reversed(sessions):
        if session.state == "open":
            for k in session.katas:
                if k.slug == slug and k.attempt_id is not None:
                    return store.attempt(k.attempt_id)
    return None


def open_session_of(store: Store, attempt: Attempt | None) -> MockSession | None:
    """The open session ``attempt`` belongs to, if any."""
    if attempt is None:
        return None
    session = store.session_of_attempt(attempt.id)
    return session if session is not None and session.state == "open" else None


def grade_link(store: Store, attempt: Attempt | None, now: float) -> tuple[int | None, bool]:
    """(session id, overtime) for a grade of ``attempt`` made at ``now``."""
    session = open_session_of(store, attempt)
    if session is None:
        return None, False
    return session.id, now > session.deadline


def grade_note(store: Store, attempt: Attempt | None, *, now: float) -> str | None:
    """The line ``kata grade`` adds for a kata of an open session: time left, or overtime."""
    session = open_session_of(store, attempt)
    if session is None:
        return None
    left = session.deadline - now
    if left >= 0:
        return (f"Mock session {session.id}: {clock_text(left)} left (deadline {hhmm(session.deadline)}); "
                "'kata mock submit' ends it.")
    return (f"Mock session {session.id}: {clock_text(-left)} over time. This grade is recorded as "
            "overtime and does not count toward the session score; end the session with "
            "'kata mock submit'.")


def hint_cost_note(session: MockSession, kata: Kata, taken: int) -> str:
    return (f"Mock session {session.id}: each hint costs {HINT_COST:g} points of {kata.slug}'s "
            f"score ({HINT_COST:g}% of its points); {taken} taken so far, -{HINT_COST * taken:g}.")


def refuse_reference(store: Store, kata: Kata) -> None:
    """Refuse the reference (solution, diff) of a kata of the open session."""
    session = store.open_session()
    if session is not None and kata.slug in session.slugs:
        raise KataError(
            f"{kata.slug} is part of the open mock session {session.id}: its reference solution "
            "opens when the session ends ('kata mock submit', or 'kata mock abandon')"
        )


# --------------------------------------------------------------------------- scoring and reports


@dataclass
class KataLine:
    """One kata of a session, as status and the report show it."""

    position: int
    slug: str
    title: str
    kind: str
    topic: str
    target_minutes: float | None
    folder: str
    graded: Grade | None  # the grade that counts: the last one in time
    last: Grade | None  # the last grade, in time or not
    grades: int
    overtime_grades: int
    hints: int
    hint_cost: float
    score: float  # graded score minus hint costs, at least 0
    time_used_s: float | None  # from the session start to the first in-time pass, else to `graded`
    diagnoses: list[str]

    @property
    def raw_score(self) -> float:
        return self.graded.score if self.graded else 0.0

    @property
    def status(self) -> str:
        if self.graded is not None:
            return self.graded.status
        return "overtime only" if self.last is not None else "not graded"

    @property
    def over_target(self) -> bool:
        return (self.time_used_s is not None and self.target_minutes is not None
                and self.time_used_s > self.target_minutes * 60)

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.position, "kata": self.slug, "title": self.title, "kind": self.kind,
            "topic": self.topic, "target_minutes": self.target_minutes, "folder": self.folder,
            "status": self.status, "graded_score": self.graded.score if self.graded else None,
            "hints": self.hints, "hint_cost": self.hint_cost, "score": self.score,
            "time_used_s": self.time_used_s, "grades": self.grades,
            "overtime_grades": self.overtime_grades, "diagnoses": self.diagnoses,
        }


@dataclass
class TrendPoint:
    id: int
    started_at: float
    score: float
    verdict: str
    current: bool = False


@dataclass
class Report:
    """A session with its katas scored: what ``status``, ``submit`` and ``report`` show."""

    session: MockSession
    lines: list[KataLine]
    score: float
    verdict: str
    now: float
    trend: list[TrendPoint]  # submitted sessions up to this one, oldest first
    hint_cost_per_hint: float = HINT_COST
    bands: list[tuple[float, str]] = field(default_factory=lambda: list(BANDS))

    @property
    def left_s(self) -> float:
        return self.session.deadline - (self.session.closed_at or self.now)

    @property
    def previous(self) -> TrendPoint | None:
        earlier = [t for t in self.trend if not t.current and t.id != self.session.id]
        return earlier[-1] if earlier else None

    @property
    def change(self) -> float | None:
        prev = self.previous
        return None if prev is None else round(self.score - prev.score, 1)

    @property
    def bands_text(self) -> str:
        return bands_text()

    def to_dict(self) -> dict[str, Any]:
        s = self.session
        return {
            "id": s.id, "state": s.state, "started_at": s.started_at, "minutes": s.minutes,
            "deadline": s.deadline, "closed_at": s.closed_at, "seed": s.seed, "folder": s.folder,
            "score": self.score, "verdict": self.verdict, "bands": bands_text(),
            "hint_cost": HINT_COST, "katas": [line.to_dict() for line in self.lines],
            "trend": [t.__dict__ for t in self.trend], "change": self.change,
        }


def _diagnoses(grade: Grade | None) -> list[str]:
    if grade is None:
        return []
    result = grade.result
    out: list[str] = []
    message = result.get("message")
    failing = [t for t in result.get("tests", []) if t.get("outcome") not in ("passed", "skipped")]
    first_lines = {(t.get("message") or "").splitlines()[0] for t in failing if t.get("message")}
    if message and message not in first_lines:
        out.append(str(message))
    for t in failing:
        detail = (t.get("message") or "").splitlines()
        points = t.get("points")
        pts = f", {points:g} pts" if isinstance(points, (int, float)) else ""
        out.append(f"{t.get('name', t.get('id', '?'))} [{t.get('category', '?')}{pts}, "
                   f"{t.get('outcome')}]" + (f": {detail[0]}" if detail else ""))
    return out


def score_session(store: Store, session: MockSession) -> tuple[list[KataLine], float]:
    """Each kata's line and the session score (see the module docstring)."""
    grades = store.session_grades(session.id)
    hints = store.session_hints(session.id)
    lines = []
    for k in session.katas:
        kata = _kata_or_none(k.slug)
        mine = [g for g in grades if g.slug == k.slug]
        in_time = [g for g in mine if not g.overtime]
        graded = in_time[-1] if in_time else None
        passes = [g for g in in_time if g.passed]
        used_at = passes[0].graded_at if graded is not None and graded.passed and passes else (
            graded.graded_at if graded is not None else None)
        taken = hints.get(k.slug, 0)
        cost = HINT_COST * taken
        raw = graded.score if graded else 0.0
        shown = graded if graded is not None else (mine[-1] if mine else None)
        attempt = store.attempt(k.attempt_id) if k.attempt_id is not None else None
        lines.append(KataLine(
            position=k.position, slug=k.slug, title=kata.title if kata else k.slug,
            kind=kata.kind if kata else "?", topic=kata.topic if kata else "?",
            target_minutes=kata.minutes if kata else None,
            folder=attempt.path if attempt else str(Path(session.folder) / k.slug),
            graded=graded, last=mine[-1] if mine else None, grades=len(mine),
            overtime_grades=sum(g.overtime for g in mine), hints=taken, hint_cost=cost,
            score=round(max(0.0, raw - cost), 1),
            time_used_s=None if used_at is None else max(0.0, used_at - session.started_at),
            diagnoses=_diagnoses(shown),
        ))
    score = round(sum(line.score for line in lines) / len(lines), 1) if lines else 0.0
    return lines, score


def report(store: Store, session_id: int | None = None, *, now: float | None = None) -> Report:
    """The report of a session (the latest when ``session_id`` is None)."""
    now = time.time() if now is None else now
    session = get(store, session_id)
    lines, score = score_session(store, session)
    if session.state == "submitted" and session.score is not None:
        score = session.score
    trend = [
        TrendPoint(s.id, s.started_at, s.score, s.verdict or verdict(s.score), current=s.id == session.id)
        for s in store.sessions()
        if s.state == "submitted" and s.score is not None and (s.started_at, s.id) <= (session.started_at, session.id)
    ]
    return Report(session, lines, score, session.verdict or verdict(score), now, trend)


def _missing_result(kata_slug: str, path: Path, message: str, elapsed: float) -> dict[str, Any]:
    return {"kata": kata_slug, "submission": str(path), "status": MISSING, "passed": False,
            "score": 0.0, "max_score": 100.0, "message": message, "tests": [],
            "duration_s": 0.0, "elapsed_s": round(elapsed, 1)}


def _error_result(kata_slug: str, path: Path, message: str, elapsed: float) -> dict[str, Any]:
    return {**_missing_result(kata_slug, path, message, elapsed), "status": "error"}


def submit(store: Store, *, now: float | None = None,
           progress_cb: Callable[[int, int, str], None] | None = None) -> Report:
    """Grade every kata of the open session as it is now, close the session and score it.

    Every grade is made "at" ``now`` (the moment of submitting), so a submission before the
    deadline counts in full however long grading takes. A kata whose folder or file was
    deleted is graded as missing (score 0); a grading failure is recorded as an error. A
    session can be submitted once.
    """
    from kata_cli import actions  # actions imports this module

    now = time.time() if now is None else now
    session = current(store)
    overtime = now > session.deadline
    elapsed = now - session.started_at
    for index, k in enumerate(session.katas, start=1):
        if progress_cb is not None:
            progress_cb(index, len(session.katas), k.slug)
        attempt = store.attempt(k.attempt_id) if k.attempt_id is not None else None
        folder = Path(attempt.path) if attempt else Path(session.folder) / k.slug
        kata = _kata_or_none(k.slug)
        if kata is None:
            result = _missing_result(k.slug, folder, f"{k.slug} is no longer in the catalogue: "
                                     "graded as missing", elapsed)
        else:
            path = folder / kata.module
            if not path.is_file():
                gone = "its folder" if not folder.is_dir() else kata.module
                result = _missing_result(kata.slug, path, f"{gone} was deleted ({path} does not "
                                         "exist): graded as missing, score 0", elapsed)
            else:
                try:
                    actions.grade(store, actions.Target(kata, path, attempt), now=now)
                    continue
                except (KataError, OSError) as exc:
                    result = _error_result(kata.slug, path, f"could not be graded: {exc}", elapsed)
        store.record_grade(result, attempt_id=attempt.id if attempt else None, now=now,
                           session_id=session.id, overtime=overtime)
    _, score = score_session(store, session)
    if not store.close_session(session.id, state="submitted", now=now, score=score,
                               verdict=verdict(score)):
        raise KataError(f"mock session {session.id} was closed by another kata process meanwhile; "
                        f"see 'kata mock report {session.id}'")
    return report(store, session.id, now=now)


def abandon(store: Store, *, now: float | None = None) -> MockSession:
    """Close the open session without grading or scoring it (its files stay)."""
    now = time.time() if now is None else now
    session = current(store)
    store.close_session(session.id, state="abandoned", now=now)
    closed = store.session(session.id)
    assert closed is not None
    return closed


# --------------------------------------------------------------------------- the clock


def run_clock(session: MockSession, *, clock: Callable[[], float], sleep: Callable[[float], None],
              write: Callable[[str], None], live: bool = True, bell: bool = True,
              still_open: Callable[[], bool] | None = None, tick: float = 1.0,
              poll_s: float = 5.0) -> str:
    """A countdown to the session's deadline, until the deadline, Ctrl-C or the session ends.

    ``live`` rewrites one line in place (a terminal); otherwise a line is written each minute.
    Warnings at half time and at 10 and 2 minutes left are written once each (those already
    past when the clock starts are skipped), with a terminal bell. Returns why it stopped:
    "deadline", "interrupted" or "closed".
    """
    ring = "\a" if bell else ""
    total = session.minutes * 60.0
    left = session.deadline - clock()
    name = f"Mock session {session.id}"
    if left <= 0:
        write(f"{name}: time is up ({clock_text(-left)} over; deadline was {hhmm(session.deadline)}). "
              "Grades now are overtime; end it with 'kata mock submit'.\n")
        return "deadline"
    warnings: list[tuple[float, str]] = [(total / 2, "Half time")]
    for mark in WARNINGS_LEFT_S:
        if mark < total and all(abs(mark - m) >= 1 for m, _ in warnings):
            warnings.append((mark, f"{mark / 60:g} minutes left"))
    pending = sorted((w for w in warnings if w[0] < left), reverse=True)
    write(f"{name}: {clock_text(left)} left of {session.minutes:g} min, deadline "
          f"{hhmm(session.deadline)}. Ctrl-C stops the clock, not the session.\n")
    last_poll = clock()
    last_minute = None
    try:
        while True:
            now = clock()
            left = session.deadline - now
            while pending and left <= pending[0][0]:
                _, label = pending.pop(0)
                write(("\n" if live else "") + f"{ring}{label}: {clock_text(left)} left "
                      f"(deadline {hhmm(session.deadline)}).\n")
            if left <= 0:
                write(("\n" if live else "") + f"{ring}{name}: time is up. Grades from now on are "
                      "overtime; end it with 'kata mock submit'.\n")
                return "deadline"
            if still_open is not None and now - last_poll >= poll_s:
                last_poll = now
                if not still_open():
                    write(("\n" if live else "") + f"{name} has ended.\n")
                    return "closed"
            if live:
                write(f"\r{clock_text(left)} left ")
            else:
                minute = int(math.ceil(left / 60))
                if minute != last_minute:
                    last_minute = minute
                    write(f"{clock_text(left)} left\n")
            sleep(min(tick, left))
    except KeyboardInterrupt:
        write(("\n" if live else "") + f"Clock stopped. {name} keeps running until "
              f"{hhmm(session.deadline)}: 'kata mock clock' shows it again, "
              "'kata mock submit' ends it.\n")
        return "interrupted"


def options_text(session: MockSession) -> str:
    """How the session's katas were chosen, as the command line that would choose them."""
    opts = session.options
    if opts.get("katas"):
        return " ".join(f"--kata {s}" for s in opts["katas"])
    parts = [f"--count {opts.get('count')}", f"--kind {opts.get('kind')}"]
    if opts.get("topic"):
        parts.append(f"--topic {opts['topic']}")
    parts.append(f"--seed {session.seed}")
    return " ".join(parts)


def to_json(report_: Report) -> str:
    return json.dumps(report_.to_dict(), indent=2)
