"""The state database: the only module that touches SQLite (DESIGN.md section 5).

Location: ``$KATA_HOME/kata.db``, else ``kata.db`` in the application directory the CLI passes
in. WAL mode and a busy timeout let several ``kata`` processes write at once (two concurrent
grades are both recorded). A missing database starts fresh. A file that is not a readable
SQLite database, or one written by a newer ``kata``, is reported with its path and never
written to: it is opened read-only first, and only a healthy database is opened for writing.

Schema (``PRAGMA user_version`` = SCHEMA_VERSION; MIGRATIONS[i] moves version i to i+1). Times
are Unix seconds.

    attempts(id, slug, started_at, path, archived_at, archive_path)
        one ``kata start``; archived_at is set when ``start --fresh`` moves it aside.
    grades(id, attempt_id -> attempts, slug, graded_at, submission, status, score, passed,
           duration_s, elapsed_s, result_json)
        one ``kata grade``; result_json is the whole result object of DESIGN.md section 4.
    hints(id, attempt_id -> attempts, slug, hint_index, taken_at)
    reveals(id, attempt_id -> attempts, slug, revealed_at, forced)
        a solution or diff shown; forced = 1 when --reveal was used before any grade.

Version 2 (timed mock interviews, kata_cli/mock.py):

    mock_sessions(id, started_at, minutes, deadline, seed, folder, state, closed_at, score,
                  verdict, options_json)
        one ``kata mock start``; deadline = started_at + 60 * minutes (wall time); folder is
        ``<workspace>/mock-<id>``; state is open | submitted | abandoned, and at most one session
        is open (a partial unique index); score (0-100) and verdict are set by submit;
        options_json records how the katas were picked (count, kind, topic, explicit katas).
    mock_katas(session_id -> mock_sessions, position, slug, attempt_id -> attempts)
        the session's katas in order, each with the attempt started in its folder.
    grades.session_id -> mock_sessions, grades.overtime
        a grade made in an open session's folder is linked to it; overtime = 1 when it was made
        after the deadline (it then does not count toward the session score).
    hints.session_id -> mock_sessions
        a hint taken for a kata of an open session (it costs points in that session).
"""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from kata_cli.errors import StateError

DB_NAME = "kata.db"
BUSY_TIMEOUT_MS = 10_000

