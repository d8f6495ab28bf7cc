"""Accounts: register, log in, log out, read, change and delete a profile."""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from sqlalchemy import text

ACCOUNTS = "/api/v1/accounts"
ADA = {"username": "ada", "email": "ada@example.com", "password": "analytical"}


def test_register_answers_201_with_location_and_profile(client):
    response = client.post(ACCOUNTS, json=ADA)
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/accounts/ada"
    profile = response.json
    assert set(profile) == {"username", "email", "date_joined"}
    assert profile["username"] == "ada" and profile["email"] == "ada@example.com"
    assert profile["date_joined"].endswith("Z")
    assert "analytical" not in response.text


@pytest.mark.parametrize("field, value", [
    ("username", "ab"),                      # too short
    ("username", "a" * 33),                  # too long
    ("username", "ada lovelace"),            # a space
    ("username", "ada/l"),                   # a slash
    ("username", "Login"),                   # a route of its own, in any case
    ("username", "logout"),
    ("username", 42),                        # not a string
    ("email", "ada"),
    ("email", "ada@example"),
    ("email", "ada @example.com"),
    ("email", "a" * 250 + "@example.com"),   # longer than an address may be
    ("password", "short"),
    ("password", None),
    ("password", "nul\u0000in the middle"),  # PostgreSQL cannot store NUL
])
def test_register_names_the_bad_field(client, field, value):
    response = client.post(ACCOUNTS, json=dict(ADA, **{field: value}))
    assert response.status_code == 400
    error = response.json["error"]
    assert error["status"] == 400
    assert list(error["fields"]) == [field]


@pytest.mark.parametrize("field, value", [
    ("username", "a" * 32),                  # the longest
    ("username", "abc"),                     # the shortest
    ("username", "ada_l.love-lace"),         # every punctuation mark allowed
    ("email", "ada+notes@example.co.uk"),
    ("password", "8 chars!"),                # exactly the minimum
    ("password", "é" * 8),                   # any characters count
])
def test_register_accepts_the_edges_of_every_rule(client, field, value):
    response = client.post(ACCOUNTS, json=ADA | {field: value})
    assert response.status_code == 201, response.json
    if field != "password":
        assert response.json[field] == value


def test_emails_must_be_ascii_so_case_means_the_same_everywhere(client):
    # SQL's lower() leaves É as it is: "Émile" and "émile" would both get in.
    response = client.post(ACCOUNTS, json=ADA | {"email": "Émile@example.com"})
    assert response.status_code == 400
    assert "ASCII" in response.json["error"]["fields"]["email"]


def test_register_reports_every_missing_and_unknown_field(client):
    response = client.post(ACCOUNTS, json={"username": "ada", "is_admin": True})
    assert response.status_code == 400
    assert response.json["error"]["fields"] == {
        "email": "is required", "password": "is required", "is_admin": "is not a known field",
    }


@pytest.mark.parametrize("change", [
    {"username": "ADA", "email": "other@example.com"},   # same username, other case
    {"username": "other", "email": "ADA@Example.com"},   # same email, other case
])
def test_register_refuses_a_taken_username_or_email_ignoring_case(client, change):
    assert client.post(ACCOUNTS, json=ADA).status_code == 201
    response = client.post(ACCOUNTS, json=dict(ADA, **change))
    assert response.status_code == 409
    assert "taken" in response.json["error"]["message"]


def test_the_unique_indexes_have_the_last_word(client):
    # No SELECT first (two sign-ups at the same moment would both pass it): the
    # database's unique indexes on lower(username) and lower(email) decide.
    assert client.post(ACCOUNTS, json=ADA).status_code == 201
    for change in ({"username": "ADA", "email": "x@example.com"},
                   {"username": "other", "email": "ADA@example.com"}):
        response = client.post(ACCOUNTS, json=dict(ADA, **change))
        assert response.status_code == 409
        assert response.json["error"]["message"] == "This username or email is taken."


def test_validation_is_decided_before_uniqueness(client):
    client.post(ACCOUNTS, json=ADA)
    # A taken username with a bad password: the 400 comes first.
    response = client.post(ACCOUNTS, json=dict(ADA, password="short"))
    assert response.status_code == 400


def test_login_gives_a_token_that_expires(client, auth, app):
    auth.register()
    response = auth.login()
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert set(response.json) == {"token", "expires_at"}
    assert len(response.json["token"]) >= 40
    expires = response.json["expires_at"]
    assert expires.endswith("Z")
    assert datetime.fromisoformat(expires) > datetime.now(UTC)


def test_login_with_any_case_of_the_username(client, auth):
    auth.register()
    assert auth.login("ADA").status_code == 200


@pytest.mark.parametrize("body", [
    {"username": "ada", "password": "wrong password"},
    {"username": "nobody", "password": "analytical"},
    {"username": "ada\u0000", "password": "analytical"},
    {"username": "ada", "password": "x" * 2000},
])
def test_wrong_credentials_all_get_the_same_401(client, auth, body):
    auth.register()
    response = client.post(f"{ACCOUNTS}/login", json=body)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    # Whether the user exists or not, the message is the same.
    assert response.json == {"error": {"status": 401, "message": "Wrong username or password."}}


