"""The exercises as a whole: the catalog, starters vs solutions, and the checker's verdicts.

Runs in every `make test`: each untouched starter must fail its tests (with a
plain sentence for the learner), each solution must pass them, and a starter
may differ from its solution only inside its TODO regions.
"""

from __future__ import annotations

import pytest

from workshop.checker import run_exercise_tests
from workshop.exercises import REPO, TESTS, drift, load_catalog

CATALOG = load_catalog()
NAMES = [e.name for e in CATALOG]
EXERCISES_TREE, SOLUTIONS_TREE = REPO / "exercises", REPO / "solutions"
# No endless loops here: a generous time limit keeps a busy CI machine from failing them.
SLOW_MACHINE = 30


def test_catalog_lists_every_exercise_folder_once():
    listed = sorted(e.folder for e in CATALOG)
    on_disk = sorted(
        p.parent.relative_to(EXERCISES_TREE).as_posix() for p in EXERCISES_TREE.glob("*/*/README.md")
    )
    assert listed == on_disk, "exercises.toml and the folders under exercises/ disagree"
    assert len(set(NAMES)) == len(NAMES), "two exercises share a name"


@pytest.mark.parametrize("exercise", CATALOG, ids=NAMES)
def test_exercise_is_complete(exercise):
    assert exercise.folder.split("/")[0] == exercise.step, f"{exercise.name} is filed under another step"
    assert (REPO / "steps" / exercise.step).is_dir(), f"{exercise.name} practises a step that does not exist"
    assert len(exercise.hints) >= 2, f"{exercise.name} needs at least two hints"
    assert exercise.test_file.is_file(), f"{exercise.name} has no tests at {exercise.test_file}"
    for tree in (EXERCISES_TREE, SOLUTIONS_TREE):
        assert (exercise.path(tree) / "README.md").is_file(), f"{exercise.path(tree)} has no README.md"
        for rel in exercise.edit:
            assert (exercise.path(tree) / rel).is_file(), f"{exercise.name}: no {rel} in {tree.name}/"


def test_every_exercise_test_module_belongs_to_an_exercise():
    modules = sorted(p.stem.removeprefix("test_ex_") for p in TESTS.glob("test_ex_*.py"))
    assert modules == sorted(NAMES)


@pytest.mark.parametrize("exercise", CATALOG, ids=NAMES)
def test_starter_differs_from_solution_only_in_todo_regions(exercise):
    problems = drift(exercise.path(EXERCISES_TREE), exercise.path(SOLUTIONS_TREE))
    assert not problems, "\n".join(problems)


def code_files(folder) -> dict[str, bytes]:
    """Every file of an app folder but its README, local data and caches."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != "README.md"
            and not {"__pycache__", "instance"} & set(p.relative_to(folder).parts)}


# first_app's task is a view of its own ("Hello, workshop!"), not step 01's.
OWN_APP = {"first_app"}


@pytest.mark.parametrize("exercise", [e for e in CATALOG if e.name not in OWN_APP],
                         ids=[n for n in NAMES if n not in OWN_APP])
def test_solution_is_the_step_as_it_stands(exercise):
    # The exercise READMEs say so: "the rest is the step's app". A change to a
    # step must reach its exercises (and the starters follow by the drift check).
    solution, step = code_files(exercise.path(SOLUTIONS_TREE)), code_files(REPO / "steps" / exercise.step)
    differ = sorted(name for name in solution.keys() | step.keys() if solution.get(name) != step.get(name))
    assert not differ, f"solutions/{exercise.folder} and steps/{exercise.step} differ in {differ}"


# One checker run each, as the learner's `workshop check` does it (xdist spreads them).


@pytest.mark.parametrize("exercise", CATALOG, ids=NAMES)
def test_untouched_starter_fails_with_a_sentence(exercise):
    result = run_exercise_tests(exercise, EXERCISES_TREE, time_limit=SLOW_MACHINE)
    assert result.status == "failed", (
        f"{exercise.name}: the starter should fail its checks, got {result.status} "
        f"({result.first_failure}):\n{result.output}"
    )
    assert result.failed >= 1
    first = result.first_failure
    assert first.kind == "assertion", f"{exercise.name}: the starter's first failure is not a checked sentence: {first}"
    assert first.message and not first.message.startswith("this check failed"), (
        f"{exercise.name}: the failing check has no message for the learner: {first}"
    )


@pytest.mark.parametrize("exercise", CATALOG, ids=NAMES)
def test_solution_passes(exercise):
    result = run_exercise_tests(exercise, SOLUTIONS_TREE, time_limit=SLOW_MACHINE)
    assert result.status == "passed", (
        f"{exercise.name}: the solution does not pass ({result.first_failure}):\n{result.output}"
    )
    assert result.passed >= 2 and result.failed == result.errors == 0
