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
result. It runs pytest in a fresh process (the learner's code may hang, or may
leave modules behind), with plugin auto-loading off and only our small plugin
(workshop.pytest_report) on. Most of a check is importing pytest, Flask and
the step's libraries: about 0.6 s of CPU for steps 01-08, 10 and 11, about
1 s for the database exercises (bench/check_speed.py measures every exercise).
`workshop watch`, and `workshop check` when it checks several exercises (a step,
or --all), pass a :class:`ForkServer` as *runner*: their checks fork from a
process that did those imports once, and take 0.1-0.3 s.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable
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


#: Entry points the tests load in every exercise folder, read even when edit does not name them.
ENTRY_POINTS = ("app.py", "todo/__init__.py")


def _local_imports(path: Path, tree: ast.Module, folder: Path) -> list[Path]:
    """The files of *folder* that the module at *path* imports (``import x``, ``from .m import y``)."""
    found: list[Path] = []

    def candidates(base: Path, dotted: str) -> list[Path]:
        parts = [p for p in dotted.split(".") if p]
        files = []
        for depth in range(1, len(parts) + 1):  # a.b.c: a/__init__.py, a/b/__init__.py, a/b/c.py ...
            stem = base.joinpath(*parts[:depth])
            files += [stem / "__init__.py", stem.with_suffix(".py")]
        return files

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found += candidates(folder, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the module's own package, or a parent of it
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
            else:
                base = folder
            module = node.module or ""
            found += candidates(base, module) if module else []
            for alias in node.names:  # from package import submodule
                found += candidates(base, f"{module}.{alias.name}" if module else alias.name)
    return [f for f in found if f.is_file() and f.resolve().is_relative_to(folder.resolve())]


def files_to_read(folder: Path, edit: tuple[str, ...] | list[str] = ()) -> list[Path]:
    """The Python files a check reads first: *edit*'s, the entry points, and what they import.

    Never every ``*.py`` under the folder: a learner's ``.venv/``, ``node_modules/`` or a
    half-written ``scratch.py`` is not part of the exercise and must not fail it.
    """
    queue = [folder / rel for rel in (*edit, *ENTRY_POINTS) if rel.endswith(".py")]
    seen: dict[Path, None] = {}
    while queue:
        path = queue.pop(0)
        if path in seen or not path.is_file():
            continue
        seen[path] = None
        try:
            tree = ast.parse(path.read_bytes(), str(path))
        except (SyntaxError, ValueError):
            continue  # reported by syntax_errors(); its imports cannot be known
        queue += _local_imports(path, tree, folder)
    return list(seen)


def syntax_errors(files: list[Path]) -> list[Failure]:
    """Syntax errors in *files* (the exercise's own, from files_to_read), found without running anything."""
    failures = []
    for path in files:
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


def imported_libraries(paths: list[Path]) -> set[str]:
    """The top-level names the modules at *paths* import absolutely: flask, sqlalchemy, their own package..."""
    names: set[str] = set()
    for path in paths:
        try:
            tree = ast.parse(path.read_bytes(), str(path))
        except (OSError, SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module.split(".")[0])
    return names


def pytest_command(exercise: Exercise, tree: Path, report: Path, time_limit: float) -> list[str]:
    """The pytest command line that checks *exercise* in *tree*, writing *report*."""
    return [
        sys.executable, "-m", "pytest", str(exercise.test_file),
        # -s: the learner's prints go straight to the checker, which keeps only the two ends
        # (pytest's own capture would hold every byte in memory, several times over).
        "-q", "--no-header", "-s",
        # One line per failure (where it was raised, and its message) for `workshop check -v`:
        # pytest's long tracebacks parse every frame's file to show its statement (SQLAlchemy's
        # too), ~0.1-0.4 s of CPU per failing check. The learner's report is built from the
        # exception itself, not from this text.
        "--tb=line",
        # Built-in plugins a check does not need. unraisableexception alone costs
        # ~0.1 s: it runs the garbage collector at the end of every session.
        "-p", "no:cacheprovider", "-p", "no:faulthandler", "-p", "no:unraisableexception",
        "-p", "no:threadexception", "-p", "no:doctest", "-p", "no:legacypath",
        # and per-test log and warning capture, and reports a check never writes (~0.07 s CPU).
        "-p", "no:logging", "-p", "no:warnings", "-p", "no:junitxml", "-p", "no:pastebin",
        "-p", "no:stepwise", "-p", "no:setuponly", "-p", "no:setupplan",
        "-p", "workshop.pytest_report",
        "--exercise-tree", str(tree),
        "--workshop-report", str(report),
        "--workshop-time-limit", str(time_limit),
    ]


#: Bytes of the tests' output a check keeps, from the start and from the end: a learner's
#: print of 500 MB costs a check 128 KB, not gigabytes.
OUTPUT_KEPT = 64 * 1024


class CappedOutput:
    """Output kept from its start and its end (OUTPUT_KEPT bytes each), what lies between counted."""

    def __init__(self) -> None:
        self.head, self.tail, self.dropped = bytearray(), bytearray(), 0

    def add(self, chunk: bytes) -> None:
        if len(self.head) < OUTPUT_KEPT:
            room = OUTPUT_KEPT - len(self.head)
            self.head.extend(chunk[:room])
            chunk = chunk[room:]
        self.tail.extend(chunk)
        if len(self.tail) > OUTPUT_KEPT:
            self.dropped += len(self.tail) - OUTPUT_KEPT
            del self.tail[:-OUTPUT_KEPT]

    def text(self) -> str:
        text = self.head.decode(errors="replace")
        if self.dropped:
            text += f"\n[... {self.dropped} bytes of output left out ...]\n"
        return text + self.tail.decode(errors="replace")


def run_capped(command: list[str], *, cwd: Path, env: dict[str, str], timeout: float,
               libraries: Iterable[str] = ()) -> tuple[int | None, str]:
    """Run *command* (stdout and stderr together), keeping OUTPUT_KEPT bytes of each end of its output.

    Returns the exit code (None if it ran out of time and was killed) and the kept text.
    (*libraries*, what the check's code imports, is for a ForkServer; a fresh process imports them itself.)
    """
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = CappedOutput()

    def drain() -> None:
        while chunk := process.stdout.read1(1 << 16):
            output.add(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        code: int | None = process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        code = None
    reader.join(5)
    process.stdout.close()
    return code, output.text()


#: How a check's pytest command is run: (command, cwd, env, timeout, libraries) -> (exit code or None, output).
Runner = Callable[..., tuple[int | None, str]]

#: What every check imports; a fork server imports them as it starts. The last four are what
#: pytest.main() itself imports beyond `import pytest` (unittest support, skipping, help).
PREIMPORTS = ("pytest", "flask", "flask.testing", "werkzeug.test", "werkzeug.security",
              "workshop.pytest_report", "workshop.loader",
              "unittest", "_pytest.unittest", "_pytest.skipping", "_pytest.helpconfig")
#: The libraries of the exercises' steps (~0.5 s of CPU together). A fork server imports one the
#: first time a check's code imports it, then later checks fork with it loaded: a session on
#: the first steps never pays for SQLAlchemy. Only these: the server never imports the learner's code.
LIBRARIES = ("flask_sqlalchemy", "sqlalchemy.orm", "marshmallow", "flask_smorest", "flask_limiter")


class ForkServer:
    """A helper process that imported pytest, Flask and friends once, and forks a child per check.

    `workshop watch` re-checks on every save; paying ~0.5-1 s of imports each time would make
    it feel slow. `workshop check --all` (and a step's exercises) check through one too: its
    ~0.5-1 s of imports are paid once instead of once per exercise. It answers one check at a
    time; threads that call it at once wait their turn. The helper (``python -m
    workshop.checker``) is single-threaded, so forking it is safe; each child runs one pytest
    session and exits, so nothing the learner's code does survives into the next check.
    Where os.fork does not exist (Windows) or the helper dies, checks fall back to a fresh process.
    """

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()  # one request, then its answer, on the pipes at a time
        if hasattr(os, "fork"):
            self.start()

    def start(self) -> None:
        env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "workshop.checker"], cwd=REPO, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def __call__(self, command: list[str], *, cwd: Path, env: dict[str, str],
                 timeout: float, libraries: Iterable[str] = ()) -> tuple[int | None, str]:
        if self.process is None or self.process.poll() is not None:
            self.process = None
            return run_capped(command, cwd=cwd, env=env, timeout=timeout)
        request = {"args": command[3:], "cwd": str(cwd), "env": env, "timeout": timeout,
                   "libraries": sorted(libraries)}
        try:
            with self.lock:
                self.process.stdin.write(json.dumps(request) + "\n")
                self.process.stdin.flush()
                answer = json.loads(self.process.stdout.readline())
        except (OSError, ValueError):
            self.close()
            return run_capped(command, cwd=cwd, env=env, timeout=timeout)
        return answer["code"], answer["output"]

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def _forked_pytest(args: list[str], cwd: str, env: dict[str, str], timeout: float) -> tuple[int | None, str]:
    """Fork; the child runs pytest with *args*, its output drained here with OUTPUT_KEPT per end."""
    import pytest

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one pytest session, then exit without running any cleanup of the server
        code = 70
        try:
            os.close(read_end)
            os.dup2(write_end, 1)
            os.dup2(write_end, 2)
            os.close(write_end)
            stdin = os.open(os.devnull, os.O_RDONLY)
            os.dup2(stdin, 0)
            os.chdir(cwd)
            os.environ.clear()
            os.environ.update(env)
            code = int(pytest.main(args))
        except BaseException:  # noqa: BLE001 - whatever happens, the child must exit here
            traceback.print_exc()
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os._exit(code)
    os.close(write_end)
    output = CappedOutput()
    deadline = time.monotonic() + timeout
    killed = False
    status: int | None = None
    drained_by = deadline
    while True:
        if status is None and not killed and time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            killed = True
        ready, _, _ = select.select([read_end], [], [], 0.1 if status is None else 0)
        if not ready or (status is not None and time.monotonic() > drained_by):
            if status is not None:
                break  # the child is gone; a process it started may hold the pipe open: stop here
            finished, code = os.waitpid(pid, os.WNOHANG)
            if finished:
                status, drained_by = code, time.monotonic() + 1  # read what is left, then stop
            continue
        chunk = os.read(read_end, 1 << 16)
        if not chunk:
            break
        output.add(chunk)
    os.close(read_end)
    if status is None:
        _, status = os.waitpid(pid, 0)
    return (None if killed else os.waitstatus_to_exitcode(status)), output.text()


def serve_forks() -> None:
    """The fork server's loop: one JSON request a line on stdin, one JSON answer a line on stdout."""
    import gc
    import importlib

    def preimport(names) -> None:
        for name in names:
            with contextlib.suppress(Exception):  # not installed, or broken: the check will say
                importlib.import_module(name)
        # What the imports made lives as long as the server: set it apart from the garbage
        # collector, so a child's collections do not walk (and copy, page by page) all of it.
        gc.freeze()

    preimport(PREIMPORTS)
    pending = list(LIBRARIES)
    for line in sys.stdin:
        request = json.loads(line)
        wanted = [name for name in pending if name.split(".")[0] in request.get("libraries", ())]
        if wanted:
            preimport(wanted)
            pending = [name for name in pending if name not in wanted]
        code, output = _forked_pytest(request["args"], request["cwd"], request["env"], request["timeout"])
        sys.stdout.write(json.dumps({"code": code, "output": output}) + "\n")
        sys.stdout.flush()


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
        with contextlib.suppress(OSError, IndexError, UnicodeDecodeError):
            source = path.read_text(encoding="utf-8").splitlines()[line - 1].strip()
        return Failure("running your code",
                       f"your code was still running after {time_limit:g} s: is there a loop that never ends?",
                       "timeout", str(path), line, source)
    return Failure("running your code",
                   f"your code was still running after {time_limit:g} s: is there a loop that never ends?",
                   "timeout")


def run_exercise_tests(
    exercise: Exercise, tree: Path, time_limit: float = TIME_LIMIT, runner: Runner | None = None
) -> CheckResult:
    """Run *exercise*'s tests against its folder in *tree*; never raises for the learner's mistakes.

    *runner* runs the pytest command: by default a fresh process (run_capped); `workshop
    watch` passes its ForkServer, which forks one from a process that has the imports done.
    """
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
    files = files_to_read(folder, exercise.edit)
    broken = syntax_errors(files)
    if broken:
        return done("error", failures=broken)

    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    env.pop("PYTEST_ADDOPTS", None)
    with tempfile.TemporaryDirectory(prefix="workshop-check-") as scratch:
        report = Path(scratch, "report.json")
        # faulthandler stops a test that exceeds time_limit; the timeout here is the backstop.
        libraries = imported_libraries([*files, exercise.test_file])
        code, output = (runner or run_capped)(pytest_command(exercise, tree, report, time_limit),
                                              cwd=REPO, env=env, timeout=time_limit + 60, libraries=libraries)
        if code is None:
            return done("timeout", output=output, failures=[_timeout_failure("", tree, time_limit)])
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


if __name__ == "__main__":  # the fork server of `workshop watch`
    serve_forks()
