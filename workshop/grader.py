"""Grade the learners' submissions: who solved which exercise and, where not, why.

``workshop grade SUBMISSION...`` (the command is at the end of this module)
grades every exercise of every submission with this repository's own tests,
never the learner's copies of them::

    from workshop.grader import Limits, grade_all
    from workshop.exercises import load_catalog

    graded = grade_all([Path("alice"), Path("bob")], load_catalog(), Limits(timeout=10))
    graded[0].learner                          # "alice"
    graded[0].grades[0].status                 # "pass", "partial", "fail", "timeout", "error", "missing"
    graded[0].grades[0].score                  # the share of the exercise's checks that passed
    graded[0].grades[0].reason                 # the first failing check in plain words (a Failure)

How a submission is graded, and why that way:

* Nothing of the submission is ever written to. Its exercise folders are
  copied to a temporary folder laid out like the repository (``exercises/``,
  ``tests/exercises/`` with the instructor's tests, ``pytest.ini``), and the
  tests run there with that folder as the current directory, HOME and TMPDIR.
  Code that deletes the tests or its own folder only deletes copies.
* Starting Python, pytest and Flask costs about half a second, so each
  submission gets ONE pytest process for all its exercises (the plugin
  ``workshop.pytest_grade`` times each exercise and writes what happened as it
  happens). When the learner's code ends that process (a loop past the time
  limit, ``os._exit()``, a crash, too much output), the exercise it was running
  gets the blame and a new process carries on with the exercises after it.
* The learner's code runs with limits: a time limit per exercise (enforced
  in the process, and by this module a few seconds later if that fails), an
  address-space limit, a largest-file limit (output included) and no core files.
  Everything the process started is killed when it ends.
* An exercise whose files were deleted or changed by another exercise's code
  during a run, and which did not pass, is graded again on its own.
* Submissions are graded in parallel, one thread each waiting on its processes.

These limits protect against mistakes (and the usual pranks): the learner's
code runs as the instructor's user, so a learner who sets out to harm the
instructor's machine can. Grade untrusted code in a container or a VM.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import click

from .checker import Failure, _timeout_failure, syntax_errors
from .exercises import REPO, TESTS, Exercise, ExerciseError, find_exercise, load_catalog
from .grade_server import DirectProcess, ForkServer, ServerProcess

#: What a cell of the gradebook can say.
STATUSES = ("pass", "partial", "fail", "timeout", "error", "missing")

#: Folders never copied from a submission (tools' caches, virtual environments, git).
JUNK = {"__pycache__", ".git", ".venv", "venv", "env", "node_modules", ".pytest_cache",
        ".mypy_cache", ".ruff_cache", ".idea", ".vscode"}

#: Seconds pytest may take to start and collect the tests before the grader gives up.
STARTUP_LIMIT = 60.0


@dataclass(frozen=True)
class Limits:
    """What the learner's code may use."""

    timeout: float = 10.0  # seconds per exercise
    memory_mb: int = 512  # address space of the test process
    output_mb: int = 32  # largest file it may write, printed output included
    grace: float = 3.0  # the grader's own backstop, after the time limit


@dataclass(frozen=True)
class Grade:
    """One learner's result on one exercise."""

    exercise: Exercise
    status: str  # one of STATUSES
    passed: int = 0
    total: int = 0  # the exercise's checks (0 when none ran)
    reason: Failure | None = None  # the first failing check, in plain words
    seconds: float = 0.0

    @property
    def score(self) -> float:
        """The share of the exercise's checks that passed (partial credit)."""
        return self.passed / self.total if self.total else 0.0

    @property
    def label(self) -> str:
        """What the gradebook cell says: pass, 3/7, fail, timeout, error or missing."""
        return f"{self.passed}/{self.total}" if self.status == "partial" else self.status


@dataclass
class SubmissionGrade:
    """A learner's grades, in the catalog's order."""

    learner: str
    path: Path
    grades: list[Grade]
    note: str | None = None  # something the instructor should know about the submission

    @property
    def score(self) -> float:
        return sum(grade.score for grade in self.grades)

    @property
    def solved(self) -> int:
        return sum(grade.status == "pass" for grade in self.grades)


# ------------------------------------------------------------------ submissions


def find_tree(submission: Path) -> Path:
    """The folder of *submission* laid out like exercises/: a repository copy's, or itself."""
    inner = submission / "exercises"
    return inner if inner.is_dir() else submission


