"""Fixtures of the exercise tests: load an exercise's app from the target tree.

A test module names its exercise, ``EXERCISE = "converters"``, and uses the
``app`` and ``client`` fixtures as the step tests do. The app comes from
``<tree>/NN_topic/<name>/``, where the tree is the learner's ``exercises/``
(the default), ``solutions/`` with ``--target solutions``, or any folder laid
out the same way with ``--exercise-tree PATH`` (an option of the checker's
plugin, ``-p workshop.pytest_report``).

The assertion messages are what the learner reads when a check fails: each one
is a plain sentence saying what was expected and why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.exercises import REPO, find_exercise, load_catalog
from workshop.loader import app_target, load_app, load_module


def exercise_tree(config: pytest.Config) -> Path:
    custom = config.getoption("exercise_tree", None)
    return Path(custom).resolve() if custom else REPO / config.getoption("target")


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def exercise(request: pytest.FixtureRequest, catalog):
    name = getattr(request.module, "EXERCISE", None)
    if name is None:
        pytest.fail(f"{request.module.__name__} sets no EXERCISE")
    return find_exercise(name, catalog)


@pytest.fixture(scope="module")
def exercise_dir(request: pytest.FixtureRequest, exercise) -> Path:
    """The folder of the module's exercise in the target tree."""
    return exercise.path(exercise_tree(request.config))


@pytest.fixture(scope="module")
def package(exercise_dir: Path):
    """Steps 08-11: the exercise's ``todo`` package, loaded once per test module.

    Its code does not change during a run, and each test gets an app of its own from
    its factory (tasks, users and databases live on the app). Loading it once matters:
    flask-smorest's decorators build schemas as the module loads (~50 ms a time).
    """
    if not (exercise_dir / "todo").is_dir():
        return None
    return load_module(app_target(exercise_dir))


@pytest.fixture
def app(request: pytest.FixtureRequest, exercise_dir: Path, package):
    """A fresh app of the exercise, in testing mode.

    Steps 01-07: app.py is loaded afresh for each test (its sample data lives in
    the module). Steps 08-11: the package's factory builds an app from its
    testing config, create_app("testing") (an in-memory SQLite database where it has one,
    its tables created).
    """
    if package is not None:
        app = package.create_app("testing")
        db = getattr(package, "db", None)
        if db is not None:
            with app.app_context():
                db.create_all()
        return app
    app = load_app(exercise_dir)
    app.config.update(TESTING=True)
    if "UPLOAD_FOLDER" in app.config:
        # Uploads go to a temporary folder, never into the learner's tree.
        app.config["UPLOAD_FOLDER"] = str(request.getfixturevalue("tmp_path") / "uploads")
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def fork_server():
    """One fork server of the checker for the session (for each xdist worker): the tests that
    check many exercises pay its imports once. (Imported here: the checks load this conftest.)"""
    from workshop.checker import ForkServer

    server = ForkServer()
    yield server
    server.close()
