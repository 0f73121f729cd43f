"""The pytest plugin of the grading child process (DESIGN.md section 4).

Loaded with ``-p kata_cli.pytest_plugin`` and plugin autoload switched off; it never runs in the
CLI process. It

- reads each test's ``@pytest.mark.kata(points=..., category=..., timeout=None)`` marker and
  rejects a grader test without one;
- arms a per-test timeout twice: SIGALRM raises :class:`TestTimeout` in Python code, and a
  watchdog thread records a timeout and ends the process when the code does not come back to
  Python (a C loop, or a loop that swallows every exception);
- turns what went wrong into a diagnosis (timeouts, memory, ``sys.exit``/``os._exit``,
  NotImplementedError, exceptions with their line in the submission);
- writes one JSON record per line to the file named by ``$KATA_RESULT_FILE``::

      {"event": "collected", "tests": [{"id", "name", "category", "points", "timeout"}]}
      {"event": "start", "id": ...}
      {"event": "result", "id", "outcome", "message", "duration_s"}
      {"event": "end", "token": ...}

  Every record carries ``mac``, an HMAC-SHA256 of the record keyed with the token the parent
  put in ``$KATA_RESULT_TOKEN`` (removed from the environment before any submission code
  runs), so a line written by anything else is detected; a run without a signed ``end``
  record is never a pass.
  Output of the submission is left to pytest's capture and is never written here.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kata_cli.records import CATEGORIES, sign

RESULT_ENV = "KATA_RESULT_FILE"
TOKEN_ENV = "KATA_RESULT_TOKEN"
DEFAULT_TEST_TIMEOUT_S = 10.0
HARD_TIMEOUT_GRACE_S = 2.0
HARD_TIMEOUT_EXIT = 71
MESSAGE_LIMIT = 2000

_real_exit = os._exit


class TestTimeout(BaseException):
    """Raised in the test by SIGALRM when it runs past its time limit."""

    __test__ = False  # not a test class, whatever its name says


class SubmissionExit(BaseException):
    """Raised in place of ``os._exit`` so that an exit inside the submission fails one test."""

    def __init__(self, code: Any) -> None:
        super().__init__(code)
        self.code = code


class SubmissionError(Exception):
    """The submission could not be loaded; the message says why."""


class SubmissionTimeout(SubmissionError):
    """Importing the submission timed out. An Exception (unlike TestTimeout), so that pytest
    caches it with the session fixture and the other tests fail at once instead of waiting."""


def _patched_os_exit(code: int = 0) -> None:
    raise SubmissionExit(code)


def truncate(text: str, limit: int = MESSAGE_LIMIT) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n... ({len(text) - limit} more characters truncated)"


# --------------------------------------------------------------------------- loading modules


def load_module(path: str | os.PathLike[str], name: str) -> ModuleType:
    """Import the file at ``path`` as module ``name``; every failure becomes a SubmissionError."""
    path = Path(path)
    label = path.name
    if not path.is_file():
        raise SubmissionError(f"{label} does not exist")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SubmissionError(f"{label} cannot be imported as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except TestTimeout as exc:
        sys.modules.pop(name, None)
        raise SubmissionTimeout(
            f"importing {label} did not finish within {exc.args[0]:g} s: is there an infinite "
            "loop or a long computation at module level?"
        ) from None
    except SubmissionExit as exc:
        raise SubmissionError(f"importing {label} called os._exit({exc.code!r})") from None
    except SystemExit as exc:
        raise SubmissionError(f"importing {label} called sys.exit({exc.code!r})") from None
    except MemoryError:
        raise
    except BaseException as exc:  # the candidate's module may raise anything
        sys.modules.pop(name, None)
        where = _location(exc.__traceback__, str(path))
        raise SubmissionError(
            f"importing {label} raised {type(exc).__name__}: {exc}{where}"
        ) from None
    return module


def _location(tb: Any, filename: str | None) -> str:
    """`` (kmeans.py, line 42, in fit)`` for the deepest frame of ``tb`` in ``filename``."""
    if not filename or tb is None:
        return ""
    target = os.path.realpath(filename)
    found = None
    for frame in traceback.extract_tb(tb):
        if os.path.realpath(frame.filename) == target:
            found = frame
    if found is None:
        return ""
    return f" ({os.path.basename(filename)}, line {found.lineno}, in {found.name})"


# --------------------------------------------------------------------------- options


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kata", "kata grading")
    group.addoption("--kata-submission", help="path of the candidate's file")
    group.addoption("--kata-reference", help="path of the reference solution")
    group.addoption("--kata-module", help="module name of the submission, e.g. kmeans")
    group.addoption(
        "--kata-test-timeout",
        type=float,
        default=DEFAULT_TEST_TIMEOUT_S,
        help="default time limit of one test, in seconds",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "kata(points, category, timeout=None): points and category of a grader test, "
        "and an optional time limit in seconds",
    )
    os._exit = _patched_os_exit  # type: ignore[assignment]
    path = os.environ.pop(RESULT_ENV, None)
    token = os.environ.pop(TOKEN_ENV, "")
    if path:
        config.pluginmanager.register(Recorder(config, path, token), "kata-recorder")


def submission_module(config: pytest.Config) -> ModuleType:
    """Load the candidate's module (the ``submission`` fixture of graders/conftest.py)."""
    path = config.getoption("--kata-submission")
    if not path:
        raise pytest.UsageError("--kata-submission PATH is required to run a grader")
    name = config.getoption("--kata-module") or Path(path).stem
    return load_module(path, name)


