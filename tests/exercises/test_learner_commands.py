"""`workshop check/list/hint/reset/solution` as a learner uses them.

Progress goes to a temporary state folder (WORKSHOP_STATE_DIR) and the code
checked is a copy of exercises/ in a temporary tree (--target TREE): the
learner's real files and progress are never touched.

A single `workshop check` starts a fresh pytest process (~0.6 s of CPU: pytest and
Flask imported again); here its checks fork from the session's fork server instead
(conftest.py), which gives the same verdicts (test_checker_rules.py::
test_the_fork_server_gives_the_same_verdicts). The commands themselves run as the
learner's do; test_works_from_outside_the_repository runs one end to end, its
one-shot check included, and test_checker_reports.py proves the one-shot checker.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from workshop import exercises as exercises_module
from workshop import learner
from workshop.cli import main
from workshop.exercises import REPO, load_catalog

CATALOG = load_catalog()
FIRST = "01_hello_world/first_app"


def through(server):
    """learner.run_exercise_tests, with its checks forked from *server* unless it is given a runner."""
    real = learner.run_exercise_tests

    def run(exercise, tree, **kwargs):
        return real(exercise, tree, **{**kwargs, "runner": kwargs.get("runner") or server()})

    return run


class Borrowed:
    """The session's fork server, lent to a command that would start one of its own (`workshop
    check NN` and `--all`, through learner.runner_for): closing it leaves it running."""

    def __init__(self, server):
        self.server, self.process = server, server.process

    def __call__(self, *args, **kwargs):
        return self.server(*args, **kwargs)

    def close(self):
        pass


@pytest.fixture(autouse=True)
def checks_fork(monkeypatch, request):
    monkeypatch.setattr(learner, "run_exercise_tests", through(lambda: request.getfixturevalue("fork_server")))
    monkeypatch.setattr(learner, "ForkServer", lambda: Borrowed(request.getfixturevalue("fork_server")))


@pytest.fixture
def state(tmp_path, monkeypatch):
    folder = tmp_path / "state"
    monkeypatch.setenv("WORKSHOP_STATE_DIR", str(folder))
    return folder


@pytest.fixture
def tree(tmp_path):
    """A copy of the learner's tree holding the first exercise, untouched."""
    tree = tmp_path / "tree"
    shutil.copytree(REPO / "exercises" / FIRST, tree / FIRST)
    return tree


def solve_first(tree):
    shutil.copy(REPO / "solutions" / FIRST / "app.py", tree / FIRST / "app.py")


def workshop(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_check_reports_the_failing_check_and_points_to_hint(state, tree):
    result = workshop("check", "--target", str(tree))
    assert result.exit_code == 1
    assert "first_app: 0 of 2 checks pass." in result.output
    assert 'GET / is a 404: there is no view for the URL "/" yet' in result.output
    assert "`workshop hint first_app`" in result.output
    assert "Traceback" not in result.output


def test_check_without_name_advances_when_it_passes(state, tree):
    solve_first(tree)
    result = workshop("check", "--target", str(tree))
    assert result.exit_code == 0, result.output
    assert "first_app: all 2 checks pass." in result.output
    assert f"Next: {CATALOG[1].name}" in result.output
    saved = json.loads((state / "progress.json").read_text())
    assert saved["done"] == ["first_app"] and saved["current"] == CATALOG[1].name


def test_list_shows_done_current_and_the_progress_bar(state, tree):
    solve_first(tree)
    workshop("check", "first_app", "--target", str(tree))
    result = workshop("list")
    lines = result.output.splitlines()
    assert lines[0].startswith("✓ 01_hello_world") and "first_app" in lines[0] and "done" in lines[0]
    assert lines[1].startswith("▶") and CATALOG[1].name in lines[1] and "current" in lines[1]
    assert f"1/{len(CATALOG)} exercises done" in result.output


def test_check_of_solutions_records_nothing(state):
    result = workshop("check", "first_app", "--target", "solutions")
    assert result.exit_code == 0 and "all 2 checks pass" in result.output
    assert not (state / "progress.json").exists()


def test_check_nn_checks_every_exercise_of_the_step(state):
    result = workshop("check", "02", "--target", "solutions")
    names = [e.name for e in CATALOG if e.step == "02_routes"]
    assert result.exit_code == 0
    for name in names:
        assert f"✓ {name}:" in result.output


def test_unknown_name_suggests_the_close_one(state):
    result = workshop("check", "convertors")
    assert result.exit_code == 1
    assert "There is no exercise called 'convertors'. Did you mean `converters`?" in result.output
    assert "Traceback" not in result.output


def test_hints_go_one_further_each_time_then_repeat_the_last(state):
    exercise = CATALOG[0]
    outputs = [workshop("hint", exercise.name).output for _ in range(len(exercise.hints) + 1)]
    for number, output in enumerate(outputs[:-1], start=1):
        assert f"Hint {number} of {len(exercise.hints)} for {exercise.name}:" in output
        assert exercise.hints[number - 1] in output
    assert exercise.hints[-1] in outputs[-1] and "last hint" in outputs[-1]


@pytest.fixture(scope="module")
def refused(tmp_path_factory, fork_server):
    """`workshop solution first_app` on an untouched copy, run once for the two tests that read it."""
    root = tmp_path_factory.mktemp("refused")
    shutil.copytree(REPO / "exercises" / FIRST, root / "tree" / FIRST)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(learner, "run_exercise_tests", through(lambda: fork_server))
        return CliRunner().invoke(main, ["solution", "first_app", "--target", str(root / "tree")],
                                  env={"WORKSHOP_STATE_DIR": str(root / "state")})


def test_solution_is_refused_until_the_code_passes(refused):
    assert refused.exit_code == 1
    assert "--force" in refused.output and "Solution: first_app" not in refused.output


def test_solution_with_force_shows_explanation_and_diff(state, tree):
    result = workshop("solution", "first_app", "--force", "--target", str(tree))
    assert result.exit_code == 0
    assert "# Solution: first_app" in result.output
    assert "+++ solution/app.py" in result.output and '+    return "Hello, workshop!"' in result.output


def test_solution_opens_once_passed(state, tree):
    solve_first(tree)
    result = workshop("solution", "first_app", "--target", str(tree))
    assert result.exit_code == 0 and "yours is the same as the solution" in result.output


def test_solution_refused_does_not_tell_the_learner_to_run_itself(refused):
    assert "`workshop solution" not in refused.output, refused.output
    assert "add --force" in refused.output


