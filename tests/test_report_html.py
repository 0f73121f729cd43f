"""``kata mock report --html``: one self-contained page that a real browser renders.

The browser test opens the page in headless Chromium (Debian's ``chromium`` package; .ci/run
installs it) and checks the rendered DOM; it is skipped, with the reason, when no Chromium is
on PATH.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess

import pytest

from kata_cli import mock
from kata_cli import report as report_module
from tests.mock_helpers import DESIGN, T0, open_store, record

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SCORES = [40.0, 55.0, 90.0]


def make_sessions(toy, scores=SCORES):
    """Submitted sessions with these scores (one day apart) and a hostile diagnosis."""
    with open_store(toy) as store:
        for i, score in enumerate(scores):
            now = T0 + i * 86_400
            s = mock.start(store, katas=["toy"], minutes=5, now=now).session
            store.record_hint("toy", 0, attempt_id=s.katas[0].attempt_id, session_id=s.id)
            record(store, "toy", score + 10, at=now + 90, attempt_id=s.katas[0].attempt_id,
                   session_id=s.id, passed=False, elapsed_s=90,
                   tests=[{"id": "t", "name": "values <match>", "category": "correctness",
                           "points": 3, "outcome": "failed",
                           "message": "<script>alert('x')</script> & \"quoted\""}])
            store.close_session(s.id, state="submitted", now=now + 120, score=score,
                                verdict=mock.verdict(score))


def write_report(toy, tmp_path, *args):
    path = tmp_path / "report.html"
    result = toy.run("mock", "report", *args, "--html", str(path))
    assert result.exit_code == 0, result.output
    assert f"to {path}" in result.output
    return path, path.read_text(encoding="utf-8")


def test_html_is_one_self_contained_escaped_file(toy, tmp_path):
    make_sessions(toy)
    path, html = write_report(toy, tmp_path)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "<style>" in html and '<svg id="score-chart"' in html
    # nothing is fetched: no external URL, stylesheet, script or image
    assert not re.search(r"https?://|<link|<script|<img|@import|url\(", html, re.I)
    # what a grader or a candidate wrote is escaped
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;quoted&#34;" in html
    assert "values &lt;match&gt;" in html
    assert html.count('class="kata-row"') == 1 and html.count("<circle") == 3
    assert "strong &gt;= 85, pass &gt;= 70, borderline &gt;= 50, not yet below 50" in html
    assert "Each hint costs 10 points" in html and "1 (-10)" in html
    assert "+35 against session 2" in html


def test_html_of_an_earlier_session_charts_only_the_sessions_up_to_it(toy, tmp_path):
    make_sessions(toy)
    _, html = write_report(toy, tmp_path, "1")
    assert html.count("<circle") == 1 and "first scored session" in html


def test_html_write_errors_are_one_line(toy, tmp_path):
    make_sessions(toy, [60.0])
    result = toy.run("mock", "report", "--html", str(tmp_path / "missing" / "r.html"))
    assert result.exit_code == 2 and result.output.startswith("Error: cannot write")


def browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def run_browser(exe: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    argv = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(browser() is None, reason="no headless browser: none of " + ", ".join(BROWSERS)
                    + " is on PATH (Debian: apt-get install chromium; .ci/run installs it)")
def test_the_report_renders_in_headless_chromium(toy, tmp_path):
    make_sessions(toy)
    path, _ = write_report(toy, tmp_path)
    exe = browser()
    assert exe is not None
    dumped = run_browser(exe, tmp_path, "--dump-dom", path.resolve().as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = dumped.stdout
    # the parsed DOM: the chart with a point per session, the kata row, the verdict
    assert re.search(r'<svg[^>]*id="score-chart"', dom)
    assert len(re.findall(r"<circle\b", dom)) == len(SCORES)
    assert len(re.findall(r'<tr class="kata-row"', dom)) == 1
    assert len(re.findall(r'<tr class="trend-row"', dom)) == len(SCORES)
    assert 'id="verdict">strong<' in dom
    assert "<script>" not in dom  # the hostile diagnosis stayed text
    shot = tmp_path / "report.png"
    taken = run_browser(exe, tmp_path, f"--screenshot={shot}", "--window-size=1000,1400",
                        path.resolve().as_uri())
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


# --------------------------------------------------------------------------- what the report says

STUB = "not implemented yet: NotImplementedError raised (toy.py, line 3, in row_norms)"


def one_session(toy, *, graded=True, tests=None, message=None, status=None, score=0.0,
                passed=False, state="submitted", slugs=("toy",)):
    """A session (id 1) whose first kata has one in-time grade, closed as ``state``."""
    with open_store(toy) as store:
        s = mock.start(store, katas=list(slugs), minutes=10, now=T0).session
        if graded:
            record(store, slugs[0], score, at=T0 + 60, attempt_id=s.katas[0].attempt_id,
                   session_id=s.id, passed=passed, status=status, message=message, tests=tests)
        if state != "open":
            _, total = mock.score_session(store, store.session(s.id))
            store.close_session(s.id, state=state, now=T0 + 120,
                                score=total if state == "submitted" else None,
                                verdict=mock.verdict(total) if state == "submitted" else None)


def failing(n, message, *, points=2, outcome="failed", start=0):
    return [{"id": f"t{i}", "name": f"case {i}", "category": "correctness", "points": points,
             "outcome": outcome, "message": message + "\nmore detail"} for i in range(start, start + n)]


def test_identical_diagnoses_are_grouped_in_text_and_html(toy, tmp_path):
    tests = failing(27, STUB) + failing(1, "expected 1, got 2", start=27)
    one_session(toy, tests=tests, message=STUB)
    text = toy.run("mock", "report").output
    assert text.count(STUB) == 1 and f"27 tests (54 pts, failed): {STUB}" in text
    assert "case 0 " not in text and "case 27 [correctness, 2 pts, failed]: expected 1, got 2" in text
    _, html = write_report(toy, tmp_path)
    assert html.count("NotImplementedError raised") == 1
    assert re.search(r'<ul class="diagnoses">\s*<li>27 tests \(54 pts, failed\): not implemented', html)
    assert html.count("<li>") == 2


def test_an_import_timeout_names_the_real_cause_first(toy):
    cause = "importing toy.py did not finish within 10 s: is there an infinite loop at module level?"
    warning = "toy.py does not define row_norms (the grader calls: row_norms)"
    one_session(toy, tests=failing(3, cause, outcome="timeout"), message=warning, status="timeout")
    with open_store(toy) as store:
        (line,), _ = mock.score_session(store, store.session(1))
    assert line.diagnoses == [f"3 tests (6 pts, timeout): {cause}", f"Also: {warning}"]


def test_time_used_is_not_passed_or_a_dash_without_a_pass(toy, tmp_path):
    one_session(toy, tests=failing(1, "expected 1, got 2"), score=40, slugs=("toy", DESIGN))
    text = toy.run("mock", "report").output
    assert "Time used: not passed, target 5 min" in text  # graded, never passed
    assert "Time used: -, target 30 min" in text  # never graded
    assert "(within)" not in text
    _, html = write_report(toy, tmp_path)
    assert '<td class="time">not passed</td>' in html and '<td class="time">-</td>' in html


def test_a_pass_shows_its_time_in_the_time_format_of_kata_grade(toy):
    one_session(toy, score=100, passed=True)
    text = toy.run("mock", "report").output
    assert "Time used: 1:00 (within), target 5 min" in text and "at 1:00 into the session" in text
    assert "Every test passed." in text


def test_a_design_kata_passed_reads_naturally(toy):
    full = [{"id": f"design::step-{i}", "name": f"{i}. Step", "category": "design", "points": 10,
             "outcome": "passed", "earned": 10} for i in range(1, 10)]
    one_session(toy, score=100, passed=True, tests=full, slugs=(DESIGN,))
    assert "Every step at full marks." in toy.run("mock", "report").output
    with open_store(toy) as store:
        r = mock.report(store, 1)
    line = r.lines[0]
    partial = [dict(t) for t in full]
    partial[2]["earned"] = 7.5
    line.graded = dataclasses.replace(line.graded, result={**line.graded.result, "tests": partial})
    assert report_module._all_clear(line) == "Passed; not at full marks: 3. Step (7.5/10)."
    assert "Every test passed" not in report_module.session_text(r)


def test_an_abandoned_report_shows_no_scores(toy, tmp_path):
    one_session(toy, score=40, tests=failing(1, "expected 1, got 2"), state="abandoned")
    text = toy.run("mock", "report").output
    assert "Not scored: the session was abandoned." in text
    assert "Not scored (the session was abandoned); graded 40 (failed)" in text
    assert "Score 40" not in text and "Score 0" not in text
    row = next(line for line in text.splitlines() if line.startswith("1  toy"))
    assert row.split()[3] == "-"  # the score column
    _, html = write_report(toy, tmp_path)
    assert 'class="num">-</td>' in html and "Score 40" not in html


def test_the_text_trend_shows_the_last_ten_sessions(toy):
    make_sessions(toy, [float(10 + i) for i in range(12)])
    text = toy.run("mock", "report").output
    line = next(x for x in text.splitlines() if x.startswith("Trend"))
    assert line.startswith("Trend (the last 10 of 12 submitted sessions): #3 12 -> #4 13")
    assert line.endswith("#12 21 (this one)") and "#2 " not in line
    _, html = write_report(toy, toy.home)
    assert html.count('class="trend-row"') == 12  # the page keeps them all


def test_the_chart_keeps_the_points_clear_of_the_axis_and_band_labels():
    points = [mock.TrendPoint(i, T0 + i * 86_400, score, mock.verdict(score), current=i == 3)
              for i, score in enumerate([40.0, 90.0, 50.0, 50.0], start=1)]
    chart = report_module.score_chart(points)
    xs = [p["x"] for p in chart["points"]]
    assert min(xs) - 6 >= chart["left"] + 12  # the first point is off the y axis
    assert max(xs) + 6 + 12 <= chart["label_x"]  # the last point (r = 6) is clear of the labels


def test_html_needs_a_file_name(toy):
    make_sessions(toy, [60.0])
    result = toy.run("mock", "report", "--html", "")
    assert result.exit_code == 2
    assert result.output == "Error: the --html file name is empty: give one, e.g. --html report.html\n"
    folder = toy.run("mock", "report", "--html", str(toy.home))
    assert folder.exit_code == 2 and "is a folder" in folder.output


def test_json_and_html_together_write_both(toy, tmp_path):
    make_sessions(toy, [60.0])
    path = tmp_path / "r.html"
    result = toy.run("mock", "report", "--json", "--html", str(path))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["score"] == 60  # stdout is the JSON alone
    assert f"to {path}" in result.stderr and path.read_text().startswith("<!DOCTYPE html>")
