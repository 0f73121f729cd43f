"""Timed mock interviews: sessions, grading under the clock, hints, scoring, faults, the clock.

Time is injected (``now=``, a fake clock); no test sleeps.
"""

from __future__ import annotations

import dataclasses
import json
import math
import shutil
import sqlite3
import time

import pytest

from kata_cli import actions, mock, progress, store as store_module
from kata_cli.catalog import get_kata
from kata_cli.errors import KataError, StateError, UsageError
from kata_cli.store import Store
from kata_cli.workspace import kata_from_cwd
from tests.conftest import ROOT
from tests.mock_helpers import DESIGN, T0, FakeClock, open_store, record, write_good_toy

MODEL_ANSWER = (ROOT / "tests" / "toy_design" / "model.md").read_text()


def start(toy, *katas, minutes=30.0, now=T0, **kwargs):
    with open_store(toy) as store:
        return mock.start(store, katas=katas, minutes=minutes, now=now, **kwargs)


def session_grades(toy, session_id):
    with open_store(toy) as store:
        return store.session_grades(session_id)


# --------------------------------------------------------------------------- starting


def test_start_makes_a_folder_per_kata_under_one_clock(toy):
    started = start(toy, "toy", DESIGN, minutes=0.5)
    s = started.session
    assert s.id == 1 and s.state == "open" and s.slugs == ["toy", DESIGN]
    assert s.started_at == T0 and s.deadline == T0 + 30 and s.minutes == 0.5
    folder = toy.workspace / "mock-1"
    assert s.folder == str(folder)
    assert sorted(p.name for p in (folder / "toy").iterdir()) == ["README.md", "test_examples.py", "toy.py"]
    assert (folder / DESIGN / "design.md").is_file()
    with open_store(toy) as store:
        attempts = {k.slug: store.attempt(k.attempt_id) for k in s.katas}
        assert all(a.started_at == T0 for a in attempts.values())
        assert attempts["toy"].path == str(folder / "toy")
        # a session's attempt is not the normal attempt of the kata
        assert store.current_attempt("toy") is None
    assert kata_from_cwd(folder / "toy") == "toy"
    (folder / "toy" / "sub").mkdir()
    assert kata_from_cwd(folder / "toy" / "sub") == "toy"


def test_cli_start_prints_the_plan_and_the_next_steps(toy):
    result = toy.run("mock", "start", "--count", "2", "--seed", "7", "--minutes", "0.5")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Mock session 1 started: 2 katas, 30 s" in out
    assert "--count 2 --kind mixed --seed 7" in out
    assert "toy" in out and DESIGN in out and "never tried" in out
    assert f"cd {toy.workspace / 'mock-1'}" in out and "kata mock submit" in out
    assert "Each hint costs 10 points" in out


def test_a_normal_attempt_and_a_session_attempt_live_side_by_side(toy):
    toy.run("start", "toy")
    (toy.workspace / "toy" / "toy.py").write_text("# my normal attempt\n")
    start(toy, "toy")
    assert (toy.workspace / "toy" / "toy.py").read_text() == "# my normal attempt\n"
    assert "NotImplementedError" in (toy.workspace / "mock-1" / "toy" / "toy.py").read_text()
    with open_store(toy) as store:
        assert store.current_attempt("toy").path == str(toy.workspace / "toy")
        # in the normal folder, the normal attempt; elsewhere during the session, the session's
        normal = actions.resolve(store, slug=None, file=None, cwd=toy.workspace / "toy")
        assert normal.attempt.path == str(toy.workspace / "toy")
        elsewhere = actions.resolve(store, slug="toy", file=None, cwd=toy.home)
        assert elsewhere.attempt.path == str(toy.workspace / "mock-1" / "toy")


def test_a_leftover_folder_of_an_older_history_is_never_reused(toy):
    old = toy.workspace / "mock-1" / "toy"
    old.mkdir(parents=True)
    (old / "toy.py").write_text("# from a deleted history\n")
    started = start(toy, "toy")
    assert started.session.folder == str(toy.workspace / "mock-1-2")
    assert (old / "toy.py").read_text() == "# from a deleted history\n"
    assert kata_from_cwd(toy.workspace / "mock-1-2" / "toy") == "toy"


def test_minutes_default_to_the_targets_and_take_fractions(toy):
    with open_store(toy) as store:
        plan = mock.plan(store, katas=["toy", DESIGN], now=T0)
        assert plan.minutes == 5 + 30
        assert mock.plan(store, katas=["toy"], minutes=0.5, now=T0).minutes == 0.5
        for bad in (0, -1, 1e-9, 0.09, math.nan, math.inf):
            with pytest.raises(UsageError, match=r"--minutes must be at least 0\.1 \(6 seconds\)"):
                mock.plan(store, katas=["toy"], minutes=bad, now=T0)
        with pytest.raises(UsageError, match="longer than a day"):
            mock.plan(store, katas=["toy"], minutes=2000, now=T0)


