"""Progress over the history: ``kata stats`` and ``kata next`` (spaced repetition).

Pure functions over the catalogue and the store's records; every one takes ``now`` (Unix
seconds) so that tests drive time by injection. Days are local calendar days.

The review rule of ``kata next`` (also used to favour katas when a mock interview picks them):

1. **failed** — the last grade of the kata did not pass: it comes back first, the failure that
   has waited longest before the others.
2. **new** — never graded (never started, or started and not graded yet): easiest first.
3. **slow** — the last pass took longer than the kata's target time: the slowest (relative to
   its target) first.
4. **due** — passed within target, and its review interval has elapsed since the last pass. The
   interval grows with each day the kata was passed: 1, 3, 7, 14, then 30 days. The most
   overdue (relative to its interval) first.
5. **later** — passed and not due yet: the one due soonest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Collection, Iterable, Sequence

from kata_cli.catalog import DIFFICULTIES, Kata
from kata_cli.errors import UsageError
from kata_cli.store import Attempt, Grade, MockSession

DAY_S = 86_400.0
INTERVALS_DAYS = (1, 3, 7, 14, 30)
BUCKETS = ("failed", "new", "slow", "due", "later")
# how strongly a mock interview favours a kata of each bucket when it draws katas at random
PICK_WEIGHTS = {"failed": 6.0, "new": 6.0, "slow": 4.0, "due": 2.0, "later": 1.0}

NEXT_RULE = """\
never-tried and failed katas come back first (a failed last grade before a new kata), then
katas solved slower than their target, then solved katas whose review interval has elapsed;
the interval grows with each day you passed the kata: 1, 3, 7, 14, then 30 days."""


def local_day(timestamp: float) -> dt.date:
    return dt.date.fromtimestamp(timestamp)


def _date(timestamp: float) -> str:
    return local_day(timestamp).isoformat()


def _clock(seconds: float) -> str:
    seconds = int(round(max(0.0, seconds)))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _days(n: float) -> str:
    n = int(round(n))
    return f"{n} day" if n == 1 else f"{n} days"


def interval_days(pass_days: int) -> int:
    """The review interval after the kata was passed on ``pass_days`` distinct days."""
    return INTERVALS_DAYS[min(max(pass_days, 1), len(INTERVALS_DAYS)) - 1]


@dataclass(frozen=True)
class Review:
    """Where one kata stands in the review queue, and why."""

    kata: Kata
    bucket: str  # one of BUCKETS
    reason: str
    due_at: float | None = None  # passed katas: when the next review is due
    started: bool = False  # an attempt that ``kata start`` resumes exists
    order: tuple[Any, ...] = field(default=(), compare=False)

    @property
    def weight(self) -> float:
        return PICK_WEIGHTS[self.bucket]

    def to_dict(self) -> dict[str, Any]:
        return {"kata": self.kata.slug, "bucket": self.bucket, "reason": self.reason,
                "due_at": self.due_at, "started": self.started}


def review(kata: Kata, grades: Sequence[Grade], attempts: Sequence[Attempt], *, now: float) -> Review:
    """Classify one kata from its grades and attempts (both in time order); ``attempts`` are
    the ones ``kata start`` would resume (not archived, not of a mock session)."""
    started = any(a.archived_at is None for a in attempts)
    if not grades:
        if attempts:
            reason = f"started on {_date(attempts[-1].started_at)}, not graded yet"
        else:
            reason = "never tried"
        order = (DIFFICULTIES.index(kata.difficulty) if kata.difficulty in DIFFICULTIES else 9,
                 kata.topic, kata.slug)
        return Review(kata, "new", reason, started=started, order=order)
    last = grades[-1]
    if not last.passed:
        reason = f"your last grade, on {_date(last.graded_at)}, was {last.score:g}/100 ({last.status})"
        return Review(kata, "failed", reason, started=started, order=(last.graded_at, kata.slug))
    passes = [g for g in grades if g.passed]
    target_s = kata.minutes * 60
    timed = [g for g in passes if g.elapsed_s is not None]
    if timed and timed[-1].elapsed_s > target_s:
        slow = timed[-1]
        ratio = slow.elapsed_s / target_s
        reason = (f"your last pass took {_clock(slow.elapsed_s)} against a target of "
                  f"{kata.minutes:g} min: solve it within time")
        return Review(kata, "slow", reason, started=started, order=(-ratio, kata.slug))
    pass_days = len({local_day(g.graded_at) for g in passes})
    interval = interval_days(pass_days)
    last_pass = passes[-1].graded_at
    due_at = last_pass + interval * DAY_S
    solved = f"passed on {_days(pass_days)}, last on {_date(last_pass)}"
    if now >= due_at:
        overdue = (now - due_at) / (interval * DAY_S)
        reason = f"{solved}; its review interval of {_days(interval)} has elapsed"
        return Review(kata, "due", reason, due_at=due_at, started=started, order=(-overdue, kata.slug))
    reason = f"{solved}; next review in {_days((due_at - now) / DAY_S + 0.49)} ({_date(due_at)})"
    return Review(kata, "later", reason, due_at=due_at, started=started, order=(due_at, kata.slug))


def _by_slug(records: Iterable[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for record in records:
        out.setdefault(record.slug, []).append(record)
    return out


def filter_katas(katas: Sequence[Kata], *, kind: str | None = None, topic: str | None = None) -> list[Kata]:
    """``katas`` of that kind and topic; an unknown topic is a UsageError listing the topics."""
    if topic is not None and topic not in {k.topic for k in katas}:
        topics = ", ".join(sorted({k.topic for k in katas}))
        raise UsageError(f"no kata has topic {topic!r}; topics: {topics}")
    return [k for k in katas if (kind is None or k.kind == kind) and (topic is None or k.topic == topic)]


def queue(katas: Sequence[Kata], grades: Sequence[Grade], attempts: Sequence[Attempt], *,
          now: float) -> list[Review]:
    """Every kata in review order (see the module docstring)."""
    by_grade, by_attempt = _by_slug(grades), _by_slug(attempts)
    reviews = [review(k, by_grade.get(k.slug, []), by_attempt.get(k.slug, []), now=now) for k in katas]
    return sorted(reviews, key=lambda r: (BUCKETS.index(r.bucket), r.order))


def next_kata(katas: Sequence[Kata], grades: Sequence[Grade], attempts: Sequence[Attempt], *,
              now: float, kind: str | None = None, topic: str | None = None,
              session_attempts: Collection[int] = ()) -> list[Review]:
    """The review queue for ``kata next``, filtered; the first entry is the pick.

    ``session_attempts`` (ids of mock-session attempts) are left out of the attempts, as
    ``kata start`` does not resume them."""
    attempts = [a for a in attempts if a.id not in session_attempts]
    chosen = filter_katas(katas, kind=kind, topic=topic)
    if not chosen:
        what = " ".join(x for x in (kind, f"topic {topic}" if topic else None) if x)
        raise UsageError(f"no {what} kata in the catalogue; 'kata list' shows them all")
    return queue(chosen, grades, attempts, now=now)


# --------------------------------------------------------------------------- stats


@dataclass
class KataStats:
    slug: str
    title: str
    kind: str
    topic: str
    minutes: float
    attempts: int
    grades: int
    graded_attempts: int
    solved_attempts: int
    best_score: float | None
    best_time_s: float | None  # the fastest timed pass
    solved: bool  # some grade passed

    @property
    def tried(self) -> bool:
        return self.attempts > 0 or self.grades > 0


@dataclass
class TopicStats:
    topic: str
    available: int
    tried: int
    solved: int
    best_score: float | None
    graded_attempts: int
    solved_attempts: int


@dataclass
class SessionSummary:
    submitted: int
    abandoned: int
    open_id: int | None
    last_id: int | None
    last_score: float | None
    last_verdict: str | None
    best_score: float | None
    mean_score: float | None


@dataclass
class Stats:
    now: float
    topics: list[TopicStats]
    katas: list[KataStats]
    graded_attempts: int
    solved_attempts: int
    streak_days: int
    last_grade_day: str | None
    sessions: SessionSummary

    @property
    def solve_rate(self) -> float | None:
        return self.solved_attempts / self.graded_attempts if self.graded_attempts else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "topics": [t.__dict__ for t in self.topics],
            "katas": [
                {**s.__dict__, "tried": s.tried}
                for s in self.katas
            ],
            "graded_attempts": self.graded_attempts,
            "solved_attempts": self.solved_attempts,
            "solve_rate": self.solve_rate,
            "streak_days": self.streak_days,
            "last_grade_day": self.last_grade_day,
            "mock_sessions": self.sessions.__dict__,
        }


def streak(grades: Sequence[Grade], *, now: float) -> int:
    """Consecutive days with at least one grade, ending today or yesterday (else 0)."""
    days = {local_day(g.graded_at) for g in grades}
    day = local_day(now)
    if day not in days:
        day -= dt.timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= dt.timedelta(days=1)
    return count


def _kata_stats(kata: Kata, grades: Sequence[Grade], attempts: Sequence[Attempt]) -> KataStats:
    graded: dict[int, bool] = {}
    for g in grades:
        if g.attempt_id is not None:
            graded[g.attempt_id] = graded.get(g.attempt_id, False) or g.passed
    times = [g.elapsed_s for g in grades if g.passed and g.elapsed_s is not None]
    return KataStats(
        slug=kata.slug, title=kata.title, kind=kata.kind, topic=kata.topic, minutes=kata.minutes,
        attempts=len(attempts), grades=len(grades), graded_attempts=len(graded),
        solved_attempts=sum(graded.values()),
        best_score=max((g.score for g in grades), default=None),
        best_time_s=min(times) if times else None,
        solved=any(g.passed for g in grades),
    )


def session_summary(sessions: Sequence[MockSession]) -> SessionSummary:
    done = [s for s in sessions if s.state == "submitted"]
    scores = [s.score for s in done if s.score is not None]
    last = done[-1] if done else None
    opened = [s for s in sessions if s.state == "open"]
    return SessionSummary(
        submitted=len(done),
        abandoned=sum(s.state == "abandoned" for s in sessions),
        open_id=opened[-1].id if opened else None,
        last_id=last.id if last else None,
        last_score=last.score if last else None,
        last_verdict=last.verdict if last else None,
        best_score=max(scores) if scores else None,
        mean_score=round(sum(scores) / len(scores), 1) if scores else None,
    )


def stats(katas: Sequence[Kata], grades: Sequence[Grade], attempts: Sequence[Attempt],
          sessions: Sequence[MockSession], *, now: float) -> Stats:
    """Progress per topic and per kata, the solve rate, the streak and the mock sessions.

    The solve rate counts attempts (``kata start``, or a kata of a mock session), not grades:
    graded attempts that reached a pass over graded attempts. Grades of a file outside an
    attempt (``--file``) count toward the best score but not toward the solve rate.
    """
    by_grade, by_attempt = _by_slug(grades), _by_slug(attempts)
    per_kata = [_kata_stats(k, by_grade.get(k.slug, []), by_attempt.get(k.slug, [])) for k in katas]
    topics: dict[str, list[KataStats]] = {}
    for s in per_kata:
        topics.setdefault(s.topic, []).append(s)
    topic_rows = []
    for topic in sorted(topics):
        members = topics[topic]
        scores = [s.best_score for s in members if s.best_score is not None]
        topic_rows.append(TopicStats(
            topic=topic, available=len(members), tried=sum(s.tried for s in members),
            solved=sum(s.solved for s in members), best_score=max(scores) if scores else None,
            graded_attempts=sum(s.graded_attempts for s in members),
            solved_attempts=sum(s.solved_attempts for s in members),
        ))
    known = {k.slug for k in katas}
    mine = [g for g in grades if g.slug in known]
    return Stats(
        now=now, topics=topic_rows, katas=sorted(per_kata, key=lambda s: (s.topic, s.slug)),
        graded_attempts=sum(s.graded_attempts for s in per_kata),
        solved_attempts=sum(s.solved_attempts for s in per_kata),
        streak_days=streak(mine, now=now),
        last_grade_day=_date(max(g.graded_at for g in mine)) if mine else None,
        sessions=session_summary(sessions),
    )
