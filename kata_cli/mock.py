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
- every hint of one of its katas, wherever it is asked for, is recorded with the session and
  costs HINT_COST points of that kata's score (out of 100) when taken before the deadline (a
  hint after it costs nothing: only grades made in time count);
- the reference solution and ``kata diff`` of its katas are refused, and ``kata start SLUG``
  of one of its katas restores the session's folder instead of starting the normal one.

Scoring: a kata's score is its last grade made in time (0 when there is none) minus the cost of
the hints taken in time, never below 0; the session score is the mean over its katas; the
verdict is the band (BANDS) the score falls in. Every function takes ``now`` (Unix seconds) or
a clock callable, so tests drive time by injection; the CLI passes ``time.time``.

Starting and submitting are each one transaction of the state database: a failure (a folder
that cannot be created, a database locked by another process, Ctrl-C) leaves nothing half-way:
no session at all, or the session still open with nothing recorded.
"""

from __future__ import annotations

import json
import math
import random
import shutil
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from kata_cli import progress, workspace
from kata_cli.catalog import Kata, all_katas, get_kata
from kata_cli.errors import KataError, StateError, UnknownKata, UsageError, WorkspaceError
from kata_cli.render import duration
from kata_cli.store import Attempt, Grade, MockSession, SessionOpen, Store

HINT_COST = 10.0  # points (of a kata's 100) per hint taken during a session
BANDS: tuple[tuple[float, str], ...] = ((85.0, "strong"), (70.0, "pass"), (50.0, "borderline"),
                                        (0.0, "not yet"))
KINDS = ("coding", "design", "mixed")
DEFAULT_COUNT = 2
DEFAULT_KIND = "mixed"
MIN_MINUTES = 0.1  # 6 seconds: the shortest dry run
MAX_MINUTES = 24 * 60
WARNINGS_LEFT_S = (600.0, 120.0)  # besides half time
MISSING = "missing"


class NoSession(KataError):
    """There is no open session (exit 1)."""


class SubmitInterrupted(KataError):
    """Ctrl-C during submit: nothing was recorded, the session is still open."""

    exit_code = 130


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


def minutes_text(minutes: float) -> str:
    """A session length for people: ``30 s``, ``45 min``, ``1 min 30 s``, ``1 h 30 min``."""
    seconds = int(round(minutes * 60))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        whole, rest = divmod(seconds, 60)
        return f"{whole} min" + (f" {rest} s" if rest else "")
    hours, rest = divmod(int(round(minutes)), 60)
    return f"{hours} h" + (f" {rest:02d} min" if rest else "")


def hhmm(timestamp: float) -> str:
    return time.strftime("%H:%M", time.localtime(timestamp))


def day_hhmm(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def _kata_or_none(slug: str) -> Kata | None:
    try:
        return get_kata(slug)
    except UnknownKata:
        return None


def _timing(session: MockSession, now: float) -> str:
    left = session.deadline - now
    return f"{duration(left)} left" if left > 0 else f"{duration(-left)} over time"


def _open_hint(session: MockSession, now: float) -> str:
    katas = f"{', '.join(session.slugs)}; " if session.slugs else ""
    return (f"mock session {session.id} is still open (started {day_hhmm(session.started_at)}, "
            f"{katas}{_timing(session, now)}): end it with 'kata mock submit' "
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
    seed: int | None
    options: dict[str, Any]
    reasons: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what could not be done as asked


def check_minutes(minutes: float) -> None:
    """A UsageError unless ``minutes`` is a session length we accept."""
    if not (isinstance(minutes, (int, float)) and math.isfinite(minutes)) or minutes < MIN_MINUTES:
        raise UsageError(f"--minutes must be at least {MIN_MINUTES:g} (6 seconds), e.g. 45 or 0.5 "
                         f"(got {minutes:g})")
    if minutes > MAX_MINUTES:
        raise UsageError(f"--minutes {minutes:g} is longer than a day; a session lasts at most "
                         f"{MAX_MINUTES} minutes")


def _mixed_note(catalogue: Sequence[Kata], count: int, topic: str | None) -> str | None:
    """Why ``--kind mixed`` cannot mix kinds here, or None when it can."""
    if count < 2:
        return "--kind mixed: one kata cannot mix kinds; ask for --count 2 or more to get both"
    pool = progress.filter_katas(catalogue, topic=topic)
    kinds = sorted({k.kind for k in pool})
    if len(kinds) < 2:
        where = f" with topic {topic}" if topic else ""
        missing = "design" if kinds == ["coding"] else "coding"
        return (f"--kind mixed: there is no {missing} kata{where}, so every kata picked is "
                f"{kinds[0] if kinds else 'of one kind'}")
    return None


def plan(store: Store, *, katas: Sequence[str] = (), count: int | None = None,
         kind: str | None = None, topic: str | None = None, minutes: float | None = None,
         seed: int | None = None, now: float) -> Plan:
    """Which katas a new session gets, for how long, and why (nothing is written).

    Every option is checked here, before anything else, so bad input gets its own message."""
    if minutes is not None:
        check_minutes(minutes)
    catalogue = all_katas()
    reviews = progress.queue(catalogue, store.grades(), store.attempts(), now=now)
    reasons = {r.kata.slug: r.reason for r in reviews}
    notes: list[str] = []
    if katas:
        if count is not None or kind is not None or topic is not None:
            raise UsageError("--kata names the katas itself: leave out --count, --kind and --topic")
        if seed is not None:
            raise UsageError("--seed only steers a random pick: with --kata naming the katas, "
                             "leave it out")
        duplicates = sorted({s for s in katas if list(katas).count(s) > 1})
        if duplicates:
            raise UsageError(f"--kata {duplicates[0]} is given twice: each kata appears once in a session")
        chosen = [get_kata(slug) for slug in katas]
        options: dict[str, Any] = {"katas": list(katas)}
    else:
        explicit_kind = kind
        count = DEFAULT_COUNT if count is None else count
        kind = DEFAULT_KIND if kind is None else kind
        seed = seed if seed is not None else random.SystemRandom().randrange(1, 1_000_000)
        chosen = pick(catalogue, reviews, count=count, kind=kind, topic=topic, seed=seed)
        options = {"count": count, "kind": kind, "topic": topic}
        if explicit_kind == "mixed":
            note = _mixed_note(catalogue, count, topic)
            if note:
                notes.append(note)
    if minutes is None:
        minutes = sum(k.minutes for k in chosen)
        check_minutes(minutes)
    return Plan(chosen, float(minutes), seed, options, {k.slug: reasons.get(k.slug, "") for k in chosen},
                notes)


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

    The options are checked first; then, while another session is open, it is refused naming
    that session. The session, its katas and their attempts are written in one transaction, so
    other kata processes see the session complete or not at all, and a failure (a folder that
    cannot be created, Ctrl-C) leaves no session, no used id and no folder behind.
    """
    now = time.time() if now is None else now
    chosen = plan(store, katas=katas, count=count, kind=kind, topic=topic, minutes=minutes,
                  seed=seed, now=now)
    existing = store.open_session()
    if existing is not None:
        raise KataError(_open_hint(existing, now))
    root = root or workspace.workspace_root()
    folder: Path | None = None
    folders: dict[str, Path] = {}
    try:
        with store.transaction():
            session_id = store.create_session(started_at=now, minutes=chosen.minutes,
                                              seed=chosen.seed, options=chosen.options)
            folder = _session_folder(root, session_id)
            store.set_session_folder(session_id, str(folder))
            for position, kata in enumerate(chosen.katas, start=1):
                result = workspace.start(kata, store, root=folder, now=now)
                store.add_session_kata(session_id, position, kata.slug, result.attempt.id)
                folders[kata.slug] = result.folder
    except SessionOpen as exc:  # another kata process opened one in the meantime
        raise KataError(_open_hint(exc.session, now)) from None
    except BaseException as exc:
        if folder is not None:  # it did not exist before (see _session_folder): ours to remove
            shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, WorkspaceError):
            raise WorkspaceError(f"{exc}; no session was started") from None
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


