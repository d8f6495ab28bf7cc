"""The fixtures your tests use, as in Flask's tutorial: a fresh app per test, and its client."""

import pytest

from todo import create_app


@pytest.fixture
def app():
    return create_app("testing")


@pytest.fixture
def client(app):
    return app.test_client()
