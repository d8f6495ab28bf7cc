"""Run one exercise's tests against a tree and say how it went, in plain words.

The one function to reuse (``workshop check``, ``workshop watch``, the tests,
and the grader) is :func:`run_exercise_tests`::

    from workshop.checker import run_exercise_tests
    from workshop.exercises import find_exercise, load_catalog

    exercise = find_exercise("converters", load_catalog())
    result = run_exercise_tests(exercise, Path("/some/copy/of/exercises"))
    result.status            # "passed", "failed", "error" or "timeout"
    result.passed, result.failed, result.errors
    result.first_failure     # a Failure: check, message, file, line, source (or None)

It never raises for anything wrong with the learner's code: syntax errors,
import errors, exceptions in views, loops that never end all come back as a
result. It runs pytest in a subprocess (the learner's code may hang, or may
leave modules behind), with plugin auto-loading off and only our small plugin
(workshop.pytest_report) on: a check of steps 01-07 takes about a second,
one of step 08 about two, half of it importing pytest, Flask and SQLAlchemy
(bench/check_speed.py measures every exercise).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .exercises import REPO, Exercise

#: Seconds each check (one test) gets before the checker stops it (a loop that never ends).
TIME_LIMIT = 5.0

STATUSES = ("passed", "failed", "error", "timeout")


@dataclass(frozen=True)
class Failure:
    """One failing check, described for a learner."""

    check: str  # what the test checks, in words
    message: str  # the assertion's sentence, or the exception the learner's code raised
    kind: str  # "assertion", "exception", "syntax", "timeout" or "error"
    file: str | None = None  # where in the learner's code, when known
    line: int | None = None
    source: str | None = None  # that line of code

    @property
    def location(self) -> str | None:
        if not self.file:
            return None
        return f"{display_path(self.file)}:{self.line}" if self.line else display_path(self.file)


@dataclass
class CheckResult:
    """The outcome of one exercise's tests against one tree.

    ``status`` is "passed" (every check passed), "failed" (some check failed or
    the learner's code raised), "error" (no check could run: the code does not
    load, or the tests themselves could not start) or "timeout".
    """

    exercise: str
    tree: Path
    status: str
    passed: int = 0
    failed: int = 0
    errors: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    output: str = ""  # pytest's own output, for instructors (`workshop check -v`)

    @property
    def ok(self) -> bool:
        return self.status == "passed"

    @property
    def total(self) -> int:
        return self.passed + self.failed + self.errors

    @property
    def first_failure(self) -> Failure | None:
        return self.failures[0] if self.failures else None

    def to_dict(self) -> dict:
        """A JSON-ready copy (for the grader's reports)."""
        data = {k: v for k, v in self.__dict__.items() if k not in ("failures", "tree")}
        data["tree"] = str(self.tree)
        data["failures"] = [dict(f.__dict__, location=f.location) for f in self.failures]
        return data


def display_path(path: str | Path) -> str:
    """*path* as the learner can open it: relative to the current folder when inside it, else absolute."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(resolved)


def syntax_errors(folder: Path) -> list[Failure]:
    """Syntax errors in the Python files of *folder*, found without running anything."""
    failures = []
    for path in sorted(folder.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        try:
            compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        except SyntaxError as error:
            failures.append(Failure(
                check="reading your code",
                message=f"{type(error).__name__}: {error.msg}",
                kind="syntax",
                file=str(path),
                line=error.lineno,
                source=(error.text or "").strip() or None,
            ))
        except ValueError as error:  # e.g. a NUL byte in the file
            failures.append(Failure("reading your code", str(error), "syntax", str(path)))
    return failures


def pytest_command(exercise: Exercise, tree: Path, report: Path, time_limit: float) -> list[str]:
    """The pytest command line that checks *exercise* in *tree*, writing *report*."""
    return [
        sys.executable, "-m", "pytest", str(exercise.test_file),
        "-q", "--no-header",
        # Built-in plugins a check does not need. unraisableexception alone costs
        # ~0.1 s: it runs the garbage collector at the end of every session.
        "-p", "no:cacheprovider", "-p", "no:faulthandler", "-p", "no:unraisableexception",
        "-p", "no:threadexception", "-p", "no:doctest", "-p", "no:legacypath",
        "-p", "workshop.pytest_report",
        "--exercise-tree", str(tree),
        "--workshop-report", str(report),
        "--workshop-time-limit", str(time_limit),
    ]


_FRAME = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<name>\S+)')


def _timeout_failure(dump: str, tree: Path, time_limit: float) -> Failure:
    """Where the learner's code was when the time ran out, from faulthandler's dump."""
    for match in _FRAME.finditer(dump):  # most recent call first
        path = Path(match["file"])
        try:
            path.resolve().relative_to(tree.resolve())
        except ValueError:
            continue
        line = int(match["line"])
        source = None
        try:
            source = path.read_text(encoding="utf-8").splitlines()[line - 1].strip()
        except (OSError, IndexError, UnicodeDecodeError):
            pass
        return Failure("running your code",
                       f"your code was still running after {time_limit:g} s: is there a loop that never ends?",
                       "timeout", str(path), line, source)
    return Failure("running your code",
                   f"your code was still running after {time_limit:g} s: is there a loop that never ends?",
                   "timeout")


def run_exercise_tests(
    exercise: Exercise, tree: Path, time_limit: float = TIME_LIMIT
) -> CheckResult:
    """Run *exercise*'s tests against its folder in *tree*; never raises for the learner's mistakes."""
    started = time.perf_counter()
    tree = Path(tree).resolve()
    folder = exercise.path(tree)

    def done(status: str, **kwargs) -> CheckResult:
        return CheckResult(exercise.name, tree, status,
                           seconds=time.perf_counter() - started, **kwargs)

    if not folder.is_dir():
        return done("error", failures=[Failure(
            "finding your code", f"there is no folder {display_path(folder)} "
            f"(`workshop reset {exercise.name}` brings the starter back)", "error")])
    if not exercise.test_file.is_file():
        return done("error", failures=[Failure(
            "finding the tests", f"there are no tests at {display_path(exercise.test_file)}", "error")])
    broken = syntax_errors(folder)
    if broken:
        return done("error", failures=broken)

    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    env.pop("PYTEST_ADDOPTS", None)
    with tempfile.TemporaryDirectory(prefix="workshop-check-") as scratch:
        report = Path(scratch, "report.json")
        try:
            run = subprocess.run(
                pytest_command(exercise, tree, report, time_limit),
                cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                # faulthandler stops a test that exceeds time_limit; this is the backstop.
                timeout=time_limit + 60,
            )
        except subprocess.TimeoutExpired:
            return done("timeout", failures=[_timeout_failure("", tree, time_limit)])
        output = run.stdout + run.stderr
        dump = Path(f"{report}.timeout")
        dump_text = dump.read_text(encoding="utf-8", errors="replace") if dump.exists() else ""
        if "Timeout (" in dump_text:
            return done("timeout", output=output,
                        failures=[_timeout_failure(dump_text, tree, time_limit)])
        if not report.exists():
            tail = "\n".join(output.strip().splitlines()[-15:])
            return done("error", output=output, failures=[Failure(
                "running the tests", f"the tests could not run:\n{tail}", "error")])
        data = json.loads(report.read_text(encoding="utf-8"))

    failures = [
        Failure(f["check"], f["message"], f["kind"], f.get("file"), f.get("line"), f.get("source"))
        for f in data["failures"]
    ]
    counts = {k: data[k] for k in ("passed", "failed", "errors")}
    if data["exitstatus"] == 0 and counts["passed"] and not failures:
        status = "passed"
    elif counts["passed"] == counts["failed"] == 0:
        status = "error"  # nothing could run: the app does not load, or the tests do not
        if not failures:
            failures = [Failure("running the tests", "no check ran", "error")]
    else:
        status = "failed"
    return done(status, failures=failures, output=output, **counts)