def learner_names(paths: list[Path]) -> list[str]:
    """A name per submission: its folder's name, made unique with the parent's name if needed."""
    names = [path.resolve().name or str(path) for path in paths]
    for index, name in enumerate(names):
        if names.count(name) > 1:
            parent = paths[index].resolve().parent.name
            names[index] = f"{parent}/{name}" if parent else name
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def _ignore(folder: str, names: list[str]) -> set[str]:
    """Skip caches and symbolic links (a link could point anywhere, or at itself)."""
    return {n for n in names if n in JUNK or n.endswith(".pyc") or os.path.islink(os.path.join(folder, n))}


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under *root*: size and modification time, to see what a run changed."""
    files = {}
    for path in root.rglob("*"):
        try:
            if path.is_file():
                stat = path.stat()
                files[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            continue
    return files


def _display(path: str | None, roots: Iterable[Path]) -> str | None:
    """*path* as the learner knows it (exercises/02_routes/…), not inside a temporary folder."""
    if not path:
        return path
    for root in roots:
        try:
            return "exercises/" + Path(path).resolve().relative_to(root).as_posix()
        except ValueError:
            continue
    return path


# -------------------------------------------------------------------- one run


@dataclass
class _Run:
    """What one pytest process over some exercises reported."""

    counts: dict[str, int] = field(default_factory=dict)
    tests: dict[str, list[dict]] = field(default_factory=dict)
    started: list[str] = field(default_factory=list)
    ended: dict[str, float] = field(default_factory=dict)
    collect_errors: dict[str, str] = field(default_factory=dict)
    returncode: int = 0
    killed: str | None = None  # "timeout" or "stalled" when the grader had to stop it
    dump: str = ""
    output: str = ""
    touched: set[str] = field(default_factory=set)  # exercises whose files changed during the run

    @property
    def current(self) -> str | None:
        """The exercise that was running when the process ended, if one was."""
        if self.started and self.started[-1] not in self.ended:
            return self.started[-1]
        return None

    def take(self, event: dict) -> None:
        kind, name = event.get("event"), str(event.get("exercise", ""))
        if kind == "collected":
            self.counts.update({str(k): int(v) for k, v in dict(event["counts"]).items()})
        elif kind == "start":
            self.started.append(name)
        elif kind == "end":
            self.ended[name] = float(event.get("seconds", 0))
        elif kind == "test":
            self.tests.setdefault(name, []).append(event)
        elif kind == "collect_error":
            self.collect_errors[name] = str(event.get("message", ""))


class _Events:
    """Reads the JSON lines the plugin appends, as they arrive."""

    def __init__(self, path: Path) -> None:
        path.touch()
        # Opened before the learner's code runs: even if it deletes the file, we read on.
        self.file = open(path, "rb")  # noqa: SIM115
        self.pending = b""

    def read(self) -> list[dict]:
        self.pending += self.file.read()
        *lines, self.pending = self.pending.split(b"\n")
        events = []
        for line in lines:
            try:
                events.append(json.loads(line))
            except ValueError:
                continue  # a line the learner's code damaged
        return events

    def close(self) -> None:
        self.file.close()


#: Starts a test process: (pytest arguments, working folder, environment, output file).
Starter = Callable[[list[str], Path, dict[str, str], Path], "DirectProcess | ServerProcess"]


PYTEST_INI = (
    "# Written by workshop grade: the instructor's tests, run on a copy of a submission.\n"
    "[pytest]\naddopts = --import-mode=importlib -p no:cacheprovider\n"
)


def copy_tests(destination: Path, exercises: list[Exercise]) -> None:
    """The instructor's tests of *exercises*, with their conftest files, into *destination* (a tests/)."""
    tests = destination / "exercises"
    tests.mkdir(parents=True)
    if (REPO / "tests" / "conftest.py").is_file():
        shutil.copy2(REPO / "tests" / "conftest.py", destination / "conftest.py")
    for path in TESTS.iterdir():
        # conftest.py and any helper module, but no other test module.
        if path.is_file() and path.suffix == ".py" and not path.name.startswith("test_"):
            shutil.copy2(path, tests / path.name)
    for exercise in exercises:
        shutil.copy2(exercise.test_file, tests / exercise.test_file.name)


