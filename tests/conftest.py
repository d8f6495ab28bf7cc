"""Fixtures shared by every test: load a step's app fresh for each test.

A test module for steps 01-07 names its step, ``STEP = "03_methods"``, and uses
the ``app`` and ``client`` fixtures, as in Flask's own tutorial tests.
"""

from __future__ import annotations

import pytest

from workshop.loader import find_step, load_app


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
    app = load_app(find_step(step))
    app.config.update(TESTING=True)
    if "UPLOAD_FOLDER" in app.config:
        # Uploads go to a temporary folder, never into the repository.
        app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    return app


@pytest.fixture
def client(app):
    return app.test_client()
