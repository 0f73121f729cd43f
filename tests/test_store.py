"""The state database: fresh start, migrations, concurrency, and unreadable files left alone."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from kata_cli.errors import StateError
from kata_cli.store import SCHEMA_VERSION, Store
from tests.conftest import TOY_GOOD


def test_missing_database_starts_fresh(tmp_path):
    path = tmp_path / "deep" / "kata.db"
    with Store(path) as store:
        assert store.grades() == [] and store.attempts() == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_records_round_trip(tmp_path):
    with Store(tmp_path / "kata.db") as store:
        attempt = store.start_attempt("kmeans", "/w/kmeans", now=100.0)
        assert store.current_attempt("kmeans") == attempt
        result = {"kata": "kmeans", "submission": "/w/kmeans/kmeans.py", "status": "failed",
                  "passed": False, "score": 40.0, "duration_s": 1.0, "elapsed_s": 60.0, "tests": []}
        store.record_grade(result, attempt_id=attempt.id, now=160.0)
        store.record_hint("kmeans", 0, attempt_id=attempt.id)
        store.record_reveal("kmeans", attempt_id=attempt.id, forced=False)
        (grade,) = store.grades("kmeans")
        assert grade.score == 40.0 and grade.result == result and grade.elapsed_s == 60.0
        assert store.hints_taken("kmeans", attempt.id) == [0]
        assert store.reveals("kmeans") == 1
        assert store.summary()["kmeans"] == {"best": 40.0, "passed": False, "grades": 1, "attempts": 1}
        store.archive_attempt(attempt.id, "/w/kmeans/.attempts/x", now=200.0)
        assert store.current_attempt("kmeans") is None


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000])
def test_corrupt_database_is_reported_and_left_untouched(tmp_path, content):
    path = tmp_path / "kata.db"
    path.write_bytes(content)
    with pytest.raises(StateError) as excinfo:
        Store(path)
    assert str(path) in str(excinfo.value) and "left untouched" in str(excinfo.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kata.db"]  # no -wal or -shm either


def test_a_directory_in_place_of_the_database_is_reported(tmp_path):
    (tmp_path / "kata.db").mkdir()
    with pytest.raises(StateError, match="is a directory"):
        Store(tmp_path / "kata.db")


def test_a_database_from_a_newer_kata_is_not_touched(tmp_path):
    path = tmp_path / "kata.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StateError, match="newer kata"):
        Store(path)
    assert path.read_bytes() == before


def test_cli_reports_a_corrupt_database_cleanly(toy):
    db = toy.home / "kata.db"
    db.write_bytes(b"garbage" * 1000)
    for args in (["list"], ["start", "toy"], ["history"]):
        result = toy.subprocess(*args)
        assert result.returncode == 1, args
        assert result.stderr.startswith("Error: cannot use the state database") and str(db) in result.stderr
        assert "Traceback" not in result.stderr
    assert db.read_bytes() == b"garbage" * 1000


def test_concurrent_grades_are_both_recorded(toy):
    toy.run("start", "toy")
    folder = toy.workspace / "toy"
    (folder / "toy.py").write_text(TOY_GOOD)
    procs = [
        subprocess.Popen([sys.executable, "-m", "kata_cli", "grade", "--json"], cwd=folder,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    codes = [p.wait(timeout=120) for p in procs]
    assert codes == [0, 0, 0], [p.stderr.read() for p in procs]
    with Store(toy.home / "kata.db") as store:
        grades = store.grades("toy")
    assert len(grades) == 3 and all(g.passed and g.attempt_id is not None for g in grades)


def test_a_version_1_database_migrates_without_losing_anything(tmp_path):
    from kata_cli.store import MIGRATIONS

    path = tmp_path / "kata.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO attempts (slug, started_at, path) VALUES ('kmeans', 100, '/w/kmeans')")
    conn.execute(
        "INSERT INTO grades (attempt_id, slug, graded_at, submission, status, score, passed, "
        "duration_s, elapsed_s, result_json) VALUES (1, 'kmeans', 160, '/w/kmeans/kmeans.py', "
        "'passed', 100, 1, 1.5, 60, '{\"kata\": \"kmeans\", \"score\": 100}')"
    )
    conn.execute("INSERT INTO hints (attempt_id, slug, hint_index, taken_at) VALUES (1, 'kmeans', 0, 120)")
    conn.execute("INSERT INTO reveals (attempt_id, slug, revealed_at, forced) VALUES (1, 'kmeans', 170, 0)")
    conn.commit()
    conn.close()
    with Store(path) as store:
        (attempt,) = store.attempts()
        assert (attempt.slug, attempt.started_at, attempt.path) == ("kmeans", 100, "/w/kmeans")
        assert store.current_attempt("kmeans") == attempt
        (grade,) = store.grades()
        assert grade.score == 100 and grade.passed and grade.elapsed_s == 60
        assert grade.result == {"kata": "kmeans", "score": 100}
        assert grade.session_id is None and grade.overtime is False
        assert store.hints_taken("kmeans", 1) == [0] and store.reveals("kmeans") == 1
        assert store.sessions() == [] and store.open_session() is None
        session_id = store.create_session(started_at=200, minutes=1, seed=3, options={"count": 1})
        assert store.session(session_id).deadline == 260
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    conn.close()


def test_the_busy_timeout_is_injectable(tmp_path):
    with Store(tmp_path / "kata.db", busy_timeout_ms=250) as store:
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 250
