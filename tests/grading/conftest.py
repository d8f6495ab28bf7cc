"""Fixtures of the grader's tests: submissions built in tmp_path, graded for real.

``make_submission`` copies some exercises from solutions/ (solved) or
exercises/ (the starters) into a learner's folder, laid out as a copy of the
repository (``<learner>/exercises/…``) or of exercises/ only, then writes the
files a test wants to be different: a hostile app.py, an edited test.
``grade`` runs the real grader (a fork server, one pytest process per
submission) on a few exercises with a short time limit.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from workshop.exercises import REPO, find_exercise, load_catalog
from workshop.grader import Limits, SubmissionGrade, grade_all

#: Two quick exercises: the first is where hostile code goes, the second must not suffer for it.
VICTIM, NEIGHBOUR = "first_app", "converters"

#: Short limits keep the tests quick; the grace is the grader's own backstop after the limit.
LIMITS = Limits(timeout=2.0, memory_mb=512, output_mb=32, grace=1.0)


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


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
    def run(paths: list[Path], exercises=(VICTIM, NEIGHBOUR), limits: Limits = LIMITS) -> list[SubmissionGrade]:
        chosen = [e for e in catalog if e.name in exercises]
        return grade_all(paths, chosen, limits, jobs=2)

    return run


@pytest.fixture
def fingerprint():
    """Every file under a folder with a hash of its bytes: to prove nothing was changed."""

    def take(folder: Path) -> dict[str, str]:
        return {
            path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()
        }

    return take
