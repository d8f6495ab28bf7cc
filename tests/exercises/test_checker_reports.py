"""The checker on broken learner code: every mistake is a plain report, never a crash.

Each test copies one exercise into a temporary tree, breaks it the way a learner
might, and runs the checker on that tree as `workshop check --target TREE` does.
The untouched, solved and looping code go through a fresh pytest process, as
`workshop check NAME` starts one; the other broken files through the session's
fork server, as `workshop watch` and `check --all` run them (test_checker_rules.py
proves the two give the same verdicts), which saves a Python start for each.
"""

from __future__ import annotations

import shutil

import pytest

from workshop.checker import run_exercise_tests
from workshop.exercises import REPO, find_exercise, load_catalog

CATALOG = load_catalog()


def copy_exercise(name: str, tree, source: str = "exercises"):
    exercise = find_exercise(name, CATALOG)
    shutil.copytree(exercise.path(REPO / source), exercise.path(tree))
    return exercise


@pytest.fixture
def first_app(tmp_path):
    return copy_exercise("first_app", tmp_path), tmp_path / "01_hello_world/first_app/app.py"


@pytest.fixture(scope="module")
def untouched(tmp_path_factory):
    """The check of an untouched copy of first_app's starter, run once for the two tests that read it."""
    tree = tmp_path_factory.mktemp("untouched")
    return run_exercise_tests(copy_exercise("first_app", tree), tree)


def test_untouched_starter_gives_the_first_failing_sentence(untouched):
    result = untouched
    assert (result.status, result.passed, result.failed) == ("failed", 0, 2)
    assert result.first_failure.message == 'GET / is a 404: there is no view for the URL "/" yet'
    assert result.first_failure.check == 'GET / answers "Hello, workshop!"'


def test_solved_code_passes(first_app, tmp_path):
    exercise, app_py = first_app
    shutil.copy(REPO / "solutions/01_hello_world/first_app/app.py", app_py)
    result = run_exercise_tests(exercise, tmp_path)
    assert result.ok and (result.passed, result.failed, result.errors) == (2, 0, 0)
    assert result.seconds < 10


def test_syntax_error_is_reported_with_file_and_line(first_app, tmp_path, fork_server):
    exercise, app_py = first_app
    app_py.write_text(
        'from flask import Flask\n\napp = Flask(__name__)\n\n@app.route("/")\ndef index(:\n    return "hi"\n'
    )
    result = run_exercise_tests(exercise, tmp_path, runner=fork_server)
    assert result.status == "error"
    failure = result.first_failure
    assert failure.kind == "syntax" and failure.message.startswith("SyntaxError")
    assert (failure.file, failure.line) == (str(app_py), 6)
    assert failure.source == "def index(:"


def test_import_error_points_at_the_import(first_app, tmp_path, fork_server):
    exercise, app_py = first_app
    app_py.write_text("from flask import Flsk\n\napp = Flsk(__name__)\n")
    result = run_exercise_tests(exercise, tmp_path, runner=fork_server)
    assert result.status in ("failed", "error") and result.passed == 0
    failure = result.first_failure
    assert failure.kind == "exception"
    assert failure.message.startswith("ImportError: cannot import name 'Flsk'")
    assert (failure.file, failure.line, failure.source) == (str(app_py), 1, "from flask import Flsk")


def test_exception_in_a_view_points_at_its_line(first_app, tmp_path, fork_server):
    exercise, app_py = first_app
    app_py.write_text(
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
        "@app.route('/')\ndef index():\n    greeting = {}\n    return greeting['hello']\n"
    )
    result = run_exercise_tests(exercise, tmp_path, runner=fork_server)
    assert result.status == "failed"
    failure = result.first_failure
    assert (failure.kind, failure.message) == ("exception", "KeyError: 'hello'")
    assert (failure.line, failure.source) == (9, "return greeting['hello']")


def test_endless_loop_is_stopped_and_located(first_app, tmp_path):
    exercise, app_py = first_app
    app_py.write_text(
        "from flask import Flask\n\napp = Flask(__name__)\n\n\n"
        "@app.route('/')\ndef index():\n    n = 0\n    while n >= 0:\n        n += 1\n    return 'never'\n"
    )
    result = run_exercise_tests(exercise, tmp_path, time_limit=1.5)
    assert result.status == "timeout"
    failure = result.first_failure
    assert "loop that never ends" in failure.message
    assert failure.file == str(app_py) and failure.line in (9, 10)
    assert result.seconds < 8


def test_template_syntax_error_names_the_template(tmp_path, fork_server):
    exercise = copy_exercise("task_list_template", tmp_path, source="solutions")
    template = exercise.path(tmp_path) / "templates/tasks.html"
    template.write_text(template.read_text().replace("{% endfor %}", ""))
    result = run_exercise_tests(exercise, tmp_path, runner=fork_server)
    assert result.status == "failed"
    failure = result.first_failure
    assert failure.kind == "syntax" and failure.message.startswith("TemplateSyntaxError")
    assert failure.file == str(template) and failure.line


def test_missing_folder_is_an_error_not_a_crash(tmp_path):
    result = run_exercise_tests(find_exercise("first_app", CATALOG), tmp_path)
    assert result.status == "error"
    assert result.first_failure.message.startswith("there is no folder")


def test_result_converts_to_json_ready_data(untouched):
    data = untouched.to_dict()
    assert data["status"] == "failed" and data["failed"] == 2
    assert data["failures"][0]["message"].startswith("GET / is a 404")