def open_session_with(store: Store, slug: str) -> tuple[MockSession | None, Attempt | None]:
    """The open session that has kata ``slug``, and the kata's attempt in it; else (None, None)."""
    session = store.open_session()
    if session is not None:
        for k in session.katas:
            if k.slug == slug:
                return session, store.attempt(k.attempt_id) if k.attempt_id is not None else None
    return None, None


def open_attempt(store: Store, slug: str) -> Attempt | None:
    """The attempt of ``slug`` in the open session, if the open session has that kata."""
    return open_session_with(store, slug)[1]


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
        return (f"Mock session {session.id}: {duration(left)} left (deadline {hhmm(session.deadline)}); "
                "'kata mock submit' ends it.")
    return (f"Mock session {session.id}: {duration(-left)} over time. This grade is recorded as "
            "overtime and does not count toward the session score; end the session with "
            "'kata mock submit'.")


def hint_cost_note(session: MockSession, kata: Kata, taken: int, *, charged: bool = True,
                   now: float | None = None) -> str:
    """What a hint of a session kata costs: ``taken`` is the number charged so far."""
    if not charged and now is not None and now > session.deadline:
        return (f"Mock session {session.id} is over time: this hint costs nothing, as only grades "
                f"made in time count ({kata.slug}: {taken} taken in time, -{HINT_COST * taken:g}).")
    so_far = f"{taken} taken so far, -{HINT_COST * taken:g}"
    return (f"Mock session {session.id}: each hint costs {HINT_COST:g} points of {kata.slug}'s "
            f"score ({HINT_COST:g}% of its points); {so_far}.")


