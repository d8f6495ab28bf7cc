"""From what a run reported to a grade: status, credit and the reason, in plain words.

Credit is for what the learner did. The grader runs the repository's own
starters once per grading; a check the starter already passes earns nothing
here. ``passed`` counts the checks that fail on the starter and pass now;
``total`` counts the checks that fail on the starter, plus any the starter
passes that this submission breaks. An exercise passes when every check does.
"""

from __future__ import annotations

import dataclasses
import re
import signal
from collections.abc import Iterable
from pathlib import Path

from ..checker import Failure
from ..exercises import Exercise
from .model import Grade, Limits, Run
from .submission import read_line

_FRAME = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<name>\S+)')

LIMIT_WORDS = {
    "memory": "your code used more than {memory_mb} MB of memory (all its processes together), "
              "so the grader stopped it",
    "processes": "your code started more than {processes} processes and threads at once, "
                 "so the grader stopped it",
}


def clean(text: str, roots: Iterable[Path]) -> str:
    """Take the grader's folders out of a message: paths read as the learner's own."""
    for root in roots:
        text = text.replace(f"{root}/", "exercises/").replace(str(root), "exercises")
    return text


def display(path: str | None, roots: Iterable[Path]) -> str | None:
    """*path* as the learner knows it (exercises/02_routes/…), not inside the grader's folders."""
    if not path:
        return path
    for root in roots:
        try:
            return "exercises/" + Path(path).relative_to(root).as_posix()
        except ValueError:
            continue
    return path


def limit_message(limit: str, limits: Limits) -> str:
    return LIMIT_WORDS[limit].format(memory_mb=limits.memory_mb, processes=limits.processes)


#: What a run prints when it could not start a process or thread (EAGAIN past RLIMIT_NPROC),
#: the last one from faulthandler, when the grader's time limit cannot start its thread.
PROCESS_LIMIT_SIGNS = ("Resource temporarily unavailable", "can't start new thread",
                       "unable to start watchdog thread")

#: How much of a message, a check's title and a line of code a report carries (events can be forged).
MESSAGE_CHARS, CHECK_CHARS, SOURCE_CHARS = 2000, 200, 200


def _failure(data: dict, roots: list[Path], limits: Limits) -> Failure:
    message = clean(str(data.get("message", ""))[:MESSAGE_CHARS], roots)
    if message.startswith("MemoryError"):
        message += f" (the grader allows {limits.memory_mb} MB)"
    elif "[Errno 27]" in message:  # EFBIG: past the largest-file limit (Python ignores SIGXFSZ)
        message = (f"your code wrote more than {limits.output_mb} MB (printed output or a file), "
                   f"so the grader stopped it ({message})")
    elif "[Errno 11] Resource temporarily unavailable" in message:  # fork() past RLIMIT_NPROC
        message += f" (the grader allows {limits.processes} processes)"
    line = data.get("line")
    return Failure(
        check=str(data.get("check", "running the tests"))[:CHECK_CHARS], message=message,
        kind=str(data.get("kind", "error")), file=display(str(data["file"])[:500] if data.get("file") else None, roots),
        line=line if isinstance(line, int) else None,
        source=str(data["source"])[:SOURCE_CHARS] if data.get("source") else None,
    )


def where_it_ran(dump: str, inside: Path, copy: Path, limits: Limits) -> Failure:
    """Where the learner's code was when the time ran out, from faulthandler's dump.

    The line of code is read from the run's own copy (never following a link
    out of it), after every process of the run has ended.
    """
    message = f"your code was still running after {limits.timeout:g} s: is there a loop that never ends?"
    for match in _FRAME.finditer(dump):  # most recent call first
        try:
            relative = Path(match["file"]).relative_to(inside)
        except ValueError:
            continue
        line = int(match["line"])
        return Failure("running your code", message, "timeout", f"exercises/{relative.as_posix()}",
                       line, read_line(copy, relative.as_posix(), line))
    return Failure("running your code", message, "timeout")


