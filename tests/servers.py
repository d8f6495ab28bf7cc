"""gunicorn serving steps 11 and 12 as their READMEs run it, shared by tests/api and tests/load.

Starting gunicorn costs about 1.8 CPU-seconds (the master imports and builds the
app, two workers fork and warm up), more than most of what a test then asks of
it. So each test process starts at most one server per step and database, the
first time a test asks for it, and stops it (by its PID) at the end of the run:
``test_api_served.py`` and ``tests/load`` get the same servers, through the
session fixture ``gunicorn_pool`` of tests/conftest.py.

What a test sees is still a server on an empty database: ``GunicornPool.server``
deletes every row of tokens, tasks and users (from the test process, through an
engine of its own) before handing the server over, and the server's log,
as the test reads it, starts there. Ids go on from earlier tests, as on any real
database; no test assumes a task or user is number 1.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from workshop.loader import find_step
from workshop.pgcluster import PostgresCluster, find_bindir
from workshop.ports import free_port

#: The plain API and the tuned one: the same contract, so every API, fuzz and load test runs on both.
API_STEPS = [find_step("11"), find_step("12")]

#: The databases each of those tests runs on. PostgreSQL is a throwaway cluster started once per
#: test session; where it is not installed, its tests are skipped with the reason (CI installs it).
DATABASES = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                find_bindir() is None,
                reason="PostgreSQL is not installed (apt-get install postgresql-15 to run these)",
            ),
        ],
    ),
]

#: The API's tables, children first: emptied in this order before each test.
TABLES = ("tokens", "tasks", "users")


def gunicorn_command(port: int) -> list[str]:
    """`gunicorn -w 2 "todo:create_app()"` as the README has it, on 127.0.0.1:*port*.

    No control socket: it has one path per user (~/.gunicorn), which two servers
    started at once (one per xdist worker) would both claim.
    """
    return [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
            "--no-control-socket", "todo:create_app()"]


def sigint_as_from_a_terminal() -> None:
    """Popen's preexec_fn for a process a test stops with Ctrl-C (SIGINT): SIGINT at its default.

    A test run started as a background job of a script (`make test &`, as some CI runners and
    tools start it) has SIGINT ignored, and every child inherits that: Python started so never
    turns Ctrl-C into KeyboardInterrupt, and the process would not stop (a 15 or 30 s hang).
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without the app's own settings, plus *extra*."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "DATABASE_URL", "TODO_CONFIG", "FLASK_DEBUG")}
    return dict(env, **extra)


def stop(*processes: subprocess.Popen) -> None:
    """SIGINT to each (a quick shutdown, no waiting for idle keep-alive clients), then wait for
    them together; kill what is left at 15 s."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def empty_database(engine: Engine) -> None:
    """Delete every row of the API's tables, in one transaction, through *engine*.

    Used for the gunicorn servers' databases and for the apps of tests/api alike.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # A connection left open by a broken request is then an error, not a hang.
            connection.execute(text("SET LOCAL lock_timeout = '5s'"))
        for table in TABLES:
            connection.execute(text(f"DELETE FROM {table}"))


@dataclass
class Server:
    """A running gunicorn: its base URL, its database (and an engine on it for the test
    process), and its log from the current test on."""

    url: str
    database_url: str
    engine: Engine
    log: Path
    process: subprocess.Popen
    log_start: int = field(default=0)

    def log_text(self) -> str:
        """What the server logged since the current test got it."""
        with self.log.open("rb") as handle:
            handle.seek(self.log_start)
            return handle.read().decode(errors="replace")

    def whole_log(self) -> str:
        return self.log.read_text(errors="replace")


class GunicornPool:
    """This process's gunicorn servers, one per (step, database), started on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.servers: dict[tuple[str, str], Server] = {}
        self.started = 0  # how many gunicorns this pool started (one per key at most)
        self._cluster: PostgresCluster | None = None
        self._databases: list[str] = []
        self._stack = ExitStack()

    def server(self, step_dir: Path, database: str) -> Server:
        """The step's server on *database* ("sqlite" or "postgresql"), its tables emptied."""
        key = (step_dir.name, database)
        if key not in self.servers:
            self.servers[key] = self._start(step_dir, database)
        server = self.servers[key]
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn ({key}) has exited:\n{server.whole_log()}")
        empty_database(server.engine)
        server.log_start = server.log.stat().st_size
        return server

    def _database_url(self, step_dir: Path, database: str) -> str:
        if database == "sqlite":
            return f"sqlite:///{self.folder / f'{step_dir.name}.sqlite'}"
        if self._cluster is None:
            # The run's shared cluster (tests/api and tests/load attach to the same one).
            self._cluster = self._stack.enter_context(PostgresCluster(share=True))
        name = f"gunicorn_{step_dir.name[:2]}"
        url = self._cluster.create_database(name)
        self._databases.append(name)
        return url

    def _start(self, step_dir: Path, database: str) -> Server:
        database_url = self._database_url(step_dir, database)
        port = free_port()
        log = self.folder / f"gunicorn-{step_dir.name}-{database}.log"
        env = clean_env(SECRET_KEY="a test secret", DATABASE_URL=database_url)
        with log.open("w") as out:
            process = subprocess.Popen(gunicorn_command(port), cwd=step_dir, env=env,
                                       stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        self.started += 1
        server = Server(f"http://127.0.0.1:{port}", database_url, create_engine(database_url), log, process)
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                try:
                    conn.request("GET", "/api/v1")
                    if conn.getresponse().status == 200:
                        return server
                finally:
                    conn.close()
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                pytest.fail(f"gunicorn did not answer:\n{server.whole_log()}")
            time.sleep(0.1)

    def close(self) -> None:
        """Stop every server by its PID, then drop their PostgreSQL databases."""
        stop(*(server.process for server in self.servers.values()))  # all at once, not one by one
        for server in self.servers.values():
            server.engine.dispose()
        self.servers.clear()
        for name in self._databases:
            self._cluster.drop_database(name)
        self._stack.close()
