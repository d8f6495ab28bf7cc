"""Fixtures for the to-do API's contract suite: one app per step and database, emptied for every test.

The contract is the same for step 11 (the plain API) and step 12 (the same API,
tuned): every test runs against both, so the two can never disagree. Every test
that uses ``app`` also runs on SQLite and on PostgreSQL (a throwaway cluster
started once per test session; those tests are skipped, with the reason, where
PostgreSQL is missing).

Why the app is shared. Building one with ``create_app`` costs more than most
tests' requests (flask-smorest writes the OpenAPI description of every route,
SQLAlchemy creates the tables), so each test process builds one app per step and
database, at most four, and every test that asks for ``app`` gets one of them.
What a test sees is still what a fresh app on an empty database would show it:

- an empty database: before each test one transaction deletes every row of
  tokens, tasks and users (ids go on from where earlier tests left them, as
  they do on any real database: no test assumes a task or user is number 1);
- its own test client and CLI runner (the `client` and `runner` fixtures of
  tests/conftest.py, here on this app: no cookies or state carried over);
- the settings ``create_app`` gave: ``app.config`` is put back after each test
  (some change PASSWORD_HASH_METHOD or TOKEN_TTL for themselves);
- the rate limits off, as the testing config sets them: the limiter is one
  object per package, and an app built with limits on (test_api_limits.py)
  turns them on for every app of its package until the next ``init_app``.

Tests of the factory itself, and tests that change the app in ways no reset
undoes (a route added with ``add_url_rule``, which Flask refuses once an app
has served a request), build an app of their own: ``fresh_app`` or ``build_app``.
"""

from __future__ import annotations

import pytest

from workshop.loader import LoadedPackage
from workshop.pgcluster import PostgresCluster

from ..servers import API_STEPS, DATABASES, empty_database


@pytest.fixture(scope="session", params=API_STEPS, ids=lambda path: path.name)
def step_dir(request):
    """The folder of the step under test (11_todo_api, then 12_speed)."""
    return request.param


@pytest.fixture(scope="session")
def todo_package(step_dir) -> LoadedPackage:
    """The step's package ``todo``, loaded once: each app is built by its create_app.

    Loading it afresh for every test would build its model classes and compile
    their SQL every time, several times slower than the tests themselves.
    """
    return LoadedPackage(step_dir / "todo")


def build_app(todo_package: LoadedPackage, database_url: str, **settings):
    """A new app from the step's factory, in testing mode, on *database_url*."""
    return todo_package.create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, **settings)


def close_connections(app) -> None:
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()


@pytest.fixture(scope="session")
def postgres_cluster():
    """The test run's PostgreSQL cluster, shared with the other folders' (tests/load) and xdist workers."""
    # PostgreSQL is installed (or these tests were skipped): failing to start it is an error.
    with PostgresCluster(share=True) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def postgres(postgres_cluster, step_dir):
    """The step's own database in the cluster (empty: its app creates the tables); its URL.

    Dropped when the step's tests are done: pytest may come back to a step later.
    """
    name = f"todo_test_{step_dir.name[:2]}"
    url = postgres_cluster.create_database(name)
    # Far from UTC, as a learner's own server may be: the app must not depend on it.
    server_name = postgres_cluster.server_name(name)  # as the cluster calls it (per xdist worker)
    postgres_cluster.execute(f"ALTER DATABASE {server_name} SET timezone TO 'Pacific/Kiritimati'",
                             name)
    yield url
    postgres_cluster.drop_database(name)


@pytest.fixture(scope="session")
def shared_apps(todo_package):
    """The step's apps built so far, by database ("sqlite", "postgresql"): (app, its settings).

    Torn down with the step's package, so an app never outlives the package it was built from.
    """
    apps = {}
    yield apps
    for app, _ in apps.values():
        close_connections(app)


def shared_app(request, package, apps: dict, database: str):
    """The step's one app on *database* (from *apps*, built on first use), emptied and reset for the test.

    *package* and *apps* are the test's ``todo_package`` and ``shared_apps``.
    """
    if database not in apps:
        if database == "sqlite":
            folder = request.getfixturevalue("tmp_path_factory").mktemp("todo-sqlite")
            url = f"sqlite:///{folder / 'todo.sqlite'}"
        else:
            url = request.getfixturevalue("postgres")
        app = build_app(package, url)  # creates the tables
        apps[database] = app, dict(app.config)
    app, settings = apps[database]
    package.use()
    # As create_app left it: the limiter takes RATELIMIT_ENABLED (off) from this app again.
    package.modules["todo.limits"].limiter.init_app(app)
    with app.app_context():
        empty_database(app.extensions["sqlalchemy"].engine)
    request.addfinalizer(lambda: (app.config.clear(), app.config.update(settings)))
    return app


@pytest.fixture(params=DATABASES)
def database(request) -> str:
    """Which database the test runs on: "sqlite" or "postgresql"."""
    return request.param


@pytest.fixture
def app(request, todo_package, shared_apps, database):
    """The step's app (testing config) on an empty database of the kind *database* names.

    Shared with the other tests of this process (see the module's docstring).
    """
    return shared_app(request, todo_package, shared_apps, database)


@pytest.fixture
def database_url(app) -> str:
    """The URL of an empty database with the API's tables, for an app of a test's own."""
    return app.config["SQLALCHEMY_DATABASE_URI"]


@pytest.fixture
def fresh_app(todo_package, database_url):
    """An app of the test's own, built by the factory, on an empty database."""
    app = build_app(todo_package, database_url)
    yield app
    close_connections(app)


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
