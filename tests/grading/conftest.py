"""Fixtures of the grader's tests: submissions built in tmp_path, graded for real.

``make_submission`` copies some exercises from solutions/ (solved) or
exercises/ (the starters) into a learner's folder, laid out as a copy of the
repository (``<learner>/exercises/…``) or of exercises/ only, then writes the
files a test wants to be different: a hostile app.py, an edited test.
``grade`` runs the real grader (each run in a bubblewrap sandbox, one pytest
process per submission) on two exercises with a short time limit.

Every grading first runs the repository's starters (which checks they pass
untouched). Their results depend only on the starters and the instructor's
tests, which no test changes (test_the_instructors_tests_cannot_be_changed
proves the grader cannot either): each test process runs each starter for
real once (with and without the sandbox), and the gradings of the other tests
reuse its results (``starters_once``) instead of paying another pytest run in a
sandbox; a grading that needs starters not run yet runs only those. The
gradings that start a grader of their own (``python -m workshop grade``)
still run them every time.

The exercises are read from the catalog at run time: first_app (step 01) is
where hostile code goes, and the next exercise of the catalog must not suffer.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from workshop.exercises import REPO, find_exercise, load_catalog
from workshop.grading import runner, sandbox
from workshop.grading.model import Limits, SubmissionGrade
from workshop.grading.runner import grade_all

#: Where hostile code goes, and the exercise after it in the catalog (which must not suffer).
VICTIM = "first_app"
NEIGHBOUR = next(e.name for e in load_catalog() if e.name != VICTIM
                 and (e.path(REPO / "solutions") / "app.py").is_file())

#: The grading tests run the real sandbox; only a machine that cannot create namespaces skips them.
needs_sandbox = pytest.mark.skipif(sandbox.problem() is not None, reason=str(sandbox.problem()))

#: Short limits keep the tests quick (4 s: enough on a busy machine); the grace is the grader's backstop.
LIMITS = Limits(timeout=4.0, memory_mb=512, output_mb=32, grace=1.0)

#: For code that loops: it burns a core until the limit. 2 s is still over 3.5 times what the
#: neighbour's checks took in a fresh process on a 2-core machine at load 8 (0.25-0.55 s, Flask's
#: import included), measured before choosing it.
LOOP_LIMITS = Limits(timeout=2.0, memory_mb=512, output_mb=32, grace=1.0)

#: The same, where first_app alone is graded: its checks took 0.02-0.17 s at load 6 (its test module
#: imports Flask before the clock starts), so 1 s still leaves them 6 times that.
FIRST_APP_LOOP_LIMITS = Limits(timeout=1.0, memory_mb=512, output_mb=32, grace=1.0)


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def _starters_results() -> dict:
    return {}


@pytest.fixture(autouse=True)
def starters_once(monkeypatch, _starters_results):
    """Each starter runs for real once per test process (and sandbox or not); later gradings reuse that."""
    real = runner._starters

    def starters(session, catalog):
        missing = [e for e in catalog if (e.name, session.sandboxed) not in _starters_results]
        if missing:
            real(session, missing)
            for e in missing:  # None: no starter in the repository (not fingerprinted, not run)
                _starters_results[e.name, session.sandboxed] = (session.starters.get(e.name),
                                                                session.starter_passes.get(e.name))
        known = [(e.name, _starters_results[e.name, session.sandboxed]) for e in catalog]
        session.starters = {name: hashes for name, (hashes, _) in known if hashes is not None}
        session.starter_passes = {name: passes for name, (_, passes) in known if passes is not None}

    monkeypatch.setattr(runner, "_starters", starters)


@pytest.fixture
def make_submission(tmp_path: Path, catalog):
    def make(learner: str, exercises=(VICTIM, NEIGHBOUR), source: str = "solutions",
             layout: str = "repo", files: dict[str, str] | None = None) -> Path:
        root = tmp_path / "submissions" / learner
        tree = root / "exercises" if layout == "repo" else root
        tree.mkdir(parents=True)
        for name in exercises:
            exercise = find_exercise(name, catalog)
            shutil.copytree(exercise.path(REPO / source), exercise.path(tree),
                            ignore=shutil.ignore_patterns("__pycache__", "instance"))
        for relative, text in (files or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def grade(catalog):
    def run(paths: list[Path], exercises=(VICTIM, NEIGHBOUR), limits: Limits = LIMITS,
            jobs: int = 2, sandbox: bool = True) -> list[SubmissionGrade]:
        chosen = [e for e in catalog if e.name in exercises]
        return grade_all(paths, chosen, limits, jobs=jobs, sandbox=sandbox)

    return run


@pytest.fixture
def fingerprint():
    """Every file under a folder with a hash of its bytes: to prove nothing was changed."""

    def take(folder: Path) -> dict[str, str]:
        return {
            path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()
        }

    return take
