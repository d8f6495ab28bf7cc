"""Rate limits on login and registration: per client address, set by the environment."""

from __future__ import annotations

import pytest

from .conftest import build_app, close_connections

ACCOUNTS = "/api/v1/accounts"
ADA = {"username": "ada", "email": "ada@example.com", "password": "analytical"}


@pytest.fixture
def limited(todo_package, database_url):
    """An app with the limits on, and small: 3 logins and 2 sign-ups a minute."""
    app = build_app(todo_package, database_url, RATELIMIT_ENABLED=True,
                    LOGIN_RATE_LIMIT="3/minute", SIGNUP_RATE_LIMIT="2/minute")
    yield app
    close_connections(app)


def test_too_many_logins_from_one_address_get_429_with_retry_after(limited):
    client = limited.test_client()
    client.post(ACCOUNTS, json=ADA)
    login = {"username": "ada", "password": "wrong password"}
    assert [client.post(f"{ACCOUNTS}/login", json=login).status_code
            for _ in range(3)] == [401, 401, 401]
    response = client.post(f"{ACCOUNTS}/login", json=dict(login, password="analytical"))
    assert response.status_code == 429
    assert response.json["error"] == {
        "status": 429, "message": "Too many logins from your address: try again later."}
    assert 0 < int(response.headers["Retry-After"]) <= 60
    # Another address is not held back by this one's guesses.
    other = client.post(f"{ACCOUNTS}/login", json=dict(login, password="analytical"),
                        environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 200


def test_too_many_sign_ups_get_429_and_create_nothing(limited):
    client = limited.test_client()
    statuses = [client.post(ACCOUNTS, json=dict(ADA, username=name, email=f"{name}@example.com")
                            ).status_code for name in ("ada", "bob", "cy")]
    assert statuses == [201, 201, 429]
    response = client.post(f"{ACCOUNTS}/login", json={"username": "cy", "password": "analytical"})
    assert response.status_code == 401  # cy was never created


def test_other_routes_are_not_limited(limited):
    client = limited.test_client()
    client.post(ACCOUNTS, json=ADA)
    token = client.post(f"{ACCOUNTS}/login", json={"username": "ada",
                                                   "password": "analytical"}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert {client.get(f"{ACCOUNTS}/ada/tasks", headers=headers).status_code
            for _ in range(10)} == {200}


def test_the_environment_sets_the_limits(todo_package, monkeypatch, tmp_path):
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "1/hour")
    monkeypatch.setenv("SIGNUP_RATE_LIMIT", "5 per day")
    app = todo_package.create_app(
        "development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'env.sqlite'}")
    assert app.config["LOGIN_RATE_LIMIT"] == "1/hour"
    assert app.config["SIGNUP_RATE_LIMIT"] == "5 per day"
    client = app.test_client()
    client.post(ACCOUNTS, json=ADA)
    login = {"username": "ada", "password": "analytical"}
    assert client.post(f"{ACCOUNTS}/login", json=login).status_code == 200
    assert client.post(f"{ACCOUNTS}/login", json=login).status_code == 429
    close_connections(app)
