"""Fixtures for the load tests: steps 11 and 12 served by gunicorn, on SQLite or PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from workshop.loader import find_step
from workshop.pgcluster import PostgresCluster, find_bindir, free_port

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


@pytest.fixture(scope="session")
def load_postgres() -> Iterator[PostgresCluster]:
    """The test run's throwaway PostgreSQL cluster: started once, whichever folder needs it first.

    share=True: the other test folders' clusters (tests/api) are this same one, with
    or without pytest-xdist; each test still gets a database of its own.
    """
    with PostgresCluster(share=True) as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", POSTGRES])
def database_url(request, tmp_path) -> Iterator[str]:
    """An empty database: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'todo.sqlite'}"
        return
    cluster = request.getfixturevalue("load_postgres")
    name = f"load_{os.getpid()}_{time.monotonic_ns()}"
    url = cluster.create_database(name)
    yield url
    cluster.drop_database(name)


@dataclass
class Server:
    url: str
    log: Path
    database_url: str

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture(params=API_STEPS, ids=lambda path: path.name)
def step_dir(request) -> Path:
    return request.param


@pytest.fixture
def gunicorn(step_dir, database_url, tmp_path) -> Iterator[Server]:
    """``gunicorn -w 2 "todo:create_app()"`` in the step's folder, as its README runs it.

    Two sync workers on 127.0.0.1 and a free port, with SECRET_KEY and DATABASE_URL
    from the environment; stopped by its PID at the end (SIGINT: a quick shutdown, then a wait).
    """
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "SECRET_KEY": "load-test-secret", "DATABASE_URL": database_url}
    # No control socket: it has one path per user (~/.gunicorn), which two servers started
    # at once (one per xdist worker) would both claim.
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--worker-class", "sync",
               "--bind", f"127.0.0.1:{port}", "--no-control-socket", "todo:create_app()"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=step_dir, env=env, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", log, database_url)
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited at start:\n{server.log_text()}")
            try:
                requests.get(f"{server.url}/api/v1", timeout=2)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer within 20 s:\n{server.log_text()}")
                time.sleep(0.1)
        yield server
    finally:
        process.send_signal(signal.SIGINT)  # quick: no waiting for idle keep-alive clients
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
