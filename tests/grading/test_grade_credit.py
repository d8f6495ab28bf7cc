"""Credit only for what the learner did: checks the untouched starter passes earn nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.exercises import REPO
from workshop.grading import grades
from workshop.grading.model import Limits, Run
from workshop.grading.runner import grade_submission, grading_session

from .conftest import needs_sandbox

INSIDE = COPY = Path("/nowhere")


def run_with(name: str, outcomes: dict[str, str]) -> Run:
    run = Run(counts={name: len(outcomes)}, started=[name], ended={name: 0.1})
    failure = {"check": "it answers", "message": "GET / is a 404", "kind": "assertion"}
    run.tests[name] = [{"test": test, "outcome": outcome, "failure": None if outcome == "passed" else failure}
                         for test, outcome in outcomes.items()]
    return run


@pytest.mark.parametrize(("outcomes", "status", "passed", "total"), [
    # The starter passes "a": it counts nowhere; "b" is the learner's work.
    ({"a": "passed", "b": "passed", "c": "failed"}, "partial", 1, 2),
    # Only the starter's own check passes: nothing done, nothing earned.
    ({"a": "passed", "b": "failed", "c": "failed"}, "fail", 0, 2),
    # The learner's work passes but the starter's check broke: it counts against them.
    ({"a": "failed", "b": "passed", "c": "passed"}, "partial", 2, 3),
    ({"a": "passed", "b": "passed", "c": "passed"}, "pass", 2, 2),
])
def test_checks_the_starter_passes_earn_nothing(catalog, outcomes, status, passed, total):
    exercise = catalog[0]
    grade = grades.grade(exercise, run_with(exercise.name, outcomes), INSIDE, COPY, Limits(), frozenset({"a"}))

    assert (grade.status, grade.passed, grade.total) == (status, passed, total)
    assert grade.score == (1.0 if status == "pass" else passed / total)


@needs_sandbox
def test_a_starter_that_passes_some_checks_still_scores_zero(catalog, make_submission):
    # An exercise whose starter passes a check, found at run time (the exercises change): the
    # starters are run a few exercises at a time, in the catalog's order, until one passes a check.
    for start in range(0, len(catalog), 4):
        with grading_session(catalog[start:start + 4], Limits(timeout=5)) as session:
            passing = [e for e in catalog[start:start + 4] if session.starter_passes.get(e.name)]
            if not passing:
                continue
            exercise = passing[0]
            app = next(p for p in exercise.path(REPO / "exercises").rglob("*.py"))
            relative = app.relative_to(REPO).as_posix()
            # Not untouched (a comment added), but nothing done: the checks it passes are the starter's.
            submission = make_submission("lazy", exercises=(exercise.name,), source="exercises",
                                         files={relative: app.read_text(encoding="utf-8") + "\n# done?\n"})
            # Graded in the same grading as the starters that were just run.
            folder = session.scratch / "lazy"
            folder.mkdir()
            graded = grade_submission(submission, "lazy", [exercise], session, folder)
            break
    else:
        pytest.skip("no starter passes any check: nothing to prove here")

    result = graded.grades[0]
    assert result.passed_checks, "the starter's own checks should still pass"
    assert (result.status, result.passed, result.score) == ("fail", 0, 0.0), result


@pytest.mark.parametrize("printed", ["BlockingIOError: [Errno 11] Resource temporarily unavailable",
                                     "RuntimeError: can't start new thread"])
def test_pytest_giving_up_past_the_process_limit_is_named_as_that_limit(tmp_path, printed):
    # Past RLIMIT_NPROC, pytest itself may fail to start a thread and end with its internal
    # error (3): the report names the limit, not "your code ended the test process".
    run = Run(returncode=3, output=f"INTERNALERROR> {printed}\n")
    status, failure = grades._death(run, tmp_path, tmp_path, Limits(processes=32))
    assert status == "error"
    assert "32" in failure.message and "process" in failure.message
    plain = grades._death(Run(returncode=3, output="INTERNALERROR> KeyError\n"), tmp_path, tmp_path,
                          Limits(processes=32))[1]
    assert "ended the whole test process" in plain.message


def test_the_python_and_the_tool_are_mounted_over_the_private_tmp():
    # An instructor's clone or venv under /tmp (a CI checkout, say) must stay visible in the
    # sandbox: its read-only binds come after the sandbox's own /tmp, on top of it.
    import sys

    from workshop.grading import sandbox

    command = sandbox.sandbox_command(["-q"], Path("/run-folder"), Limits())
    tmpfs = command.index("--tmpfs")
    venv = max(i for i, arg in enumerate(command) if arg == str(Path(sys.prefix)))
    workshop = command.index(str(REPO / "workshop"))
    assert tmpfs < venv and tmpfs < workshop
