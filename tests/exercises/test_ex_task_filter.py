"""Exercise task_filter (step 08): ?completed=true|false filters the task list."""

import pytest

EXERCISE = "task_filter"


@pytest.fixture
def ada(client, accounts):
    """Ada, logged in, with two open tasks and one completed."""
    headers = accounts.headers("ada")
    for name, completed in [("write slides", False), ("book room", True), ("print badges", False)]:
        response = client.post("/api/v1/accounts/ada/tasks", headers=headers,
                               json={"name": name, "completed": completed})
        assert response.status_code == 201, f"creating a task failed: {response.json}"
    return headers


def names(response):
    return [task["name"] for task in response.json["tasks"]]


def test_completed_true_lists_only_completed_tasks(client, ada):
    """?completed=true lists only the completed tasks"""
    response = client.get("/api/v1/accounts/ada/tasks?completed=true", headers=ada)
    assert response.status_code == 200, f"the list should answer 200, not {response.status_code}"
    assert names(response) == ["book room"], (
        f"?completed=true should list only 'book room', not {names(response)}: "
        "in page_query(), add the condition Task.completed == completed when completed is not None"
    )
    assert response.json["total"] == 1, "total should count the filtered tasks only (1): task_total() has completed_count"


def test_completed_false_lists_only_open_tasks(client, ada):
    """?completed=false lists only the open tasks"""
    response = client.get("/api/v1/accounts/ada/tasks?completed=false", headers=ada)
    assert names(response) == ["write slides", "print badges"], (
        f"?completed=false should list the two open tasks, oldest first, not {names(response)}"
    )
    assert response.json["total"] == 2, "total should count the filtered tasks only (2): every task minus the completed ones"


def test_no_filter_lists_everything(client, ada):
    """without ?completed, every task is listed"""
    response = client.get("/api/v1/accounts/ada/tasks", headers=ada)
    assert names(response) == ["write slides", "book room", "print badges"], (
        f"without ?completed every task should be listed, not {names(response)}"
    )


def test_filter_and_pages_work_together(client, ada):
    """the filter applies before the page is cut"""
    response = client.get("/api/v1/accounts/ada/tasks?completed=false&per_page=1&page=2", headers=ada)
    assert names(response) == ["print badges"], (
        f"page 2 of the open tasks, one per page, should be 'print badges', not {names(response)}"
    )
    assert response.json["total"] == 2, "total should be 2 open tasks"


def test_bad_filter_value_is_400(client, ada):
    """?completed=maybe is a 400"""
    response = client.get("/api/v1/accounts/ada/tasks?completed=maybe", headers=ada)
    assert response.status_code == 400, f"?completed=maybe should be 400, not {response.status_code}"
