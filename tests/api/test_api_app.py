"""The factory, its settings and the init-db command."""

from __future__ import annotations

import sqlite3

import pytest


@pytest.fixture
def factory(todo_package, monkeypatch):
    """create_app as the flask command and gunicorn call it, with a clean environment."""
    for name in ("SECRET_KEY", "DATABASE_URL", "TODO_CONFIG", "FLASK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    todo_package.use()  # this step's `todo` first in sys.modules, as an import would
    return todo_package.module.create_app


def test_production_refuses_to_start_without_a_secret_key(factory, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite'}")
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        factory("production")
    monkeypatch.setenv("TODO_CONFIG", "production")
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        factory()
    monkeypatch.setenv("SECRET_KEY", "a long random secret")
    app = factory()
    assert app.config["SECRET_KEY"] == "a long random secret"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("prod.sqlite")


def test_debug_is_off_unless_asked(factory, tmp_path):
    for config in ("development", "production"):
        app = factory(config, SECRET_KEY="s", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/d.sqlite")
        assert app.debug is False and app.testing is False


def test_an_unknown_config_name_is_a_clear_error(factory):
    with pytest.raises(RuntimeError, match="choose one of development, testing, production"):
        factory("staging")


@pytest.mark.parametrize("given, used", [
    ("postgres://u:p@db.example:5432/todo", "postgresql+psycopg://u:p@db.example:5432/todo"),
    ("postgresql://u:p@db.example/todo", "postgresql+psycopg://u:p@db.example/todo"),
    ("postgresql+psycopg://u@db.example/todo", "postgresql+psycopg://u@db.example/todo"),
])
def test_database_url_is_pointed_at_psycopg_3(todo_package, given, used):
    database_url = todo_package.modules["todo.config"].database_url
    assert database_url(given) == used


def test_the_testing_config_without_a_database_is_a_clear_error(factory):
    with pytest.raises(RuntimeError, match="The testing config has no database"):
        factory("testing")


def test_the_testing_config_ignores_database_url(factory, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://prod.example/todo")
    app = factory("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/t.sqlite")
    assert "prod.example" not in app.config["SQLALCHEMY_DATABASE_URI"]


def test_development_uses_sqlite_in_the_instance_folder(factory):
    # What `flask --app steps/11_todo_api/todo run` does on a fresh checkout.
    app = factory()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///todo.sqlite"
    with app.app_context():
        assert app.extensions["sqlalchemy"].engine.url.database == f"{app.instance_path}/todo.sqlite"


def test_the_first_request_on_a_fresh_database_works_in_wal_mode(factory, tmp_path):
    app = factory("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/fresh.sqlite")
    response = app.test_client().post("/api/v1/accounts", json={
        "username": "ada", "email": "ada@example.com", "password": "analytical"})
    assert response.status_code == 201
    with sqlite3.connect(tmp_path / "fresh.sqlite") as conn:
        # WAL: readers and a writer (in several gunicorn workers) do not block each other.
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_init_db_drops_everything_after_confirmation(client, auth, runner):
    auth.register()
    result = runner.invoke(args=["init-db"], input="n\n")
    assert result.exit_code != 0 and "Aborted" in result.output
    # It names the database it would drop before it asks (never its password).
    database = app_database(runner.app)
    assert result.output.index(f"Database: {database}") < result.output.index("Continue?")
    assert auth.login().status_code == 200          # still there

    result = runner.invoke(args=["init-db"], input="y\n")
    assert result.exit_code == 0 and "Initialized the database." in result.output
    assert auth.login().status_code == 401          # gone

    auth.register()
    result = runner.invoke(args=["init-db", "--yes"])
    assert result.exit_code == 0
    assert auth.login().status_code == 401
    assert auth.register().status_code == 201       # the tables are back and empty


def app_database(app) -> str:
    with app.app_context():
        return app.extensions["sqlalchemy"].engine.url.render_as_string(hide_password=True)