def restore(store: Store, kata: Kata, *, fresh: bool = False,
            now: float | None = None) -> tuple[MockSession, workspace.StartResult] | None:
    """``kata start SLUG`` for a kata of the open session: restore the session's folder (missing
    files only; nothing is overwritten) and resume its attempt. None when the open session does
    not have ``kata`` (a normal start then)."""
    session, attempt = open_session_with(store, kata.slug)
    if session is None:
        return None
    if fresh:
        raise UsageError(
            f"{kata.slug} is part of the open mock session {session.id}: it cannot start afresh "
            f"during the session. 'kata start {kata.slug}' restores missing files in its folder; "
            "'kata mock submit' or 'kata mock abandon' ends the session"
        )
    root = Path(attempt.path).parent if attempt is not None else Path(session.folder)
    return session, workspace.start(kata, store, root=root, now=now)


def restored_text(session: MockSession, kata: Kata, result: workspace.StartResult, *, now: float) -> str:
    """What ``kata start`` says for a kata of the open session."""
    lines = [f"{kata.slug} is part of the open mock session {session.id} ({_timing(session, now)}): "
             "its folder is the session's."]
    if result.created:
        lines.append(f"Restored missing file(s) in it: {', '.join(result.created)} (your grades stay).")
    else:
        lines.append("Nothing was missing.")
    lines.append(f"Workspace: {result.folder}")
    lines.append(f"\nNext:\n  cd {result.folder}\n  kata grade          grades after the deadline are "
                 "overtime\n  kata mock status    time left and your last grades")
    return "\n".join(lines) + "\n"


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
    hints: int  # taken before the deadline: each costs HINT_COST
    hint_cost: float
    score: float  # graded score minus hint costs, at least 0
    time_used_s: float | None  # from the session start to the first in-time pass; None if not passed
    diagnoses: list[str]
    late_hints: int = 0  # taken after the deadline: free
    missing: str | None = None  # "folder" or the module's name when deleted from the workspace

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
            "late_hints": self.late_hints, "missing": self.missing,
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


def _test_label(t: dict[str, Any]) -> str:
    points = t.get("points")
    pts = f", {points:g} pts" if isinstance(points, (int, float)) else ""
    return f"{t.get('name', t.get('id', '?'))} [{t.get('category', '?')}{pts}, {t.get('outcome')}]"


def _diagnoses(grade: Grade | None) -> list[str]:
    """What went wrong in a grade, one line per distinct diagnosis.

    Tests that fail with the same first line of diagnosis are grouped ("27 tests (86 pts,
    failed): not implemented yet: ..."). For a run stopped by a timeout or an error, the tests'
    own diagnosis (e.g. an import that never finished) is the cause and comes first; the
    result's message follows it when it says something else."""
    if grade is None:
        return []
    result = grade.result
    failing = [t for t in result.get("tests", []) if t.get("outcome") not in ("passed", "skipped")]
    groups: "OrderedDict[str, list[dict[str, Any]]]" = OrderedDict()
    for t in failing:
        first = (t.get("message") or "").splitlines()
        groups.setdefault(first[0] if first else "", []).append(t)
    lines: list[str] = []
    for detail, members in groups.items():
        if len(members) == 1:
            lines.append(_test_label(members[0]) + (f": {detail}" if detail else ""))
            continue
        points = sum(t.get("points") or 0 for t in members if isinstance(t.get("points"), (int, float)))
        outcomes = "/".join(sorted({str(t.get("outcome")) for t in members}))
        lines.append(f"{len(members)} tests ({points:g} pts, {outcomes}): "
                     + (detail or "no diagnosis given"))
    message = result.get("message")
    if not message or message in groups:
        return lines
    if result.get("status") in ("timeout", "error") and any(groups):
        return lines + [f"Also: {message}"]
    return [str(message)] + lines


