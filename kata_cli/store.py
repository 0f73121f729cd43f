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
"""

from __future__ import annotations

import json
import sqlite3
import time
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
]
SCHEMA_VERSION = len(MIGRATIONS)


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


def _unreadable(path: Path, detail: str) -> StateError:
    return StateError(
        f"cannot use the state database {path}: {detail}. It was left untouched; "
        "move it aside to start with a fresh history, or set KATA_HOME to use another folder."
    )


def _check_readable(path: Path) -> None:
    """Open an existing database read-only and make sure it is one we can use."""
    if path.is_dir():
        raise _unreadable(path, "it is a directory")
    try:
        with path.open("rb") as handle:
            handle.read(1)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
    except OSError as exc:
        raise _unreadable(path, exc.strerror or str(exc)) from None
    except sqlite3.DatabaseError as exc:
        raise _unreadable(path, str(exc)) from None
    if version > SCHEMA_VERSION:
        raise _unreadable(
            path, f"it was written by a newer kata (schema {version}, this one knows {SCHEMA_VERSION})"
        )


class Store:
    """A connection to the state database. Use as a context manager or call close()."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if self.path.exists():
            _check_readable(self.path)
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _unreadable(self.path, f"its folder cannot be created ({exc.strerror})") from None
        try:
            self.conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StateError(
                    f"the state database {self.path} is locked by another kata process; "
                    "try again when it has finished"
                ) from None
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

    def _write(self, sql: str, params: tuple[Any, ...]) -> int:
        try:
            cursor = self.conn.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise StateError(f"could not write to the state database {self.path}: {exc}") from None
        return int(cursor.lastrowid or 0)

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[sqlite3.Row]:
        try:
            return iter(self.conn.execute(sql, params).fetchall())
        except sqlite3.OperationalError as exc:
            raise StateError(f"could not read the state database {self.path}: {exc}") from None

    # attempts
    def start_attempt(self, slug: str, path: str, *, now: float | None = None) -> Attempt:
        now = time.time() if now is None else now
        attempt_id = self._write(
            "INSERT INTO attempts (slug, started_at, path) VALUES (?, ?, ?)", (slug, now, path)
        )
        return Attempt(attempt_id, slug, now, path, None, None)

    def current_attempt(self, slug: str) -> Attempt | None:
        """The latest attempt at ``slug`` that was not archived."""
        rows = list(self._rows(
            "SELECT * FROM attempts WHERE slug = ? AND archived_at IS NULL "
            "ORDER BY started_at DESC, id DESC LIMIT 1",
            (slug,),
        ))
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
        self, result: dict[str, Any], *, attempt_id: int | None, now: float | None = None
    ) -> int:
        now = time.time() if now is None else now
        return self._write(
            "INSERT INTO grades (attempt_id, slug, graded_at, submission, status, score, passed, "
            "duration_s, elapsed_s, result_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                attempt_id, result["kata"], now, result["submission"], result["status"],
                float(result["score"]), int(bool(result["passed"])), result.get("duration_s"),
                result.get("elapsed_s"), json.dumps(result),
            ),
        )

    def grades(self, slug: str | None = None) -> list[Grade]:
        where, params = ("WHERE slug = ?", (slug,)) if slug else ("", ())
        rows = self._rows(f"SELECT * FROM grades {where} ORDER BY graded_at, id", params)
        return [
            Grade(
                id=r["id"], attempt_id=r["attempt_id"], slug=r["slug"], graded_at=r["graded_at"],
                submission=r["submission"], status=r["status"], score=r["score"],
                passed=bool(r["passed"]), duration_s=r["duration_s"], elapsed_s=r["elapsed_s"],
                result=json.loads(r["result_json"]),
            )
            for r in rows
        ]

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
    def record_hint(self, slug: str, index: int, *, attempt_id: int | None, now: float | None = None) -> None:
        now = time.time() if now is None else now
        self._write(
            "INSERT INTO hints (attempt_id, slug, hint_index, taken_at) VALUES (?, ?, ?, ?)",
            (attempt_id, slug, index, now),
        )

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