MIGRATIONS: list[str] = [
    """
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL,
        started_at REAL NOT NULL,
        path TEXT NOT NULL,
        archived_at REAL,
        archive_path TEXT
    );
    CREATE INDEX attempts_slug ON attempts(slug, started_at);
    CREATE TABLE grades (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER REFERENCES attempts(id),
        slug TEXT NOT NULL,
        graded_at REAL NOT NULL,
        submission TEXT NOT NULL,
        status TEXT NOT NULL,
        score REAL NOT NULL,
        passed INTEGER NOT NULL,
        duration_s REAL,
        elapsed_s REAL,
        result_json TEXT NOT NULL
    );
    CREATE INDEX grades_slug ON grades(slug, graded_at);
    CREATE TABLE hints (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER REFERENCES attempts(id),
        slug TEXT NOT NULL,
        hint_index INTEGER NOT NULL,
        taken_at REAL NOT NULL
    );
    CREATE TABLE reveals (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER REFERENCES attempts(id),
        slug TEXT NOT NULL,
        revealed_at REAL NOT NULL,
        forced INTEGER NOT NULL
    );
    """,
    """
    CREATE TABLE mock_sessions (
        id INTEGER PRIMARY KEY,
        started_at REAL NOT NULL,
        minutes REAL NOT NULL,
        deadline REAL NOT NULL,
        seed INTEGER,
        folder TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'open',
        closed_at REAL,
        score REAL,
        verdict TEXT,
        options_json TEXT NOT NULL DEFAULT '{}'
    );
    CREATE UNIQUE INDEX mock_sessions_one_open ON mock_sessions(state) WHERE state = 'open';
    CREATE TABLE mock_katas (
        session_id INTEGER NOT NULL REFERENCES mock_sessions(id),
        position INTEGER NOT NULL,
        slug TEXT NOT NULL,
        attempt_id INTEGER REFERENCES attempts(id),
        PRIMARY KEY (session_id, position)
    );
    CREATE INDEX mock_katas_attempt ON mock_katas(attempt_id);
    ALTER TABLE grades ADD COLUMN session_id INTEGER REFERENCES mock_sessions(id);
    ALTER TABLE grades ADD COLUMN overtime INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE hints ADD COLUMN session_id INTEGER REFERENCES mock_sessions(id);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
SESSION_STATES = ("open", "submitted", "abandoned")


@dataclass(frozen=True)
class Attempt:
    id: int
    slug: str
    started_at: float
    path: str
    archived_at: float | None
    archive_path: str | None


@dataclass(frozen=True)
class Grade:
    id: int
    attempt_id: int | None
    slug: str
    graded_at: float
    submission: str
    status: str
    score: float
    passed: bool
    duration_s: float | None
    elapsed_s: float | None
    result: dict[str, Any]
    session_id: int | None = None
    overtime: bool = False


@dataclass(frozen=True)
class SessionKata:
    position: int
    slug: str
    attempt_id: int | None


@dataclass(frozen=True)
class MockSession:
    """A timed mock interview (table mock_sessions, with its katas in order)."""

    id: int
    started_at: float
    minutes: float
    deadline: float
    seed: int | None
    folder: str
    state: str
    closed_at: float | None
    score: float | None
    verdict: str | None
    options: dict[str, Any]
    katas: tuple[SessionKata, ...]

    @property
    def slugs(self) -> list[str]:
        return [k.slug for k in self.katas]


def _unreadable(path: Path, detail: str) -> StateError:
    return StateError(
        f"cannot use the state database {path}: {detail}. It was left untouched; "
        "move it aside to start with a fresh history, or set KATA_HOME to use another folder."
    )


def _seconds(seconds: float) -> str:
    return f"{seconds:.1f}" if seconds < 10 else f"{seconds:.0f}"


def _locked(path: Path, waited_s: float) -> StateError:
    """The one-line error of a lock we waited for in vain; ``waited_s`` is the time actually
    spent waiting by the statement that gave up (measured, not the configured timeout)."""
    return StateError(
        f"the state database {path} is locked by another kata process "
        f"(gave up after waiting {_seconds(waited_s)} s); try again when it has finished"
    )


def _is_locked(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def _check_readable(path: Path, timeout_s: float) -> None:
    """Open an existing database read-only and make sure it is one we can use."""
    if path.is_dir():
        raise _unreadable(path, "it is a directory")
    began = time.monotonic()
    try:
        with path.open("rb") as handle:
            handle.read(1)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout_s)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except OSError as exc:
        raise _unreadable(path, exc.strerror or str(exc)) from None
    except sqlite3.OperationalError as exc:
        if _is_locked(exc):  # busy, not broken: never advise moving it aside
            raise _locked(path, time.monotonic() - began) from None
        raise _unreadable(path, str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, str(exc)) from None
    if version > SCHEMA_VERSION:
        raise _unreadable(
            path, f"it was written by a newer kata (schema {version}, this one knows {SCHEMA_VERSION})"
        )


class Store:
    """A connection to the state database. Use as a context manager or call close().

    ``busy_timeout_ms`` (default BUSY_TIMEOUT_MS) is how long a statement waits for another
    process's lock before the one-line "locked" error.
    """

    def __init__(self, path: Path, *, busy_timeout_ms: int | None = None) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = BUSY_TIMEOUT_MS if busy_timeout_ms is None else int(busy_timeout_ms)
        if self.path.exists():
            _check_readable(self.path, self.busy_timeout_ms / 1000)
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _unreadable(self.path, f"its folder cannot be created ({exc.strerror})") from None
        began = time.monotonic()
        try:
            self.conn = sqlite3.connect(
                self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {self.busy_timeout_ms}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.OperationalError as exc:
            if _is_locked(exc):
                raise _locked(self.path, time.monotonic() - began) from None
            raise _unreadable(self.path, str(exc)) from None
        except sqlite3.DatabaseError as exc:
            raise _unreadable(self.path, str(exc)) from None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version >= SCHEMA_VERSION:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]  # re-read under the lock
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _execute(self, sql: str, params: tuple[Any, ...], *, doing: str,
                 fetch: bool = False) -> Any:
        """Run one statement (and fetch its rows with ``fetch``); a lock we waited for in
        vain, or any other failure, becomes a one-line StateError (``doing`` says what we were
        doing: "read", "write to")."""
        began = time.monotonic()
        try:
            cursor = self.conn.execute(sql, params)
            return cursor.fetchall() if fetch else cursor
        except sqlite3.OperationalError as exc:
            if _is_locked(exc):
                raise _locked(self.path, time.monotonic() - began) from None
            raise StateError(f"could not {doing} the state database {self.path}: {exc}") from None

    def _write(self, sql: str, params: tuple[Any, ...]) -> int:
        cursor = self._execute(sql, params, doing="write to")
        return int(cursor.lastrowid or 0)

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[sqlite3.Row]:
        return iter(self._execute(sql, params, doing="read", fetch=True))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything written inside happens at once or not at all (BEGIN IMMEDIATE: the write
        lock is taken first, so what is read inside cannot change before the commit). Any
        exception, Ctrl-C included, rolls it back. Nested use joins the outer transaction."""
        if self.conn.in_transaction:
            yield
            return
        self._execute("BEGIN IMMEDIATE", (), doing="write to")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self._execute("COMMIT", (), doing="write to")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # attempts
    def start_attempt(self, slug: str, path: str, *, now: float | None = None) -> Attempt:
        now = time.time() if now is None else now
        attempt_id = self._write(
            "INSERT INTO attempts (slug, started_at, path) VALUES (?, ?, ?)", (slug, now, path)
        )
        return Attempt(attempt_id, slug, now, path, None, None)

    def current_attempt(self, slug: str, *, path: str | None = None) -> Attempt | None:
        """The latest attempt at ``slug`` that was not archived: the one in folder ``path``
        when given, else the latest outside mock sessions (a session's attempts live in its
        own folder and are found through the session)."""
        if path is not None:
            where, params = "AND path = ?", (slug, path)
        else:
            where = "AND id NOT IN (SELECT attempt_id FROM mock_katas WHERE attempt_id IS NOT NULL)"
            params = (slug,)
        rows = list(self._rows(
            f"SELECT * FROM attempts WHERE slug = ? AND archived_at IS NULL {where} "
            "ORDER BY started_at DESC, id DESC LIMIT 1",
            params,
        ))
        return Attempt(**dict(rows[0])) if rows else None

    def attempt(self, attempt_id: int) -> Attempt | None:
        rows = list(self._rows("SELECT * FROM attempts WHERE id = ?", (attempt_id,)))
        return Attempt(**dict(rows[0])) if rows else None

    def attempts(self, slug: str | None = None) -> list[Attempt]:
        where, params = ("WHERE slug = ?", (slug,)) if slug else ("", ())
        rows = self._rows(f"SELECT * FROM attempts {where} ORDER BY started_at, id", params)
        return [Attempt(**dict(r)) for r in rows]

    def archive_attempt(self, attempt_id: int, archive_path: str, *, now: float | None = None) -> None:
        now = time.time() if now is None else now
        self._write(
            "UPDATE attempts SET archived_at = ?, archive_path = ? WHERE id = ?",
            (now, archive_path, attempt_id),
        )

    # grades
    def record_grade(
        self, result: dict[str, Any], *, attempt_id: int | None, now: float | None = None,
        session_id: int | None = None, overtime: bool = False,
    ) -> int:
        now = time.time() if now is None else now
        return self._write(
            "INSERT INTO grades (attempt_id, slug, graded_at, submission, status, score, passed, "
            "duration_s, elapsed_s, result_json, session_id, overtime) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                attempt_id, result["kata"], now, result["submission"], result["status"],
                float(result["score"]), int(bool(result["passed"])), result.get("duration_s"),
                result.get("elapsed_s"), json.dumps(result), session_id, int(bool(overtime)),
            ),
        )

    def grades(self, slug: str | None = None) -> list[Grade]:
        where, params = ("WHERE slug = ?", (slug,)) if slug else ("", ())
        rows = self._rows(f"SELECT * FROM grades {where} ORDER BY graded_at, id", params)
        return [_grade(r) for r in rows]

    def session_grades(self, session_id: int) -> list[Grade]:
        """The grades linked to a mock session, in time order."""
        rows = self._rows(
            "SELECT * FROM grades WHERE session_id = ? ORDER BY graded_at, id", (session_id,)
        )
        return [_grade(r) for r in rows]

    def has_grade(self, slug: str) -> bool:
        return bool(list(self._rows("SELECT 1 FROM grades WHERE slug = ? LIMIT 1", (slug,))))

    def summary(self) -> dict[str, dict[str, Any]]:
        """Per slug: best score, whether it was ever passed, attempt and grade counts."""
        out: dict[str, dict[str, Any]] = {}
        for row in self._rows(
            "SELECT slug, MAX(score) AS best, MAX(passed) AS passed, COUNT(*) AS grades "
            "FROM grades GROUP BY slug"
        ):
            out[row["slug"]] = {"best": row["best"], "passed": bool(row["passed"]), "grades": row["grades"]}
        for row in self._rows("SELECT slug, COUNT(*) AS n FROM attempts GROUP BY slug"):
            out.setdefault(row["slug"], {"best": None, "passed": False, "grades": 0})["attempts"] = row["n"]
        return out

    # hints and reveals
    def record_hint(self, slug: str, index: int, *, attempt_id: int | None, now: float | None = None,
                    session_id: int | None = None) -> None:
        now = time.time() if now is None else now
        self._write(
            "INSERT INTO hints (attempt_id, slug, hint_index, taken_at, session_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (attempt_id, slug, index, now, session_id),
        )

    def session_hints(self, session_id: int, *, until: float | None = None,
                      after: float | None = None) -> dict[str, int]:
        """Per slug, how many hints were taken in a mock session (only those taken at or
        before ``until``, or only those after ``after``, when given)."""
        where, params = "session_id = ?", [session_id]
        if until is not None:
            where += " AND taken_at <= ?"
            params.append(until)
        if after is not None:
            where += " AND taken_at > ?"
            params.append(after)
        rows = self._rows(
            f"SELECT slug, COUNT(*) AS n FROM hints WHERE {where} GROUP BY slug", tuple(params)
        )
        return {r["slug"]: int(r["n"]) for r in rows}

    def hints_taken(self, slug: str, attempt_id: int | None) -> list[int]:
        """Indices of the hints taken in this attempt (or outside any attempt), in order."""
        if attempt_id is None:
            rows = self._rows(
                "SELECT hint_index FROM hints WHERE slug = ? AND attempt_id IS NULL ORDER BY id", (slug,)
            )
        else:
            rows = self._rows(
                "SELECT hint_index FROM hints WHERE attempt_id = ? ORDER BY id", (attempt_id,)
            )
        return [r["hint_index"] for r in rows]

    def record_reveal(self, slug: str, *, attempt_id: int | None, forced: bool, now: float | None = None) -> None:
        now = time.time() if now is None else now
        self._write(
            "INSERT INTO reveals (attempt_id, slug, revealed_at, forced) VALUES (?, ?, ?, ?)",
            (attempt_id, slug, now, int(forced)),
        )

    def reveals(self, slug: str) -> int:
        rows = list(self._rows("SELECT COUNT(*) AS n FROM reveals WHERE slug = ?", (slug,)))
        return int(rows[0]["n"])

    # mock sessions
    def create_session(self, *, started_at: float, minutes: float, seed: int | None,
                       options: dict[str, Any]) -> int:
        """Insert a new open session and return its id; SessionOpen naming the open one if a
        session is open already (checked under the write lock, so two starts cannot race).
        Inside an outer transaction() the session is seen by other processes only once that
        transaction commits, with everything else it wrote."""
        with self.transaction():
            open_now = self.open_session()
            if open_now is not None:
                raise SessionOpen(open_now)
            return self._write(
                "INSERT INTO mock_sessions (started_at, minutes, deadline, seed, options_json) "
                "VALUES (?, ?, ?, ?, ?)",
                (started_at, minutes, started_at + 60.0 * minutes, seed, json.dumps(options)),
            )

    def set_session_folder(self, session_id: int, folder: str) -> None:
        self._write("UPDATE mock_sessions SET folder = ? WHERE id = ?", (folder, session_id))

    def add_session_kata(self, session_id: int, position: int, slug: str, attempt_id: int | None) -> None:
        self._write(
            "INSERT INTO mock_katas (session_id, position, slug, attempt_id) VALUES (?, ?, ?, ?)",
            (session_id, position, slug, attempt_id),
        )

    def close_session(self, session_id: int, *, state: str, now: float, score: float | None = None,
                      verdict: str | None = None) -> bool:
        """Close an open session (submitted or abandoned); False when it was not open."""
        if state not in SESSION_STATES[1:]:
            raise ValueError(f"unknown closing state {state!r}")
        cursor = self._execute(
            "UPDATE mock_sessions SET state = ?, closed_at = ?, score = ?, verdict = ? "
            "WHERE id = ? AND state = 'open'",
            (state, now, score, verdict, session_id), doing="write to",
        )
        return cursor.rowcount == 1

    def _sessions(self, where: str = "", params: tuple[Any, ...] = ()) -> list[MockSession]:
        rows = list(self._rows(f"SELECT * FROM mock_sessions {where} ORDER BY started_at, id", params))
        if not rows:
            return []
        ids = tuple(r["id"] for r in rows)
        katas: dict[int, list[SessionKata]] = {}
        marks = ",".join("?" * len(ids))
        for k in self._rows(
            f"SELECT * FROM mock_katas WHERE session_id IN ({marks}) ORDER BY session_id, position", ids
        ):
            katas.setdefault(k["session_id"], []).append(
                SessionKata(k["position"], k["slug"], k["attempt_id"])
            )
        return [
            MockSession(
                id=r["id"], started_at=r["started_at"], minutes=r["minutes"], deadline=r["deadline"],
                seed=r["seed"], folder=r["folder"], state=r["state"], closed_at=r["closed_at"],
                score=r["score"], verdict=r["verdict"], options=json.loads(r["options_json"] or "{}"),
                katas=tuple(katas.get(r["id"], [])),
            )
            for r in rows
        ]

    def sessions(self) -> list[MockSession]:
        """Every mock session, oldest first."""
        return self._sessions()

    def session(self, session_id: int) -> MockSession | None:
        found = self._sessions("WHERE id = ?", (session_id,))
        return found[0] if found else None

    def open_session(self) -> MockSession | None:
        found = self._sessions("WHERE state = 'open'")
        return found[-1] if found else None

    def session_attempt_ids(self) -> set[int]:
        """Ids of the attempts that belong to mock sessions."""
        rows = self._rows("SELECT attempt_id FROM mock_katas WHERE attempt_id IS NOT NULL")
        return {int(r["attempt_id"]) for r in rows}

    def session_of_attempt(self, attempt_id: int) -> MockSession | None:
        rows = list(self._rows("SELECT session_id FROM mock_katas WHERE attempt_id = ?", (attempt_id,)))
        return self.session(rows[0]["session_id"]) if rows else None


class SessionOpen(StateError):
    """A mock session is open already (raised by Store.create_session)."""

    def __init__(self, session: MockSession) -> None:
        super().__init__(f"mock session {session.id} is still open")
        self.session = session


def _grade(r: sqlite3.Row) -> Grade:
    keys = r.keys()
    return Grade(
        id=r["id"], attempt_id=r["attempt_id"], slug=r["slug"], graded_at=r["graded_at"],
        submission=r["submission"], status=r["status"], score=r["score"],
        passed=bool(r["passed"]), duration_s=r["duration_s"], elapsed_s=r["elapsed_s"],
        result=json.loads(r["result_json"]),
        session_id=r["session_id"] if "session_id" in keys else None,
        overtime=bool(r["overtime"]) if "overtime" in keys else False,
    )