@dataclass(frozen=True)
class Launcher:
    """How the grader starts test processes, and where it copies the tests from."""

    start: Starter = DirectProcess
    #: A copy of the tests made once per grading, with pytest's assertion-rewritten bytecode
    #: in __pycache__ (pytest checks it against the source's hash), so no run rewrites them again.
    tests: Path | None = None

    def copy_tests(self, destination: Path, exercises: list[Exercise]) -> None:
        template = self.tests
        if template and all((template / "exercises" / e.test_file.name).is_file() for e in exercises):
            try:
                shutil.copytree(template, destination)
                return
            except OSError:
                shutil.rmtree(destination, ignore_errors=True)
        copy_tests(destination, exercises)


def _prepare(work: Path, exercises: list[Exercise], tree: Path, launcher: Launcher) -> dict[str, str]:
    """Lay out *work* like the repository; returns exercises whose files could not be copied."""
    problems = {}
    for exercise in exercises:
        try:
            shutil.copytree(exercise.path(tree), exercise.path(work / "exercises"), ignore=_ignore)
        except (OSError, shutil.Error) as error:
            problems[exercise.name] = f"the grader could not copy your files: {error}"
    launcher.copy_tests(work / "tests", exercises)
    (work / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    (work / "home").mkdir()
    (work / "tmp").mkdir()
    return problems


def _tail(path: Path, size: int = 20_000) -> str:
    try:
        with open(path, "rb") as file:
            file.seek(max(0, file.seek(0, os.SEEK_END) - size))
            return file.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _run_pytest(exercises: list[Exercise], tree: Path, work: Path, limits: Limits,
                launcher: Launcher) -> tuple[_Run, dict[str, str]]:
    """Run the tests of *exercises* on a copy of *tree* in *work*, in one pytest process."""
    work.mkdir(parents=True)
    logs = work / "logs"  # the grader's files, next to (not inside) the learner's working folder
    logs.mkdir()
    work = work / "run"
    work.mkdir()
    problems = _prepare(work, exercises, tree, launcher)
    exercises = [e for e in exercises if e.name not in problems]
    run = _Run()
    if not exercises:
        return run, problems
    copied = work / "exercises"
    before = {e.name: _snapshot(e.path(copied)) for e in exercises}
    events_path = logs / "events.jsonl"
    events = _Events(events_path)
    argv = [
        *[str(work / "tests" / "exercises" / e.test_file.name) for e in exercises],
        "-c", str(work / "pytest.ini"), "--rootdir", str(work),
        "-q", "--no-header", "--tb=line", "--show-capture=no",
        # Plugins the grader does not need; unraisableexception alone costs 0.3 s at exit.
        "-p", "no:faulthandler", "-p", "no:stepwise", "-p", "no:pastebin",
        "-p", "no:unraisableexception", "-p", "no:threadexception",
        "-p", "workshop.pytest_report", "-p", "workshop.pytest_grade",
        "--exercise-tree", str(copied),
        "--grade-events", str(events_path),
        "--grade-time-limit", str(limits.timeout),
        "--grade-memory-mb", str(limits.memory_mb),
        "--grade-output-mb", str(limits.output_mb),
        "--grade-cpu-seconds", str(int(limits.timeout * len(exercises) + STARTUP_LIMIT)),
    ]
    # A small environment: nothing of the instructor's (tokens, virtualenv settings) leaks in.
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(work / "home"),
        "TMPDIR": str(work / "tmp"),
        "LANG": "C.UTF-8",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    }
    process = launcher.start(argv, work, env, logs / "output.txt")
    try:
        last_news = running_since = time.monotonic()
        while not process.exited():
            time.sleep(0.05)
            now = time.monotonic()
            for event in events.read():
                run.take(event)
                last_news = now
                running_since = now if event.get("event") == "start" else running_since
            if run.current and now - running_since > limits.timeout + limits.grace:
                run.killed = "timeout"  # the plugin's own time limit did not fire
                process.kill()
            elif not run.current and now - last_news > STARTUP_LIMIT:
                run.killed = "stalled"
                process.kill()
    finally:
        run.returncode = process.wait()  # also kills whatever the learner's code left running
        for event in events.read():
            run.take(event)
        events.close()
    run.dump = _tail(Path(f"{events_path}.dump"))
    run.output = _tail(logs / "output.txt")
    for exercise in exercises:
        after = _snapshot(exercise.path(copied))
        if any(after.get(name) != stat for name, stat in before[exercise.name].items()):
            run.touched.add(exercise.name)
    return run, problems


# ------------------------------------------------------------- from run to grade


