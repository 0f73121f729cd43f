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
    """
    from kata_cli import render, workspace
    from kata_cli.catalog import get_kata

    kata = get_kata(slug)
    with open_store() as store:
        result = workspace.start(kata, store, fresh=fresh)
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
    Exit status: 0 passed, 1 not passed, 2 usage error (unknown kata, missing file).
    """
    from kata_cli import actions, render

    with open_store() as store:
        target = _target(store, slug, file)
        if not as_json:
            click.echo(f"Grading {target.path} ...", err=True)
        result = actions.grade(store, target)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        report = render.design_report if target.kata.kind == "design" else render.grade_report
        click.echo(report(result, target.kata, verbose=verbose), nl=False)
    sys.exit(0 if result.passed else 1)


@main.command()
@click.argument("slug", required=False)
def hint(slug: str | None) -> None:
    """Show the next hint for a kata (hints go from gentle to explicit; each is recorded)."""
    from kata_cli import actions
    from kata_cli.catalog import get_kata
    from kata_cli.workspace import kata_from_cwd

    kata = get_kata(slug or kata_from_cwd(Path.cwd()))
    with open_store() as store:
        result = actions.next_hint(store, kata)
    total = len(kata.hints)
    if not result.new:
        click.echo(f"You have taken all {total} hints for {kata.slug}:")
    for number, text in result.shown:
        click.echo(f"Hint {number}/{total}: {text}")


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