def reference_module(config: pytest.Config) -> ModuleType:
    """Load the reference solution under a private name (the ``reference`` fixture)."""
    path = config.getoption("--kata-reference")
    if not path:
        raise pytest.UsageError("--kata-reference PATH is required by this grader")
    try:
        return load_module(path, "kata_reference_" + Path(path).stem.replace("-", "_"))
    except SubmissionError as exc:  # a broken reference is the catalogue's bug
        raise RuntimeError(f"the reference solution failed to load: {exc}") from None


# --------------------------------------------------------------------------- recording


def marker_info(item: pytest.Item, default_timeout: float) -> dict[str, Any]:
    marker = item.get_closest_marker("kata")
    if marker is None:
        raise pytest.UsageError(
            f"grader test {item.nodeid} has no @pytest.mark.kata(points=..., category=...)"
        )
    points = marker.kwargs.get("points")
    category = marker.kwargs.get("category")
    timeout = marker.kwargs.get("timeout") or default_timeout
    if not isinstance(points, (int, float)) or points <= 0:
        raise pytest.UsageError(f"grader test {item.nodeid}: points must be a positive number")
    if category not in CATEGORIES:
        raise pytest.UsageError(
            f"grader test {item.nodeid}: category must be one of {', '.join(CATEGORIES)}"
        )
    doc = (getattr(item, "function", None) and item.function.__doc__) or ""
    name = doc.strip().splitlines()[0].strip() if doc.strip() else item.name
    return {
        "id": item.nodeid,
        "name": name,
        "category": category,
        "points": points,
        "timeout": float(timeout),
    }