def _clean(text: str, roots: Iterable[Path]) -> str:
    """Take the temporary folders out of a message: paths read as the learner's own."""
    for root in roots:
        text = text.replace(f"{root}/", "exercises/").replace(str(root), "exercises")
    return text


def _failure(data: dict, roots: list[Path], limits: Limits) -> Failure:
    message = _clean(str(data.get("message", "")), roots)
    if message.startswith("MemoryError"):
        message += f" (the grader allows {limits.memory_mb} MB)"
    elif "[Errno 27]" in message:  # EFBIG: past the largest-file limit (Python ignores SIGXFSZ)
        message = (f"your code wrote more than {limits.output_mb} MB (printed output or a file), "
                   f"so the grader stopped it ({message})")
    return Failure(
        check=str(data.get("check", "running the tests")), message=message,
        kind=str(data.get("kind", "error")), file=_display(data.get("file"), roots),
        line=data.get("line"), source=data.get("source"),
    )


def _death(run: _Run, roots: list[Path], limits: Limits) -> tuple[str, Failure]:
    """Why the process ended in the middle of an exercise, in plain words."""
    # The learner's line in faulthandler's dump (roots[0] is the copy the process ran on).
    where = _timeout_failure(run.dump, roots[0], limits.timeout)
    where = dataclasses.replace(where, file=_display(where.file, roots))
    if run.killed == "timeout" or "Timeout (" in run.dump:
        return "timeout", where
    code = run.returncode
    if code == -signal.SIGXFSZ:
        message = (f"your code wrote more than {limits.output_mb} MB (printed output or a file), "
                   "so the grader stopped it")
    elif code in (-signal.SIGSEGV, -signal.SIGBUS, -signal.SIGABRT, -signal.SIGILL, -signal.SIGFPE):
        message = f"your code crashed the Python interpreter ({signal.Signals(-code).name})"
    elif code == -signal.SIGKILL:
        message = "the test process was killed (SIGKILL): did it use too much memory?"
    elif code < 0:
        message = f"the test process was stopped by {signal.Signals(-code).name}, sent by your code"
    else:
        message = (f"your code ended the whole test process (exit status {code}), "
                   "for example with os._exit(): this exercise's other checks could not run")
    return "error", dataclasses.replace(where, message=message, kind="error")


def _grade(exercise: Exercise, run: _Run, roots: list[Path], limits: Limits) -> Grade | None:
    """*exercise*'s grade from *run*, or None when the run never got to it."""
    name = exercise.name
    tests = run.tests.get(name, [])
    passed = sum(t.get("outcome") == "passed" for t in tests)
    total = max(run.counts.get(name, 0), len(tests))
    seconds = run.ended.get(name, 0.0)
    failures = [_failure(t["failure"], roots, limits) for t in tests if t.get("failure")]
    if name in run.collect_errors:
        return Grade(exercise, "error", reason=Failure(
            "loading the tests", "the instructor's tests could not load: "
            + _clean(run.collect_errors[name], roots).strip().splitlines()[-1], "error"))
    if name == run.current:
        status, reason = _death(run, roots, limits)
        return Grade(exercise, status, passed, total, reason, limits.timeout if status == "timeout" else 0.0)
    if name not in run.ended:
        return None
    reason = failures[0] if failures else None
    if total and passed == total:
        return Grade(exercise, "pass", passed, total, None, seconds)
    if passed:
        return Grade(exercise, "partial", passed, total, reason, seconds)
    if any(f.kind == "assertion" for f in failures):
        # The code ran and answered wrongly. Otherwise it raised, or never loaded: an error.
        return Grade(exercise, "fail", passed, total, reason, seconds)
    return Grade(exercise, "error", passed, total,
                 reason or Failure("running the tests", "no check ran", "error"), seconds)


