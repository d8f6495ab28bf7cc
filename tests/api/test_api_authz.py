"""Who may do what: every endpoint that needs a token, as nobody, as bob and as ada."""

from __future__ import annotations

import pytest

ENDPOINTS = [
    # method, path under /api/v1/accounts/ada, JSON body, status for ada herself
    ("GET", "", None, 200),
    ("PUT", "", {"email": "ada@lovelace.example", "current_password": "analytical"}, 200),
    ("DELETE", "", None, 204),
    ("GET", "/tasks", None, 200),
    ("POST", "/tasks", {"name": "Write the notes"}, 201),
    ("GET", "/tasks/{id}", None, 200),
    ("PUT", "/tasks/{id}", {"completed": True}, 200),
    ("DELETE", "/tasks/{id}", None, 204),
]
CALLERS = [
    # who calls, and the status they get if they are not ada
    ("nobody", 401),
    ("bob", 403),
    ("ada", None),
]


@pytest.fixture
def world(client, auth):
    """ada with one task, and bob; their Authorization headers."""
    headers = {"ada": auth.headers("ada"), "bob": auth.headers("bob"), "nobody": {}}
    task = client.post("/api/v1/accounts/ada/tasks", json={"name": "Bernoulli numbers"},
                       headers=headers["ada"]).json
    return headers, task


@pytest.mark.parametrize("caller, refused", CALLERS, ids=[c[0] for c in CALLERS])
@pytest.mark.parametrize("method, path, body, allowed", ENDPOINTS,
                         ids=[f"{e[0]} {e[1] or '/'}" for e in ENDPOINTS])
def test_only_the_owner_gets_in(client, world, caller, refused, method, path, body, allowed):
    headers, task = world
    url = "/api/v1/accounts/ada" + path.format(id=task["id"])
    response = client.open(url, method=method, json=body, headers=headers[caller])

    if caller == "ada":
        assert response.status_code == allowed
        return
    assert response.status_code == refused
    assert response.json["error"]["status"] == refused
    if refused == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    # Nothing of ada's leaks out, and nothing of hers changed.
    assert "Bernoulli" not in response.text and "ada@example.com" not in response.text
    check = client.get(f"/api/v1/accounts/ada/tasks/{task['id']}", headers=headers["ada"])
    assert check.json == task
    assert client.get("/api/v1/accounts/ada", headers=headers["ada"]).json["email"] == "ada@example.com"


def test_another_users_task_is_not_found_under_your_own_name(client, world, auth):
    headers, task = world
    # bob asks for ada's task id under his own account: it is not his, so not found.
    response = client.get(f"/api/v1/accounts/bob/tasks/{task['id']}", headers=headers["bob"])
    assert response.status_code == 404
    assert "Bernoulli" not in response.text


def test_the_username_in_the_url_ignores_case(client, world):
    headers, _ = world
    assert client.get("/api/v1/accounts/ADA", headers=headers["ada"]).status_code == 200
