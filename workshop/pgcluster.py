"""A throwaway PostgreSQL cluster for tests and benchmarks.

    with PostgresCluster() as cluster:
        cluster.create_database("todo_test")
        url = cluster.url("todo_test")   # postgresql+psycopg://postgres@127.0.0.1:PORT/todo_test

The cluster lives in a fresh folder under /tmp, listens on 127.0.0.1 on a free
port (its Unix socket goes in the same folder), runs with fsync off (its data is
thrown away anyway) and is stopped and deleted at the end. PostgreSQL refuses to
run as root, so as root (as in CI) its programs run as the ``postgres`` user
through ``runuser``.

Every cluster's data folder is a copy of one ``initdb`` run per machine (a
template in the temporary folder), so starting one costs a fraction of a second.

Under pytest-xdist (or with ``share=True``) the workers of one run share one
cluster, so PostgreSQL starts once per test session: the first ``with
PostgresCluster()`` starts it, the others attach to it, the last to leave stops
it (:func:`shared_cluster`, under a file lock); ``share=False`` always starts
a cluster of its own. Each worker still has databases of
its own: in a shared cluster the names given to ``url``, ``execute``,
``create_database`` and ``drop_database`` get the worker's suffix (``todo_test``
is ``todo_test_gw1`` on the server; ``server_name`` gives it for SQL text).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

from .ports import free_port

#: Where Debian and Ubuntu install PostgreSQL's server programs, one folder per version.
DEBIAN_BINDIRS = "/usr/lib/postgresql/*/bin"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server programs on this machine, or the cluster would not start."""


