"""The learner's commands: check, watch, list, hint, reset, solution (doctor: workshop.doctor).

They all work on the ordered list of exercises/exercises.toml and keep the
learner's progress in .workshop/progress.json (see workshop.exercises). The
repository is the one this package was installed from (``pip install -e .``
in the clone), so the commands work from any folder; ``workshop doctor`` says
when you are not at its root.
"""

from __future__ import annotations

import difflib
import subprocess
from pathlib import Path

import click

from . import colour
from .checker import CheckResult, display_path, run_exercise_tests
from .diff import style
from .exercises import (
    REPO,
    Exercise,
    ExerciseError,
    Progress,
    exercises_of_step,
    find_exercise,
    load_catalog,
    progress_bar,
    resolve_tree,
    unknown_message,
)

TARGET_HELP = "Which code to check: exercises (yours), solutions, or a folder laid out the same way."


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _catalog() -> list[Exercise]:
    try:
        catalog = load_catalog()
    except ExerciseError as error:
        _fail(str(error))
        raise  # unreachable; for type checkers
    if not Path.cwd().resolve().is_relative_to(REPO):
        # The tool knows its repository from where it is installed, so it works from
        # here too; but the READMEs' commands (flask --app exercises/…) start there.
        click.secho(f"Note: you are outside the workshop folder. `cd {REPO}` to work there; "
                    "the READMEs' commands start from it.", fg="yellow", err=True)
    return catalog


def _pick(key: str, catalog: list[Exercise]) -> Exercise:
    try:
        return find_exercise(key, catalog)
    except ExerciseError as error:
        _fail(str(error))
        raise


def _tree(target: str) -> Path:
    try:
        return resolve_tree(target)
    except ExerciseError as error:
        _fail(str(error))
        raise


# ----------------------------------------------------------------- reporting


def render(result: CheckResult, exercise: Exercise, tree: Path) -> str:
    """The learner's report of one check: a pass, or the first failing check in plain words."""
    name = click.style(exercise.name, bold=True)
    if result.ok:
        checks = "the check passes" if result.passed == 1 else f"all {result.passed} checks pass"
        return f"{click.style('✓', fg='green', bold=True)} {name}: {checks}. ({result.seconds:.1f} s)"
    lines = []
    failure = result.first_failure
    if result.status == "timeout":
        lines.append(f"{click.style('✗', fg='red', bold=True)} {name}: your code did not finish.")
    elif result.status == "error":
        lines.append(f"{click.style('✗', fg='red', bold=True)} {name}: your code could not run.")
    else:
        lines.append(f"{click.style('✗', fg='red', bold=True)} {name}: "
                     f"{result.passed} of {result.total} checks pass.")
    if failure is not None:
        lines.append("")
        if failure.kind in ("assertion", "exception"):
            lines.append(f"  Failing check: {failure.check}")
        if failure.kind == "exception":
            lines.append(click.style(f"  Your code raised {failure.message}", fg="yellow"))
        else:
            lines.append(click.style(f"  {failure.message}", fg="yellow"))
        if failure.location:
            lines.append(f"  at {failure.location}")
            if failure.source:
                lines.append(click.style(f"      {failure.source}", fg="cyan"))
        more = len(result.failures) - 1
        if more > 0 and result.status == "failed":
            lines.append(f"  ({more} more failing {'check' if more == 1 else 'checks'}; "
                         "fix this one first.)")
    edit = ", ".join(display_path(exercise.path(tree) / f) for f in exercise.edit)
    lines += ["", f"  Edit {edit}; the task is in {display_path(exercise.path(tree) / 'README.md')}.",
              f"  Stuck? `workshop hint {exercise.name}` gives a hint."]
    return "\n".join(lines)


def check_and_record(exercise: Exercise, tree: Path, target: str, catalog: list[Exercise],
                     progress: Progress, verbose: bool = False) -> CheckResult:
    """Check *exercise*, print the report, and record a pass (not for the solutions tree)."""
    result = run_exercise_tests(exercise, tree)
    if verbose and result.output:
        click.echo(result.output.rstrip())
    click.echo(render(result, exercise, tree))
    if result.ok and target != "solutions":
        progress.mark_done(exercise)
        if progress.current in (None, exercise.name):
            progress.advance(exercise, catalog)
        progress.save()
    return result


def announce_next(progress: Progress, catalog: list[Exercise], tree: Path) -> None:
    following = progress.current_exercise(catalog)
    if following is None:
        click.secho(f"All {len(catalog)} exercises are done. Well done!", fg="green", bold=True)
        return
    click.echo(f"  Next: {click.style(following.name, bold=True)} ({following.step}): "
               f"{display_path(following.path(tree) / 'README.md')}")


# ------------------------------------------------------------------ commands


@click.command()
@click.argument("name", required=False)
@click.option("--target", default="exercises", show_default=True, help=TARGET_HELP)
@click.option("-v", "--verbose", is_flag=True, help="Also show pytest's own output.")
@colour.option
def check(name: str | None, target: str, verbose: bool) -> None:
    """Check an exercise: NAME, every exercise of step NN (or NN_topic), or the current one.

    When the current exercise passes, the next one becomes current.
    """
    catalog, tree = _catalog(), _tree(target)
    progress = Progress.load()
    if name is None:
        exercise = progress.current_exercise(catalog)
        if exercise is None:
            click.secho(f"All {len(catalog)} exercises are done. Well done!", fg="green", bold=True)
            return
        chosen = [exercise]
    elif name.strip().isdigit() or exercises_of_step(name, catalog):
        chosen = exercises_of_step(name, catalog)
        if not chosen:
            _fail(unknown_message(name, sorted({e.step for e in catalog}), "step with exercises"))
    else:
        chosen = [_pick(name, catalog)]
    results = [check_and_record(e, tree, target, catalog, progress, verbose) for e in chosen]
    if all(r.ok for r in results):
        if target != "solutions":
            announce_next(progress, catalog, tree)
        return
    raise SystemExit(1)


