"""Fixtures for step 08's API: a fresh app and database for every test.

Every test that uses ``app`` runs twice, once on SQLite and once on PostgreSQL
(a throwaway cluster started once per test session; its tests are skipped,
with the reason, on a machine without PostgreSQL).
"""

from __future__ import annotations

import pytest

from workshop.loader import find_step, load_app
from workshop.pgcluster import PostgresCluster, find_bindir

STEP_DIR = find_step("08")

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
def postgres():
    """One PostgreSQL cluster for the whole session, with an empty database todo_test."""
    # PostgreSQL is installed (or the tests were skipped): failing to start it is an error.
    with PostgresCluster() as cluster:
        cluster.create_database("todo_test")
        yield cluster


@pytest.fixture(params=["sqlite", POSTGRES])
def database_url(request, tmp_path):
    """An empty database: a new SQLite file, or todo_test with its tables dropped."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'todo.sqlite'}"
    cluster = request.getfixturevalue("postgres")
    # Dropping the schema is much faster than creating a database for every test.
    cluster.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public", "todo_test")
    return cluster.url("todo_test")


@pytest.fixture
def app(database_url):
    """A fresh app on a fresh database, built by the application factory."""
    app = load_app(STEP_DIR, config="testing", SQLALCHEMY_DATABASE_URI=database_url)
    yield app
    with app.app_context():
        app.extensions["sqlalchemy"].engine.dispose()


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
