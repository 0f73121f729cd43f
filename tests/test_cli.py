"""The commands a candidate runs, end to end on the toy kata: output, exit codes, errors."""

from __future__ import annotations

import json

from kata_cli.store import Store
from tests.conftest import TOY_GOOD

RESULT_KEYS = {"kata", "submission", "status", "passed", "score", "max_score", "message",
               "tests", "duration_s", "elapsed_s"}
TEST_KEYS = {"id", "name", "category", "points", "outcome", "message"}


def start_and_solve(toy, source=TOY_GOOD):
    toy.run("start", "toy")
    folder = toy.workspace / "toy"
    (folder / "toy.py").write_text(source)
    return folder


def test_list_table_topic_and_json(toy):
    result = toy.run("list")
    assert result.exit_code == 0
    assert "toy" in result.output and "Toy: vector norms" in result.output and "new" in result.output
    rows = {row["slug"]: row for row in json.loads(toy.run("list", "--json").output)}
    assert rows["toy"]["status"] == "new" and rows["toy"]["minutes"] == 5
    assert rows["design-toy-spam"]["kind"] == "design"
    assert toy.run("list", "--topic", "testing").exit_code == 0
    bad = toy.run("list", "--topic", "nope")
    assert bad.exit_code == 2 and "topics: system-design, testing" in bad.output


def test_unknown_slug_suggests_the_closest(toy):
    for args in (["show", "tyo"], ["start", "tyo"], ["grade", "tyo"], ["hint", "tyo"]):
        result = toy.run(*args)
        assert result.exit_code == 2, args
        assert "no kata named 'tyo'" in result.output and "Did you mean: toy?" in result.output


def test_show_renders_the_prompt(toy):
    result = toy.run("show", "toy")
    assert result.exit_code == 0 and "Implement `row_norms(X)` in `toy.py` (5 minutes)." in result.output


def test_grade_in_the_workspace_records_time_and_exit_codes(toy):
    folder = toy.workspace / "toy"
    toy.run("start", "toy")
    failed = toy.run("grade", cwd=folder)
    assert failed.exit_code == 1
    assert "not implemented yet" in failed.output and "correctness" in failed.output
    assert "Also not passed (3):\n  - 3 tests: not implemented yet" in failed.output  # grouped
    assert "since start, target 5 min" in failed.output
    (folder / "toy.py").write_text(TOY_GOOD)
    passed = toy.run("grade", "--json", cwd=folder)
    assert passed.exit_code == 0
    data = json.loads(passed.output)
    assert set(data) == RESULT_KEYS and all(set(t) == TEST_KEYS for t in data["tests"])
    assert data["status"] == "passed" and data["passed"] is True and data["score"] == 100
    assert data["elapsed_s"] is not None and data["elapsed_s"] >= 0
    with Store(toy.home / "kata.db") as store:
        assert [g.status for g in store.grades("toy")] == ["failed", "passed"]


def test_grade_a_file_anywhere(toy, tmp_path):
    path = tmp_path / "elsewhere.py"
    path.write_text(TOY_GOOD)
    result = toy.run("grade", "toy", "--file", str(path), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["submission"] == str(path.resolve()) and data["elapsed_s"] is None


def test_grade_usage_errors_exit_2(toy, tmp_path):
    missing = toy.run("grade", "toy", "--file", str(tmp_path / "nope.py"))
    assert missing.exit_code == 2 and "no file to grade at" in missing.output
    no_attempt = toy.run("grade", "toy")
    assert no_attempt.exit_code == 2 and "kata start toy" in no_attempt.output
    outside = toy.run("grade", cwd=tmp_path)
    assert outside.exit_code == 2 and "not a kata workspace" in outside.output


def test_grade_errors_are_one_line_without_traceback(toy, tmp_path):
    result = toy.subprocess("grade", "nope")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr


def test_kata_test_runs_the_visible_examples(toy):
    folder = start_and_solve(toy, source=(toy.data / "katas" / "toy" / "toy.py").read_text())
    failing = toy.subprocess("test", cwd=folder)
    assert failing.returncode == 1 and "NotImplementedError" in failing.stdout
    (folder / "toy.py").write_text(TOY_GOOD)
    passing = toy.subprocess("test", cwd=folder)
    assert passing.returncode == 0 and "1 passed" in passing.stdout
    assert not (folder / ".pytest_cache").exists() and not (folder / "__pycache__").exists()


def test_hints_come_in_order_and_are_recorded(toy):
    toy.run("start", "toy")
    first = toy.run("hint", "toy")
    assert first.output.strip() == "Hint 1/2: Think about axis."
    second = toy.run("hint", "toy")
    assert second.output.startswith("Hint 2/2:")
    third = toy.run("hint", "toy")
    assert "You have taken all 2 hints" in third.output and "Hint 1/2" in third.output
    with Store(toy.home / "kata.db") as store:
        attempt = store.current_attempt("toy")
        assert store.hints_taken("toy", attempt.id) == [0, 1]


def test_solution_is_refused_until_graded_unless_revealed(toy):
    folder = start_and_solve(toy)
    refused = toy.run("solution", "toy")
    assert refused.exit_code == 1 and "--reveal" in refused.output and "def row_norms" not in refused.output
    revealed = toy.run("solution", "toy", "--reveal")
    assert revealed.exit_code == 0 and "def row_norms" in revealed.output
    toy.run("grade", cwd=folder)
    assert "def row_norms" in toy.run("solution", "toy").output
    with Store(toy.home / "kata.db") as store:
        assert store.reveals("toy") == 2


def test_diff_against_the_reference(toy):
    folder = start_and_solve(toy)
    assert toy.run("diff", "toy").exit_code == 1  # not graded yet
    toy.run("grade", cwd=folder)
    result = toy.run("diff", cwd=folder)
    assert result.exit_code == 0
    assert "--- yours/toy.py" in result.output and "+++ reference/toy.py" in result.output
    assert '+    """Euclidean norm of every row.' in result.output


def test_history_lists_grades(toy):
    assert "No history yet" in toy.run("history").output
    folder = start_and_solve(toy)
    toy.run("grade", cwd=folder)
    result = toy.run("history")
    assert result.exit_code == 0 and "toy" in result.output and "passed" in result.output
    data = json.loads(toy.run("history", "toy", "--json").output)
    assert len(data["grades"]) == 1 and len(data["attempts"]) == 1
    assert "passed (100)" in toy.run("list").output


def test_check_reports_each_case(toy):
    result = toy.run("check", "toy")
    assert result.exit_code == 0, result.output
    assert "toy reference" in result.output and "toy mutant squared" in result.output
    assert "3 of 3 checks passed." in result.output


def test_check_fails_when_a_mutant_passes(toy):
    mutant = toy.data / "graders" / "toy" / "mutants" / "squared.py"
    mutant.write_text("# mutant: actually correct\n# expect: squared\n" + TOY_GOOD)
    result = toy.run("check", "toy")
    assert result.exit_code == 1 and "expected to fail, but it passed" in result.output


def test_help_teaches(toy):
    result = toy.run("--help")
    for word in ("kata start kmeans", "kata grade", "KATA_WORKSPACE", "KATA_HOME"):
        assert word in result.output
    assert "Exit status: 0 passed, 1 not passed" in toy.run("grade", "--help").output


def test_kata_test_stops_an_infinite_loop(toy):
    folder = start_and_solve(toy, source="while True:\n    pass\n")
    result = toy.subprocess("test", cwd=folder)
    assert result.returncode == 1
    assert "Error: the run exceeded its time limit of 6 s" in result.stderr
