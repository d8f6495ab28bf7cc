"""Fixtures for the to-do API's contract suite: a fresh app and database for every test.

The contract is the same for step 11 (the plain API) and step 12 (the same API,
tuned): every test runs against both, so the two can never disagree. Every test
that uses ``app`` also runs on SQLite and on PostgreSQL (a throwaway cluster
started once per test session, its tables emptied before each test; those tests
are skipped, with the reason, where PostgreSQL is missing).
"""

from __future__ import annotations

import sys

import pytest

from workshop.loader import find_step, forget_package, load_module
from workshop.pgcluster import PostgresCluster, find_bindir

#: The steps whose API is the full contract: the plain one and the tuned one.
API_STEPS = [find_step(number) for number in ("11", "12")]

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


@pytest.fixture(scope="session", params=API_STEPS, ids=lambda path: path.name)
def step_dir(request):
    """The folder of the step under test (11_todo_api, then 12_speed)."""
    return request.param


@pytest.fixture(scope="session")
def todo_package(step_dir):
    """The step's package ``todo``, loaded once: each test calls its create_app.

    Loading it afresh for every test would build its model classes and compile
    their SQL every time, several times slower than the tests themselves.
    """
    package = load_module(step_dir / "todo")
    return package, {name: module for name, module in sys.modules.items()
                     if name == "todo" or name.startswith("todo.")}


def build_app(todo_package, database_url: str, **settings):
    package, modules = todo_package
    # Other tests may have loaded another `todo` (an exercise's or the other
    # step's) in between; Flask finds the app's folder through sys.modules, so
    # put this one back first.
    forget_package()
    sys.modules.update(modules)
    return package.create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, **settings)


def close_connections(app) -> None:
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()


@pytest.fixture(scope="session")
def postgres_cluster():
    """One PostgreSQL cluster for the whole session."""
    # PostgreSQL is installed (or these tests were skipped): failing to start it is an error.
    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def postgres(postgres_cluster, todo_package, step_dir):
    """The step's own database in the cluster, with its tables; (cluster, database name)."""
    name = f"todo_test_{step_dir.name[:2]}"
    url = postgres_cluster.create_database(name)
    # Far from UTC, as a learner's own server may be: the app must not depend on it.
    server_name = postgres_cluster.server_name(name)  # as the cluster calls it (per xdist worker)
    postgres_cluster.execute(f"ALTER DATABASE {server_name} SET timezone TO 'Pacific/Kiritimati'",
                             name)
    close_connections(build_app(todo_package, url))  # create_app creates the tables
    return postgres_cluster, name


@pytest.fixture(params=["sqlite", POSTGRES])
def database_url(request, tmp_path):
    """An empty database: a new SQLite file, or todo_test with its tables emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'todo.sqlite'}"
    cluster, name = request.getfixturevalue("postgres")
    # Much faster than creating the tables for every test. The lock timeout turns
    # a connection left open by a broken test into an error instead of a hang.
    cluster.execute("SET lock_timeout = '5s'; DELETE FROM tokens; DELETE FROM tasks; "
                    "DELETE FROM users", name)
    return cluster.url(name)


@pytest.fixture
def app(todo_package, database_url):
    """A fresh app on an empty database, built by the application factory."""
    app = build_app(todo_package, database_url)
    yield app
    close_connections(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Register and log in through the API, as a client would."""

    def __init__(self, client) -> None:
        self.client = client

    def register(self, username: str = "ada", password: str = "analytical", email: str | None = None):
        email = email or f"{username}@example.com"
        return self.client.post(
            "/api/v1/accounts", json={"username": username, "email": email, "password": password}
        )

    def login(self, username: str = "ada", password: str = "analytical"):
        return self.client.post(
            "/api/v1/accounts/login", json={"username": username, "password": password}
        )

    def headers(self, username: str = "ada", password: str = "analytical") -> dict[str, str]:
        """Register *username* if needed, log in, and return the Authorization header."""
        self.register(username, password)
        response = self.login(username, password)
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}


@pytest.fixture
def auth(client):
    return AuthActions(client)