def find_bindir() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl`` (newest version first), or None."""
    candidates = sorted(
        Path("/").glob(DEBIAN_BINDIRS.lstrip("/")),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.name)] or [0],
        reverse=True,
    )
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


class PostgresCluster:
    """Start with ``start()`` or a ``with`` block; ``stop()`` removes every trace."""

    def __init__(self, bindir: Path | None = None, host: str = "127.0.0.1",
                 share: bool | None = None) -> None:
        self.bindir = bindir or find_bindir()
        self.host = host
        self.port = 0
        self.base: Path | None = None
        #: Share the run's cluster with the other processes of this run (default: under pytest-xdist).
        self.share = "PYTEST_XDIST_TESTRUNUID" in os.environ if share is None else share
        self._suffix = ""
        self._shared: ExitStack | None = None

    # Running

    def start(self) -> PostgresCluster:
        if self.bindir is None:
            raise PostgresUnavailable(
                f"PostgreSQL is not installed (no initdb/pg_ctl in {DEBIAN_BINDIRS} or on PATH); "
                "on Debian: apt-get install postgresql-15"
            )
        self.base = Path(tempfile.mkdtemp(prefix="workshop-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        data = self.base / "data"
        try:
            self._initdb(data)
            self.port = free_port(self.host)
            options = (
                f"-c listen_addresses={self.host} -p {self.port} -k {self.base} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            self._run("pg_ctl", "-D", str(data), "-l", str(self.base / "server.log"),
                      "-o", options, "-w", "-t", "30", "start")
        except PostgresUnavailable:
            self._remove()
            raise
        return self

    def _initdb(self, data: Path) -> None:
        """A fresh data folder at *data*: a copy of one made by ``initdb`` once per machine.

        ``initdb`` costs a second or more, a copy a tenth of that. The template sits
        in the temporary folder, one per user and PostgreSQL version, made under a lock.
        """
        name = re.sub(r"\W", "_", f"{os.geteuid()}{self.bindir}")
        template = Path(tempfile.gettempdir(), f"workshop-pg-template{name}")
        with _locked(template.with_suffix(".lock")):
            if not (template / "PG_VERSION").is_file():
                shutil.rmtree(template, ignore_errors=True)  # a template left half made
                staging = Path(tempfile.mkdtemp(prefix="workshop-pg-initdb-"))
                if os.geteuid() == 0:
                    shutil.chown(staging, "postgres", "postgres")
                try:
                    self._run("initdb", "-D", str(staging / "data"), "-U", "postgres", "-A", "trust",
                              "-E", "UTF8", "--no-locale", "--no-sync")
                    (staging / "data").rename(template)
                finally:
                    shutil.rmtree(staging, ignore_errors=True)
        # cp -a keeps the owner (postgres, when we are root) and the 0700 mode PostgreSQL insists on.
        done = subprocess.run(["cp", "-a", str(template), str(data)], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise PostgresUnavailable(f"could not copy the initdb template {template}: {done.stderr.strip()}")

    def stop(self) -> None:
        """Stop the server (without the polite wait: its data is thrown away) and delete it."""
        if self.base is None:
            return
        if (self.base / "data" / "postmaster.pid").exists():
            with suppress(PostgresUnavailable):  # already gone: nothing left but its folder
                self._run("pg_ctl", "-D", str(self.base / "data"), "-m", "immediate", "-w", "stop")
        self._remove()

    def __enter__(self) -> PostgresCluster:
        if not self.share:
            return self.start()
        self._shared = ExitStack()
        cluster = self._shared.enter_context(shared_cluster())
        self.bindir, self.host, self.port, self.base = cluster.bindir, cluster.host, cluster.port, cluster.base
        self._suffix = process_database_name("")
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._shared is None:
            self.stop()
            return
        self._shared.close()  # the last process to leave stops the cluster
        self._shared, self.base = None, None

    # Databases

    def url(self, dbname: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        """A SQLAlchemy URL for *dbname* (``driver="postgresql"`` for a plain libpq URL)."""
        return f"{driver}://postgres@{self.host}:{self.port}/{self.server_name(dbname)}"

    def server_name(self, dbname: str) -> str:
        """The name *dbname* has on the server: this worker's own in a shared cluster."""
        return dbname if dbname == "postgres" else dbname + self._suffix

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        import psycopg  # only the callers that use a cluster need the driver

        with psycopg.connect(self.url(dbname, driver="postgresql"), autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        self.execute(f'CREATE DATABASE "{self.server_name(name)}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{self.server_name(name)}" WITH (FORCE)')

    # Helpers

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            log = self.base / "server.log" if self.base else None
            detail = log.read_text()[-2000:] if log and log.exists() else ""
            raise PostgresUnavailable(
                f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{detail}".strip()
            )

    def _remove(self) -> None:
        if self.base is not None:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = None


# Sharing one cluster between the processes of a test run


def run_key() -> str:
    """A name the processes of one run share: pytest-xdist's run id, else this process."""
    key = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid{os.getpid()}"
    return re.sub(r"\W", "_", key)


def process_database_name(name: str) -> str:
    """*name* made unique to this process (``todo_test_gw1``), for a shared cluster."""
    worker = os.environ.get("PYTEST_XDIST_WORKER") or f"p{os.getpid()}"
    return name + "_" + re.sub(r"\W", "_", worker)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    import fcntl  # POSIX only, as the clusters themselves are

    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def shared_cluster(key: str | None = None) -> Iterator[PostgresCluster]:
    """One cluster for every process that passes the same *key* (default: this test run).

    The state (folder, port and the processes using it) is kept in a JSON file
    beside a lock file in the temporary folder; starting, attaching and leaving
    happen under the lock, so two workers never start two clusters.
    """
    key = key or run_key()
    lock = Path(tempfile.gettempdir(), f"workshop-pg-{key}.lock")
    state_file = lock.with_suffix(".json")
    me = os.getpid()
    with _locked(lock):
        state = json.loads(state_file.read_text()) if state_file.exists() else None
        if state and Path(state["base"], "data", "postmaster.pid").exists():
            cluster = PostgresCluster(Path(state["bindir"]), state["host"], share=False)
            cluster.base, cluster.port = Path(state["base"]), state["port"]
            users = [pid for pid in state["users"] if _alive(pid)] + [me]
        else:
            cluster = PostgresCluster(share=False).start()
            users = [me]
        state_file.write_text(json.dumps({"base": str(cluster.base), "port": cluster.port,
                                          "host": cluster.host, "bindir": str(cluster.bindir),
                                          "users": users}))
    try:
        yield cluster
    finally:
        with _locked(lock):
            state = json.loads(state_file.read_text()) if state_file.exists() else {"users": []}
            users = [pid for pid in state["users"] if _alive(pid)]
            if me in users:  # one use of this process ends (nested uses count apart)
                users.remove(me)
            if users:
                state_file.write_text(json.dumps({**state, "users": users}))
            else:
                cluster.stop()
                state_file.unlink(missing_ok=True)
                lock.unlink(missing_ok=True)
