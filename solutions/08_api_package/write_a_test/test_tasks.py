"""Tests of the to-do API's POST /api/v1/tasks.

Run them from this folder: python -m pytest
"""


def test_list_starts_empty(client):
    response = client.get("/api/v1/tasks")
    assert response.status_code == 200
    assert response.get_json() == {"tasks": []}


def test_create_task(client):
    response = client.post("/api/v1/tasks", json={"name": "buy milk"})
    assert response.status_code == 201
    assert response.get_json()["name"] == "buy milk"
    listed = client.get("/api/v1/tasks").get_json()["tasks"]
    assert [task["name"] for task in listed] == ["buy milk"]


def test_create_task_needs_a_name(client):
    response = client.post("/api/v1/tasks", json={"note": "no name"})
    assert response.status_code == 400
    assert "name" in response.get_json()["error"]["fields"]
    assert client.get("/api/v1/tasks").get_json() == {"tasks": []}
