"""Text and HTML output of mock interviews and progress.

The session report (``kata mock submit`` / ``kata mock report``) is rendered from the jinja2
templates in ``kata_cli/templates/``: ``report.txt.j2`` for the terminal, ``report.html.j2`` for
one self-contained HTML page (inline CSS, an inline SVG chart, no external resources, every value
autoescaped). jinja2 is imported only in :func:`render_template`; the other functions here are
plain string building, so ``status``, ``list``, ``stats`` and ``next`` stay light.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Sequence

from kata_cli import mock
from kata_cli.errors import UsageError
from kata_cli.progress import Review, Stats
from kata_cli.render import duration, table, when
from kata_cli.store import MockSession

TEMPLATES = Path(__file__).resolve().parent / "templates"
TREND_TEXT_POINTS = 10  # the text report's trend line shows the last sessions only


def render_template(name: str, **context: Any) -> str:
    """Render ``templates/<name>``; autoescaped when it is an HTML template."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"),
                                            default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template(name).render(**context)


def _pts(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _time_vs_target(line: mock.KataLine) -> str:
    """The time to the first pass against the target; "not passed" or "-" without a pass."""
    if line.time_used_s is None:
        return "not passed" if line.graded is not None else "-"
    text = duration(line.time_used_s)
    if line.target_minutes is None:
        return text
    over = line.time_used_s - line.target_minutes * 60
    return f"{text} ({duration(over)} over)" if over > 0 else f"{text} (within)"


def _hints_text(line: mock.KataLine) -> str:
    text = f"{line.hints} (-{line.hint_cost:g})" if line.hints else "0"
    if line.late_hints:
        text += f" + {line.late_hints} after the deadline (free)"
    return text


def _state_line(r: mock.Report) -> str:
    s = r.session
    started = (f"started {when(s.started_at)}, {mock.minutes_text(s.minutes)}, "
               f"deadline {mock.hhmm(s.deadline)}")
    if s.state == "submitted":
        late = s.closed_at is not None and s.closed_at > s.deadline
        extra = f", {duration(s.closed_at - s.deadline)} after the deadline" if late else ""
        return f"submitted {when(s.closed_at or r.now)}{extra} ({started})"
    if s.state == "abandoned":
        return f"abandoned {when(s.closed_at or r.now)}, not scored ({started})"
    left = s.deadline - r.now
    timing = f"{duration(left)} left" if left > 0 else f"{duration(-left)} over time"
    return f"open, {timing} ({started}); scores so far are provisional"


def _all_clear(line: mock.KataLine) -> str | None:
    """What a passed kata without diagnoses shows: every test passed, or for a design kata,
    whether every step got full marks."""
    if not (line.graded and line.graded.passed) or line.diagnoses:
        return None
    if line.kind != "design":
        return "Every test passed."
    short = [t for t in line.graded.result.get("tests", []) if t.get("category") == "design"
             and (t.get("earned") if t.get("earned") is not None else t.get("points", 0))
             < (t.get("points") or 0) - 0.05]
    if not short:
        return "Every step at full marks."
    steps = ", ".join(f"{t.get('name')} ({round(t.get('earned') or 0, 1):g}/{t.get('points'):g})"
                      for t in short)
    return f"Passed; not at full marks: {steps}."


def report_view(r: mock.Report) -> dict[str, Any]:
    """Everything the report templates show, as display-ready values."""
    abandoned = r.session.state == "abandoned"
    lines = []
    for line in r.lines:
        if line.graded is not None:
            summary = (f"graded {line.graded.score:g} ({line.graded.status}) at "
                       f"{duration(line.graded.graded_at - r.session.started_at)} into the session")
        elif line.last is not None:
            summary = (f"nothing graded in time; the last grade ({line.last.score:g}, "
                       f"{line.last.status}) came after the deadline and does not count")
        else:
            summary = "never graded"
        if line.hints:
            summary += f", minus {line.hint_cost:g} for {line.hints} hint{'s' if line.hints != 1 else ''}"
        if line.late_hints:
            summary += (f"; {line.late_hints} hint{'s' if line.late_hints != 1 else ''} after the "
                        "deadline cost nothing")
        if abandoned:
            summary = f"Not scored (the session was abandoned); {summary}."
        else:
            summary = f"Score {_pts(line.score)}: {summary}."
        lines.append({
            "position": line.position, "slug": line.slug, "title": line.title, "kind": line.kind,
            "topic": line.topic, "folder": line.folder,
            "score": "-" if abandoned else _pts(line.score), "score_value": line.score,
            "graded_score": _pts(line.graded.score) if line.graded else "-",
            "status": line.status,
            "hints": line.hints, "hint_cost": _pts(line.hint_cost),
            "hints_text": _hints_text(line),
            "time_used": duration(line.time_used_s) if line.time_used_s is not None else "-",
            "target": f"{line.target_minutes:g} min" if line.target_minutes is not None else "-",
            "time_vs_target": _time_vs_target(line),
            "over_target": line.over_target,
            "summary": summary,
            "grades": line.grades, "overtime_grades": line.overtime_grades,
            "diagnoses": line.diagnoses,
            "all_clear": _all_clear(line),
            "passed": bool(line.graded and line.graded.passed),
        })
    rows = [[l["position"], l["slug"], l["kind"], l["score"], l["graded_score"], l["hints_text"],
             l["time_vs_target"], l["target"]] for l in lines]
    kata_table = table(["#", "kata", "kind", "score", "graded", "hints", "time used", "target"], rows,
                       right=(0, 3, 4))
    trend = [{"id": t.id, "date": when(t.started_at), "score": _pts(t.score), "score_value": t.score,
              "verdict": t.verdict, "current": t.current} for t in r.trend]
    prev = r.previous
    if abandoned:
        trend_text = "An abandoned session is not scored and not part of the trend."
    elif prev is None:
        trend_text = "This is your first scored session." if r.session.state == "submitted" else \
            "No earlier scored session to compare with."
    else:
        change = r.change or 0.0
        sign = "+" if change > 0 else ""
        trend_text = f"{sign}{change:g} against session {prev.id} ({prev.score:g}, {prev.verdict})."
    shown = trend[-TREND_TEXT_POINTS:]
    if len(trend) > len(shown):
        trend_label = f"Trend (the last {len(shown)} of {len(trend)} submitted sessions)"
    else:
        trend_label = "Trend (submitted sessions)"
    s = r.session
    return {
        "id": s.id, "state": s.state, "state_line": _state_line(r), "score": _pts(r.score),
        "score_value": r.score,
        "verdict": r.verdict if not abandoned else "abandoned",
        "bands": mock.bands_text(), "hint_cost": _pts(mock.HINT_COST),
        "picked": mock.options_text(s), "folder": s.folder,
        "katas": lines, "kata_table": kata_table, "trend": trend, "trend_text": trend_text,
        "trend_line": shown, "trend_label": trend_label,
        "chart": score_chart(r.trend), "generated": when(r.now),
        "minutes": mock.minutes_text(s.minutes),
    }


def score_chart(points: Sequence[mock.TrendPoint], *, width: int = 640, height: int = 240) -> dict[str, Any]:
    """Coordinates of the inline SVG chart of session scores (0-100) over time."""
    left, right, top, bottom = 44, 96, 16, 40  # the band labels sit right of the plot
    inset = 24  # the first and last points keep clear of the axis and of the band labels
    plot_w, plot_h = width - left - right, height - top - bottom

    def y(score: float) -> float:
        return round(top + plot_h * (1 - max(0.0, min(100.0, score)) / 100), 1)

    n = len(points)
    marks = []
    for i, p in enumerate(points):
        x = left + (plot_w / 2 if n == 1 else inset + (plot_w - 2 * inset) * i / (n - 1))
        marks.append({"x": round(x, 1), "y": y(p.score), "id": p.id, "score": f"{p.score:g}",
                      "verdict": p.verdict, "date": time.strftime("%m-%d", time.localtime(p.started_at)),
                      "current": p.current})
    bands = [{"y": y(threshold), "label": f"{name} {threshold:g}"}
             for threshold, name in mock.BANDS if threshold > 0]
    return {
        "width": width, "height": height, "left": left, "top": top, "right": width - right,
        "label_x": width - right + 10,
        "bottom": top + plot_h, "points": marks,
        "polyline": " ".join(f"{m['x']},{m['y']}" for m in marks),
        "bands": bands, "ticks": [{"y": y(v), "label": str(v)} for v in (0, 50, 100)],
    }


def session_text(r: mock.Report) -> str:
    return render_template("report.txt.j2", r=report_view(r))


def session_html(r: mock.Report) -> str:
    return render_template("report.html.j2", r=report_view(r))


def write_html(r: mock.Report, path: str) -> Path:
    """Write the HTML report to ``path``; a one-line UsageError when that cannot be done."""
    if not path.strip():
        raise UsageError("the --html file name is empty: give one, e.g. --html report.html")
    target = Path(path).expanduser()
    if target.is_dir():
        raise UsageError(f"--html {path} is a folder: give a file name, e.g. --html {target / 'report.html'}")
    html = session_html(r)
    try:
        target.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write the report to {path}: {exc.strerror or exc}") from None
    return target


# --------------------------------------------------------------------------- plain text


def started_text(started: mock.Started) -> str:
    s, plan = started.session, started.plan
    out = [f"Mock session {s.id} started: {len(s.katas)} kata{'s' if len(s.katas) != 1 else ''}, "
           f"{mock.minutes_text(s.minutes)}, deadline {mock.hhmm(s.deadline)}.",
           f"Picked with: {mock.options_text(s)}"]
    out += [f"Note: {note}." for note in plan.notes]
    out.append("")
    rows = []
    for k in plan.katas:
        rows.append([k.slug, k.kind, k.topic, f"{k.minutes:g} min", plan.reasons.get(k.slug, "")])
    out.append(table(["kata", "kind", "topic", "target", "why"], rows, right=(3,)))
    out.append("")
    out.append(f"Folder: {s.folder}")
    first = started.folders[plan.katas[0].slug]
    out += [
        "",
        "Next:",
        f"  cd {first}        # README.md is the problem",
        "  kata grade          in a kata's folder, as often as you like; grades after the",
        "                      deadline are overtime and do not count",
        "  kata mock clock     a live countdown (warnings at half time, 10 and 2 minutes)",
        "  kata mock status    time left and your last grades",
        "  kata mock submit    grade every kata and end the session",
        "",
        f"Each hint costs {mock.HINT_COST:g} points of its kata's score; reference solutions "
        "stay closed until the session ends.",
    ]
    return "\n".join(out) + "\n"


def status_text(r: mock.Report) -> str:
    s = r.session
    out = [f"Mock session {s.id}: {_state_line(r)}"]
    left = s.deadline - r.now
    if s.state == "open" and left <= 0:
        out.append("The deadline has passed: grades now are overtime and do not count. "
                   "End it with 'kata mock submit'.")
    out.append("")
    rows = []
    for line in r.lines:
        if line.last is None:
            last = "-"
        else:
            tag = " overtime" if line.last.overtime else ""
            at = duration(max(0.0, line.last.graded_at - s.started_at))
            last = f"{line.last.score:g} {line.last.status} at {at}{tag}"
        folder = line.folder + (" (DELETED)" if line.missing == "folder" else "")
        rows.append([line.position, line.slug, line.kind,
                     f"{line.target_minutes:g} min" if line.target_minutes is not None else "-",
                     last, _hints_text(line), folder])
    out.append(table(["#", "kata", "kind", "target", "last grade", "hints", "folder"], rows, right=(0,)))
    out.append("")
    for line in r.lines:
        if line.missing:
            what = "its folder" if line.missing == "folder" else line.missing
            out.append(f"Missing: {line.slug}: {what} was deleted. 'kata start {line.slug}' restores "
                       "the stub (your grades stay); 'kata mock submit' would grade it as missing, score 0.")
    if any(line.missing for line in r.lines):
        out.append("")
    if s.state == "open":
        out.append(f"Score so far: {r.score:g} ({r.verdict}); bands: {mock.bands_text()}.")
    elif s.state == "submitted":
        out.append(f"Score: {r.score:g} ({r.verdict}); the report: 'kata mock report {s.id}'.")
    else:
        out.append("Not scored: the session was abandoned.")
    if s.state == "open":
        out.append("Commands: kata grade (in a kata's folder), kata mock clock, kata mock submit")
    return "\n".join(out) + "\n"


def sessions_text(sessions: Sequence[MockSession], *, now: float) -> str:
    if not sessions:
        return "No mock sessions yet: start one with 'kata mock start'.\n"
    rows = []
    for s in reversed(sessions):
        if s.state == "open":
            left = s.deadline - now
            state = f"open ({duration(left)} left)" if left > 0 else "open (over time)"
        else:
            state = s.state
        rows.append([s.id, when(s.started_at), mock.minutes_text(s.minutes), ", ".join(s.slugs), state,
                     _pts(s.score) if s.state == "submitted" else "-", s.verdict or "-"])
    return table(["id", "started", "length", "katas", "state", "score", "verdict"], rows,
                 right=(0, 5)) + "\n"


def stats_text(st: Stats) -> str:
    if not any(k.tried for k in st.katas) and not st.sessions.submitted and st.sessions.open_id is None:
        return ("No progress yet: start with 'kata next' (it names the kata to practise) "
                "or 'kata mock start'.\n")

    def rate(solved: int, graded: int) -> str:
        return f"{solved}/{graded} ({100 * solved / graded:.0f}%)" if graded else "-"

    out = [f"Progress as of {when(st.now)}", ""]
    rows = [[t.topic, t.available, t.tried, t.solved, _pts(t.best_score),
             rate(t.solved_attempts, t.graded_attempts)] for t in st.topics]
    out.append(table(["topic", "katas", "tried", "solved", "best score", "solve rate"], rows,
                     right=(1, 2, 3, 4)))
    out.append("")
    rows = []
    for k in st.katas:
        best_time = "-"
        if k.best_time_s is not None:
            over = k.best_time_s - k.minutes * 60
            best_time = duration(k.best_time_s) + (f" ({duration(over)} over)" if over > 0 else " (within)")
        rows.append([k.slug, k.topic, _pts(k.best_score), best_time, f"{k.minutes:g} min",
                     rate(k.solved_attempts, k.graded_attempts), k.grades])
    out.append(table(["kata", "topic", "best", "best time", "target", "solve rate", "grades"], rows,
                     right=(2, 6)))
    out.append("")
    out.append(f"Solve rate: {rate(st.solved_attempts, st.graded_attempts)} of graded attempts "
               "reached a pass.")
    if st.streak_days:
        out.append(f"Streak: {st.streak_days} day{'s' if st.streak_days != 1 else ''} in a row with a grade.")
    else:
        last = f" (last grade on {st.last_grade_day})" if st.last_grade_day else ""
        out.append(f"Streak: none{last}; a grade today starts one.")
    ss = st.sessions
    if ss.submitted:
        out.append(f"Mock interviews: {ss.submitted} submitted; last (session {ss.last_id}) "
                   f"{ss.last_score:g} {ss.last_verdict}, best {ss.best_score:g}, mean {ss.mean_score:g}"
                   + (f"; {ss.abandoned} abandoned" if ss.abandoned else "") + ".")
    else:
        out.append("Mock interviews: none submitted yet ('kata mock start').")
    if ss.open_id is not None:
        out.append(f"Session {ss.open_id} is open: 'kata mock status'.")
    return "\n".join(out) + "\n"


def next_text(reviews: Sequence[Review], *, show_all: bool = False) -> str:
    first = reviews[0]
    k = first.kata
    verb = "resume" if first.started else "start"
    out = []
    if first.bucket == "later":
        out.append("Nothing is due: every kata is passed within its target and reviewed on time.")
        out.append(f"Due soonest: {k.slug} — {k.title} ({k.topic}, {k.difficulty}, target {k.minutes:g} min)")
    else:
        out.append(f"Next: {k.slug} — {k.title} ({k.topic}, {k.difficulty}, target {k.minutes:g} min)")
    out.append(f"Why: {first.reason}.")
    out.append(f"To {verb} it: kata start {k.slug}")
    if show_all:
        out.append("")
        rows = [[i, r.kata.slug, r.bucket, r.reason] for i, r in enumerate(reviews, start=1)]
        out.append(table(["#", "kata", "queue", "why"], rows, right=(0,)))
    return "\n".join(out) + "\n"
