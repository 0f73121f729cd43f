"""Grading survives buggy submissions and says what happened (DESIGN.md sections 4 and 7).

Each case is a realistic way a candidate's file goes wrong; the grade must be a clear
diagnosis, never a pass, never a traceback, and must not take longer than the kata's limits.
These run against the toy kata (tests/toy): 4 tests, a 2 s limit on the first, 6 s per run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kata_cli import grading
from kata_cli.catalog import get_kata
from kata_cli.records import sign
from tests.conftest import ROOT, TOY_GOOD

HEAD = '''import numpy as np


def row_norms(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError("X must be 2-D")
'''


def grade_source(tmp_path: Path, source: str, name: str = "toy.py"):
    path = tmp_path / name
    path.write_text(source)
    result = grading.grade(get_kata("toy"), path)
    assert not (result.passed and result.status != "passed")
    return result


def by_name(result, fragment: str):
    return next(t for t in result.tests if fragment in t.name)


def test_good_submission_passes(toy, tmp_path):
    result = grade_source(tmp_path, TOY_GOOD)
    assert result.status == "passed" and result.passed and result.score == 100
    assert {t.outcome for t in result.tests} == {"passed"}
    assert result.elapsed_s is None


def test_stub_fails_with_not_implemented(toy, tmp_path):
    stub = (toy.data / "katas" / "toy" / "toy.py").read_text()
    result = grade_source(tmp_path, stub)
    assert result.status == "failed" and result.score == 0
    assert "not implemented yet" in result.tests[0].message
    assert "toy.py, line" in result.tests[0].message


def test_syntax_error_is_reported_with_its_line(toy, tmp_path):
    result = grade_source(tmp_path, "import numpy as np\ndef row_norms(X)\n    return X\n")
    assert result.status == "error" and not result.tests
    assert "line 2" in result.message and "SyntaxError" in result.message


@pytest.mark.parametrize("line", [
    "from sklearn.preprocessing import normalize",
    "import scipy.linalg as la",
    "np = __import__('sklearn')",
    "import importlib\nm = importlib.import_module('scipy')",
])
def test_forbidden_import_is_named_with_its_line(toy, tmp_path, line):
    result = grade_source(tmp_path, line + "\n" + TOY_GOOD)
    assert result.status == "error" and not result.tests
    assert "forbids" in result.message and ("sklearn" in result.message or "scipy" in result.message)
    assert "line " in result.message


def test_missing_function_is_named(toy, tmp_path):
    result = grade_source(tmp_path, "import numpy as np\n\ndef other(X):\n    return X\n")
    assert result.status == "error"
    assert "does not define row_norms" in result.message
    assert all("has no attribute 'row_norms'" in t.message for t in result.tests)


def test_wrong_shape_says_expected_and_got(toy, tmp_path):
    result = grade_source(tmp_path, HEAD + "    return np.sqrt((X ** 2).sum(axis=1, keepdims=True))\n")
    message = by_name(result, "match the reference").message
    assert "expected shape (20,), got (20, 1)" in message


def test_nan_output_is_diagnosed(toy, tmp_path):
    result = grade_source(tmp_path, HEAD + "    return np.full(len(X), np.nan)\n")
    assert "contains NaN at 20 of 20 entries" in by_name(result, "match the reference").message


def test_classic_mistake_is_named(toy, tmp_path):
    result = grade_source(tmp_path, HEAD + "    return (X ** 2).sum(axis=1)\n")
    assert "Classic mistake: squared norms" in by_name(result, "match the reference").message


def test_infinite_loop_at_import_times_out_naming_the_cause(toy, tmp_path):
    result = grade_source(tmp_path, "while True:\n    pass\n" + TOY_GOOD)
    assert result.status == "timeout" and not result.passed
    assert "importing toy.py did not finish" in result.message
    assert result.duration_s < 8


def test_infinite_loop_inside_the_function_times_out_naming_the_test(toy, tmp_path):
    result = grade_source(tmp_path, HEAD + "    while True:\n        pass\n")
    assert result.status == "timeout" and not result.passed
    first = by_name(result, "match the reference")
    assert first.outcome == "timeout"
    assert "did not finish within 2 s" in first.message
    assert re.search(r"toy.py, line [89], in row_norms", first.message)  # the loop, named
    assert result.message.startswith("Norms match the reference")
    assert result.duration_s < 9


def test_loop_that_swallows_the_timeout_is_stopped(toy, tmp_path):
    source = HEAD + (
        "    while True:\n        try:\n            sum(range(1000))\n"
        "        except BaseException:\n            pass\n"
    )
    result = grade_source(tmp_path, source)
    assert not result.passed and result.status == "timeout"
    assert "did not respond to the timeout" in by_name(result, "match the reference").message


def test_huge_allocation_hits_the_memory_limit(toy, tmp_path):
    result = grade_source(tmp_path, HEAD + "    big = np.ones(50 * 1024**3 // 8)\n    return big[: len(X)]\n")
    message = by_name(result, "match the reference").message
    assert "memory limit" in message and "50.0 GiB" in message
    assert by_name(result, "1-D input").outcome == "passed"  # the other tests still ran


def test_sys_exit_at_import_is_an_error_not_a_pass(toy, tmp_path):
    result = grade_source(tmp_path, "import sys\nsys.exit(0)\n" + TOY_GOOD)
    assert result.status == "error" and result.score == 0
    assert "importing toy.py called sys.exit(0)" in result.message


def test_os_exit_inside_the_function_is_an_error_not_a_pass(toy, tmp_path):
    result = grade_source(tmp_path, "import os\n" + HEAD + "    os._exit(0)\n")
    assert not result.passed
    first = by_name(result, "match the reference")
    assert first.outcome == "error" and "os._exit(0)" in first.message
    assert by_name(result, "1-D input").outcome == "passed"


def test_interpreter_crash_charges_the_test_and_grades_the_rest(toy, tmp_path):
    source = "import ctypes\n" + HEAD + "    if len(X) == 2:\n        ctypes.string_at(0)\n" \
        "    return np.sqrt((X ** 2).sum(axis=1))\n"
    result = grade_source(tmp_path, source)
    crashed = by_name(result, "zero row")
    assert crashed.outcome == "error" and "segmentation fault" in crashed.message
    # the child was restarted for the tests after the crash
    assert by_name(result, "match the reference").outcome == "passed"
    assert by_name(result, "slower").outcome == "passed"


def test_a_flood_of_output_is_not_shown(toy, tmp_path):
    source = "print('x' * 10_000_000)\n" + HEAD + "    print('y' * 10_000_000)\n" \
        "    return np.sqrt((X ** 2).sum(axis=1))\n"
    result = grade_source(tmp_path, source)
    text = json.dumps(result.to_dict())
    assert len(text) < 20_000
    assert by_name(result, "match the reference").outcome == "passed"


@pytest.mark.parametrize("end_record", [None, {"event": "end", "exitstatus": 0}])
def test_a_run_without_the_signed_end_record_is_never_a_pass(toy, tmp_path, monkeypatch, end_record):
    """Every test reported passed, but the end record is missing or not signed with the
    token: the grade is an error, never a pass."""
    kata = get_kata("toy")
    tests = [{"id": f"t{i}", "name": f"test {i}", "category": "correctness", "points": 1,
              "timeout": 10.0} for i in range(3)]

    def fake_run(argv, *, cwd, env, limits, **kwargs):
        records = [{"event": "collected", "tests": tests}]
        for t in tests:
            if t["id"] in argv:  # deselected on a restart
                continue
            records += [{"event": "start", "id": t["id"]},
                        {"event": "result", "id": t["id"], "outcome": "passed", "message": ""}]
        lines = [sign(r, env["KATA_RESULT_TOKEN"]) for r in records]
        if end_record:  # signed with another run's token
            lines.append(sign(end_record, "another run's token"))
            lines.append(sign({"event": "start", "id": "last line"}, env["KATA_RESULT_TOKEN"]))
        Path(env["KATA_RESULT_FILE"]).write_text("".join(lines))
        return grading.sandbox.Completed(0, False, 0.1)

    monkeypatch.setattr(grading.sandbox, "run", fake_run)
    path = tmp_path / "toy.py"
    path.write_text(TOY_GOOD)
    result = grading.grade(kata, path)
    assert result.status == "error" and not result.passed
    if end_record is None:
        assert "exited with code 0 before the end of the run" in result.message
    else:
        assert "tampered" in result.message


def test_forged_results_written_by_the_submission_never_count(toy, tmp_path):
    """The submission finds the results file and appends a 'passed' line for every test."""
    forger = (
        "import glob, json, os, tempfile\n"
        "for path in glob.glob(os.path.join(tempfile.gettempdir(), 'kata-grade-*', 'results-*.jsonl')):\n"
        "    for line in open(path).read().splitlines():\n"
        "        record = json.loads(line)\n"
        "        for t in record.get('tests', []):\n"
        "            fake = {'event': 'result', 'id': t['id'], 'outcome': 'passed', 'message': '',\n"
        "                    'duration_s': 0.0, 'mac': record['mac']}\n"
        "            open(path, 'a').write(json.dumps(fake, sort_keys=True) + '\\n')\n"
    )
    result = grade_source(tmp_path, forger + HEAD + "    return (X ** 2).sum(axis=1)\n")
    assert result.status == "error" and not result.passed and result.score == 0
    assert "tampered" in result.message


def test_the_candidate_file_is_never_modified(toy, tmp_path):
    source = HEAD + "    open(__file__, 'w').write('oops')\n    return np.sqrt((X ** 2).sum(axis=1))\n"
    path = tmp_path / "toy.py"
    path.write_text(source)
    grading.grade(get_kata("toy"), path)
    assert path.read_text() == source  # the child only ever sees a copy


# --------------------------------------------------------------------------- on a real kata

KMEANS = ROOT / "solutions" / "kmeans.py"


@pytest.mark.parametrize("edit, outcome, expected", [
    # a missing method: which one
    (("    def predict(self, X):", "    def predict_labels(self, X):"), "error",
     "'KMeans' object has no attribute 'predict'"),
    # a wrong shape: expected against got
    (("        self.labels_ = labels\n", "        self.labels_ = labels[:, None]\n"), "failed",
     "expected shape (60,), got (60, 1)"),
    # NaN in the output
    (("        self.cluster_centers_ = centres + mean\n",
      "        self.cluster_centers_ = (centres + mean) * np.nan\n"), "failed", "contains NaN"),
])
def test_real_kata_diagnoses(env, tmp_path, edit, outcome, expected):
    source = KMEANS.read_text()
    assert edit[0] in source
    path = tmp_path / "kmeans.py"
    path.write_text(source.replace(edit[0], edit[1]))
    result = grading.grade(get_kata("kmeans"), path)
    assert not result.passed
    matching = [t for t in result.tests if expected in t.message]
    assert matching and all(t.outcome == outcome for t in matching), [t.message for t in result.failures()]


def test_a_grader_test_without_points_is_reported_as_an_authoring_error(toy, tmp_path):
    grader = toy.data / "graders" / "toy" / "test_toy.py"
    grader.write_text(grader.read_text() + '\n\ndef test_unmarked(submission):\n    """No marker."""\n')
    result = grade_source(tmp_path, TOY_GOOD)
    assert result.status == "error" and not result.passed
    assert "test_unmarked has no @pytest.mark.kata(points=..., category=...)" in result.message


def test_the_headline_is_the_first_failure_that_names_a_classic_mistake():
    from kata_cli.grading import TestResult, failures

    def t(name, outcome, message=""):
        return TestResult(id=name, name=name, category="correctness", points=1, outcome=outcome, message=message)

    tests = [t("a", "passed"), t("b", "failed", "expected 1, got 2"),
             t("c", "failed", "wrong values\nClassic mistake: ignoring alpha."), t("d", "error", "boom")]
    assert [x.name for x in failures(tests)] == ["c", "b", "d"]
    assert [x.name for x in failures(tests[:2] + tests[3:])] == ["b", "d"]


def test_a_time_limit_that_expires_in_pytest_reporting_costs_one_test_not_the_run(toy, tmp_path):
    # the alarm of a test's limit can ring between its phases, while pytest itself is reporting
    # (a loaded machine): that must fail the one test, never end the session in an internal error
    (toy.data / "graders" / "toy" / "conftest.py").write_text(
        "import time\nimport pytest\n\n\n"
        "@pytest.hookimpl(hookwrapper=True)\n"
        "def pytest_runtest_makereport(item, call):\n"
        "    if call.when == 'call' and item.name == 'test_values':\n"
        "        time.sleep(2.5)  # past test_values' 2 s limit, outside the test's own code\n"
        "    yield\n"
    )
    result = grade_source(tmp_path, TOY_GOOD)
    assert by_name(result, "Norms").outcome == "timeout"
    assert [t.outcome for t in result.tests if "Norms" not in t.name] == ["passed"] * 3
    assert result.status == "failed"