def _grade_runs(exercises: list[Exercise], tree: Path, scratch: Path, limits: Limits,
                launcher: Launcher, retry: bool = True) -> dict[str, Grade]:
    """Grade *exercises* of *tree*: one process, and a new one after each exercise that ends it."""
    grades: dict[str, Grade] = {}
    touched: set[str] = set()
    todo = list(exercises)
    while todo:
        work = Path(tempfile.mkdtemp(dir=scratch, prefix="run-"))
        shutil.rmtree(work)
        run, problems = _run_pytest(todo, tree, work, limits, launcher)
        roots = [(work / "run" / "exercises").resolve(), tree.resolve()]
        for exercise in todo:
            if exercise.name in problems:
                grades[exercise.name] = Grade(exercise, "error", reason=Failure(
                    "copying your code", problems[exercise.name], "error"))
                continue
            grade = _grade(exercise, run, roots, limits)
            if grade is not None:
                grades[exercise.name] = grade
        touched |= run.touched
        left = [e for e in todo if e.name not in grades]
        died = run.killed is not None or run.returncode not in (0, 1)
        if left and (len(left) == len(todo) or (run.current is None and not died)):
            # The run ended without getting to them and no exercise is to blame: say what pytest said.
            tail = "\n".join(_clean(run.output, roots).strip().splitlines()[-8:])
            for exercise in left:
                grades[exercise.name] = Grade(exercise, "error", reason=Failure(
                    "running the tests", f"the tests could not run:\n{tail}", "error"))
            left = []
        todo = left
    if retry:
        # Another exercise's code deleted or changed these files: grade each again, on its own.
        for exercise in exercises:
            if exercise.name in touched and grades[exercise.name].status != "pass":
                grades.update(_grade_runs([exercise], tree, scratch, limits, launcher, retry=False))
    return grades


def grade_submission(path: Path, learner: str, catalog: list[Exercise], limits: Limits,
                     scratch: Path, launcher: Launcher = Launcher()) -> SubmissionGrade:
    """Grade every exercise of *catalog* in the submission at *path*."""
    tree = find_tree(path)
    grades: dict[str, Grade] = {}
    runnable = []
    for exercise in catalog:
        folder = exercise.path(tree)
        if not folder.is_dir():
            grades[exercise.name] = Grade(exercise, "missing", reason=Failure(
                "finding your code", f"not submitted: there is no folder exercises/{exercise.folder}",
                "missing"))
            continue
        broken = syntax_errors(folder)
        if broken:
            first = broken[0]
            grades[exercise.name] = Grade(exercise, "error", reason=dataclasses.replace(
                first, file=_display(first.file, [tree.resolve()])))
            continue
        runnable.append(exercise)
    if runnable:
        grades.update(_grade_runs(runnable, tree, scratch, limits, launcher))
    note = None
    if all(grade.status == "missing" for grade in grades.values()):
        note = ("no exercise folders here: a submission is a copy of the workshop repository "
                "or of its exercises/ folder")
    return SubmissionGrade(learner, path, [grades[e.name] for e in catalog], note)


def grade_all(
    paths: list[Path],
    catalog: list[Exercise],
    limits: Limits = Limits(),
    jobs: int | None = None,
    progress: Callable[[SubmissionGrade], None] | None = None,
) -> list[SubmissionGrade]:
    """Grade every submission, *jobs* at a time; the results come back in the order of *paths*."""
    names = learner_names(paths)
    with (tempfile.TemporaryDirectory(prefix="workshop-grade-", dir=_scratch_parent(),
                                      ignore_cleanup_errors=True) as scratch,
          _launcher(Path(scratch), catalog) as launcher):

        def one(index: int) -> SubmissionGrade:
            folder = Path(scratch, f"{index:03d}")
            folder.mkdir()
            try:
                graded = grade_submission(paths[index], names[index], catalog, limits, folder, launcher)
            except Exception as error:  # noqa: BLE001 - one odd submission must not stop the class
                reason = Failure("grading", f"the grader could not grade this submission: {error}", "error")
                graded = SubmissionGrade(names[index], paths[index],
                                         [Grade(e, "error", reason=reason) for e in catalog])
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            if progress:
                progress(graded)
            return graded

        with ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1)) as pool:
            return list(pool.map(one, range(len(paths))))