def test_check_all_prints_one_table_for_the_solutions(state, monkeypatch):
    # That every solution passes its checks is test_exercises_meta.py::test_solution_passes (the
    # same checker and fork server); here the table, in the catalog's order, on three exercises
    # of different kinds (app.py; a package with SQLAlchemy; one with flask-smorest).
    catalog = [e for e in CATALOG if e.name in ("first_app", "paginate", "task_schema")]
    monkeypatch.setattr(learner, "load_catalog", lambda: catalog)
    result = workshop("check", "--all", "--target", "solutions")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if "✓ passes" in line]
    assert [row.split()[1] for row in rows] == ["first_app", "paginate", "task_schema"]
    assert "All 3 exercises pass." in result.output
    assert not (state / "progress.json").exists(), "checking the solutions records no progress"


def test_check_all_of_a_learner_tree_says_which_fail(state, tree):
    result = workshop("check", "--all", "--target", str(tree))
    assert result.exit_code == 1
    assert "first_app" in result.output and "✗ 0 of 2 checks pass" in result.output
    assert "could not run" in result.output  # the exercises the copy does not hold
    assert f"0 of {len(CATALOG)} exercises pass. `workshop check NAME` explains one" in result.output


def test_help_lists_every_command_without_cutting_a_sentence():
    result = CliRunner().invoke(main, ["--help"], terminal_width=80)
    commands = result.output.split("Commands:")[1]
    assert "..." not in commands
    assert "Check an exercise: NAME, every exercise of step NN (or NN_topic), or the current one." in " ".join(
        commands.split())
    assert "Which tree OLD and NEW are folders of." in workshop("diff", "--help").output


def test_missing_repository_says_where_to_go(state, monkeypatch, tmp_path):
    monkeypatch.setattr(exercises_module, "METADATA", tmp_path / "nowhere" / "exercises.toml")
    result = workshop("list")
    assert result.exit_code == 1
    assert "Run the tool from the clone of the workshop repository" in result.output


def test_works_from_outside_the_repository_and_says_where_it_is(state, tree, tmp_path):
    env = dict(os.environ, WORKSHOP_STATE_DIR=str(tmp_path / "state"))
    done = subprocess.run([sys.executable, "-m", "workshop", "check", "first_app", "--target", str(tree)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "first_app: 0 of 2 checks pass." in done.stdout
    assert f"`cd {REPO}`" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


GUIDE = REPO / "exercises" / "README.md"


def test_guide_lists_every_exercise_in_order():
    rows = re.findall(r"^\| (\d\d) \| \[(\w+)\]\(([\w/]+)/README\.md\) \| (.+?) \|$",
                      GUIDE.read_text(encoding="utf-8"), re.M)
    expected = [(e.step[:2], e.name, e.folder, e.topic) for e in CATALOG]
    assert rows == expected, "exercises/README.md's table and exercises.toml disagree"


def test_guide_shows_what_check_really_prints(state, monkeypatch):
    monkeypatch.chdir(REPO)
    shown = re.search(r"```text\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)[1]
    name = re.search(r"✗ (\w+):", shown)[1]
    output = workshop("check", name).output
    # The timing and everything after the hint line are not part of the example.
    assert output.split("gives a hint.")[0] == shown.split("gives a hint.")[0]


def test_a_progress_file_broken_by_hand_is_forgiven(state):
    state.mkdir()
    (state / "progress.json").write_text(json.dumps(
        {"done": 5, "hints": {"first_app": "two", "converters": 1}, "current": ["x"]}))
    listed = workshop("list")
    assert listed.exit_code == 0 and "Traceback" not in listed.output
    assert "0/" in listed.output  # nothing counts as done
    hint = workshop("hint", "converters")
    assert hint.exit_code == 0
    assert "Hint 2 of" in hint.output  # the one value that made sense is kept


def test_progress_that_cannot_be_saved_is_a_one_line_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("WORKSHOP_STATE_DIR", str(blocker / "state"))
    result = workshop("hint", "first_app")
    assert result.exit_code == 1
    assert "could not save your progress to" in result.output
    assert "Traceback" not in result.output


def test_a_mistyped_step_or_folder_gets_a_suggestion(state):
    step = workshop("check", "02_route")
    assert step.exit_code == 1 and "Did you mean `02_routes`?" in step.output
    folder = workshop("check", "02_routes/convertrs")
    assert folder.exit_code == 1 and "Did you mean `02_routes/converters`?" in folder.output
