"""Fixtures for the load tests: steps 11 and 12 served by gunicorn, on SQLite or PostgreSQL.

The servers are the test process's shared ones (tests/servers.py): started the
first time a test asks for a step and database, the same ones test_api_served.py
uses, their tables emptied before each test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.loader import find_step
from workshop.pgcluster import find_bindir

from ..servers import Server

#: The plain API and the tuned one: both must store every task, once.
API_STEPS = [find_step("11"), find_step("12")]

POSTGRES = pytest.param(
    "postgresql",
    marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(
            find_bindir() is None,
            reason="PostgreSQL is not installed (apt-get install postgresql-15 to run these)",
        ),
    ],
)


@pytest.fixture(params=["sqlite", POSTGRES])
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
