"""Fixtures for the load tests: steps 11 and 12 served by gunicorn, on SQLite or PostgreSQL.

The servers are the test process's shared ones (tests/servers.py): started the
first time a test asks for a step and database, the same ones test_api_served.py
uses, their tables emptied before each test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..servers import API_STEPS, DATABASES, Server


@pytest.fixture(params=DATABASES)
def database(request) -> str:
    """Which database the server stores its tasks in: "sqlite" or "postgresql"."""
    return request.param


@pytest.fixture(params=API_STEPS, ids=lambda path: path.name)
def step_dir(request) -> Path:
    return request.param


@pytest.fixture
def gunicorn(gunicorn_pool, step_dir, database) -> Server:
    """``gunicorn -w 2 "todo:create_app()"`` in the step's folder, as its README runs it.

    Two sync workers on 127.0.0.1 and a free port, with SECRET_KEY and DATABASE_URL
    from the environment, on an empty database; stopped by its PID at the end of the run.
    """
    return gunicorn_pool.server(step_dir, database)