def score_session(store: Store, session: MockSession) -> tuple[list[KataLine], float]:
    """Each kata's line and the session score (see the module docstring)."""
    grades = store.session_grades(session.id)
    hints = store.session_hints(session.id, until=session.deadline)
    late = store.session_hints(session.id, after=session.deadline)
    lines = []
    for k in session.katas:
        kata = _kata_or_none(k.slug)
        mine = [g for g in grades if g.slug == k.slug]
        in_time = [g for g in mine if not g.overtime]
        graded = in_time[-1] if in_time else None
        # the time used is that of the first in-time pass, when the grade that counts passed
        passes = [g for g in in_time if g.passed]
        used_at = passes[0].graded_at if graded is not None and graded.passed else None
        taken = hints.get(k.slug, 0)
        cost = HINT_COST * taken
        raw = graded.score if graded else 0.0
        shown = graded if graded is not None else (mine[-1] if mine else None)
        attempt = store.attempt(k.attempt_id) if k.attempt_id is not None else None
        folder = Path(attempt.path) if attempt else Path(session.folder) / k.slug
        missing = None
        if session.state == "open" and kata is not None:
            if not folder.is_dir():
                missing = "folder"
            elif not (folder / kata.module).is_file():
                missing = kata.module
        lines.append(KataLine(
            position=k.position, slug=k.slug, title=kata.title if kata else k.slug,
            kind=kata.kind if kata else "?", topic=kata.topic if kata else "?",
            target_minutes=kata.minutes if kata else None,
            folder=str(folder),
            graded=graded, last=mine[-1] if mine else None, grades=len(mine),
            overtime_grades=sum(g.overtime for g in mine), hints=taken, hint_cost=cost,
            score=round(max(0.0, raw - cost), 1),
            time_used_s=None if used_at is None else max(0.0, used_at - session.started_at),
            diagnoses=_diagnoses(shown), late_hints=late.get(k.slug, 0), missing=missing,
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


def _still_open(session: MockSession, now: float) -> str:
    when_ = (f"; submit again before the deadline ({hhmm(session.deadline)}) for the grades to "
             "count in full") if now < session.deadline else ""
    return (f"nothing was recorded and mock session {session.id} is still open: "
            f"'kata mock submit' grades it again{when_}")


def submit(store: Store, *, now: float | None = None,
           progress_cb: Callable[[int, int, str], None] | None = None) -> Report:
    """Grade every kata of the open session as it is now, close the session and score it.

    Every grade is made "at" ``now`` (the moment of submitting), so a submission before the
    deadline counts in full however long grading takes. A kata whose folder or file was
    deleted is graded as missing (score 0); a file the grader cannot grade is an error grade.
    Grading comes first and writes nothing; the grades and the closing are then written in one
    transaction. So a state database that cannot be written (locked by another kata process)
    or Ctrl-C leaves the session open with nothing recorded, and the error says so. A session
    can be submitted once.
    """
    from kata_cli import actions  # actions imports this module

    now = time.time() if now is None else now
    session = current(store)
    overtime = now > session.deadline
    elapsed = now - session.started_at
    results: list[tuple[int | None, dict[str, Any]]] = []
    try:
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
                        result = actions.evaluate(actions.Target(kata, path, attempt), now=now).to_dict()
                    except (KataError, OSError) as exc:
                        result = _error_result(kata.slug, path, f"could not be graded: {exc}", elapsed)
            results.append((attempt.id if attempt else None, result))
        with store.transaction():
            still = store.session(session.id)
            if still is None or still.state != "open":
                raise KataError(f"mock session {session.id} was closed by another kata process "
                                f"meanwhile; see 'kata mock report {session.id}'")
            for attempt_id, result in results:
                store.record_grade(result, attempt_id=attempt_id, now=now, session_id=session.id,
                                   overtime=overtime)
            _, score = score_session(store, still)
            store.close_session(session.id, state="submitted", now=now, score=score,
                                verdict=verdict(score))
    except StateError as exc:
        still_open = _still_open(session, now)
        raise StateError(f"{exc}. {still_open[0].upper()}{still_open[1:]}") from None
    except KeyboardInterrupt:
        raise SubmitInterrupted(f"interrupted: {_still_open(session, now)}") from None
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
        write(f"{name}: time is up ({duration(-left)} over; deadline was {hhmm(session.deadline)}). "
              "Grades now are overtime; end it with 'kata mock submit'.\n")
        return "deadline"
    warnings: list[tuple[float, str]] = [(total / 2, "Half time")]
    for mark in WARNINGS_LEFT_S:
        if mark < total and all(abs(mark - m) >= 1 for m, _ in warnings):
            warnings.append((mark, f"{mark / 60:g} minutes left"))
    pending = sorted((w for w in warnings if w[0] < left), reverse=True)
    write(f"{name}: {clock_text(left)} left of {minutes_text(session.minutes)}, deadline "
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
