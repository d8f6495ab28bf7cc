"""Running submissions: copy, run the instructor's tests in a sandbox, collect the grades.

::

    from workshop.grading.runner import grade_all
    from workshop.grading.model import Limits
    from workshop.exercises import load_catalog

    graded = grade_all([Path("alice"), Path("bob")], load_catalog(), Limits(timeout=10))
    graded[0].grades[0].status      # "pass", "partial", "fail", "timeout", "error", "missing", "untouched"

How a submission is graded, and why that way:

* Nothing of the submission is ever written to, and the grader reads its
  files only to copy them (:mod:`workshop.grading.submission` refuses links,
  pipes, devices and oversized files). A folder equal to the repository's
  starter is graded ``untouched`` without running anything.
* Each run gets a fresh folder: a copy of the submission's exercises
  (writable) and of the instructor's tests (read-only in the sandbox), and
  runs in its own sandbox (:mod:`workshop.grading.sandbox`).
* Starting Python, pytest and Flask costs most of a second, so a submission
  gets ONE pytest process for all its exercises (the plugin
  :mod:`workshop.grading.plugin` times each exercise and reports as it goes).
  When the learner's code ends that process (a loop past the time limit,
  ``os._exit()``, a crash, a limit), the exercise it was running gets the
  blame and a new process carries on with the exercises after it.
* An exercise whose files were changed by another exercise's code during a
  run, and which did not pass, is graded again on its own.
* The repository's starters are run once per grading: the checks they pass
  earn no credit (:mod:`workshop.grading.grades`).
* Submissions are graded in parallel, one thread each waiting on its runs. The
  temporary folder goes on every exit: the end, an error, Ctrl-C, SIGTERM.
  The grading itself runs in a thread of its own, and the main thread only
  watches for Ctrl-C and SIGTERM (see :func:`_signals_noted` for why).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..exercises import REPO, TESTS, Exercise
from . import grades as grading
from .model import DEFAULT_LIMITS, Grade, Limits, Run, SubmissionGrade
from .sandbox import Direct, Sandboxed
from .submission import Refused, copy_folder, exercise_folder, learner_names, snapshot

#: Seconds pytest may take to start and collect the tests before the grader gives up.
STARTUP_LIMIT = 60.0

#: How much of a run's output and faulthandler dump the grader keeps.
TAIL_BYTES = 20_000

PYTEST_INI = (
    "# Written by workshop grade: the instructor's tests, run on a copy of a submission.\n"
    "[pytest]\naddopts = --import-mode=importlib -p no:cacheprovider\n"
)


class Stopped(Exception):
    """Grading was stopped (Ctrl-C, SIGTERM) while this submission ran."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped the grading: every run has ended, the temporary folder is gone."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.signal = signal.Signals(number)


@dataclass
class Session:
    """One grading: its temporary folder, how runs start, and the starters' results."""

    scratch: Path
    limits: Limits
    launcher: Sandboxed | Direct
    starters: dict[str, dict[str, str]] = field(default_factory=dict)  # name -> file hashes
    starter_passes: dict[str, frozenset[str]] = field(default_factory=dict)  # name -> check ids
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def sandboxed(self) -> bool:
        return self.launcher.sandboxed


# ------------------------------------------------------------------ one run


class _Reader:
    """Reads the JSON lines the plugin writes, as they arrive, from the grader's own file."""

    def __init__(self, path: Path) -> None:
        self.file = open(path, "rb")  # noqa: SIM115
        self.pending = b""

    def read(self) -> list[dict]:
        self.pending += self.file.read(1_000_000)
        *lines, self.pending = self.pending.split(b"\n")
        events = []
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                continue  # a line the learner's code damaged
            if isinstance(event, dict):
                events.append(event)
        return events

    def close(self) -> None:
        self.file.close()


def _tail(path: Path, size: int = TAIL_BYTES) -> str:
    try:
        with open(path, "rb") as file:
            file.seek(max(0, file.seek(0, os.SEEK_END) - size))
            return file.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


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


def _write(path: Path) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)


