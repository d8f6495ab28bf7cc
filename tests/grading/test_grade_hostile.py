"""Hostile and broken submissions cost only their own exercise's score.

Each case replaces the app of one exercise (first_app) with code that loops,
exits, crashes, floods the output, eats memory or deletes files; the grader
must say what happened in plain words, still grade the next exercise
(the next exercise of the catalog) as solved, leave the submission untouched and not stop.
"""

from __future__ import annotations

import os
import signal
import subprocess
import textwrap

import pytest

from workshop.exercises import REPO

from .conftest import FIRST_APP_LOOP_LIMITS, LIMITS, LOOP_LIMITS, VICTIM, needs_sandbox

pytestmark = needs_sandbox

APP = "exercises/01_hello_world/first_app/app.py"
SOLVED = (REPO / "solutions/01_hello_world/first_app/app.py").read_text(encoding="utf-8")


def code(text: str) -> str:
    return textwrap.dedent(text).lstrip()


# (case, the app.py the learner handed in, the grade of first_app, words of the reason)
CASES = [
    ("loops forever", code("""
        while True:
            pass
        """), "timeout", f"still running after {LOOP_LIMITS.timeout:g} s"),
    ("turns the time limit off, then loops", code("""
        import faulthandler
        faulthandler.cancel_dump_traceback_later()
        while True:
            pass
        """), "timeout", f"still running after {LOOP_LIMITS.timeout:g} s"),
    ("calls sys.exit() at import", "import sys\nsys.exit(3)\n", "error", "SystemExit: 3"),
    ("calls os._exit() at import", "import os\nos._exit(3)\n", "error",
     "ended the whole test process (exit status 3)"),
    ("prints without end", code("""
        while True:
            print("spam " * 20_000)
        """), "error", "wrote more than 32 MB"),
    ("eats all the memory", code("""
        hog = []
        while True:
            hog.append(bytearray(64 * 1024 * 1024))
        """), "error", "MemoryError"),
    ("crashes the interpreter", "import ctypes\nctypes.string_at(0)\n", "error",
     "crashed the Python interpreter (SIGSEGV)"),
    ("has a syntax error", "def index(:\n    return 'hi'\n", "error", "SyntaxError"),
    ("kills its own process", "import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\n", "error",
     "stopped by SIGTERM"),
]


@pytest.mark.parametrize(("case", "app", "status", "words"), CASES, ids=[c[0] for c in CASES])
def test_hostile_code_costs_only_its_own_exercise(make_submission, grade, fingerprint,
                                                  case, app, status, words):
    submission = make_submission("mallory", files={APP: app})
    before = fingerprint(submission)

    (graded,) = grade([submission], limits=LOOP_LIMITS if status == "timeout" else LIMITS)

    first_app, neighbour = graded.grades
    assert (first_app.status, first_app.score) == (status, 0.0), first_app
    assert words in first_app.reason.message, first_app.reason
    assert neighbour.status == "pass", f"{case}: the next exercise suffered: {neighbour}"
    assert fingerprint(submission) == before, "the submission was changed"


def test_loop_is_reported_at_the_learners_line(make_submission, grade):
    app = SOLVED.replace('    return "Hello, workshop!"',
                         '    while True:\n        pass\n    return "Hello, workshop!"')
    # first_app alone: that the next exercise does not suffer is the "loops forever" row's proof.
    (graded,) = grade([make_submission("loopy", files={APP: app})], exercises=(VICTIM,),
                      limits=FIRST_APP_LOOP_LIMITS)

    first_app = graded.grades[0]
    assert first_app.status == "timeout"
    assert first_app.reason.file == APP
    assert first_app.reason.source in ("while True:", "pass")


def test_megabytes_of_output_are_no_problem(make_submission, grade):
    app = SOLVED.replace("app = Flask(__name__)", 'app = Flask(__name__)\nprint("x" * 5_000_000)')
    (graded,) = grade([make_submission("chatty", files={APP: app})])

    assert [g.status for g in graded.grades] == ["pass", "pass"]


def test_deleting_the_tests_and_the_other_exercises_changes_nothing(make_submission, grade, fingerprint):
    # The learner's code finds the tests where they sit in a copy of the repository, and deletes
    # them, and every exercise folder, as soon as it is loaded.
    app = code("""
        import shutil
        from pathlib import Path

        here = Path(__file__).resolve()
        shutil.rmtree(here.parents[3] / "tests", ignore_errors=True)
        shutil.rmtree(Path.cwd() / "tests", ignore_errors=True)
        shutil.rmtree(here.parents[2], ignore_errors=True)
        """) + SOLVED
    submission = make_submission("vandal", files={APP: app})
    before = fingerprint(submission)
    ours = fingerprint(REPO / "tests" / "exercises")

    (graded,) = grade([submission])

    first_app, neighbour = graded.grades
    assert first_app.status in ("partial", "error"), first_app  # it deleted its own app.py
    assert neighbour.status == "pass", neighbour  # graded again, on a copy of its own
    assert fingerprint(submission) == before
    assert fingerprint(REPO / "tests" / "exercises") == ours


def test_processes_the_code_starts_are_stopped(make_submission, grade):
    marker = f"workshop-grade-test-{os.getpid()}-{id(object())}"
    app = code(f"""
        import subprocess, sys
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", "{marker}"])
        """) + SOLVED
    (graded,) = grade([make_submission("spawner", files={APP: app})])

    assert graded.grades[0].status == "pass"
    left = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout.split()
    for pid in left:  # never leave them behind, even when the test fails
        os.kill(int(pid), signal.SIGKILL)
    assert not left, "a process the learner's code started was still running after grading"

