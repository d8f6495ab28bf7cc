"""The fixtures your tests use, as in Flask's tutorial: a fresh app per test, and its client."""

import pytest

from todo import create_app
from todo.config import TestingConfig


@pytest.fixture
def app():
    return create_app(TestingConfig)


@pytest.fixture
def client(app):
    return app.test_client()