def _scratch_parent() -> str | None:
    """Where the copies go: memory (/dev/shm) when there is one, for SQLite's many fsyncs."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


@contextmanager
def _launcher(scratch: Path, catalog: list[Exercise]) -> Iterator[Launcher]:
    """A fork server (the ordinary way if it will not start), and the tests copied once."""
    try:
        server = ForkServer()
    except OSError:
        server = None

    def start(argv: list[str], cwd: Path, env: dict[str, str], output: Path) -> DirectProcess | ServerProcess:
        if server is not None and server.alive():
            return server.start(argv, cwd, env, output)
        return DirectProcess(argv, cwd, env, output)

    try:
        yield Launcher(start, _tests_template(scratch / "tests-template", catalog, start))
    finally:
        if server is not None:
            server.close()


def _tests_template(folder: Path, catalog: list[Exercise], start: Starter) -> Path | None:
    """Copy the tests once and let pytest collect them there, writing its rewritten bytecode."""
    try:
        folder.mkdir()
        copy_tests(folder / "tests", catalog)
        (folder / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
        (folder / "tmp").mkdir()
        argv = [*[str(folder / "tests" / "exercises" / e.test_file.name) for e in catalog],
                "-c", str(folder / "pytest.ini"), "--rootdir", str(folder), "--collect-only", "-q",
                "-p", "workshop.pytest_report", "--exercise-tree", str(folder / "exercises")]
        env = {"PATH": os.environ.get("PATH", os.defpath), "HOME": str(folder), "LANG": "C.UTF-8",
               "TMPDIR": str(folder / "tmp"), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        process = start(argv, folder, env, folder / "output.txt")
        deadline = time.monotonic() + STARTUP_LIMIT
        while not process.exited() and time.monotonic() < deadline:
            time.sleep(0.02)
        process.kill()
        if process.wait() != 0:
            return None  # each run rewrites the tests itself, as usual
    except OSError:
        return None
    return folder / "tests"


# ------------------------------------------------------------------- the command


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
              metavar="MB", help="Memory the tests of one submission may use.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Submissions graded at once.  [default: the number of CPUs]")
@click.option("--color/--no-color", default=None, help="Colour the table (default: on a terminal).")
def grade(submissions: tuple[Path, ...], exercise_keys: tuple[str, ...], csv_file: str | None,
          html_file: str | None, timeout: float, memory: int, jobs: int | None,
          color: bool | None) -> None:
    """Grade the learners' work: who solved which exercise and, where not, why.

    Each SUBMISSION is a folder holding one learner's copy of the workshop
    repository, or of its exercises/ folder; the learner's name is the
    folder's name. Collect them side by side and pass them all:

    \b
        workshop grade submissions/*
        workshop grade submissions/* --csv grades.csv --html grades.html
        workshop grade alice bob -e converters -e query_args

    Every exercise is checked with this repository's tests, never the
    learner's copies of them, on a temporary copy of the submission: the
    submission itself is never changed.

    \b
    The table has one row per learner and one column per exercise:
        pass      every check passed
        3/7       partial credit: 3 of the exercise's 7 checks passed
        fail      the code runs, but no check passed
        timeout   still running after --timeout seconds (a loop that never ends?)
        error     the code does not load, has a syntax error, or ended the test process
        missing   not submitted: the exercise's folder is not there
    An exercise scores the share of its checks that pass; the total column
    adds them up. The HTML report gives, per learner and exercise, the first
    failing check in plain words and the line of code it points to.

    The learner's code runs in its own processes, in a temporary folder,
    with a time limit per exercise, a memory limit and at most 32 MB of
    output; a loop that never ends, a crash or sys.exit() costs only that
    exercise. This guards against mistakes, not against attacks: the code
    runs as you, so grade code you do not trust in a container or a virtual
    machine. Needs Linux or macOS (on Windows, use WSL).

    The exit status is 0 whenever grading ran, whatever the scores.
    """
    from . import grade_report

    if os.name != "posix":
        raise click.UsageError("workshop grade needs Linux or macOS (on Windows, run it in WSL).")
    try:
        catalog = _exercise_list(exercise_keys, load_catalog())
    except ExerciseError as error:
        raise click.UsageError(str(error)) from None
    csv_path = _output_file(csv_file, "--csv")
    html_path = _output_file(html_file, "--html")
    paths = list(dict.fromkeys(path.resolve() for path in submissions))
    limits = Limits(timeout=timeout, memory_mb=memory)
    started = time.perf_counter()
    count = 0

    def report_progress(graded: SubmissionGrade) -> None:
        nonlocal count
        count += 1
        click.echo(f"graded {graded.learner} ({count}/{len(paths)})", err=True)

    graded = grade_all(paths, catalog, limits, jobs, report_progress)
    seconds = time.perf_counter() - started
    click.echo(grade_report.table(graded, catalog, color=color), color=color)
    click.echo(f"{len(graded)} submission(s) x {len(catalog)} exercise(s) graded in {seconds:.1f} s.")
    if csv_path:
        grade_report.write_csv(csv_path, graded, catalog)
        click.echo(f"Gradebook written to {csv_path}")
    if html_path:
        html_path.write_text(grade_report.html(graded, catalog, limits), encoding="utf-8")
        click.echo(f"Report written to {html_path}")