def test_start_usage_errors(toy):
    cases = [
        (["--minutes", "0"], "--minutes must be at least 0.1"),
        (["--minutes", "1e-9"], "--minutes must be at least 0.1 (6 seconds), e.g. 45 or 0.5 (got 1e-09)"),
        (["--kata", "toy", "--seed", "3"], "--seed only steers a random pick"),
        (["--kata", "toy", "--count", "1"], "--kata names the katas itself"),
        (["--kata", "toy", "--kata", "toy"], "--kata toy is given twice"),
        (["--kata", "tyo"], "no kata named 'tyo'"),
        (["--kind", "coding", "--count", "2"], "only 1 coding kata exists (toy)"),
        (["--kind", "design", "--topic", "testing"], "no design katas exist with topic testing"),
        (["--topic", "nope"], "no kata has topic 'nope'; topics: system-design, testing"),
        (["--count", "0"], "--count must be at least 1"),
        (["--count", "3"], "--count 3 needs 3 katas, but only 2 katas exist"),
    ]
    for args, message in cases:
        result = toy.run("mock", "start", *args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    assert toy.run("mock", "list").output.startswith("No mock sessions yet")


def test_a_second_session_is_refused_naming_the_open_one(toy):
    start(toy, "toy", now=time.time())
    result = toy.subprocess("mock", "start", "--kata", DESIGN)
    assert result.returncode == 1
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("Error: mock session 1 is still open")
    assert "toy" in line and "left" in line and "kata mock submit" in line and "kata mock abandon" in line


def test_store_refuses_a_second_open_session_even_in_a_race(tmp_path):
    with Store(tmp_path / "kata.db") as store:
        store.create_session(started_at=T0, minutes=1, seed=1, options={})
        with pytest.raises(store_module.SessionOpen) as excinfo:
            store.create_session(started_at=T0, minutes=1, seed=1, options={})
        assert excinfo.value.session.id == 1
        with pytest.raises(sqlite3.IntegrityError):  # the partial unique index backs it up
            store.conn.execute("INSERT INTO mock_sessions (started_at, minutes, deadline) VALUES (1, 1, 61)")


# --------------------------------------------------------------------------- picking


def fake_katas(toy):
    toy_kata, design = get_kata("toy"), get_kata(DESIGN)
    coding = [dataclasses.replace(toy_kata, slug=f"c{i}", topic="clustering" if i < 3 else "nlp")
              for i in range(6)]
    designs = [dataclasses.replace(design, slug=f"d{i}") for i in range(3)]
    return coding + designs


def test_pick_is_deterministic_for_a_seed(toy):
    katas = fake_katas(toy)
    reviews = progress.queue(katas, [], [], now=T0)
    picks = [mock.pick(katas, reviews, count=3, kind="mixed", topic=None, seed=seed) for seed in range(20)]
    again = [mock.pick(katas, reviews, count=3, kind="mixed", topic=None, seed=seed) for seed in range(20)]
    assert picks == again
    assert len({tuple(k.slug for k in p) for p in picks}) > 5  # seeds do vary the pick


def test_pick_mixed_takes_both_kinds_and_respects_filters(toy):
    katas = fake_katas(toy)
    reviews = progress.queue(katas, [], [], now=T0)
    for seed in range(30):
        chosen = mock.pick(katas, reviews, count=2, kind="mixed", topic=None, seed=seed)
        assert sorted(k.kind for k in chosen) == ["coding", "design"]
        coding = mock.pick(katas, reviews, count=2, kind="coding", topic="clustering", seed=seed)
        assert all(k.kind == "coding" and k.topic == "clustering" for k in coding)
        assert len({k.slug for k in coding}) == 2
    # mixed with one kind only in the pool: no crash, just that kind
    only_coding = mock.pick(katas, reviews, count=2, kind="mixed", topic="nlp", seed=1)
    assert all(k.kind == "coding" for k in only_coding)


def test_pick_favours_unsolved_failed_and_slow_katas(toy):
    katas = fake_katas(toy)[:6]  # c0..c5, 5-minute targets
    with Store(toy.home / "kata.db") as store:
        for slug in ("c0", "c1", "c2", "c3"):  # solved fast, reviewed recently: "later"
            record(store, slug, 100, at=T0 - 3600, elapsed_s=60)
        record(store, "c4", 100, at=T0 - 3600, elapsed_s=3600)  # slow
        record(store, "c5", 40, at=T0 - 3600)  # failed
        reviews = progress.queue(katas, store.grades(), [], now=T0)
    assert [r.bucket for r in reviews][:2] == ["failed", "slow"]
    counts = {k.slug: 0 for k in katas}
    for seed in range(400):
        (chosen,) = mock.pick(katas, reviews, count=1, kind="coding", topic=None, seed=seed)
        counts[chosen.slug] += 1
    assert counts["c5"] > counts["c4"] > max(counts[s] for s in ("c0", "c1", "c2", "c3"))


# --------------------------------------------------------------------------- grading in a session


def test_grade_in_the_session_folder_is_linked_and_shows_time_left(toy):
    start(toy, "toy", DESIGN, minutes=45, now=time.time())
    folder = toy.workspace / "mock-1" / "toy"
    write_good_toy(folder)
    result = toy.run("grade", cwd=folder)
    assert result.exit_code == 0, result.output
    assert "Score: 100 / 100   PASSED" in result.output
    assert "Mock session 1:" in result.output and "left (deadline" in result.output
    (grade,) = session_grades(toy, 1)
    assert grade.slug == "toy" and grade.session_id == 1 and grade.overtime is False
    # --json keeps stdout a JSON object; the note goes to stderr
    as_json = toy.subprocess("grade", "--json", cwd=folder)
    assert json.loads(as_json.stdout)["passed"] is True and "Mock session 1" in as_json.stderr


def test_a_grade_after_the_deadline_is_overtime_and_does_not_count(toy):
    start(toy, "toy", minutes=45, now=time.time() - 3600)  # began an hour ago
    folder = toy.workspace / "mock-1" / "toy"
    write_good_toy(folder)
    result = toy.run("grade", cwd=folder)
    assert result.exit_code == 0
    assert "over time" in result.output and "recorded as overtime" in result.output
    (grade,) = session_grades(toy, 1)
    assert grade.overtime is True
    status = toy.run("mock", "status")
    assert status.exit_code == 0 and "overtime" in status.output and "deadline has passed" in status.output
    with open_store(toy) as store:
        report = mock.report(store, 1)
    assert report.score == 0 and report.lines[0].status == "overtime only"


def test_core_grade_uses_the_injected_time_for_overtime(toy):
    start(toy, "toy", minutes=1)
    folder = toy.workspace / "mock-1" / "toy"
    write_good_toy(folder)
    with open_store(toy) as store:
        target = actions.resolve(store, slug=None, file=None, cwd=folder)
        actions.grade(store, target, now=T0 + 59)
        actions.grade(store, target, now=T0 + 61)
        grades = store.session_grades(1)
        assert [g.overtime for g in grades] == [False, True]
        assert grades[0].elapsed_s == pytest.approx(59, abs=0.1)
        report = mock.report(store, 1, now=T0 + 61)
    assert report.score == 100 and report.lines[0].time_used_s == pytest.approx(59)


def test_hints_cost_points_and_are_recorded_with_the_session(toy):
    start(toy, "toy", minutes=45, now=time.time())
    folder = toy.workspace / "mock-1" / "toy"
    first = toy.run("hint", cwd=folder)
    assert first.exit_code == 0
    assert "Hint 1/2: Think about axis." in first.output
    assert "costs 10 points of toy's score (10% of its points); 1 taken so far, -10" in first.output
    toy.run("hint", "toy")  # by slug, from outside: still the session's kata
    with open_store(toy) as store:
        assert store.session_hints(1) == {"toy": 2}
        (k,) = store.session(1).katas
        assert store.hints_taken("toy", k.attempt_id) == [0, 1]
    write_good_toy(folder)
    toy.run("grade", cwd=folder)
    submitted = toy.run("mock", "submit")
    assert submitted.exit_code == 0, submitted.output
    assert "Score: 80 / 100" in submitted.output and "minus 20 for 2 hints" in submitted.output
    # hints outside a session cost nothing and say nothing about sessions
    toy.run("start", "toy")
    plain = toy.run("hint", cwd=toy.workspace / "toy")
    assert plain.output.strip() == "Hint 1/2: Think about axis."


def test_reference_is_refused_during_the_session_and_opens_after(toy):
    start(toy, "toy", minutes=45, now=time.time())
    folder = toy.workspace / "mock-1" / "toy"
    write_good_toy(folder)
    toy.run("grade", cwd=folder)
    for args in (["solution", "toy"], ["solution", "toy", "--reveal"], ["diff", "toy"], ["diff", "--reveal"]):
        result = toy.run(*args, cwd=folder)
        assert result.exit_code == 1, args
        assert "part of the open mock session 1" in result.output and "kata mock submit" in result.output
        assert "def row_norms" not in result.output
    toy.run("mock", "submit")
    assert "def row_norms" in toy.run("solution", "toy").output
    assert "+++ reference/toy.py" in toy.run("diff", cwd=folder).output


# --------------------------------------------------------------------------- submit


def test_submit_grades_every_kata_closes_and_reports(toy):
    start(toy, "toy", DESIGN, minutes=45, now=time.time())
    base = toy.workspace / "mock-1"
    write_good_toy(base / "toy")  # never graded by hand: submit grades it
    result = toy.run("mock", "submit")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Mock session 1: submitted" in out
    # toy passes (100); the untouched design template fails (0): mean 50, borderline
    assert "Score: 50 / 100   Verdict: BORDERLINE" in out
    assert "Bands: strong >= 85, pass >= 70, borderline >= 50, not yet below 50." in out
    assert "Every test passed." in out
    assert "no step headings found" in out or "Empty" in out  # the design feedback
    assert "This is your first scored session." in out
    with open_store(toy) as store:
        s = store.session(1)
        assert s.state == "submitted" and s.score == 50 and s.verdict == "borderline"
        assert {g.slug for g in store.session_grades(1)} == {"toy", DESIGN}
    again = toy.run("mock", "submit")
    assert again.exit_code == 1 and "no open mock session" in again.output
    assert "kata mock report 1" in again.output


def test_a_mixed_session_solved_in_time_is_strong(toy):
    result = toy.run("mock", "start", "--kind", "mixed", "--count", "2", "--seed", "3")
    assert result.exit_code == 0, result.output
    base = toy.workspace / "mock-1"
    write_good_toy(base / "toy")
    (base / DESIGN / "design.md").write_text(MODEL_ANSWER)
    assert toy.run("grade", cwd=base / DESIGN).exit_code == 0
    submitted = toy.run("mock", "submit")
    assert submitted.exit_code == 0, submitted.output
    assert "Verdict: STRONG" in submitted.output
    data = json.loads(toy.run("mock", "report", "--json").output)
    assert {k["kata"]: k["status"] for k in data["katas"]} == {"toy": "passed", DESIGN: "passed"}
    assert data["score"] >= 85 and data["state"] == "submitted"


def test_submit_grades_deleted_files_as_missing(toy):
    start(toy, "toy", DESIGN, minutes=45, now=time.time())
    base = toy.workspace / "mock-1"
    (base / "toy" / "toy.py").unlink()
    shutil.rmtree(base / DESIGN)
    result = toy.subprocess("mock", "submit")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "toy.py was deleted" in result.stdout and "its folder was deleted" in result.stdout
    assert "Score: 0 / 100   Verdict: NOT YET" in result.stdout
    statuses = [g.status for g in session_grades(toy, 1)]
    assert statuses == ["missing", "missing"]


def test_status_of_a_session_whose_files_were_deleted(toy):
    start(toy, "toy", minutes=45, now=time.time())
    shutil.rmtree(toy.workspace / "mock-1")
    result = toy.run("mock", "status")
    assert result.exit_code == 0 and "toy" in result.output
    report = toy.run("mock", "report")
    assert report.exit_code == 0 and "never graded" in report.output


def test_submit_after_the_deadline_keeps_the_last_in_time_grade(toy):
    start(toy, "toy", minutes=1)
    folder = toy.workspace / "mock-1" / "toy"
    write_good_toy(folder)
    with open_store(toy) as store:
        actions.grade(store, actions.resolve(store, slug=None, file=None, cwd=folder), now=T0 + 30)
        (folder / "toy.py").write_text("broken(\n")
        report = mock.submit(store, now=T0 + 600)
        grades = store.session_grades(1)
    assert [(g.status, g.overtime) for g in grades] == [("passed", False), ("error", True)]
    assert report.score == 100 and report.verdict == "strong"
    line = report.lines[0]
    assert line.graded.status == "passed" and line.overtime_grades == 1 and line.time_used_s == 30


def test_submit_before_the_deadline_counts_however_long_grading_takes(toy):
    start(toy, "toy", minutes=1)
    write_good_toy(toy.workspace / "mock-1" / "toy")
    with open_store(toy) as store:
        report = mock.submit(store, now=T0 + 59.9)
    assert report.score == 100 and not report.lines[0].last.overtime


def test_a_session_left_open_resumes_in_a_new_process(toy):
    started = toy.subprocess("mock", "start", "--kata", "toy", "--minutes", "30")
    assert started.returncode == 0, started.stderr
    status = toy.subprocess("mock", "status")
    assert status.returncode == 0 and "Mock session 1: open" in status.stdout and "left" in status.stdout
    data = json.loads(toy.subprocess("mock", "status", "--json").stdout)
    assert data["state"] == "open" and data["katas"][0]["kata"] == "toy"
    assert 29 * 60 < data["deadline"] - time.time() <= 30 * 60


def test_no_open_session_errors(toy):
    for args in (["mock", "submit"], ["mock", "status"], ["mock", "clock"], ["mock", "abandon", "--yes"]):
        result = toy.subprocess(*args)
        assert result.returncode == 1, args
        assert result.stderr.strip() == "Error: no open mock session: start one with 'kata mock start'", args
    unknown = toy.subprocess("mock", "report", "99")
    assert unknown.returncode == 2 and unknown.stderr.strip().startswith("Error: no mock session 99")
    none_yet = toy.subprocess("mock", "report")
    assert none_yet.returncode == 1 and "no mock sessions yet" in none_yet.stderr


def test_abandon_closes_without_a_score(toy):
    start(toy, "toy", minutes=45, now=time.time())
    refused = toy.run("mock", "abandon", input="n\n")
    assert refused.exit_code == 1  # not confirmed: still open
    result = toy.run("mock", "abandon", input="y\n")
    assert result.exit_code == 0 and "Abandoned mock session 1" in result.output
    assert (toy.workspace / "mock-1" / "toy" / "toy.py").exists()
    report = toy.run("mock", "report", "1")
    assert "abandoned" in report.output and "not scored" in report.output
    listed = toy.run("mock", "list")
    assert "abandoned" in listed.output
    assert toy.run("mock", "start", "--kata", "toy").exit_code == 0  # a new one may start


# --------------------------------------------------------------------------- reports


def scored_sessions(toy, scores):
    """Sessions with the given scores, one day apart, recorded without grading."""
    with open_store(toy) as store:
        for i, score in enumerate(scores):
            now = T0 + i * 86_400
            s = mock.start(store, katas=["toy"], minutes=5, now=now).session
            record(store, "toy", score, at=now + 60, attempt_id=s.katas[0].attempt_id, session_id=s.id,
                   message="labels <b>wrong</b>", elapsed_s=60,
                   tests=[{"id": "t1", "name": "values", "category": "correctness", "points": 3,
                           "outcome": "failed" if score < 100 else "passed", "message": "expected 1 <got 2>"}])
            store.close_session(s.id, state="submitted", now=now + 120, score=score,
                                verdict=mock.verdict(score))


def test_report_shows_the_trend_against_earlier_sessions(toy):
    scored_sessions(toy, [40, 55, 72])
    result = toy.run("mock", "report")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Mock session 3: submitted" in out and "Verdict: PASS" in out
    assert "Trend (submitted sessions): #1 40 -> #2 55 -> #3 72 (this one)" in out
    assert "+17 against session 2 (55, borderline)." in out
    assert "values [correctness, 3 pts, failed]: expected 1 <got 2>" in out
    earlier = toy.run("mock", "report", "2").output
    assert "+15 against session 1" in earlier and "#3" not in earlier
    data = json.loads(toy.run("mock", "report", "3", "--json").output)
    assert data["score"] == 72 and data["verdict"] == "pass" and data["change"] == 17
    assert [t["score"] for t in data["trend"]] == [40, 55, 72]
    listed = toy.run("mock", "list").output
    assert listed.splitlines()[2].split()[0] == "3" and "pass" in listed and "not yet" in listed


def test_verdict_bands():
    assert [mock.verdict(s) for s in (100, 85, 84.9, 70, 69.9, 50, 49.9, 0)] == [
        "strong", "strong", "pass", "pass", "borderline", "borderline", "not yet", "not yet"]
    assert mock.bands_text() == "strong >= 85, pass >= 70, borderline >= 50, not yet below 50"


def test_score_is_the_mean_of_in_time_grades_minus_hint_costs(toy):
    with open_store(toy) as store:
        s = mock.start(store, katas=["toy", DESIGN], minutes=10, now=T0).session
        toy_attempt, design_attempt = (k.attempt_id for k in s.katas)
        record(store, "toy", 60, at=T0 + 60, attempt_id=toy_attempt, session_id=1)
        record(store, "toy", 90, at=T0 + 120, attempt_id=toy_attempt, session_id=1)
        record(store, "toy", 100, at=T0 + 900, attempt_id=toy_attempt, session_id=1, overtime=True)
        for index in range(3):
            store.record_hint(DESIGN, index, attempt_id=design_attempt, session_id=1)
        record(store, DESIGN, 20, at=T0 + 300, attempt_id=design_attempt, session_id=1)
        lines, score = mock.score_session(store, store.session(1))
    assert [(line.raw_score, line.hint_cost, line.score) for line in lines] == [(90, 0, 90), (20, 30, 0)]
    assert score == 45  # (90 + 0) / 2; a kata's score never goes below 0


# --------------------------------------------------------------------------- the clock


def test_clock_warns_once_each_and_ends_at_the_deadline(toy):
    session = start(toy, "toy", minutes=45).session
    fake = FakeClock(T0)
    out: list[str] = []
    reason = mock.run_clock(session, clock=fake, sleep=fake.sleep, write=out.append, live=True)
    assert reason == "deadline" and fake.now >= session.deadline
    text = "".join(out)
    warnings = [line for line in text.splitlines() if line.startswith("\a")]
    assert [w.split(":")[0] for w in warnings] == ["\aHalf time", "\a10 minutes left", "\a2 minutes left",
                                                   "\aMock session 1"]
    assert "\aHalf time: 22:30 left" in text and "\a10 minutes left: 10:00 left" in text
    assert "time is up" in warnings[-1]
    assert "\r44:59 left" in text and "\r00:01 left" in text


def test_clock_skips_warnings_already_past_and_merges_equal_ones(toy):
    session = start(toy, "toy", minutes=20).session  # half time is the 10-minute mark
    fake = FakeClock(T0 + 14 * 60)  # 6 minutes left: half time and 10 minutes are past
    out: list[str] = []
    mock.run_clock(session, clock=fake, sleep=fake.sleep, write=out.append, live=False, bell=False)
    text = "".join(out)
    assert "Half time" not in text and "10 minutes left" not in text
    assert text.count("2 minutes left: 02:00 left") == 1 and "\a" not in text
    assert "06:00 left\n" in text and "05:00 left\n" in text  # a line a minute when not a terminal
    fake = FakeClock(T0)
    out.clear()
    mock.run_clock(session, clock=fake, sleep=fake.sleep, write=out.append, live=False)
    assert "".join(out).count("left (deadline") == 2  # half time (= 10 min) and 2 minutes


def test_clock_stops_cleanly_on_ctrl_c(toy):
    session = start(toy, "toy", minutes=45).session
    fake = FakeClock(T0)

    def interrupted(seconds):
        fake.sleep(seconds)
        if fake.now > T0 + 5:
            raise KeyboardInterrupt

    out: list[str] = []
    assert mock.run_clock(session, clock=fake, sleep=interrupted, write=out.append) == "interrupted"
    assert "Clock stopped. Mock session 1 keeps running" in "".join(out)


def test_clock_ends_when_the_session_is_submitted_elsewhere(toy):
    session = start(toy, "toy", minutes=45).session
    fake = FakeClock(T0)
    polls = []

    def still_open():
        polls.append(fake.now)
        return len(polls) < 3

    out: list[str] = []
    assert mock.run_clock(session, clock=fake, sleep=fake.sleep, write=out.append,
                          still_open=still_open) == "closed"
    assert "has ended" in "".join(out) and fake.now < T0 + 60


def test_clock_command_after_the_deadline_returns_at_once(toy):
    start(toy, "toy", minutes=1, now=time.time() - 120)
    result = toy.run("mock", "clock")
    assert result.exit_code == 0 and "time is up" in result.output and "kata mock submit" in result.output


# --------------------------------------------------------------------------- a locked database


def test_a_locked_database_waits_then_fails_with_one_line(toy, monkeypatch):
    toy.run("list")  # create the database
    db = toy.home / "kata.db"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store(db, busy_timeout_ms=150) as store:
            began = time.monotonic()
            with pytest.raises(StateError) as excinfo:
                store.create_session(started_at=T0, minutes=1, seed=1, options={})
            assert time.monotonic() - began >= 0.1  # it waited first
        message = str(excinfo.value)
        assert str(db) in message and "locked by another kata process" in message
        monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 150)
        result = toy.run("mock", "start", "--kata", "toy")
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: the state database {db} is locked by another kata process")
        assert result.output.count("\n") == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert toy.run("mock", "start", "--kata", "toy").exit_code == 0  # free again