def run_pytest(exercises: list[Exercise], pristine: Path, work: Path, session: Session) -> Run:
    """Run the tests of *exercises* on a fresh copy of *pristine* (a checked copy), in one process."""
    limits = session.limits
    logs = work / "logs"  # the grader's files: never inside the sandbox, reached through descriptors
    logs.mkdir(parents=True)
    run_dir = work / "run"
    for exercise in exercises:
        shutil.copytree(exercise.path(pristine), exercise.path(run_dir / "exercises"))
    (run_dir / "exercises").mkdir(parents=True, exist_ok=True)
    copy_tests(run_dir / "tests", exercises)
    (run_dir / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    copied = run_dir / "exercises"
    before = {e.name: snapshot(e.path(copied)) for e in exercises}
    inside = session.launcher.inside(run_dir)
    descriptors = [_write(logs / name) for name in ("events.jsonl", "dump.txt", "output.txt")]
    events_fd, dump_fd, output_fd = descriptors
    argv = [
        *[f"{inside}/tests/exercises/{e.test_file.name}" for e in exercises],
        "-c", f"{inside}/pytest.ini", "--rootdir", str(inside),
        "-q", "--no-header", "--tb=line", "--show-capture=no",
        # Plugins the grader does not need; unraisableexception alone costs 0.3 s at exit.
        "-p", "no:faulthandler", "-p", "no:stepwise", "-p", "no:pastebin",
        "-p", "no:unraisableexception", "-p", "no:threadexception",
        "-p", "workshop.pytest_report", "-p", "workshop.grading.plugin",
        "--exercise-tree", f"{inside}/exercises",
        "--grade-events-fd", str(events_fd), "--grade-dump-fd", str(dump_fd),
        "--grade-time-limit", str(limits.timeout),
        "--grade-memory-mb", str(limits.memory_mb),
        "--grade-output-mb", str(limits.output_mb),
        "--grade-cpu-seconds", str(int(limits.timeout * len(exercises) + STARTUP_LIMIT)),
        "--grade-processes", str(limits.processes),
    ]
    run = Run()
    events = _Reader(logs / "events.jsonl")
    try:
        process = session.launcher.start(argv, run_dir, output_fd, (events_fd, dump_fd))
    finally:
        for descriptor in descriptors:
            os.close(descriptor)
    try:
        last_news = running_since = time.monotonic()
        while not process.exited():
            if session.stop.wait(0.05):
                process.kill()
                break
            now = time.monotonic()
            for event in events.read():
                _take(run, event)
                last_news = now
                running_since = now if event.get("event") == "start" else running_since
            hit = process.limit_hit()
            if hit and not run.limit_hit:
                run.limit_hit = hit
                if run.current:
                    run.limited[run.current] = hit
            if run.current and now - running_since > limits.timeout + limits.grace:
                run.killed = "timeout"  # the plugin's own time limit did not fire
                process.kill()
            elif not run.current and now - last_news > STARTUP_LIMIT:
                run.killed = "stalled"
                process.kill()
    finally:
        run.returncode = process.wait()  # also kills whatever the learner's code left running
        if session.sandboxed and 128 < run.returncode < 128 + 65:
            run.returncode = 128 - run.returncode  # bwrap reports a death by signal N as 128 + N
        for event in events.read():
            _take(run, event)
        events.close()
    if session.stop.is_set():
        raise Stopped
    hit = process.limit_hit()
    if hit and not run.limit_hit:
        run.limit_hit = hit
        if run.current:
            run.limited[run.current] = hit
    run.dump = _tail(logs / "dump.txt")
    run.output = _tail(logs / "output.txt")
    for exercise in exercises:
        after = snapshot(exercise.path(copied))
        if any(after.get(name) != info for name, info in before[exercise.name].items()):
            run.touched.add(exercise.name)
    return run


def _take(run: Run, event: dict) -> None:
    with contextlib.suppress(KeyError, TypeError, ValueError):  # an event the learner's code forged or broke
        run.take(event)


# ----------------------------------------------------------- one submission


def _grade_runs(exercises: list[Exercise], pristine: Path, folder: Path, session: Session,
                starter_passes: dict[str, frozenset[str]], retry: bool = True) -> dict[str, Grade]:
    """Grade *exercises*: one process, and a new one after each exercise that ends it."""
    grades: dict[str, Grade] = {}
    touched: set[str] = set()
    todo = list(exercises)
    while todo:
        if session.stop.is_set():
            raise Stopped
        work = Path(tempfile.mkdtemp(dir=folder, prefix="run-"))
        run = run_pytest(todo, pristine, work, session)
        inside = session.launcher.inside(work / "run") / "exercises"
        copy = work / "run" / "exercises"
        for exercise in todo:
            grade = grading.grade(exercise, run, inside, copy, session.limits,
                                  starter_passes.get(exercise.name, frozenset()),
                                  run.limited.get(exercise.name))
            if grade is not None:
                grades[exercise.name] = grade
        shutil.rmtree(work, ignore_errors=True)
        touched |= run.touched
        left = [e for e in todo if e.name not in grades]
        died = run.killed is not None or run.returncode not in (0, 1)
        if left and (len(left) == len(todo) or (run.current is None and not died)):
            # The run ended without getting to them and no exercise is to blame: say what pytest said.
            lines = grading.clean(run.output, [inside, copy]).strip().splitlines()[-8:]
            tail = "\n".join(line[:240] for line in lines)
            for exercise in left:
                grades[exercise.name] = Grade(exercise, "error", reason=grading.Failure(
                    "running the tests", f"the tests could not run:\n{tail}", "error"))
            left = []
        todo = left
    if retry:
        # Another exercise's code deleted or changed these files: grade each again, on its own.
        for exercise in exercises:
            if exercise.name in touched and grades[exercise.name].status != "pass":
                grades.update(_grade_runs([exercise], pristine, folder, session, starter_passes, retry=False))
    return grades


def grade_submission(path: Path, learner: str, catalog: list[Exercise], session: Session,
                     folder: Path) -> SubmissionGrade:
    """Grade every exercise of *catalog* in the submission at *path*, working in *folder*."""
    grades: dict[str, Grade] = {}
    runnable = []
    pristine = folder / "pristine"
    for exercise in catalog:
        try:
            source = exercise_folder(path, exercise)
            if source is None:
                grades[exercise.name] = grading.missing(exercise)
                continue
            hashes = copy_folder(source, exercise.path(pristine), f"exercises/{exercise.folder}")
        except Refused as refusal:
            grades[exercise.name] = grading.refused(exercise, str(refusal))
            continue
        if exercise.name in session.starters and hashes == session.starters[exercise.name]:
            grades[exercise.name] = grading.untouched(exercise)
            continue
        runnable.append(exercise)
    if runnable:
        grades.update(_grade_runs(runnable, pristine, folder, session, session.starter_passes))
    note = None
    if all(grade.status == "missing" for grade in grades.values()):
        note = ("no exercise folders here: a submission is a copy of the workshop repository "
                "or of its exercises/ folder")
    elif all(grade.status in ("missing", "untouched") for grade in grades.values()):
        note = "untouched: every exercise handed in is the same as its starter"
    return SubmissionGrade(learner, path, [grades[e.name] for e in catalog], note)


# --------------------------------------------------------------- a grading


def _scratch_parent() -> Path:
    """Where the copies go: memory (/dev/shm) when there is one, for SQLite's many fsyncs."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else Path(tempfile.gettempdir())


_SCRATCH = re.compile(r"workshop-grade-(\d+)-")


def _remove_stale(parent: Path) -> None:
    """Folders of graders that were killed outright (SIGKILL leaves no chance to clean up)."""
    for entry in parent.glob("workshop-grade-*"):
        match = _SCRATCH.match(entry.name)
        if not match or not entry.is_dir() or entry.stat().st_uid != os.geteuid():
            continue
        try:
            os.kill(int(match[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(entry, ignore_errors=True)
        except PermissionError:
            continue


@contextmanager
def grading_session(catalog: list[Exercise], limits: Limits, sandbox: bool = True,
                    stop: threading.Event | None = None) -> Iterator[Session]:
    """A grading's temporary folder, removed on every exit, with the starters' results in it."""
    parent = _scratch_parent()
    _remove_stale(parent)
    scratch = Path(tempfile.mkdtemp(prefix=f"workshop-grade-{os.getpid()}-", dir=parent))
    launcher = Sandboxed(limits) if sandbox else Direct(limits)
    session = Session(scratch, limits, launcher, stop=stop or threading.Event())
    try:
        _starters(session, catalog)
        yield session
    finally:
        session.stop.set()
        shutil.rmtree(scratch, ignore_errors=True)


def _starters(session: Session, catalog: list[Exercise]) -> None:
    """Fingerprint the repository's starters and run them once: which checks pass untouched."""
    starter_tree = REPO / "exercises"
    present = [e for e in catalog if e.path(starter_tree).is_dir()]
    if not present:
        return
    folder = session.scratch / "starters"
    pristine = folder / "pristine"
    runnable = []
    for exercise in present:
        try:
            session.starters[exercise.name] = copy_folder(
                exercise.path(starter_tree), exercise.path(pristine), f"exercises/{exercise.folder}")
            runnable.append(exercise)
        except Refused:
            continue
    results = _grade_runs(runnable, pristine, folder, session, {}, retry=False)
    session.starter_passes = {name: grade.passed_checks for name, grade in results.items()}
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _signals_noted() -> Iterator[list[int]]:
    """Ctrl-C and SIGTERM, only noted (in the list given) while the grading runs.

    Python runs a signal's handler in the main thread, between any two of its
    bytecodes. Had the handler raised KeyboardInterrupt, as Python's own does,
    it could raise it where the main thread held a lock that a worker then
    waits for (concurrent.futures takes each future's lock while waiting on
    it), and the grader would hang for ever instead of stopping. This one
    touches no lock: it appends the signal's number, and the main thread,
    which does nothing but watch, stops the runs.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received  # only the main thread can handle signals: its owner's code does
        return
    previous = {number: signal.signal(number, lambda number, frame: received.append(number))
                for number in (signal.SIGINT, signal.SIGTERM)
                # One the grader was started with ignored (`… &` in a script) stays ignored.
                if signal.getsignal(number) is not signal.SIG_IGN}
    try:
        yield received
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def grade_all(
    paths: list[Path],
    catalog: list[Exercise],
    limits: Limits = DEFAULT_LIMITS,
    jobs: int | None = None,
    progress: Callable[[SubmissionGrade], None] | None = None,
    sandbox: bool = True,
) -> list[SubmissionGrade]:
    """Grade every submission, *jobs* at a time; the results come back in the order of *paths*.

    Ctrl-C or SIGTERM ends every run and removes the temporary folder, then
    raises :class:`Interrupted`.
    """
    stop = threading.Event()
    outcome: dict[str, object] = {}

    def grade() -> None:
        try:
            outcome["grades"] = _grade_all(paths, catalog, limits, jobs, progress, sandbox, stop)
        except BaseException as error:  # noqa: BLE001 - handed to the main thread, raised there
            outcome["error"] = error

    with _signals_noted() as received:
        grading_thread = threading.Thread(target=grade, name="workshop-grade")
        grading_thread.start()
        while grading_thread.is_alive():
            grading_thread.join(0.05)  # back at once when the grading ends
            if received and not stop.is_set():
                stop.set()  # every run is killed within 0.05 s, then the folder is removed
    if received:
        raise Interrupted(received[0])
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["grades"]  # type: ignore[return-value]


def _grade_all(paths: list[Path], catalog: list[Exercise], limits: Limits, jobs: int | None,
               progress: Callable[[SubmissionGrade], None] | None, sandbox: bool,
               stop: threading.Event) -> list[SubmissionGrade]:
    names = learner_names(paths)
    with grading_session(catalog, limits, sandbox, stop) as session:

        def one(index: int) -> SubmissionGrade:
            folder = session.scratch / f"{index:03d}"
            folder.mkdir()
            try:
                graded = grade_submission(paths[index], names[index], catalog, session, folder)
            except Stopped:
                raise
            except Exception as error:  # noqa: BLE001 - one odd submission must not stop the class
                reason = grading.Failure("grading", f"the grader could not grade this submission: {error}",
                                         "error")
                graded = SubmissionGrade(names[index], paths[index],
                                         [Grade(e, "error", reason=reason) for e in catalog])
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            if progress:
                progress(graded)
            return graded

        pool = ThreadPoolExecutor(max_workers=max(1, jobs or os.cpu_count() or 1))
        try:
            futures = [pool.submit(one, index) for index in range(len(paths))]
            wait(futures)
            return [future.result() for future in futures]
        finally:
            session.stop.set()  # on an error too: the other runs end at once
            pool.shutdown(wait=True, cancel_futures=True)
