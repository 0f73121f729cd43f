"""``kata mock report --html``: one self-contained page that a real browser renders.

The browser test opens the page in headless Chromium (Debian's ``chromium`` package; .ci/run
installs it) and checks the rendered DOM; it is skipped, with the reason, when no Chromium is
on PATH.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from kata_cli import mock
from tests.mock_helpers import T0, open_store, record

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