def test_help_teaches_with_examples(toy):
    top = toy.run("mock", "--help").output
    for text in ("kata mock start --minutes 45 --count 2", "overtime", "10 points",
                 "strong >= 85", "kata mock report --html report.html"):
        assert text in top
    assert "kata mock start --kata kmeans --kata design-newsfeed --minutes 60" in \
        toy.run("mock", "start", "--help").output
    for sub in ("status", "clock", "submit", "report", "list", "abandon"):
        result = toy.run("mock", sub, "--help")
        assert result.exit_code == 0 and "Usage: kata mock " + sub in result.output
    assert "kata next" in toy.run("--help").output and "kata mock start" in toy.run("--help").output


def test_refuse_reference_only_for_the_open_sessions_katas(toy):
    start(toy, "toy", minutes=45, now=time.time())
    with open_store(toy) as store:
        with pytest.raises(KataError, match="open mock session 1"):
            mock.refuse_reference(store, get_kata("toy"))
        mock.refuse_reference(store, get_kata(DESIGN))  # not in the session: fine


def test_a_session_with_the_real_coding_katas(env):
    result = env.run("mock", "start", "--kata", "kmeans", "--kata", "tfidf", "--minutes", "90")
    assert result.exit_code == 0, result.output
    base = env.workspace / "mock-1"
    assert "raise NotImplementedError" in (base / "kmeans" / "kmeans.py").read_text()
    assert (base / "tfidf" / "README.md").is_file()
    shutil.copy(ROOT / "solutions" / "kmeans.py", base / "kmeans" / "kmeans.py")
    shutil.rmtree(base / "tfidf")
    submitted = env.subprocess("mock", "submit", timeout=300)
    assert submitted.returncode == 0, submitted.stderr
    assert "Score: 50 / 100   Verdict: BORDERLINE" in submitted.stdout
    assert "its folder was deleted" in submitted.stdout
    assert "def " in env.run("solution", "kmeans").output  # open again once submitted


