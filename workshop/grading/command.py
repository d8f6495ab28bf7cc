"""The ``workshop grade`` command: grade a class, print the table, write the gradebook and report."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import click

from ..exercises import Exercise, ExerciseError, find_exercise, load_catalog
from . import report, sandbox
from .model import Limits, SubmissionGrade
from .runner import Interrupted, grade_all


def _exercise_list(keys: tuple[str, ...], catalog: list[Exercise]) -> list[Exercise]:
    if not keys:
        return catalog
    chosen = {find_exercise(key, catalog).name for key in keys}
    return [e for e in catalog if e.name in chosen]


def _output_file(value: str | None, option: str) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    if path.is_dir():
        raise click.BadParameter(f"{value} is a folder; give a file name", param_hint=option)
    if not path.resolve().parent.is_dir():
        raise click.BadParameter(f"there is no folder {path.parent}", param_hint=option)
    return path


@click.command(name="grade", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("submissions", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-e", "--exercise", "exercise_keys", multiple=True, metavar="NAME",
              help="Grade only this exercise (repeat for more). Default: all of them.")
@click.option("--csv", "csv_file", metavar="FILE", help="Also write a gradebook: one row per learner.")
@click.option("--html", "html_file", metavar="FILE",
              help="Also write a report to open in a browser, with the first failing check of each exercise.")
@click.option("--timeout", type=click.FloatRange(min=0.5), default=Limits.timeout, show_default=True,
              help="Seconds each exercise's tests may run.")
@click.option("--memory", type=click.IntRange(min=128), default=Limits.memory_mb, show_default=True,
              metavar="MB", help="Memory the code of one submission may use, all its processes together "
              "(each process, where the machine gives the grader no cgroup).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Submissions graded at once.  [default: the number of CPUs]")
@click.option("--no-sandbox", "no_sandbox", is_flag=True,
              help="Run the learners' code as yourself, without the bubblewrap sandbox (where it cannot run).")
@click.option("--color/--no-color", default=None, help="Colour the table (default: on a terminal).")
def grade(submissions: tuple[Path, ...], exercise_keys: tuple[str, ...], csv_file: str | None,
          html_file: str | None, timeout: float, memory: int, jobs: int | None, no_sandbox: bool,
          color: bool | None) -> None:
    """Grade the learners' work: who solved which exercise and, where not, why.

    Each SUBMISSION is a folder holding one learner's copy of the workshop
    repository, or of its exercises/ folder; the learner's name is the
    folder's name. Collect them side by side and pass them all:

    \b
        workshop grade submissions/*
        workshop grade submissions/* --csv grades.csv --html grades.html
        workshop grade alice bob -e first_app

    Every exercise is checked with this repository's tests, never the
    learner's copies of them, on a temporary copy of the submission: the
    submission itself is never changed.

    \b
    The table has one row per learner and one column per exercise:
        pass       every check passed
        3/7        partial credit: 3 of the 7 checks the starter fails now pass
        fail       the code runs, but no such check passed
        timeout    still running after --timeout seconds (a loop that never ends?)
        error      the code does not load, ended the test process, hit a limit,
                   or holds a file the grader will not copy (a link, a pipe, a huge file)
        missing    not submitted: the exercise's folder is not there
        untouched  the folder is the same as the starter handed out
    An exercise scores the share of those checks that pass (a check the
    starter already passes earns nothing); the total column adds them up.
    The HTML report gives, per learner and exercise, the first failing check
    in plain words and the line of code it points to.

    Each submission's code runs in a bubblewrap sandbox (Linux): it sees only
    its own copy and the tests, has no network, and every process it starts
    ends with its run. Limits per submission: --timeout per exercise, --memory
    for all its processes, at most 64 processes and 32 MB of output. Where
    bubblewrap cannot run, --no-sandbox runs the code as you (for code you
    trust). `workshop doctor --instructor` says whether the sandbox works here.

    The exit status is 0 whenever grading ran, whatever the scores.
    """
    if os.name != "posix":
        raise click.UsageError("workshop grade needs Linux (on Windows, run it in WSL).")
    try:
        catalog = _exercise_list(exercise_keys, load_catalog())
    except ExerciseError as error:
        raise click.UsageError(str(error)) from None
    csv_path = _output_file(csv_file, "--csv")
    html_path = _output_file(html_file, "--html")
    if no_sandbox:
        click.secho(f"warning: {report.NO_SANDBOX_WARNING}.", fg="red", err=True)
    else:
        trouble = sandbox.problem()
        if trouble:
            raise click.ClickException(trouble)
    paths = list(dict.fromkeys(path.resolve() for path in submissions))
    limits = Limits(timeout=timeout, memory_mb=memory)
    started = time.perf_counter()
    count = 0

    def report_progress(graded: SubmissionGrade) -> None:
        nonlocal count
        count += 1
        click.echo(f"graded {graded.learner} ({count}/{len(paths)})", err=True)

    try:
        graded = grade_all(paths, catalog, limits, jobs, report_progress, sandbox=not no_sandbox)
    except Interrupted as stop:  # SIGTERM is handled as Ctrl-C is
        what = "SIGTERM" if stop.signal == signal.SIGTERM else "Ctrl-C"
        click.echo(f"Grading stopped ({what}): every run ended, the temporary copies are removed.", err=True)
        raise SystemExit(128 + stop.signal) from None
    seconds = time.perf_counter() - started
    if no_sandbox:
        click.secho(f"Warning: {report.NO_SANDBOX_WARNING}.", fg="red", color=color)
    click.echo(report.table(graded, catalog, color=color), color=color)
    click.echo(f"{len(graded)} submission(s) x {len(catalog)} exercise(s) graded in {seconds:.1f} s.")
    if csv_path:
        report.write_csv(csv_path, graded, catalog)
        click.echo(f"Gradebook written to {csv_path}")
    if html_path:
        html_path.write_text(report.html(graded, catalog, limits, sandboxed=not no_sandbox), encoding="utf-8")
        click.echo(f"Report written to {html_path}")