@pytest.mark.parametrize("body, bad", [
    ({"username": "ada"}, {"password"}),
    ({"username": ["ada"], "password": "analytical"}, {"username"}),
    ({"username": "ada", "password": "analytical", "remember": True}, {"remember"}),
])
def test_a_login_without_a_username_and_password_is_400(client, auth, body, bad):
    auth.register()
    response = client.post(f"{ACCOUNTS}/login", json=body)
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == bad


def test_unknown_username_takes_as_long_as_a_wrong_password(app, client, auth):
    # With a slow password hash, an unknown name must still cost one hash check.
    # scrypt with n=2**14, not the default 2**15: half the cost (~50 ms a hash here),
    # still some 20 times a failed login's own work (~2 ms on SQLite or PostgreSQL), so
    # the hash decides the timing. Measured with the dummy check taken out of a copy of
    # steps 11 and 12: unknown/known came out at 0.02-0.1 (one loaded-machine outlier
    # of 40 at 0.4); with it, at 0.67-1.76.
    app.config["PASSWORD_HASH_METHOD"] = "scrypt:16384:8:1"
    auth.register()

    def median_time(username: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            assert auth.login(username, "wrong password").status_code == 401
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    unknown, known = median_time("nobody"), median_time("ada")
    # Without the dummy check an unknown name answers ~100 times faster.
    assert 0.3 < unknown / known < 3, (unknown, known)


def test_logout_revokes_the_token_at_once(client, auth):
    headers = auth.headers()
    response = client.post(f"{ACCOUNTS}/logout", headers=headers)
    assert response.status_code == 204
    assert response.data == b"" and "Content-Type" not in response.headers
    response = client.get(f"{ACCOUNTS}/ada", headers=headers)
    assert response.status_code == 401
    assert "invalid_token" in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_logout_is_post_only_so_a_link_or_a_prefetch_cannot_log_you_out(client, auth, method):
    headers = auth.headers()
    response = client.open(f"{ACCOUNTS}/logout", method=method, headers=headers)
    # GET and HEAD look up a profile named "logout" (a reserved name): it is not yours.
    assert response.status_code == 403
    assert client.get(f"{ACCOUNTS}/ada", headers=headers).status_code == 200


def test_logout_without_a_token_is_401(client):
    response = client.post(f"{ACCOUNTS}/logout")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_logout_leaves_other_tokens_working(client, auth):
    first, second = auth.headers(), auth.headers()
    client.post(f"{ACCOUNTS}/logout", headers=first)
    assert client.get(f"{ACCOUNTS}/ada", headers=second).status_code == 200


def test_an_expired_token_is_refused(app, client, auth):
    headers = auth.headers()
    assert client.get(f"{ACCOUNTS}/ada", headers=headers).status_code == 200
    # Move the clock past the token's lifetime.
    later = datetime.now(UTC) + app.config["TOKEN_TTL"] + timedelta(seconds=1)
    with frozen_clock(app, later):
        response = client.get(f"{ACCOUNTS}/ada", headers=headers)
    assert response.status_code == 401
    assert "invalid_token" in response.headers["WWW-Authenticate"]


def test_expires_at_is_login_time_plus_token_ttl(app, auth):
    app.config["TOKEN_TTL"] = timedelta(minutes=5)
    auth.register()
    before = datetime.now(UTC)
    expires = datetime.fromisoformat(auth.login().json["expires_at"])
    assert timedelta(minutes=4) < expires - before <= timedelta(minutes=5, seconds=5)


@pytest.mark.parametrize("header", [
    "Bearer not-a-real-token",
    "Bearer ",
    "Basic YWRhOmFuYWx5dGljYWw=",   # a password where a token belongs
    "bearer",
])
def test_a_bad_authorization_header_is_401(client, auth, header):
    auth.register()
    response = client.get(f"{ACCOUNTS}/ada", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json["error"]["status"] == 401


def test_profile_shows_no_secrets(client, auth):
    headers = auth.headers()
    response = client.get(f"{ACCOUNTS}/ada", headers=headers)
    assert response.status_code == 200
    assert set(response.json) == {"username", "email", "date_joined"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "hash" not in response.text and "token" not in response.text


def test_put_changes_email_and_username(client, auth):
    headers = auth.headers()
    response = client.put(f"{ACCOUNTS}/ada", json={"email": "countess@example.com",
                                                   "username": "lovelace",
                                                   "current_password": "analytical"},
                          headers=headers)
    assert response.status_code == 200
    assert response.json["username"] == "lovelace"
    assert response.json["email"] == "countess@example.com"
    assert client.get(f"{ACCOUNTS}/lovelace", headers=headers).status_code == 200
    # The old name is free again.
    assert auth.register("ada", email="ada2@example.com").status_code == 201


def test_put_refuses_a_username_someone_else_has(client, auth):
    auth.register("bob")
    headers = auth.headers()
    response = client.put(f"{ACCOUNTS}/ada", json={"username": "Bob"}, headers=headers)
    assert response.status_code == 409
    assert client.get(f"{ACCOUNTS}/ada", headers=headers).json["username"] == "ada"


def test_put_may_change_the_case_of_your_own_username(client, auth):
    headers = auth.headers()
    response = client.put(f"{ACCOUNTS}/ada", json={"username": "Ada"}, headers=headers)
    assert response.status_code == 200 and response.json["username"] == "Ada"


def test_put_validates_fields(client, auth):
    headers = auth.headers()
    response = client.put(f"{ACCOUNTS}/ada", json={"email": "nope", "password": "x",
                                                   "role": "admin", "current_password": "analytical"},
                          headers=headers)
    assert response.status_code == 400
    assert set(response.json["error"]["fields"]) == {"email", "password", "role"}


@pytest.mark.parametrize("username", ["logout", "LOGIN"])
def test_put_refuses_a_reserved_username(client, auth, username):
    response = client.put(f"{ACCOUNTS}/ada", json={"username": username}, headers=auth.headers())
    assert response.status_code == 400
    assert "reserved" in response.json["error"]["fields"]["username"]


def test_put_decides_validation_before_uniqueness(client, auth):
    auth.register("bob")
    response = client.put(f"{ACCOUNTS}/ada", json={"username": "bob", "password": "short",
                                                   "current_password": "analytical"},
                          headers=auth.headers())
    assert response.status_code == 400  # not 409: the bad password is the first thing to fix
    assert set(response.json["error"]["fields"]) == {"password"}


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/ada", None),
    ("PUT", "/ada", {"email": "ada@lovelace.example", "current_password": "analytical"}),
    ("GET", "/ada/tasks", None),
    ("POST", "/ada/tasks", {"name": "Note G"}),
    ("GET", "/bob", None),            # refused (403), still someone's business
    ("POST", "/logout", None),
])
def test_every_authenticated_answer_is_no_store(client, auth, method, path, body):
    auth.register("bob")
    response = client.open(f"{ACCOUNTS}{path}", method=method, json=body, headers=auth.headers())
    assert response.status_code < 500
    assert response.headers["Cache-Control"] == "no-store"


def test_a_new_password_revokes_the_other_tokens(client, auth):
    other_device, this_device = auth.headers(), auth.headers()
    response = client.put(f"{ACCOUNTS}/ada", json={"password": "difference engine",
                                                   "current_password": "analytical"},
                          headers=this_device)
    assert response.status_code == 200
    assert client.get(f"{ACCOUNTS}/ada", headers=this_device).status_code == 200
    assert client.get(f"{ACCOUNTS}/ada", headers=other_device).status_code == 401
    assert auth.login(password="analytical").status_code == 401
    assert auth.login(password="difference engine").status_code == 200


@pytest.mark.parametrize("change", [{"password": "difference engine"},
                                    {"email": "thief@example.com"}])
def test_a_token_alone_cannot_change_the_password_or_email(client, auth, change):
    headers = auth.headers()
    missing = client.put(f"{ACCOUNTS}/ada", json=change, headers=headers)
    assert missing.status_code == 400
    assert list(missing.json["error"]["fields"]) == ["current_password"]
    wrong = client.put(f"{ACCOUNTS}/ada", json=change | {"current_password": "guessed it"},
                       headers=headers)
    assert wrong.status_code == 403
    assert "current_password" in wrong.json["error"]["message"]
    # Nothing changed: the old password still logs in, the email is the same.
    assert auth.login(password="analytical").status_code == 200
    assert client.get(f"{ACCOUNTS}/ada", headers=headers).json["email"] == "ada@example.com"


def test_a_new_username_needs_no_password(client, auth):
    response = client.put(f"{ACCOUNTS}/ada", json={"username": "lovelace"}, headers=auth.headers())
    assert response.status_code == 200 and response.json["username"] == "lovelace"


def test_delete_removes_the_account_its_tasks_and_tokens(app, client, auth):
    headers = auth.headers()
    for name in ("one", "two"):
        client.post(f"{ACCOUNTS}/ada/tasks", json={"name": name}, headers=headers)
    assert client.delete(f"{ACCOUNTS}/ada", headers=headers).status_code == 204

    assert client.get(f"{ACCOUNTS}/ada", headers=headers).status_code == 401
    assert auth.login().status_code == 401
    assert table_counts(app) == {"users": 0, "tasks": 0, "tokens": 0}
    # The username and the email are free again; the new ada has no tasks.
    new_headers = auth.headers()
    assert client.get(f"{ACCOUNTS}/ada/tasks", headers=new_headers).json["total"] == 0


# Helpers


def frozen_clock(app, moment: datetime):
    """Make the clock that checks tokens (utcnow in the app's auth module) show *moment*."""
    return mock.patch.object(sys.modules[f"{app.import_name}.auth"], "utcnow", lambda: moment)


def table_counts(app) -> dict[str, int]:
    db = app.extensions["sqlalchemy"]
    with app.app_context():
        return {table: db.session.scalar(text(f"SELECT count(*) FROM {table}"))
                for table in ("users", "tasks", "tokens")}