# --------------------------------------------------------------------------- submit never loses data


def _locked(db):
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def _waited(message):
    import re

    found = re.search(r"gave up after waiting ([0-9.]+) s", message)
    assert found, message
    return float(found.group(1))


def test_a_store_error_during_submit_records_nothing_and_keeps_the_session_open(toy, monkeypatch):
    start(toy, "toy", minutes=45)
    folder = toy.workspace / "mock-1" / "toy"
    write_good_toy(folder)
    with open_store(toy) as store:
        attempt_id = store.session(1).katas[0].attempt_id
        record(store, "toy", 100, at=T0 + 60, attempt_id=attempt_id, session_id=1)
    real = Store.record_grade
    calls = []

    def flaky(self, *args, **kwargs):  # the database is busy once, then free again
        calls.append(1)
        if len(calls) == 1:
            raise StateError("the state database kata.db is locked by another kata process "
                             "(gave up after waiting 10 s); try again when it has finished")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "record_grade", flaky)
    with open_store(toy) as store:
        with pytest.raises(StateError) as excinfo:
            mock.submit(store, now=T0 + 120)
        message = str(excinfo.value)
        assert "Nothing was recorded and mock session 1 is still open" in message
        assert "'kata mock submit' grades it again" in message and "\n" not in message
        session = store.session(1)
        assert session.state == "open" and session.score is None
        assert [g.score for g in store.session_grades(1)] == [100]  # the in-time 100 is intact
        report = mock.submit(store, now=T0 + 130)  # free again: a second submit works
    assert report.session.state == "submitted" and report.score == 100


