"""The learner's commands: check, watch, list, hint, reset, solution (doctor: workshop.doctor).

They all work on the ordered list of exercises/exercises.toml and keep the
learner's progress in .workshop/progress.json (see workshop.exercises). The
repository is the one this package was installed from (``pip install -e .``
in the clone), so the commands work from any folder; ``workshop doctor`` says
when you are not at its root.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import click

from . import colour
from .checker import CheckResult, ForkServer, Runner, display_path, run_exercise_tests
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
    state_dir,
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
                     progress: Progress, verbose: bool = False, runner: Runner | None = None) -> CheckResult:
    """Check *exercise*, print the report, and record a pass (not for the solutions tree)."""
    result = run_exercise_tests(exercise, tree, runner=runner)
    if verbose and result.output:
        click.echo(result.output.rstrip())
    click.echo(render(result, exercise, tree))
    if result.ok and target != "solutions":
        def record(saved: Progress) -> None:
            saved.mark_done(exercise)
            if saved.current in (None, exercise.name):
                saved.advance(exercise, catalog)
        progress.update(record)
    return result


def announce_next(progress: Progress, catalog: list[Exercise], tree: Path) -> None:
    following = progress.current_exercise(catalog)
    if following is None:
        click.secho(f"All {len(catalog)} exercises are done. Well done!", fg="green", bold=True)
        return
    click.echo(f"  Next: {click.style(following.name, bold=True)} ({following.step}): "
               f"{display_path(following.path(tree) / 'README.md')}")


# ------------------------------------------------------------------ commands


def status_cell(result: CheckResult) -> str:
    if result.ok:
        return click.style("✓ passes", fg="green")
    if result.status == "failed":
        return click.style(f"✗ {result.passed} of {result.total} checks pass", fg="red")
    words = {"timeout": "✗ did not finish", "error": "✗ could not run"}
    return click.style(words[result.status], fg="red")


@contextmanager
def runner_for(exercises: list[Exercise], tree: Path) -> Iterator[Runner | None]:
    """How to run the checks of *exercises*: one ForkServer when two or more will run, else None.

    A fork server pays ~0.8 s of imports once, then each check costs 0.1-0.3 s instead of
    0.5-1 s; for a single check (or where os.fork is missing) a fresh process is cheaper.
    Exercises with no folder in *tree* run no tests, so they do not count.
    """
    if sum(e.path(tree).is_dir() for e in exercises) < 2:
        yield None
        return
    server = ForkServer()
    try:
        yield server if server.process is not None else None
    finally:
        server.close()


def check_all(catalog: list[Exercise], tree: Path, target: str, progress: Progress) -> bool:
    """Check every exercise, printing one table row each (in order) as it is done; True if all pass.

    The checks go one after the other through one ForkServer; where there is none (no
    os.fork), a few fresh processes run at a time.
    """
    width = max(len(e.name) for e in catalog)
    click.echo(f"{'step':<16} {'exercise':<{width}}  {'result':<26} time")
    results = []
    with runner_for(catalog, tree) as runner, ExitStack() as stack:
        if runner is not None:
            checked = (run_exercise_tests(e, tree, runner=runner) for e in catalog)
        else:
            from concurrent.futures import ThreadPoolExecutor  # here: a one-exercise check need not import it

            pool = stack.enter_context(ThreadPoolExecutor(max(1, min(4, os.cpu_count() or 1))))
            checked = pool.map(lambda e: run_exercise_tests(e, tree), catalog)  # each check is a subprocess
        for exercise, result in zip(catalog, checked, strict=True):
            results.append((exercise, result))
            cell = status_cell(result)
            pad = 26 + len(cell) - len(click.unstyle(cell))
            click.echo(f"{exercise.step:<16} {exercise.name:<{width}}  {cell:<{pad}} {result.seconds:.1f} s")
    passed = [e for e, r in results if r.ok]
    if target != "solutions" and passed:
        progress.update(lambda saved: [saved.mark_done(e) for e in passed])
    failing = [e.name for e, r in results if not r.ok]
    click.echo("")
    if failing:
        click.echo(f"{len(passed)} of {len(results)} exercises pass. `workshop check NAME` explains one: "
                   f"`workshop check {failing[0]}`" + (f" --target {target}" if target != "exercises" else "") + ".")
    else:
        click.secho(f"All {len(results)} exercises pass.", fg="green", bold=True)
    return not failing


@click.command()
@click.argument("name", required=False)
@click.option("--all", "every", is_flag=True, help="Check every exercise and print a table of the results.")
@click.option("--target", default="exercises", show_default=True, help=TARGET_HELP)
@click.option("-v", "--verbose", is_flag=True, help="Also show pytest's own output.")
@colour.option
def check(name: str | None, every: bool, target: str, verbose: bool) -> None:
    """Check an exercise: NAME, every exercise of step NN (or NN_topic), or the current one.

    When the current exercise passes, the next one becomes current. With --all,
    every exercise is checked and the results come as one table (instructors:
    `workshop check --all --target solutions`).
    """
    catalog, tree = _catalog(), _tree(target)
    progress = Progress.load()
    if every:
        if name:
            _fail("Give either an exercise (or a step) or --all, not both.")
        raise SystemExit(0 if check_all(catalog, tree, target, progress) else 1)
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
    with runner_for(chosen, tree) as runner:  # a step's exercises: one fork server for them all
        results = [check_and_record(e, tree, target, catalog, progress, verbose, runner) for e in chosen]
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
    number, text = progress.update(lambda saved: saved.take_hint(exercise))
    click.secho(f"Hint {number} of {len(exercise.hints)} for {exercise.name}:", bold=True)
    click.echo(f"  {text}")
    if number == len(exercise.hints):
        click.echo(f"That is the last hint. Once your code passes, `workshop solution {exercise.name}` "
                   "shows the model answer.")
    else:
        click.echo(f"Run `workshop hint {exercise.name}` again for a stronger one.")


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                          stdin=subprocess.DEVNULL)


def starter_revision() -> tuple[str, str]:
    """The commit holding the workshop's own starters, and how to name it to the learner.

    A learner's commits sit on top of the workshop's history, so HEAD may hold their
    code. The branch the clone came from (its upstream, origin/HEAD, origin/main) holds
    the workshop's; where HEAD and it part is the version the learner started from.
    Without a remote (a copy made by hand), HEAD is all there is.
    """
    for ref in ("@{upstream}", "origin/HEAD", "origin/main", "origin/master"):
        found = _git(REPO, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        if found.returncode == 0:
            base = _git(REPO, "merge-base", "HEAD", ref)
            commit = (base.stdout if base.returncode == 0 else found.stdout).decode().strip()
            return commit, f"the workshop's version ({ref})"
    return "HEAD", "your last commit (this clone has no upstream branch to take the workshop's version from)"


def starter_files(exercise: Exercise, revision: str) -> dict[str, bytes]:
    """The starter of *exercise* at *revision* of the workshop repository: {relative path: content}."""
    prefix = f"exercises/{exercise.folder}/"
    listing = _git(REPO, "ls-tree", "-r", "-z", "--name-only", revision, "--", prefix)
    names = [n for n in listing.stdout.decode().split("\0") if n.startswith(prefix)]
    files = {}
    for name in names:
        shown = _git(REPO, "show", f"{revision}:{name}")
        if shown.returncode == 0:
            files[name.removeprefix(prefix)] = shown.stdout
    return files


def learner_files(folder: Path) -> dict[str, Path]:
    """Every file in *folder* but caches: {relative path: path}."""
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.relative_to(folder).parts}


@click.command()
@click.argument("name")
@click.option("--target", default="exercises", show_default=True,
              help="The tree to reset: exercises (yours) or a folder laid out the same way.")
@click.option("-y", "--yes", is_flag=True, help="Do not ask first.")
def reset(name: str, target: str, yes: bool) -> None:
    """Put the starter code of exercise NAME back; your versions are kept in a backup folder.

    Only the starter's own files are touched: the ones you changed or deleted are
    restored (your versions saved first, the backup's path printed); files you
    added are left alone. Your progress stays as it was.
    """
    catalog = _catalog()
    exercise = _pick(name, catalog)
    if target == "solutions":
        _fail("The solutions are not yours to reset.")
    folder = exercise.path(_tree(target))
    try:
        revision, origin = starter_revision()
    except FileNotFoundError:
        _fail("`workshop reset` needs git, and git is not installed. "
              "Copy the folder again from the workshop repository instead.")
        raise
    starter = starter_files(exercise, revision)
    if not starter:
        _fail(f"git has no starter of {exercise.name} at {revision} (exercises/{exercise.folder}); "
              "copy the folder again from the workshop repository.")
    yours = learner_files(folder)
    changed = sorted(rel for rel in starter if rel in yours and yours[rel].read_bytes() != starter[rel])
    missing = sorted(rel for rel in starter if rel not in yours)
    extra = sorted(rel for rel in yours if rel not in starter)
    if not changed and not missing:
        click.echo(f"{display_path(folder)} already holds the starter of {exercise.name}: nothing to reset.")
        return
    backup = state_dir() / "backups" / f"{exercise.name}-{time.strftime('%Y%m%d-%H%M%S')}"
    click.echo(f"Reset {exercise.name} in {display_path(folder)} to its starter, from {origin}:")
    for rel in changed:
        click.echo(f"  restore {rel} (yours is saved to the backup first)")
    for rel in missing:
        click.echo(f"  bring back {rel}")
    if extra:
        click.echo(f"  left as they are (not part of the starter): {', '.join(extra)}")
    if not yes and not click.confirm("Go ahead?", default=False):
        click.echo("Nothing changed.")
        return
    try:
        for rel in changed:
            (backup / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(folder / rel, backup / rel)
        for rel in changed + missing:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(starter[rel])
    except OSError as error:
        _fail(f"could not reset {display_path(folder)}: {error.strerror or error} ({error.filename})")
    click.echo(f"Restored {len(changed) + len(missing)} file(s) of {exercise.name}."
               + (f" Your versions are in {display_path(backup)}/" if changed else ""))


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
            click.echo("\nKeep going: a hint helps more than the answer. To see it anyway, add --force.")
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
