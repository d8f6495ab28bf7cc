"""Exercise ownership (step 08): a user sees and changes only their own tasks."""

import pytest

EXERCISE = "ownership"


@pytest.fixture
def ada_task(client, accounts):
    """The URL id of a task of Ada's, and Ada's and Bob's login headers."""
    ada = accounts.headers("ada")
    bob = accounts.headers("bob")
    response = client.post("/api/v1/accounts/ada/tasks", headers=ada, json={"name": "ada's secret plan"})
    assert response.status_code == 201, f"creating Ada's task failed: {response.json}"
    return response.json["id"], ada, bob


def test_someone_elses_task_is_not_found(client, ada_task):
    """Bob cannot read Ada's task through his own account"""
    task_id, _, bob = ada_task
    response = client.get(f"/api/v1/accounts/bob/tasks/{task_id}", headers=bob)
    assert response.status_code == 404, (
        f"Bob read Ada's task {task_id} (answer {response.status_code}): own_task() must only find "
        "tasks whose user_id is the logged-in user's, and answer 404 for any other"
    )
    missing = client.get("/api/v1/accounts/bob/tasks/999", headers=bob)
    assert response.json["error"]["message"] == missing.json["error"]["message"].replace("999", str(task_id)), (
        "someone else's task should look exactly like a missing one"
    )


def test_someone_elses_task_cannot_be_changed(client, ada_task):
    """Bob cannot change Ada's task"""
    task_id, ada, bob = ada_task
    response = client.put(f"/api/v1/accounts/bob/tasks/{task_id}", headers=bob, json={"name": "hacked"})
    assert response.status_code == 404, f"Bob's PUT on Ada's task should be 404, not {response.status_code}"
    mine = client.get(f"/api/v1/accounts/ada/tasks/{task_id}", headers=ada)
    assert mine.json["name"] == "ada's secret plan", "Ada's task was changed by Bob"


def test_someone_elses_task_cannot_be_deleted(client, ada_task):
    """Bob cannot delete Ada's task"""
    task_id, ada, bob = ada_task
    response = client.delete(f"/api/v1/accounts/bob/tasks/{task_id}", headers=bob)
    assert response.status_code == 404, f"Bob's DELETE on Ada's task should be 404, not {response.status_code}"
    assert client.get(f"/api/v1/accounts/ada/tasks/{task_id}", headers=ada).status_code == 200, (
        "Ada's task was deleted by Bob"
    )


def test_owner_still_reaches_her_task(client, ada_task):
    """Ada reads, changes and deletes her own task"""
    task_id, ada, _ = ada_task
    url = f"/api/v1/accounts/ada/tasks/{task_id}"
    assert client.get(url, headers=ada).status_code == 200, "Ada should read her own task"
    assert client.put(url, headers=ada, json={"completed": True}).json["completed"] is True, (
        "Ada should be able to complete her own task"
    )
    assert client.delete(url, headers=ada).status_code == 204, "Ada should be able to delete her own task"


def test_another_account_is_forbidden(client, ada_task):
    """Bob cannot use Ada's account URLs at all"""
    task_id, _, bob = ada_task
    response = client.get(f"/api/v1/accounts/ada/tasks/{task_id}", headers=bob)
    assert response.status_code == 403, f"Bob on /accounts/ada/… should be 403, not {response.status_code}"