def test_a_locked_database_during_submit_waits_once_and_says_so(toy, monkeypatch):
    start(toy, "toy", minutes=45, now=time.time())
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 600)
    monkeypatch.setattr(actions, "evaluate", lambda target, now: _fake_grade(target, 100))
    db = toy.home / "kata.db"
    holder = _locked(db)
    try:
        began = time.monotonic()
        result = toy.run("mock", "submit")
        took = time.monotonic() - began
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith(f"Error: the state database {db} is locked by another kata process")
    assert "mock session 1 is still open" in error and "before the deadline" in error
    waited = _waited(error)
    assert 0.5 <= waited <= took and took < 2 * 0.6  # one wait, and the message tells it
    with open_store(toy) as store:
        assert store.session(1).state == "open" and store.session_grades(1) == []


def _fake_grade(target, score):
    from kata_cli.grading import GradeResult

    return GradeResult(kata=target.kata.slug, submission=str(target.path), status="passed" if score == 100
                       else "failed", passed=score == 100, score=float(score), max_score=100.0,
                       message=None, tests=[])


def test_ctrl_c_during_submit_keeps_the_session_open(toy, monkeypatch):
    start(toy, "toy", DESIGN, minutes=45, now=time.time())
    calls = []

    def interrupted(target, now):
        calls.append(target.kata.slug)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return _fake_grade(target, 100)

    monkeypatch.setattr(actions, "evaluate", interrupted)
    result = toy.run("mock", "submit")
    assert result.exit_code == 130
    assert "interrupted: nothing was recorded and mock session 1 is still open" in result.stderr
    assert "'kata mock submit' grades it again" in result.stderr
    with open_store(toy) as store:
        assert store.session(1).state == "open" and store.session_grades(1) == []