@click.command(name="list")
@click.option("--target", default="exercises", show_default=True, help=TARGET_HELP)
@colour.option
def list_exercises(target: str) -> None:
    """List every exercise with its status (done, current, to do)."""
    catalog, tree = _catalog(), _tree(target)
    progress = Progress.load()
    current = progress.current_exercise(catalog)
    width = max(len(e.name) for e in catalog)
    for exercise in catalog:
        if progress.is_done(exercise):
            mark, status = click.style("✓", fg="green"), "done"
        elif current is not None and exercise.name == current.name:
            mark, status = click.style("▶", fg="yellow"), click.style("current", fg="yellow")
        else:
            mark, status = " ", "to do"
        click.echo(f"{mark} {exercise.step:<15} {exercise.name:<{width}}  {status:<8} {exercise.topic}")
    click.echo("")
    click.echo(progress_bar(sum(progress.is_done(e) for e in catalog), len(catalog)))
    if current is not None:
        click.echo(f"Current: {current.name} — {display_path(current.path(tree) / 'README.md')}")


@click.command()
@click.argument("name", required=False)
def hint(name: str | None) -> None:
    """Show the next hint for NAME (default: the current exercise); each call goes one further."""
    catalog = _catalog()
    progress = Progress.load()
    exercise = _pick(name, catalog) if name else progress.current_exercise(catalog)
    if exercise is None:
        click.echo("All exercises are done: no hints needed.")
        return
    number, text = progress.take_hint(exercise)
    progress.save()
    click.secho(f"Hint {number} of {len(exercise.hints)} for {exercise.name}:", bold=True)
    click.echo(f"  {text}")
    if number == len(exercise.hints):
        click.echo(f"That is the last hint. Once your code passes, `workshop solution {exercise.name}` "
                   "shows the model answer.")
    else:
        click.echo(f"Run `workshop hint {exercise.name}` again for a stronger one.")


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)


@click.command()
@click.argument("name")
@click.option("--target", default="exercises", show_default=True,
              help="The tree to reset: exercises (yours) or a folder laid out the same way.")
@click.option("-y", "--yes", is_flag=True, help="Do not ask first.")
def reset(name: str, target: str, yes: bool) -> None:
    """Throw away your changes to exercise NAME and restore its starter code (from git)."""
    catalog = _catalog()
    exercise = _pick(name, catalog)
    if target == "solutions":
        _fail("The solutions are not yours to reset; `git checkout -- solutions` restores them.")
    folder = exercise.path(_tree(target))
    try:
        probe = _git(folder, "ls-files", "--error-unmatch", ".")
    except FileNotFoundError:
        _fail("`workshop reset` needs git, and git is not installed. "
              "Copy the folder again from the workshop repository instead.")
    if probe.returncode != 0:
        _fail(f"{display_path(folder)} is not in a git clone, so there is no starter to restore. "
              "Copy the folder again from the workshop repository.")
    if not yes and not click.confirm(f"Throw away every change in {display_path(folder)} and "
                                     "restore the starter code?", default=False):
        click.echo("Nothing changed.")
        return
    restored = _git(folder, "checkout", "HEAD", "--", ".")
    cleaned = _git(folder, "clean", "-fdq", "--", ".")
    if restored.returncode or cleaned.returncode:
        _fail("git could not restore the starter: " + (restored.stderr + cleaned.stderr).strip())
    progress = Progress.load()
    progress.forget(exercise)
    progress.save()
    click.echo(f"Restored the starter code of {exercise.name} in {display_path(folder)} "
               "(the version of your last git commit).")


@click.command()
@click.argument("name", required=False)
@click.option("--force", is_flag=True, help="Show it even though your code does not pass yet.")
@click.option("--target", default="exercises", show_default=True, help=TARGET_HELP)
def solution(name: str | None, force: bool, target: str) -> None:
    """Show the model solution of NAME, once your code passes (or with --force)."""
    catalog, tree = _catalog(), _tree(target)
    progress = Progress.load()
    exercise = _pick(name, catalog) if name else progress.current_exercise(catalog)
    if exercise is None:
        _fail("All exercises are done: name the one whose solution you want.")
    if not progress.is_done(exercise) and not force:
        click.echo(f"Checking {exercise.name} first: solutions open once your code passes.")
        result = check_and_record(exercise, tree, target, catalog, progress)
        if not result.ok:
            click.echo(f"\nKeep going; or see it anyway: `workshop solution {exercise.name} --force`.")
            raise SystemExit(1)
        click.echo("")
    answer = exercise.path(resolve_tree("solutions"))
    readme = answer / "README.md"
    if readme.is_file():
        click.echo(readme.read_text(encoding="utf-8").rstrip())
    for rel in exercise.edit:
        yours, theirs = exercise.path(tree) / rel, answer / rel
        a = yours.read_text(encoding="utf-8").splitlines(keepends=True) if yours.is_file() else []
        b = theirs.read_text(encoding="utf-8").splitlines(keepends=True)
        diff = list(difflib.unified_diff(a, b, f"yours/{rel}", f"solution/{rel}"))
        click.echo("")
        if not diff:
            click.secho(f"{rel}: yours is the same as the solution.", fg="green")
            continue
        click.secho(f"{rel}: how the solution differs from yours", bold=True)
        for line in diff:
            click.echo(style(line.rstrip("\n")))
    click.echo(f"\nThe whole solution: {display_path(answer)}/")