class Recorder:
    """Writes the results file and enforces the per-test timeouts."""

    def __init__(self, config: pytest.Config, path: str, token: str) -> None:
        self.config = config
        self.token = token
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.lock = threading.Lock()
        self.info: dict[str, dict[str, Any]] = {}
        self.outcome: dict[str, tuple[str, str]] = {}
        self.started: dict[str, float] = {}
        self.submission = config.getoption("--kata-submission")
        self.done: set[str] = set()
        self.armed = False  # inside a test's setup, call or teardown (where a timeout may be raised)
        self.overdue: float | None = None  # the alarm came between two phases of the test

    def write(self, record: dict[str, Any]) -> None:
        with self.lock:
            self._append(sign(record, self.token))

    def _append(self, line: str) -> None:
        """One whole line in one write, with the per-test alarm held off: a timeout raised in
        the middle of a write would leave half a line, which the parent must treat as forged."""
        data = line.encode("utf-8")
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        try:
            while data:
                data = data[os.write(self.fd, data):]
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    # collection
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        default = float(self.config.getoption("--kata-test-timeout"))
        try:
            tests = [marker_info(item, default) for item in items]
        except pytest.UsageError as exc:  # an authoring error in the grader: say which
            self.write({"event": "collect_error", "message": str(exc)})
            raise
        self.info = {t["id"]: t for t in tests}
        self.write({"event": "collected", "tests": tests})

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.write({"event": "collect_error", "message": truncate(str(report.longrepr))})

    # running
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: Any):  # type: ignore[no-untyped-def]
        nodeid = item.nodeid
        limit = self.info.get(nodeid, {}).get("timeout", DEFAULT_TEST_TIMEOUT_S)
        self.write({"event": "start", "id": nodeid})
        self.started[nodeid] = time.perf_counter()
        self.overdue = None

        def on_alarm(signum: int, frame: Any) -> None:
            # only inside the test's own setup, call and teardown: raised in pytest's reporting
            # between them, the exception would end the whole session (an internal error)
            if self.armed:
                raise TestTimeout(limit)
            self.overdue = limit  # raised as the next phase of this test starts

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
        watchdog = threading.Timer(limit + HARD_TIMEOUT_GRACE_S, self.hard_timeout, (nodeid, limit))
        watchdog.daemon = True
        watchdog.start()
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            watchdog.cancel()
        self.finish(nodeid)

    def _armed(self, *, teardown: bool = False):  # type: ignore[no-untyped-def]
        """A phase of the test, with the alarm allowed to raise; a limit that passed between
        phases fails the next one: before setup or call runs, after teardown ran (a teardown
        must run, or the next test starts from a broken state)."""
        self.armed = True
        try:
            if self.overdue is not None and not teardown:
                raise TestTimeout(self.overdue)
            outcome = yield
        finally:
            self.armed = False
        if self.overdue is not None and teardown and outcome.excinfo is None:
            outcome.force_exception(TestTimeout(self.overdue))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item):  # type: ignore[no-untyped-def]
        yield from self._armed()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_call(self, item: pytest.Item):  # type: ignore[no-untyped-def]
        yield from self._armed()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item, nextitem: Any):  # type: ignore[no-untyped-def]
        yield from self._armed(teardown=True)

    def hard_timeout(self, nodeid: str, limit: float) -> None:
        with self.lock:
            if nodeid in self.done:
                return
            self.done.add(nodeid)
            record = {
                "event": "result",
                "id": nodeid,
                "outcome": "timeout",
                "message": (
                    f"did not finish within {limit:g} s and did not respond to the timeout "
                    "(a loop that catches every exception, or one long call into compiled "
                    "code); the test was stopped"
                ),
                "duration_s": round(time.perf_counter() - self.started[nodeid], 4),
            }
            self._append(sign(record, self.token))
        _real_exit(HARD_TIMEOUT_EXIT)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[Any]):  # type: ignore[no-untyped-def]
        outcome = yield
        report = outcome.get_result()
        if item.nodeid in self.outcome and self.outcome[item.nodeid][0] != "passed":
            return  # keep the first problem (setup before call before teardown)
        if report.skipped:
            reason = call.excinfo.value.msg if call.excinfo is not None else ""  # type: ignore[union-attr]
            self.outcome[item.nodeid] = ("skipped", str(reason))
        elif report.failed:
            self.outcome[item.nodeid] = self.diagnose(call, report.when)
        elif report.when == "call":
            self.outcome[item.nodeid] = ("passed", "")

    def diagnose(self, call: pytest.CallInfo[Any], when: str) -> tuple[str, str]:
        excinfo = call.excinfo
        if excinfo is None:
            return "error", f"failed during {when}"
        exc = excinfo.value
        where = _location(excinfo.tb, self.submission)
        if isinstance(exc, TestTimeout):
            return "timeout", f"did not finish within {exc.args[0]:g} s{where}"
        if isinstance(exc, SubmissionTimeout):
            return "timeout", str(exc)
        if isinstance(exc, SubmissionExit):
            return "error", (
                f"the submission called os._exit({exc.code!r}){where}; an exit is never a pass"
            )
        if isinstance(exc, SystemExit):
            return "error", (
                f"the submission called sys.exit({exc.code!r}){where}; an exit is never a pass"
            )
        if isinstance(exc, MemoryError):
            detail = f": {exc}" if str(exc) else ""
            return "error", f"ran out of memory (the grading memory limit){detail}{where}"
        if isinstance(exc, RecursionError):
            return "error", f"RecursionError: maximum recursion depth exceeded{where}"
        if isinstance(exc, NotImplementedError):
            return "failed", f"not implemented yet: NotImplementedError raised{where}"
        if isinstance(exc, SubmissionError):
            return "error", str(exc)
        if isinstance(exc, AssertionError):
            message = str(exc) or f"assertion failed{where}"
            return "failed", message
        text = f"{type(exc).__name__}: {exc}"
        if not where:
            return "error", text
        return "error", f"{text}{where}"

    def finish(self, nodeid: str) -> None:
        outcome, message = self.outcome.get(nodeid, ("error", "the test did not report"))
        duration = time.perf_counter() - self.started.get(nodeid, time.perf_counter())
        with self.lock:
            if nodeid in self.done:
                return
            self.done.add(nodeid)
        self.write(
            {
                "event": "result",
                "id": nodeid,
                "outcome": outcome,
                "message": truncate(message),
                "duration_s": round(duration, 4),
            }
        )

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.write({"event": "end", "exitstatus": int(exitstatus)})
        os.close(self.fd)
