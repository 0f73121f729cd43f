"""The ``kata`` command: a thin click layer over the core modules.

Each command parses its arguments, calls one core function and prints what comes back. Errors
from the core (:class:`kata_cli.errors.KataError`) become ``Error: <message>`` and the error's
exit code; nothing a user can cause ends in a traceback. Heavy modules (numpy, pytest, jinja2)
are never imported here: the grader runs in a child process and jinja2 is imported only to
render a prompt.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import click

from kata_cli import __version__
from kata_cli.errors import KataError, UsageError

HOME_ENV = "KATA_HOME"


def state_path() -> Path:
    """``$KATA_HOME/kata.db``, else kata.db in the platform's application folder for "kata"."""
    from kata_cli.store import DB_NAME

    home = os.environ.get(HOME_ENV)
    folder = Path(home).expanduser() if home else Path(click.get_app_dir("kata"))
    return folder / DB_NAME


def open_store():  # type: ignore[no-untyped-def]
    from kata_cli.store import Store

    return Store(state_path())


class KataGroup(click.Group):
    """Turns KataError into a one-line error and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KataError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


@click.group(cls=KataGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kata")
def main() -> None:
    """Practise machine-learning interview katas offline.

    \b
    A typical session:
      kata list                 see the katas and your progress
      kata start kmeans         get a stub, the problem and example tests
      cd ~/kata-workspace/kmeans
      kata test                 run the visible examples
      kata grade                run the hidden grader: score, diagnosis, time
      kata hint                 stuck? take the next hint (recorded)
      kata diff                 after grading: your code against the reference
      kata next                 which kata to practise next, and why
      kata mock start           a timed mock interview (see 'kata mock --help')
      kata stats                your progress per topic, solve rate, streak

    KATA_WORKSPACE sets the workspace folder (default ~/kata-workspace);
    KATA_HOME sets where your history is kept.
    """


@main.command("list")
@click.option("--topic", help="Only katas of this topic (e.g. clustering, nlp).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_cmd(topic: str | None, as_json: bool) -> None:
    """List the katas with your status and best score."""
    from kata_cli import render
    from kata_cli.catalog import all_katas

    katas = all_katas()
    if topic:
        topics = sorted({k.topic for k in katas})
        katas = [k for k in katas if k.topic == topic]
        if not katas:
            raise UsageError(f"no kata has topic {topic!r}; topics: {', '.join(topics)}")
    with open_store() as store:
        summary = store.summary()
    if as_json:
        rows = [
            {
                "slug": k.slug, "title": k.title, "kind": k.kind, "topic": k.topic,
                "difficulty": k.difficulty, "minutes": k.minutes, "tags": list(k.tags),
                "status": render.status_of(summary.get(k.slug)),
                "best_score": (summary.get(k.slug) or {}).get("best"),
            }
            for k in katas
        ]
        click.echo(json.dumps(rows, indent=2))
    else:
        click.echo(render.kata_list(katas, summary))


@main.command()
@click.argument("slug")
def show(slug: str) -> None:
    """Print the problem statement of a kata."""
    from kata_cli.catalog import get_kata
    from kata_cli.workspace import render_prompt

    click.echo(render_prompt(get_kata(slug)), nl=False)


@main.command()
@click.argument("slug")
@click.option("--fresh", is_flag=True,
              help="Start over: move your current files to .attempts/<timestamp>/ first.")
def start(slug: str, fresh: bool) -> None:
    """Start (or resume) a kata in your workspace.

    Creates <workspace>/SLUG/ with the stub to implement, README.md (the problem) and
    test_examples.py; for a system-design kata, README.md and design.md (the 9-step template
    to fill in). Your files are never overwritten: a second start resumes the attempt.
    For a kata of the open mock session it restores the session's folder instead.
    """
    from kata_cli import mock, render, workspace
    from kata_cli.catalog import get_kata

    kata = get_kata(slug)
    with open_store() as store:
        now = time.time()
        restored = mock.restore(store, kata, fresh=fresh, now=now)  # a kata of the open session
        if restored is None:
            result = workspace.start(kata, store, fresh=fresh)
    if restored is not None:
        click.echo(mock.restored_text(restored[0], kata, restored[1], now=now), nl=False)
        return
    if result.archived_to:
        click.echo(f"Archived your previous attempt to {result.archived_to}")
    if result.resumed:
        click.echo(f"Resumed your attempt at {kata.slug}, started {render.when(result.attempt.started_at)}.")
        if result.created:
            click.echo(f"Restored missing file(s): {', '.join(result.created)}")
    else:
        click.echo(f"Started {kata.title} ({kata.slug}): target {kata.minutes:g} minutes, the clock is running.")
    click.echo(f"Workspace: {result.folder}")
    if kata.kind == "design":
        click.echo(
            f"\nNext:\n  cd {result.folder}\n  # read README.md, write your design in {kata.module}\n"
            "  kata grade    # a score and feedback for each of the 9 steps"
        )
    else:
        click.echo(
            f"\nNext:\n  cd {result.folder}\n  # read README.md, implement {kata.module}\n"
            "  kata test     # visible examples\n  kata grade    # the hidden grader"
        )


def _target(store: Any, slug: str | None, file: Path | None):  # type: ignore[no-untyped-def]
    from kata_cli import actions

    return actions.resolve(store, slug=slug, file=file, cwd=Path.cwd())


@main.command()
@click.argument("slug", required=False)
def test(slug: str | None) -> None:
    """Run the visible example tests (test_examples.py) of your attempt."""
    from kata_cli import actions

    with open_store() as store:
        target = _target(store, slug, None)
    passed = actions.run_examples(target)
    sys.exit(0 if passed else 1)


@main.command()
@click.argument("slug", required=False)
@click.option("--file", "file", type=click.Path(path_type=Path),
              help="Grade this file instead of your workspace attempt.")
@click.option("--json", "as_json", is_flag=True, help="Print the result object as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Show every diagnosis in full.")
def grade(slug: str | None, file: Path | None, as_json: bool, verbose: bool) -> None:
    """Run the hidden grader on your attempt and record the grade.

    Inside a workspace folder no SLUG is needed. The report shows points by category,
    the score, the first problem in full and your time against the target.

    \b
    Examples:
      kata grade                              in <workspace>/kmeans
      kata grade kmeans                       your attempt, from anywhere
      kata grade kmeans --file my.py --json   any file; the result as JSON

    \b
    Exit status: 0 passed, 1 not passed (or the grade could not be recorded: it is shown,
    then the error), 2 usage error (unknown kata, missing file).
    """
    from kata_cli import actions, render

    failure = None
    with open_store() as store:
        target = _target(store, slug, file)
        if target.note:
            click.echo(target.note, err=True)
        if not as_json:
            click.echo(f"Grading {target.path} ...", err=True)
        asked_at = time.time()
        try:
            result = actions.grade(store, target, now=asked_at)
            note = _mock_note(store, target, asked_at)
        except actions.NotRecorded as exc:  # shown all the same, then the error
            result, failure, note = exc.result, exc, None
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        report = render.design_report if target.kata.kind == "design" else render.grade_report
        click.echo(report(result, target.kata, verbose=verbose), nl=False)
    if note:  # a kata of an open mock session: time left, or overtime
        click.echo(("" if as_json else "\n") + note, err=as_json)
    if failure is not None:
        click.echo(f"Error: {failure}", err=True)
        sys.exit(failure.exit_code)
    sys.exit(0 if result.passed else 1)


def _mock_note(store: Any, target: Any, now: float) -> str | None:
    from kata_cli import mock

    return mock.grade_note(store, target.attempt, now=now)


@main.command()
@click.argument("slug", required=False)
def hint(slug: str | None) -> None:
    """Show the next hint for a kata (hints go from gentle to explicit; each is recorded).

    While a mock session with the kata is open, each hint of it costs points of that kata's
    score (stated with it), wherever you ask; after the deadline hints cost nothing."""
    from kata_cli import actions, mock
    from kata_cli.catalog import get_kata
    from kata_cli.workspace import kata_from_cwd

    kata = get_kata(slug or kata_from_cwd(Path.cwd()))
    with open_store() as store:
        now = time.time()
        result = actions.next_hint(store, kata, cwd=Path.cwd(), now=now)
    total = len(kata.hints)
    if not result.new:
        click.echo(f"You have taken all {total} hints for {kata.slug}:")
    for number, text in result.shown:
        click.echo(f"Hint {number}/{total}: {text}")
    if result.session is not None:
        click.echo(mock.hint_cost_note(result.session, kata, result.session_hints,
                                       charged=result.charged or not result.new, now=now))


@main.command()
@click.argument("slug", required=False)
@click.option("--reveal", is_flag=True, help="Show it even before your first grade (recorded).")
def solution(slug: str | None, reveal: bool) -> None:
    """Print the reference solution (after you have graded an attempt)."""
    from kata_cli import actions
    from kata_cli.catalog import get_kata
    from kata_cli.workspace import kata_from_cwd

    kata = get_kata(slug or kata_from_cwd(Path.cwd()))
    with open_store() as store:
        click.echo(actions.solution(store, kata, reveal=reveal), nl=False)


@main.command()
@click.argument("slug", required=False)
@click.option("--file", "file", type=click.Path(path_type=Path), help="Compare this file instead of your attempt.")
@click.option("--reveal", is_flag=True, help="Show it even before your first grade (recorded).")
def diff(slug: str | None, file: Path | None, reveal: bool) -> None:
    """Show a unified diff of your attempt against the reference solution.

    For a system-design kata: step by step, the concepts your design covers against the model
    answer's, and the model answer's text of each step.
    """
    from kata_cli import actions

    with open_store() as store:
        target = _target(store, slug, file)
        text = actions.diff(store, target, reveal=reveal)
    if target.kata.kind == "design":
        click.echo(text, nl=False)
        return
    if not text:
        click.echo("Your file is identical to the reference solution.")
        return
    for line in text.splitlines():
        color = None
        if line.startswith("+") and not line.startswith("+++"):
            color = "green"
        elif line.startswith("-") and not line.startswith("---"):
            color = "red"
        elif line.startswith("@@"):
            color = "cyan"
        click.secho(line, fg=color)


@main.command()
@click.argument("slug", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def history(slug: str | None, as_json: bool) -> None:
    """Show your grades: when, score, status, and time against the target."""
    from kata_cli import render
    from kata_cli.catalog import get_kata

    kata = get_kata(slug) if slug else None
    with open_store() as store:
        grades = store.grades(kata.slug if kata else None)
        attempts = store.attempts(kata.slug if kata else None)
    if as_json:
        click.echo(json.dumps(
            {"attempts": [a.__dict__ for a in attempts],
             "grades": [{k: v for k, v in g.__dict__.items() if k != "result"} for g in grades]},
            indent=2,
        ))
        return
    if not grades and not attempts:
        click.echo("No history yet: start with 'kata list' and 'kata start SLUG'.")
        return
    click.echo(render.history(attempts, grades))


@main.command()
@click.argument("slugs", nargs=-1)
@click.option("-j", "--jobs", default=2, show_default=True, help="Grades to run at once.")
def check(slugs: tuple[str, ...], jobs: int) -> None:
    """Check the catalogue: each reference passes, each stub fails, each mutant fails
    with the diagnosis it names. With no SLUG, every kata."""
    from kata_cli import selfcheck
    from kata_cli.catalog import all_katas, get_kata

    katas = [get_kata(s) for s in slugs] if slugs else [k for k in all_katas() if k.kind == "coding"]
    results = selfcheck.check(katas, jobs=jobs)
    width = max(len(f"{r.case.kata.slug} {r.case.label}") for r in results)
    for r in results:
        mark = click.style("ok  ", fg="green") if r.ok else click.style("FAIL", fg="red", bold=True)
        click.echo(f"{mark} {(r.case.kata.slug + ' ' + r.case.label).ljust(width)}  {r.detail}")
    bad = [r for r in results if not r.ok]
    click.echo(f"\n{len(results) - len(bad)} of {len(results)} checks passed.")
    sys.exit(1 if bad else 0)


# --------------------------------------------------------------------------- progress


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def stats(as_json: bool) -> None:
    """Your progress: per topic and per kata, solve rate, streak, mock interviews.

    \b
    best time     your fastest passing grade against the kata's target
    solve rate    graded attempts that reached a pass, out of graded attempts
    streak        days in a row with at least one grade, ending today or yesterday

    \b
    Examples:
      kata stats
      kata stats --json
    """
    from kata_cli import progress, report
    from kata_cli.catalog import all_katas

    with open_store() as store:
        st = progress.stats(all_katas(), store.grades(), store.attempts(), store.sessions(),
                            now=time.time())
    if as_json:
        click.echo(json.dumps(st.to_dict(), indent=2))
    else:
        click.echo(report.stats_text(st), nl=False)


@main.command("next")
@click.option("--kind", type=click.Choice(["coding", "design"]), help="Only katas of this kind.")
@click.option("--topic", help="Only katas of this topic (e.g. clustering, nlp).")
@click.option("--all", "show_all", is_flag=True, help="Also list the whole queue, in order, with reasons.")
@click.option("--json", "as_json", is_flag=True, help="Print the queue as JSON.")
def next_cmd(kind: str | None, topic: str | None, show_all: bool, as_json: bool) -> None:
    """The kata to practise next, why, and the command to start it.

    \b
    Spaced repetition over your history, in this order:
      1. failed    your last grade of it did not pass
      2. new       never graded (easiest first)
      3. slow      your last pass took longer than its target
      4. due       passed in time, and its review interval has elapsed; the
                   interval grows with each day you passed it: 1, 3, 7, 14, 30 days
      5. later     nothing is due: the kata due soonest

    \b
    Examples:
      kata next
      kata next --topic clustering --all
      kata next --kind design
    """
    from kata_cli import progress, report
    from kata_cli.catalog import all_katas

    with open_store() as store:
        reviews = progress.next_kata(all_katas(), store.grades(), store.attempts(), now=time.time(),
                                     kind=kind, topic=topic,
                                     session_attempts=store.session_attempt_ids())
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in reviews], indent=2))
    else:
        click.echo(report.next_text(reviews, show_all=show_all), nl=False)


# --------------------------------------------------------------------------- mock interviews


@main.group()
def mock() -> None:
    """Timed mock interviews: several katas under one clock.

    \b
    A session:
      kata mock start --minutes 45 --count 2      pick 2 katas, start the clock
      cd <workspace>/mock-<id>/<kata>             each kata has its folder
      kata grade                                  as often as you like, before the deadline
      kata mock status                            time left, your last grades
      kata mock clock                             a live countdown
      kata mock submit                            grade everything, end it, see the report
      kata mock report --html report.html         the report as one HTML page
      kata mock list                              past sessions

    \b
    Rules: the clock is wall time from the start (a session survives a closed terminal or
    a restart: 'kata mock status' resumes it); grades after the deadline are overtime and
    do not count; each hint of a session kata costs 10 points of its score, wherever you
    ask for it (after the deadline, hints are free); reference solutions open when the
    session ends. A kata's score is its last grade made in time (0 if none) minus its hint
    costs; the session score is the mean over its katas.
    Verdict: strong >= 85, pass >= 70, borderline >= 50, not yet below 50.
    """


@mock.command("start")
@click.option("--minutes", type=float, help="Length of the session in minutes, at least 0.1 "
              "(6 seconds); fractions allowed (0.5 is 30 seconds). Default: the sum of the katas' "
              "target times.")
@click.option("--count", type=int, help="How many katas to pick (default 2).")
@click.option("--kata", "katas", multiple=True, metavar="SLUG",
              help="A kata to include (repeat it); instead of --count/--kind/--topic.")
@click.option("--kind", type=click.Choice(["coding", "design", "mixed"]),
              help="Kinds of katas to pick; mixed (the default) takes at least one coding and one "
                   "design kata when both exist.")
@click.option("--topic", help="Only katas of this topic.")
@click.option("--seed", type=int, help="Seed of the random pick: the same seed and history pick the "
              "same katas (not with --kata).")
def mock_start(minutes: float | None, count: int | None, katas: tuple[str, ...], kind: str | None,
               topic: str | None, seed: int | None) -> None:
    """Start a timed mock interview.

    Picks katas (favouring ones never solved, failed, or solved slower than their target),
    starts each in <workspace>/mock-<id>/<kata>/ and starts one clock for all of them.
    Only one session is open at a time.

    \b
    Examples:
      kata mock start                                  2 katas, for their target time
      kata mock start --minutes 45 --count 2
      kata mock start --kata kmeans --kata design-newsfeed --minutes 60
      kata mock start --kind coding --topic clustering --count 1 --seed 7
      kata mock start --count 1 --minutes 0.5          a 30-second dry run
    """
    from kata_cli import mock as sessions, report

    with open_store() as store:
        started = sessions.start(store, katas=katas, count=count, kind=kind, topic=topic,
                                 minutes=minutes, seed=seed, now=time.time())
    click.echo(report.started_text(started), nl=False)


@mock.command("status")
@click.argument("session_id", type=int, required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def mock_status(session_id: int | None, as_json: bool) -> None:
    """Time left and each kata's last grade (the open session, or session SESSION_ID).

    \b
    Examples:
      kata mock status
      kata mock status 3 --json
    """
    from kata_cli import mock as sessions, report

    with open_store() as store:
        session = sessions.get(store, session_id) if session_id is not None else sessions.current(store)
        r = sessions.report(store, session.id, now=time.time())
    if as_json:
        click.echo(sessions.to_json(r))
    else:
        click.echo(report.status_text(r), nl=False)


@mock.command("clock")
@click.option("--no-bell", is_flag=True, help="No terminal bell with the warnings.")
def mock_clock(no_bell: bool) -> None:
    """A live countdown of the open session, with warnings at half time, 10 and 2 minutes.

    It ends at the deadline, when the session is submitted, or on Ctrl-C (the session
    itself keeps running: run 'kata mock clock' again to see it). The warnings ring the
    terminal bell; when the output is not a terminal, a line is written each minute and
    there is no bell.
    """
    from kata_cli import mock as sessions

    with open_store() as store:
        session = sessions.current(store)

    def still_open() -> bool:
        try:
            with open_store() as store:
                now_open = store.session(session.id)
        except KataError:
            return True  # a busy database is no reason to stop the clock
        return now_open is not None and now_open.state == "open"

    terminal = sys.stdout.isatty()  # no rewritten line and no bell in a file or a pipe
    sessions.run_clock(
        session, clock=time.time, sleep=time.sleep,
        write=lambda text: click.echo(text, nl=False), live=terminal,
        bell=terminal and not no_bell, still_open=still_open,
    )


@mock.command("submit")
def mock_submit() -> None:
    """Grade every kata of the open session, close it, and print the report.

    Each kata is graded as it is now; a deleted file is graded as missing (score 0). After
    the deadline these grades are overtime: the score then uses your last grades made in
    time. A session is submitted once. If it cannot finish (Ctrl-C, the history locked by
    another kata process), nothing is recorded and the session stays open: submit again.
    """
    from kata_cli import mock as sessions, report

    def progress_cb(index: int, total: int, slug: str) -> None:
        click.echo(f"Grading {slug} ({index} of {total}) ...", err=True)

    with open_store() as store:
        r = sessions.submit(store, now=time.time(), progress_cb=progress_cb)
    click.echo(report.session_text(r), nl=False)
    click.echo(f"\nThe report again: kata mock report {r.session.id} [--html FILE]")


@mock.command("report")
@click.argument("session_id", type=int, required=False)
@click.option("--html", "html_path", metavar="FILE",
              help="Write the report as one self-contained HTML page to this file.")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON (with --html, the HTML page is written too).")
def mock_report(session_id: int | None, html_path: str | None, as_json: bool) -> None:
    """The report of a session (default: the latest): per kata the score, time used against
    the target, the diagnoses and hints taken; the verdict; the trend against earlier
    sessions.

    \b
    Examples:
      kata mock report
      kata mock report 3 --html report.html     one file that opens in any browser
      kata mock report --json --html r.html     JSON on stdout and the HTML page
    """
    from kata_cli import mock as sessions, report

    with open_store() as store:
        r = sessions.report(store, session_id, now=time.time())
    if html_path is not None:
        written = report.write_html(r, html_path)
        # with --json, stdout is the JSON alone
        click.echo(f"Wrote the report of mock session {r.session.id} to {written}", err=as_json)
    if as_json:
        click.echo(sessions.to_json(r))
    elif html_path is None:
        click.echo(report.session_text(r), nl=False)


@mock.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def mock_list(as_json: bool) -> None:
    """Past and open mock sessions: when, how long, which katas, score and verdict."""
    from kata_cli import report

    with open_store() as store:
        sessions = store.sessions()
    if as_json:
        rows = [{**{k: v for k, v in s.__dict__.items() if k != "katas"}, "katas": s.slugs}
                for s in sessions]
        click.echo(json.dumps(rows, indent=2))
    else:
        click.echo(report.sessions_text(sessions, now=time.time()), nl=False)


@mock.command("abandon")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def mock_abandon(yes: bool) -> None:
    """End the open session without grading or scoring it (your files stay)."""
    from kata_cli import mock as sessions

    with open_store() as store:
        session = sessions.current(store)
        if not yes:
            click.confirm(f"Abandon mock session {session.id} ({', '.join(session.slugs)}) unscored?",
                          abort=True)
        closed = sessions.abandon(store, now=time.time())
    click.echo(f"Abandoned mock session {closed.id}; its files stay in {closed.folder}.")