def test_lock_errors_state_the_time_actually_waited(toy):
    toy.run("list")
    db = toy.home / "kata.db"
    holder = _locked(db)
    try:
        with Store(db, busy_timeout_ms=200) as store:
            began = time.monotonic()
            with pytest.raises(StateError) as excinfo:
                store.record_hint("toy", 0, attempt_id=None)
            took = time.monotonic() - began
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    waited = _waited(str(excinfo.value))
    assert 0.15 <= waited <= took + 0.05


# --------------------------------------------------------------------------- grading under a lock


def test_grade_under_a_lock_shows_the_result_then_the_error(toy, monkeypatch):
    toy.run("start", "toy")
    folder = toy.workspace / "toy"
    write_good_toy(folder)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 150)
    holder = _locked(toy.home / "kata.db")
    try:
        human = toy.run("grade", cwd=folder)
        as_json = toy.run("grade", "--json", cwd=folder)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert human.exit_code == 1
    assert "Score: 100 / 100   PASSED" in human.stdout
    error = human.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: this grade was not recorded: the state database")
    assert "locked by another kata process" in error
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["passed"] is True
    assert as_json.stderr.strip().splitlines()[-1].startswith("Error: this grade was not recorded")
    with open_store(toy) as store:
        assert store.grades("toy") == []


