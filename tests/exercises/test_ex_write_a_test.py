"""Exercise write_a_test (step 08): the learner's tests pass on a correct app and fail on broken ones.

The learner's test functions are called directly, each with a fresh app and client (as their
conftest.py would give them), against the app of the exercise folder and against copies of it
with one view broken.
"""

import inspect

import pytest
from flask import make_response
from werkzeug.exceptions import HTTPException

from workshop.loader import load_module

EXERCISE = "write_a_test"


def learner_tests(exercise_dir):
    module = load_module(exercise_dir / "test_tasks.py")
    return {name: test for name, test in vars(module).items() if name.startswith("test") and callable(test)}


def run(tests, exercise_dir, break_app=None):
    """{test name: failure message} of the learner's tests against a (broken) fresh app each."""
    failures = {}
    package = load_module(exercise_dir / "todo")
    for name, test in tests.items():
        app = package.create_app("testing")  # a fresh app each: its tasks live on the app
        if break_app:
            break_app(app, package)
        fixtures = {"app": app, "client": app.test_client()}
        missing = [p for p in inspect.signature(test).parameters if p not in fixtures]
        if missing:
            failures[name] = f"it asks for {missing}, and only the fixtures app and client exist"
            continue
        try:
            test(**{p: fixtures[p] for p in inspect.signature(test).parameters})
        except Exception as error:  # noqa: BLE001 - any failure of the learner's test counts
            failures[name] = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
    return failures


def answers_200(app, package):
    view = app.view_functions["api.create_task"]

    def create_task():
        response = make_response(view())
        response.status_code = 200 if response.status_code == 201 else response.status_code
        return response
    app.view_functions["api.create_task"] = create_task


def accepts_no_name(app, package):
    def create_task():
        task = package.api.add_task("")
        return task, 201
    app.view_functions["api.create_task"] = create_task


def forgets_the_task(app, package):
    def create_task():
        return {"id": 1, "name": "buy milk", "completed": False}, 201
    app.view_functions["api.create_task"] = create_task


def no_fields(app, package):
    view = app.view_functions["api.create_task"]

    def create_task():
        try:
            return view()
        except HTTPException as error:
            return {"error": {"status": error.code, "message": error.description}}, error.code
    app.view_functions["api.create_task"] = create_task


BROKEN = {
    "answers 200 instead of 201 Created": answers_200,
    "accepts a task without a name": accepts_no_name,
    "answers 201 but never keeps the task": forgets_the_task,
    "refuses a task without a name, without naming the field": no_fields,
}


def test_tests_were_written(exercise_dir):
    """test_tasks.py has tests of POST /api/v1/tasks besides the example"""
    tests = learner_tests(exercise_dir)
    assert set(tests) - {"test_list_starts_empty"}, (
        "test_tasks.py has only the example test: write test_create_task and test_create_task_needs_a_name"
    )


def test_tests_pass_against_the_correct_app(exercise_dir):
    """your tests pass against the app in the folder, which is correct"""
    failures = run(learner_tests(exercise_dir), exercise_dir)
    assert not failures, "your tests fail against a correct app: " + "; ".join(
        f"{name}: {message}" for name, message in failures.items())


@pytest.mark.parametrize("bug", list(BROKEN))
def test_tests_catch_a_broken_app(exercise_dir, bug):
    """your tests fail against an app whose POST /api/v1/tasks is broken"""
    failures = run(learner_tests(exercise_dir), exercise_dir, BROKEN[bug])
    assert failures, f"every one of your tests passes against an app that {bug}: add an assertion that catches it"
