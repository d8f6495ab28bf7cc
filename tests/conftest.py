"""Fixtures shared by every test: load a step's app fresh for each test.

A test module names its step, ``STEP = "03_methods"``, and uses the ``app``,
``client`` and ``runner`` fixtures, as in Flask's own tutorial tests. Steps 08-12
are built by their factory in testing mode, each test with a new SQLite file.
"""

from __future__ import annotations

import pytest

from workshop.loader import PACKAGE, app_target, find_step, load_app


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--target",
        default="exercises",
        choices=["exercises", "solutions"],
        help="which tree the exercise tests check (default: the learner's exercises/)",
    )


@pytest.fixture
def app(request: pytest.FixtureRequest, tmp_path):
    """A fresh copy of the module's step app, in testing mode."""
    step = getattr(request.module, "STEP", None)
    if step is None:
        pytest.fail(f"{request.module.__name__} uses the app fixture but sets no STEP")
    step_dir = find_step(step)
    if app_target(step_dir).name == PACKAGE:
        # Steps 08-12: the application factory, with the testing config and a database of
        # the test's own (step 08 keeps its tasks in memory and ignores the setting).
        return load_app(step_dir, config="testing",
                        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'todo.sqlite'}")
    app = load_app(step_dir)
    app.config.update(TESTING=True)
    if "UPLOAD_FOLDER" in app.config:
        # Uploads go to a temporary folder, never into the repository.
        app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