# --------------------------------------------------------------------------- starting: all or nothing


def test_a_start_that_cannot_create_its_folder_leaves_no_session(toy, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with open_store(toy) as store:
        with pytest.raises(KataError, match="no session was started"):
            mock.start(store, katas=["toy"], minutes=5, now=T0, root=blocker / "ws")
        assert store.sessions() == [] and store.attempts() == []
        again = mock.start(store, katas=["toy"], minutes=5, now=T0)
    assert again.session.id == 1  # the failed start used no id


def test_a_start_failing_half_way_removes_what_it_created(toy, monkeypatch):
    real = mock.workspace.start

    def second_fails(kata, store, **kwargs):
        if kata.slug == DESIGN:
            raise KataError("the disk is full")
        return real(kata, store, **kwargs)

    monkeypatch.setattr(mock.workspace, "start", second_fails)
    result = toy.run("mock", "start", "--kata", "toy", "--kata", DESIGN)
    assert result.exit_code == 1 and "the disk is full" in result.output
    assert not (toy.workspace / "mock-1").exists()
    assert toy.run("mock", "list").output.startswith("No mock sessions yet")
    with open_store(toy) as store:
        assert store.attempts() == []


def test_a_cli_start_in_an_unusable_workspace_is_one_line(toy, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("KATA_WORKSPACE", str(blocker))
    result = toy.run("mock", "start", "--kata", "toy")
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "cannot create the workspace folder" in result.output and "no session was started" in result.output
    assert toy.run("mock", "list").output.startswith("No mock sessions yet")


def test_a_session_is_seen_by_others_only_once_complete(toy, monkeypatch):
    real = mock.workspace.start
    seen = []

    def watching(kata, store, **kwargs):
        with Store(toy.home / "kata.db", busy_timeout_ms=100) as other:
            seen.append(other.open_session())
        return real(kata, store, **kwargs)

    monkeypatch.setattr(mock.workspace, "start", watching)
    start(toy, "toy", DESIGN)
    assert seen == [None, None]  # another process never sees a session without its katas
    with open_store(toy) as store:
        assert store.open_session().slugs == ["toy", DESIGN]


def test_the_refusal_never_shows_an_empty_kata_list(toy):
    with open_store(toy) as store:
        store.create_session(started_at=T0, minutes=5, seed=None, options={})  # no katas (yet)
        message = mock._open_hint(store.open_session(), T0)
    assert ", ;" not in message and "(started" in message and "5:00 left" in message


def test_bad_input_gets_its_own_message_while_a_session_is_open(toy):
    start(toy, "toy", now=time.time())
    cases = [
        (["--count", "0"], "--count must be at least 1"),
        (["--kata", "tyo"], "no kata named 'tyo'"),
        (["--topic", "nope"], "no kata has topic 'nope'"),
        (["--minutes", "0.01"], "--minutes must be at least 0.1"),
        (["--kata", DESIGN, "--seed", "1"], "--seed only steers a random pick"),
    ]
    for args, message in cases:
        result = toy.run("mock", "start", *args)
        assert result.exit_code == 2 and message in result.output, (args, result.output)
    refused = toy.run("mock", "start", "--kata", DESIGN)
    assert refused.exit_code == 1 and "mock session 1 is still open" in refused.output


def test_minutes_are_shown_in_a_human_form(toy):
    assert [mock.minutes_text(m) for m in (0.1, 0.5, 1, 1.5, 45, 60, 90, 1440)] == [
        "6 s", "30 s", "1 min", "1 min 30 s", "45 min", "1 h", "1 h 30 min", "24 h"]
    assert "at least 0.1" in toy.run("mock", "start", "--help").output


def test_kind_mixed_says_when_it_cannot_mix(toy):
    result = toy.run("mock", "start", "--kind", "mixed", "--count", "1", "--minutes", "5")
    assert result.exit_code == 0, result.output
    assert "Note: --kind mixed: one kata cannot mix kinds" in result.output
    katas = fake_katas(toy)
    assert "there is no design kata with topic nlp" in mock._mixed_note(katas, 2, "nlp")
    assert mock._mixed_note(katas, 2, None) is None


def test_a_session_of_named_katas_has_no_seed(toy):
    toy.run("mock", "start", "--kata", "toy", "--minutes", "5")
    data = json.loads(toy.run("mock", "status", "--json").output)
    assert data["seed"] is None


# --------------------------------------------------------------------------- hints, wherever taken


def test_a_hint_for_a_session_kata_costs_in_its_normal_folder_too(toy):
    toy.run("start", "toy")  # a normal attempt, from before the session
    start(toy, "toy", minutes=45, now=time.time())
    result = toy.run("hint", cwd=toy.workspace / "toy")
    assert result.exit_code == 0
    assert "Mock session 1: each hint costs 10 points of toy's score" in result.output
    with open_store(toy) as store:
        assert store.session_hints(1) == {"toy": 1}
        assert store.hints_taken("toy", store.current_attempt("toy").id) == []  # not the normal attempt's


def test_hints_after_the_deadline_cost_nothing(toy):
    start(toy, "toy", minutes=1)
    kata = get_kata("toy")
    with open_store(toy) as store:
        first = actions.next_hint(store, kata, cwd=toy.home, now=T0 + 30)
        late = actions.next_hint(store, kata, cwd=toy.home, now=T0 + 90)
        assert first.charged and not late.charged and late.session_hints == 1
        record(store, "toy", 100, at=T0 + 45, attempt_id=store.session(1).katas[0].attempt_id,
               session_id=1)
        (line,), score = mock.score_session(store, store.session(1))
    assert (line.hints, line.late_hints, line.hint_cost, score) == (1, 1, 10, 90)
    note = mock.hint_cost_note(late.session, kata, late.session_hints, charged=False, now=T0 + 90)
    assert "over time: this hint costs nothing" in note
    assert "1 (-10) + 1 after the deadline (free)" in toy.run("mock", "report").output


def test_a_hint_after_the_deadline_says_it_is_free(toy):
    start(toy, "toy", minutes=1, now=time.time() - 120)
    result = toy.run("hint", "toy")
    assert result.exit_code == 0 and "is over time: this hint costs nothing" in result.output


# --------------------------------------------------------------------------- deleted session folders


def test_kata_start_of_a_session_kata_restores_the_session_folder(toy):
    start(toy, "toy", minutes=45, now=time.time())
    folder = toy.workspace / "mock-1" / "toy"
    shutil.rmtree(folder)
    status = toy.run("mock", "status")
    assert "(DELETED)" in status.output
    assert "Missing: toy: its folder was deleted. 'kata start toy' restores" in status.output
    grade = toy.run("grade", "toy")
    assert grade.exit_code == 2 and "'kata start toy' restores the stub in the session's folder" in grade.output
    fresh = toy.run("start", "toy", "--fresh")
    assert fresh.exit_code == 2 and "part of the open mock session 1" in fresh.output
    started = toy.run("start", "toy")
    assert started.exit_code == 0, started.output
    assert "toy is part of the open mock session 1" in started.output
    assert "Restored missing file(s) in it: README.md, toy.py, test_examples.py" in started.output
    assert (folder / "toy.py").is_file() and not (toy.workspace / "toy").exists()
    write_good_toy(folder)
    assert toy.run("grade", "toy").exit_code == 0
    (grade,) = session_grades(toy, 1)
    assert grade.passed and grade.session_id == 1
    assert "Missing" not in toy.run("mock", "status").output


def test_status_flags_a_deleted_file(toy):
    start(toy, "toy", minutes=45, now=time.time())
    (toy.workspace / "mock-1" / "toy" / "toy.py").unlink()
    out = toy.run("mock", "status").output
    assert "Missing: toy: toy.py was deleted" in out
    data = json.loads(toy.run("mock", "status", "--json").output)
    assert data["katas"][0]["missing"] == "toy.py"


# --------------------------------------------------------------------------- a folder is its own file


def test_grading_in_a_leftover_folder_grades_the_file_in_it(toy):
    old = toy.workspace / "mock-1" / "toy"  # from another history, on the same workspace
    old.mkdir(parents=True)
    write_good_toy(old)
    start(toy, "toy", minutes=45, now=time.time())  # the new session gets mock-1-2
    assert (toy.workspace / "mock-1-2" / "toy" / "toy.py").is_file()
    result = toy.run("grade", "--json", cwd=old)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["submission"] == str((old / "toy.py").resolve())
    assert "is not the folder of any attempt in this history" in result.stderr
    with open_store(toy) as store:
        (grade,) = store.grades("toy")
        assert grade.attempt_id is None and grade.session_id is None
    by_slug = toy.run("grade", "toy", "--json", cwd=old)  # the slug of this folder: still this file
    assert json.loads(by_slug.stdout)["submission"] == str((old / "toy.py").resolve())
    elsewhere = toy.run("grade", "toy", "--json", cwd=toy.home)  # elsewhere: the session's
    assert "mock-1-2" in json.loads(elsewhere.stdout)["submission"]


# --------------------------------------------------------------------------- the clock and history


def test_the_clock_rings_no_bell_outside_a_terminal(toy, monkeypatch):
    start(toy, "toy", minutes=1)
    fake = FakeClock(T0)
    monkeypatch.setattr(time, "time", fake)
    monkeypatch.setattr(time, "sleep", fake.sleep)
    result = toy.run("mock", "clock")
    assert result.exit_code == 0 and "Half time" in result.output and "time is up" in result.output
    assert "\a" not in result.output and "\r" not in result.output


def test_history_marks_mock_and_overtime_grades(toy):
    start(toy, "toy", minutes=1)
    with open_store(toy) as store:
        attempt_id = store.session(1).katas[0].attempt_id
        record(store, "toy", 50, at=T0 + 30, attempt_id=attempt_id, session_id=1)
        record(store, "toy", 100, at=T0 + 90, attempt_id=attempt_id, session_id=1, overtime=True)
    lines = toy.run("history").output.splitlines()
    assert lines[2].rstrip().endswith("mock 1") and lines[3].rstrip().endswith("mock 1 overtime")
