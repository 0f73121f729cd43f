"""``kata next`` (spaced repetition) and ``kata stats``, on records with injected times."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time

import pytest

from kata_cli import mock, progress
from kata_cli.catalog import get_kata
from kata_cli.errors import UsageError
from kata_cli.store import Attempt
from tests.mock_helpers import DESIGN, open_store, record

DAY = 86_400.0


def noon(days_ago: int, now: float) -> float:
    """Local noon, ``days_ago`` days before the day of ``now``."""
    day = dt.date.fromtimestamp(now) - dt.timedelta(days=days_ago)
    return dt.datetime(day.year, day.month, day.day, 12).timestamp()


NOW = noon(0, 1_800_000_000.0) + 3600  # 13:00 local on a fixed day


def katas(toy):
    base = get_kata("toy")  # easy, 5 minutes
    return [
        dataclasses.replace(base, slug="a-new-hard", difficulty="hard"),
        dataclasses.replace(base, slug="b-new-easy", difficulty="easy"),
        dataclasses.replace(base, slug="c-failed"),
        dataclasses.replace(base, slug="d-slow"),
        dataclasses.replace(base, slug="e-due"),
        dataclasses.replace(base, slug="f-fresh"),
        dataclasses.replace(get_kata(DESIGN), slug="g-design"),
    ]


def history(store):
    record(store, "c-failed", 100, at=noon(9, NOW), elapsed_s=60)
    record(store, "c-failed", 40, at=noon(2, NOW), elapsed_s=60)
    record(store, "d-slow", 100, at=noon(1, NOW), elapsed_s=900)  # 15 min for a 5-min target
    record(store, "e-due", 100, at=noon(2, NOW), elapsed_s=60)  # passed on 1 day: due after 1 day
    record(store, "f-fresh", 100, at=noon(30, NOW), elapsed_s=60)
    record(store, "f-fresh", 100, at=noon(20, NOW), elapsed_s=60)
    record(store, "f-fresh", 100, at=noon(1, NOW), elapsed_s=60)  # 3 days: interval 7


def test_review_order_and_reasons(toy):
    with open_store(toy) as store:
        history(store)
        grades = store.grades()
    queue = progress.queue(katas(toy), grades, [], now=NOW)
    assert [(r.kata.slug, r.bucket) for r in queue] == [
        ("c-failed", "failed"),
        ("b-new-easy", "new"), ("g-design", "new"), ("a-new-hard", "new"),  # easiest first
        ("d-slow", "slow"),
        ("e-due", "due"),
        ("f-fresh", "later"),
    ]
    reasons = {r.kata.slug: r.reason for r in queue}
    assert "was 40/100 (failed)" in reasons["c-failed"]
    assert reasons["a-new-hard"] == "never tried"
    assert "took 15:00 against a target of 5 min" in reasons["d-slow"]
    assert "interval of 1 day has elapsed" in reasons["e-due"]
    assert "passed on 3 days" in reasons["f-fresh"] and "next review in 6 days" in reasons["f-fresh"]


def test_review_intervals_grow_with_each_day_passed():
    assert [progress.interval_days(n) for n in range(1, 8)] == [1, 3, 7, 14, 30, 30, 30]


def test_a_solved_kata_comes_back_when_its_interval_elapses(toy):
    kata = get_kata("toy")
    with open_store(toy) as store:
        record(store, "toy", 100, at=noon(10, NOW), elapsed_s=60)
        record(store, "toy", 100, at=noon(5, NOW), elapsed_s=60)  # 2 days passed: interval 3
        grades = store.grades()
    assert progress.review(kata, grades, [], now=noon(3, NOW)).bucket == "later"
    assert progress.review(kata, grades, [], now=noon(2, NOW)).bucket == "due"


def test_started_but_ungraded_is_new_and_says_so(toy):
    attempt = Attempt(1, "toy", NOW - DAY, "/w/toy", None, None)
    r = progress.review(get_kata("toy"), [], [attempt], now=NOW)
    assert r.bucket == "new" and r.started and "not graded yet" in r.reason


def test_next_filters_and_errors(toy):
    ks = katas(toy)
    assert progress.next_kata(ks, [], [], now=NOW, kind="design")[0].kata.slug == "g-design"
    with pytest.raises(UsageError, match="no kata has topic 'nope'; topics: system-design, testing"):
        progress.next_kata(ks, [], [], now=NOW, topic="nope")
    with pytest.raises(UsageError, match="no design topic testing kata"):
        progress.next_kata(ks, [], [], now=NOW, kind="design", topic="testing")


def test_cli_next_names_the_kata_the_reason_and_the_command(toy):
    result = toy.run("next")
    assert result.exit_code == 0
    assert result.output.splitlines()[:3] == [
        "Next: toy — Toy: vector norms (testing, easy, target 5 min)",
        "Why: never tried.",
        "To start it: kata start toy",
    ]
    toy.run("start", "toy")
    (toy.workspace / "toy" / "toy.py").write_text("def row_norms(X):\n    return X\n")
    toy.run("grade", cwd=toy.workspace / "toy")
    again = toy.run("next", "--all")
    assert again.output.startswith("Next: toy") and "(failed)" in again.output
    assert "To resume it: kata start toy" in again.output
    assert DESIGN in again.output  # the whole queue
    data = json.loads(toy.run("next", "--json").output)
    assert [d["bucket"] for d in data] == ["failed", "new"]
    assert toy.run("next", "--kind", "design").output.startswith(f"Next: {DESIGN}")
    bad = toy.run("next", "--topic", "nope")
    assert bad.exit_code == 2 and "topics:" in bad.output
    assert "1, 3, 7, 14, 30 days" in toy.run("next", "--help").output


def test_next_does_not_offer_to_resume_a_mock_session_attempt(toy):
    with open_store(toy) as store:
        mock.start(store, katas=["toy"], minutes=5, now=time.time())
    assert "To start it: kata start toy" in toy.run("next").output


def test_streak_counts_days_ending_today_or_yesterday(toy):
    with open_store(toy) as store:
        for days_ago in (1, 2, 3, 5):
            record(store, "toy", 50, at=noon(days_ago, NOW))
        grades = store.grades()
    assert progress.streak(grades, now=NOW) == 3  # yesterday, 2 and 3 days ago
    assert progress.streak(grades, now=noon(-1, NOW)) == 0  # two days later: broken
    assert progress.streak(grades + grades[:1], now=noon(1, NOW)) == 3


def test_stats_per_topic_and_kata(toy):
    with open_store(toy) as store:
        first = store.start_attempt("toy", "/w/toy", now=noon(3, NOW))
        record(store, "toy", 50, at=noon(3, NOW), attempt_id=first.id, elapsed_s=400)
        record(store, "toy", 100, at=noon(3, NOW) + 60, attempt_id=first.id, elapsed_s=460)
        second = store.start_attempt("toy", "/w/toy2", now=noon(0, NOW))
        record(store, "toy", 100, at=NOW - 60, attempt_id=second.id, elapsed_s=200)
        third = store.start_attempt("toy", "/w/toy3", now=noon(0, NOW))
        record(store, "toy", 10, at=NOW - 30, attempt_id=third.id, elapsed_s=20)
        record(store, DESIGN, 80, at=NOW - 10, passed=False)  # --file: no attempt
        st = progress.stats([get_kata("toy"), get_kata(DESIGN)], store.grades(), store.attempts(),
                            store.sessions(), now=NOW)
    toy_stats = next(k for k in st.katas if k.slug == "toy")
    assert toy_stats.best_score == 100 and toy_stats.best_time_s == 200
    assert (toy_stats.graded_attempts, toy_stats.solved_attempts) == (3, 2)
    topics = {t.topic: t for t in st.topics}
    assert (topics["testing"].available, topics["testing"].tried, topics["testing"].solved) == (1, 1, 1)
    assert (topics["system-design"].tried, topics["system-design"].solved) == (1, 0)
    assert topics["system-design"].best_score == 80
    assert (st.graded_attempts, st.solved_attempts) == (3, 2) and st.solve_rate == pytest.approx(2 / 3)
    assert st.streak_days == 1


def test_cli_stats_text_and_json(toy):
    assert toy.run("stats").output.startswith("No progress yet")
    with open_store(toy) as store:
        attempt = store.start_attempt("toy", "/w/toy", now=time.time() - 600)
        record(store, "toy", 100, at=time.time() - 300, attempt_id=attempt.id, elapsed_s=300)
        s = mock.start(store, katas=[DESIGN], minutes=30, now=time.time() - 200).session
        record(store, DESIGN, 75, at=time.time() - 100, attempt_id=s.katas[0].attempt_id,
               session_id=s.id, passed=False)
        store.close_session(s.id, state="submitted", now=time.time(), score=75, verdict="pass")
    result = toy.run("stats")
    assert result.exit_code == 0
    out = result.output
    assert "testing" in out and "system-design" in out
    assert "5:00 (within)" in out  # best time against the 5-minute target
    assert "Solve rate: 1/2 (50%) of graded attempts reached a pass." in out
    assert "Streak: 1 day in a row with a grade." in out
    assert "Mock interviews: 1 submitted; last (session 1) 75 pass, best 75, mean 75." in out
    data = json.loads(toy.run("stats", "--json").output)
    assert data["solve_rate"] == 0.5 and data["streak_days"] == 1
    assert data["mock_sessions"]["submitted"] == 1 and data["mock_sessions"]["last_verdict"] == "pass"
    assert {k["slug"]: k["solved"] for k in data["katas"]} == {"toy": True, DESIGN: False}
    assert "solve rate" in toy.run("stats", "--help").output