def _death(run: Run, inside: Path, copy: Path, limits: Limits) -> tuple[str, Failure]:
    """Why the process ended in the middle of an exercise, in plain words."""
    where = where_it_ran(run.dump, inside, copy, limits)
    limit = run.limited.get(run.current or "") or (run.limit_hit if run.returncode == -signal.SIGKILL else None)
    if limit:  # a limit of the whole run, hit while this exercise ran: that is what stopped it
        return "error", dataclasses.replace(where, message=limit_message(limit, limits), kind="error")
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
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        message = f"the test process was stopped by {name}, sent by your code"
    elif limits.processes and any(sign in run.output for sign in PROCESS_LIMIT_SIGNS):
        # Past RLIMIT_NPROC, pytest itself could not start a thread or a process and gave up.
        message = limit_message("processes", limits)
    else:
        message = (f"your code ended the whole test process (exit status {code}), "
                   "for example with os._exit(): this exercise's other checks could not run")
    return "error", dataclasses.replace(where, message=message, kind="error")


def grade(exercise: Exercise, run: Run, inside: Path, copy: Path, limits: Limits,
          starter_passes: frozenset[str] = frozenset(), limit_hit: str | None = None) -> Grade | None:
    """*exercise*'s grade from *run*, or None when the run never got to it.

    *inside* is the submission's copy as the run saw it, *copy* the same
    folder on the grader's disk; *starter_passes* are the checks the
    repository's starter passes; *limit_hit* a limit the run hit during it.
    """
    roots = [inside, copy]
    name = exercise.name
    tests = [t for t in run.tests.get(name, []) if isinstance(t, dict)]
    passed_ids = frozenset(str(t.get("test")) for t in tests if t.get("outcome") == "passed")
    count = max(run.counts.get(name, 0), len(tests))
    kept = len(passed_ids & starter_passes)
    passed, total = len(passed_ids - starter_passes), count - kept
    seconds = run.ended.get(name, 0.0)
    failures = [_failure(t["failure"], roots, limits) for t in tests if isinstance(t.get("failure"), dict)]
    if name in run.collect_errors:
        return Grade(exercise, "error", reason=Failure(
            "loading the tests", "the instructor's tests could not load: "
            + (clean(run.collect_errors[name], roots).strip().splitlines() or ["?"])[-1], "error"))
    if name == run.current:
        status, reason = _death(run, inside, copy, limits)
        return Grade(exercise, status, passed, total, reason,
                     limits.timeout if status == "timeout" else 0.0, passed_ids)
    if name not in run.ended:
        return None
    if limit_hit:
        return Grade(exercise, "error", passed, total,
                     Failure("running your code", limit_message(limit_hit, limits), "error"), seconds, passed_ids)
    reason = failures[0] if failures else None
    if count and len(passed_ids) == count:
        return Grade(exercise, "pass", passed, total, None, seconds, passed_ids)
    if passed:
        return Grade(exercise, "partial", passed, total, reason, seconds, passed_ids)
    if any(f.kind == "assertion" for f in failures):
        # The code ran and answered wrongly. Otherwise it raised, or never loaded: an error.
        return Grade(exercise, "fail", passed, total, reason, seconds, passed_ids)
    return Grade(exercise, "error", passed, total,
                 reason or Failure("running the tests", "no check ran", "error"), seconds, passed_ids)


def untouched(exercise: Exercise) -> Grade:
    return Grade(exercise, "untouched", reason=Failure(
        "comparing with the starter", "untouched: the folder is the same as the starter handed out",
        "missing"))


def missing(exercise: Exercise) -> Grade:
    return Grade(exercise, "missing", reason=Failure(
        "finding your code", f"not submitted: there is no folder exercises/{exercise.folder}", "missing"))


def refused(exercise: Exercise, message: str) -> Grade:
    return Grade(exercise, "error", reason=Failure("copying your code", message, "error"))
