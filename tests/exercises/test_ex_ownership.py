"""Exercise ownership (step 10): login_required sets g.user; 401, 403 and 404 per owner."""

import pytest

EXERCISE = "ownership"


@pytest.fixture
def token(client):
    """Register and log in a user; the Authorization header of their token."""
    def headers(username):
        client.post("/api/v1/accounts", json={"username": username, "password": "pw-" + username})
        response = client.post("/api/v1/tokens", json={"username": username, "password": "pw-" + username})
        return {"Authorization": f"Bearer {response.get_json()['token']}"}
    return headers


@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic YWRhOmFkYQ==", "Bearer "])
def test_no_valid_token_is_401(client, header):
    """without a valid bearer token, every task URL is a 401"""
    headers = {"Authorization": header} if header else {}
    for method, url in [("GET", "/api/v1/tasks"), ("POST", "/api/v1/tasks"), ("GET", "/api/v1/tasks/1")]:
        response = client.open(url, method=method, headers=headers, json={"name": "x"})
        assert response.status_code == 401, (
            f"{method} {url} with Authorization {header!r} answers {response.status_code}: "
            "a request without a valid token should be a 401"
        )


def test_pretending_to_be_someone_is_401(client, token):
    """?as=ada without ada's token does not make you ada"""
    token("ada")
    response = client.get("/api/v1/tasks?as=ada")
    assert response.status_code == 401, f"GET /api/v1/tasks?as=ada without a token answers {response.status_code}"


def test_own_tasks_work(client, token):
    """with your token you create, read, list and delete your tasks"""
    ada = token("ada")
    created = client.post("/api/v1/tasks", json={"name": "milk"}, headers=ada)
    assert created.status_code == 201 and created.get_json()["owner"] == "ada", (
        f"ada's POST should create a task owned by ada, got {created.status_code} {created.get_json()}"
    )
    assert client.get("/api/v1/tasks/1", headers=ada).status_code == 200
    assert [t["name"] for t in client.get("/api/v1/tasks", headers=ada).get_json()["tasks"]] == ["milk"]
    assert client.delete("/api/v1/tasks/1", headers=ada).status_code == 204


@pytest.mark.parametrize("method, status", [("GET", 404), ("DELETE", 404)])
def test_someone_elses_private_task_is_404(client, token, method, status):
    """another user's private task is a 404, as if it did not exist"""
    ada, grace = token("ada"), token("grace")
    client.post("/api/v1/tasks", json={"name": "secret"}, headers=ada)
    response = client.open("/api/v1/tasks/1", method=method, headers=grace)
    assert response.status_code == status, (
        f"{method} of ada's private task by grace answers {response.status_code}: it should be a {status}, "
        "the same as for a task that does not exist"
    )
    assert client.get("/api/v1/tasks/1", headers=ada).status_code == 200, "ada's task should still be there"


def test_someone_elses_public_task_can_be_read_not_deleted(client, token):
    """another user's public task: reading it works, deleting it is a 403"""
    ada, grace = token("ada"), token("grace")
    client.post("/api/v1/tasks", json={"name": "shared", "public": True}, headers=ada)
    assert client.get("/api/v1/tasks/1", headers=grace).status_code == 200, (
        "grace should be able to read ada's public task"
    )
    response = client.delete("/api/v1/tasks/1", headers=grace)
    assert response.status_code == 403, f"grace deleting ada's public task answers {response.status_code}, not 403"
    assert client.get("/api/v1/tasks/1", headers=ada).status_code == 200, (
        "ada's public task should survive grace's DELETE"
    )
    assert client.get("/api/v1/tasks", headers=grace).get_json()["tasks"] == [], "grace's list holds only grace's tasks"
