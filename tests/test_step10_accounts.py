"""Step 10: accounts: who owns what. Hashed passwords and tokens, login_required, 401/403/404."""

import pytest
from sqlalchemy import text

STEP = "10"  # the app, client and runner fixtures of tests/conftest.py
ACCOUNTS = "/api/v1/accounts"


class AuthActions:
    """Register and log in through the API, as a client would (flaskr's auth fixture)."""

    def __init__(self, client):
        self.client = client

    def register(self, username="ada", password="analytical"):
        return self.client.post(ACCOUNTS, json={"username": username, "password": password,
                                                "email": f"{username}@example.com"})

    def headers(self, username="ada", password="analytical"):
        self.register(username, password)
        response = self.client.post(f"{ACCOUNTS}/login",
                                    json={"username": username, "password": password})
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}


@pytest.fixture
def auth(client):
    return AuthActions(client)


def rows(app, sql):
    with app.app_context():
        return app.extensions["sqlalchemy"].session.execute(text(sql)).all()


def test_register_answers_the_profile_and_stores_only_a_password_hash(app, auth):
    response = auth.register()
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/accounts/ada"
    assert set(response.json) == {"username", "email", "date_joined"}
    [(stored,)] = rows(app, "SELECT password_hash FROM users")
    assert "analytical" not in stored and stored.startswith("pbkdf2:sha256")


def test_a_taken_username_is_409_ignoring_case(auth):
    auth.register("ada")
    response = auth.register("ADA")
    assert response.status_code == 409 and "taken" in response.json["error"]["message"]


def test_login_gives_a_token_the_database_keeps_only_a_hash_of(app, client, auth):
    auth.register()
    response = client.post(f"{ACCOUNTS}/login", json={"username": "ada", "password": "analytical"})
    assert response.status_code == 200 and response.json["expires_at"].endswith("Z")
    token = response.json["token"]
    [(token_hash,)] = rows(app, "SELECT token_hash FROM tokens")
    assert token not in token_hash and len(token_hash) == 64


@pytest.mark.parametrize("body", [{"username": "ada", "password": "wrong password"},
                                  {"username": "nobody", "password": "analytical"}])
def test_wrong_credentials_get_one_and_the_same_401(client, auth, body):
    auth.register()
    response = client.post(f"{ACCOUNTS}/login", json=body)
    assert response.status_code == 401
    assert response.json["error"]["message"] == "Wrong username or password."


ENDPOINTS = [  # method, path under /api/v1/accounts/ada, body, status for ada herself
    ("GET", "", None, 200),
    ("PUT", "", {"email": "ada@lovelace.example", "current_password": "analytical"}, 200),
    ("DELETE", "", None, 204),
    ("GET", "/tasks", None, 200),
    ("POST", "/tasks", {"name": "Note G"}, 201),
    ("GET", "/tasks/{id}", None, 200),
    ("PUT", "/tasks/{id}", {"completed": True}, 200),
    ("DELETE", "/tasks/{id}", None, 204),
]


@pytest.mark.parametrize("caller, refused", [("nobody", 401), ("bob", 403), ("ada", None)])
@pytest.mark.parametrize("method, path, body, allowed", ENDPOINTS)
def test_the_authorisation_matrix(client, auth, caller, refused, method, path, body, allowed):
    headers = {"ada": auth.headers("ada"), "bob": auth.headers("bob"), "nobody": {}}
    task = client.post(f"{ACCOUNTS}/ada/tasks", json={"name": "Bernoulli"},
                       headers=headers["ada"]).json
    response = client.open(f"{ACCOUNTS}/ada{path.format(id=task['id'])}", method=method,
                           json=body, headers=headers[caller])
    if caller == "ada":
        assert response.status_code == allowed
        return
    assert response.status_code == refused and "Bernoulli" not in response.text
    if refused == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get(f"{ACCOUNTS}/ada/tasks/{task['id']}", headers=headers["ada"]).json == task


def test_someone_elses_task_under_your_own_name_is_not_found(client, auth):
    ada, bob = auth.headers("ada"), auth.headers("bob")
    task = client.post(f"{ACCOUNTS}/ada/tasks", json={"name": "ada's"}, headers=ada).json
    assert client.get(f"{ACCOUNTS}/bob/tasks/{task['id']}", headers=bob).status_code == 404
    assert client.get(f"{ACCOUNTS}/bob/tasks", headers=bob).json["total"] == 0


def test_logout_is_post_only_and_revokes_the_token(client, auth):
    headers = auth.headers()
    # GET /accounts/logout is the profile of an account called "logout": not yours.
    assert client.get(f"{ACCOUNTS}/logout", headers=headers).status_code == 403
    assert client.get(f"{ACCOUNTS}/ada", headers=headers).status_code == 200
    assert client.post(f"{ACCOUNTS}/logout", headers=headers).status_code == 204
    response = client.get(f"{ACCOUNTS}/ada", headers=headers)
    assert response.status_code == 401 and "invalid_token" in response.headers["WWW-Authenticate"]


def test_changing_password_or_email_needs_the_current_password(client, auth):
    headers = auth.headers()
    change = {"password": "difference engine"}
    missing = client.put(f"{ACCOUNTS}/ada", json=change, headers=headers)
    assert missing.status_code == 400 and list(missing.json["error"]["fields"]) == ["current_password"]
    wrong = client.put(f"{ACCOUNTS}/ada", json=change | {"current_password": "guess"}, headers=headers)
    assert wrong.status_code == 403
    right = client.put(f"{ACCOUNTS}/ada", json=change | {"current_password": "analytical"},
                       headers=headers)
    assert right.status_code == 200
    assert client.post(f"{ACCOUNTS}/login", json={"username": "ada",
                                                  "password": "difference engine"}).status_code == 200


def test_deleting_an_account_deletes_its_tasks_and_tokens(app, client, auth):
    headers = auth.headers()
    client.post(f"{ACCOUNTS}/ada/tasks", json={"name": "one"}, headers=headers)
    assert client.delete(f"{ACCOUNTS}/ada", headers=headers).status_code == 204
    assert [rows(app, f"SELECT count(*) FROM {table}")[0][0]
            for table in ("users", "tasks", "tokens")] == [0, 0, 0]
