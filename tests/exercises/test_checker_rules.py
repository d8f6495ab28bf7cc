"""The checker's rules, proved on altered copies of the solutions.

- the syntax pre-check reads the exercise's files and what they import, never a stray
  scratch.py or a .venv/;
- a check keeps only the two ends of a huge output;
- the url_for() and 204 rules of created_location catch what they describe;
- the fork server of `workshop watch` gives the verdicts a fresh process gives.

The rules that do not depend on how pytest is started check through the session's fork
server (see conftest.py); the huge output and the equality test use fresh processes.
"""

from __future__ import annotations

import shutil

import pytest

from workshop.checker import imported_libraries, run_exercise_tests
from workshop.exercises import REPO, find_exercise, load_catalog

CATALOG = load_catalog()
SLOW_MACHINE = 30


def solved_copy(tmp_path, name):
    """A tree holding the solution of exercise *name*; (exercise, tree, its folder)."""
    exercise = find_exercise(name, CATALOG)
    tree = tmp_path / "tree"
    shutil.copytree(exercise.path(REPO / "solutions"), exercise.path(tree))
    return exercise, tree, exercise.path(tree)


def check(exercise, tree, **kwargs):
    return run_exercise_tests(exercise, tree, time_limit=SLOW_MACHINE, **kwargs)


def test_a_broken_scratch_file_does_not_fail_a_correct_solution(tmp_path, fork_server):
    exercise, tree, folder = solved_copy(tmp_path, "paginate")
    (folder / "scratch.py").write_text("def half_written(:\n")
    (folder / ".venv" / "lib").mkdir(parents=True)
    (folder / ".venv" / "lib" / "site.py").write_text("print('unclosed\n")
    (folder / "node_modules" / "x").mkdir(parents=True)
    (folder / "node_modules" / "x" / "gen.py").write_text("class\n")
    result = check(exercise, tree, runner=fork_server)
    assert result.status == "passed", result.first_failure


def test_a_syntax_error_in_an_imported_module_is_reported_with_its_line(tmp_path):
    exercise, tree, folder = solved_copy(tmp_path, "paginate")
    assert exercise.edit == ("todo/api.py",)  # models.py is not edited, but api.py imports it
    models = folder / "todo" / "models.py"
    models.write_text(models.read_text().replace("class Task(db.Model):", "class Task(db.Model)"))
    result = check(exercise, tree)
    assert result.status == "error"
    failure = result.first_failure
    assert failure.kind == "syntax" and failure.file.endswith("todo/models.py") and failure.line


def test_the_libraries_a_check_needs_are_read_from_its_code():
    # A fork server imports SQLAlchemy & co. only once a check needs them (workshop watch on step 01 never does).
    paginate = find_exercise("paginate", CATALOG)
    folder = paginate.path(REPO / "solutions")
    assert {"flask", "flask_sqlalchemy", "sqlalchemy"} <= imported_libraries(list(folder.rglob("*.py")))
    first_app = find_exercise("first_app", CATALOG)
    assert "sqlalchemy" not in imported_libraries([first_app.path(REPO / "solutions") / "app.py"])


def test_a_huge_print_is_capped(tmp_path):  # a fresh process: run_capped's own reader keeps the ends
    exercise, tree, folder = solved_copy(tmp_path, "first_app")
    app_py = folder / "app.py"
    app_py.write_text(app_py.read_text().replace(
        '    return "Hello, workshop!"', '    print("x" * 20_000_000)\n    return "Hello, workshop!"'))
    result = check(exercise, tree)
    assert result.status == "passed", result.first_failure
    assert len(result.output) < 200_000 and "bytes of output left out" in result.output


def test_a_location_built_by_hand_fails_and_says_why(tmp_path, fork_server):
    exercise, tree, folder = solved_copy(tmp_path, "created_location")
    app_py = folder / "app.py"
    code = app_py.read_text()
    assert 'url_for("get_task", task_id=task["id"])' in code
    app_py.write_text(code.replace('url_for("get_task", task_id=task["id"])', 'f"/api/tasks/{task[\'id\']}"'))
    result = check(exercise, tree, runner=fork_server)
    assert result.status == "failed" and result.failed == 1
    message = result.first_failure.message
    assert "/todo" in message and "url_for()" in message and "mounted" in message


def test_a_204_with_a_body_fails_and_says_why(tmp_path, fork_server):
    exercise, tree, folder = solved_copy(tmp_path, "created_location")
    app_py = folder / "app.py"
    solved, with_body = '    del TASKS[task_id]\n    return "", 204', '    return {"deleted": TASKS.pop(task_id)}, 204'
    assert solved in app_py.read_text()
    app_py.write_text(app_py.read_text().replace(solved, with_body))
    result = check(exercise, tree, runner=fork_server)
    assert result.status == "failed" and result.failed == 1
    assert "the 204 carries a body" in result.first_failure.message


# One check of each kind of app, each both ways (a fresh process costs 0.6-1 s of CPU): the plain
# app.py of step 01 solved (a pass), the database package of step 09 as its starter (1 check
# passes, the others fail: both counts and their messages), the schema package of step 11 as its starter
# (every check fails). The fork server preimports SQLAlchemy for the one, marshmallow and
# flask-smorest for the other.
@pytest.mark.parametrize("name, tree", [("first_app", "solutions"), ("paginate", "exercises"),
                                        ("task_schema", "exercises")])
def test_the_fork_server_gives_the_same_verdicts(fork_server, name, tree):
    exercise = find_exercise(name, CATALOG)
    fresh, forked = check(exercise, REPO / tree), check(exercise, REPO / tree, runner=fork_server)
    assert (forked.status, forked.passed, forked.failed) == (fresh.status, fresh.passed, fresh.failed)
    assert [f.message for f in forked.failures] == [f.message for f in fresh.failures]
    assert fresh.status == ("passed" if tree == "solutions" else "failed")  # a verdict of each kind


def test_the_fork_server_stops_a_loop_that_never_ends(tmp_path, fork_server):
    exercise, tree, folder = solved_copy(tmp_path, "first_app")
    app_py = folder / "app.py"
    app_py.write_text(app_py.read_text().replace('    return "Hello, workshop!"', "    while True:\n        pass"))
    # 0.5 s: in a fork, loading the tests and the app takes ~0.1 s even on a machine twice overloaded.
    result = run_exercise_tests(exercise, tree, time_limit=0.5, runner=fork_server)
    assert result.status == "timeout" and result.first_failure.line
