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
    """Step 08's exercises: the ``todo`` package, loaded once per test module.

    Its code does not change during a run, and its application factory builds
    a separate app for each test; loading it once saves a second per check.
    """
    if not (exercise_dir / "todo").is_dir():
        return None
    return load_module(app_target(exercise_dir))


@pytest.fixture
def app(request: pytest.FixtureRequest, exercise_dir: Path, package):
    """A fresh app of the exercise, in testing mode.

    Steps 01-07: app.py is loaded afresh for each test (its sample data lives in
    the module). Step 08: the factory builds an app with the testing config and
    a new SQLite database in a temporary folder.
    """
    if package is not None:
        database = request.getfixturevalue("tmp_path") / "todo.sqlite"
        app = package.create_app(config="testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}")
        yield app
        with app.app_context():
            app.extensions["sqlalchemy"].engine.dispose()
        return
    app = load_app(exercise_dir)
    app.config.update(TESTING=True)
    if "UPLOAD_FOLDER" in app.config:
        # Uploads go to a temporary folder, never into the learner's tree.
        app.config["UPLOAD_FOLDER"] = str(request.getfixturevalue("tmp_path") / "uploads")
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


class Accounts:
    """Register and log in through step 08's API, as a client would."""

    def __init__(self, client) -> None:
        self.client = client

    def register(self, username: str, password: str = "correct horse"):
        return self.client.post("/api/v1/accounts", json={
            "username": username, "email": f"{username}@example.com", "password": password})

    def login(self, username: str, password: str = "correct horse"):
        return self.client.post("/api/v1/accounts/login",
                                json={"username": username, "password": password})

    def headers(self, username: str) -> dict[str, str]:
        """Register *username*, log in, and return the Authorization header."""
        assert self.register(username).status_code == 201, f"registering {username} failed"
        response = self.login(username)
        assert response.status_code == 200, f"logging in as {username} failed: {response.json}"
        return {"Authorization": f"Bearer {response.json['token']}"}


@pytest.fixture
def accounts(client):
    return Accounts(client)
