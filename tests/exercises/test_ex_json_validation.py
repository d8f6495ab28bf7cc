"""Exercise json_validation (step 06): check the JSON a client sends, answer 400 with a reason."""

import pytest

EXERCISE = "json_validation"


def error_message(response):
    body = response.get_json(silent=True) or {}
    return str(body.get("error", {}).get("message", ""))


def test_valid_task_is_created(client):
    """POST /api/tasks with a name creates the task"""
    response = client.post("/api/tasks", json={"name": "  buy milk ", "note": "semi-skimmed"})
    assert response.status_code == 200, f"a valid task should be created, not answered {response.status_code}"
    task = response.get_json()
    assert task == {"id": 4, "name": "buy milk", "done": False, "note": "semi-skimmed"}, (
        f"the new task should come back with its name stripped, got {task}"
    )


@pytest.mark.parametrize("body, field", [
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"note": "no name"}, "name"),
    ({"name": 42}, "name"),
    ({"name": "ok", "note": 5}, "note"),
    (["name", "buy milk"], "object"),
    ("buy milk", "object"),
])
def test_bad_fields_are_400_with_a_reason(client, body, field):
    """a body with a missing or wrong field is refused with 400 and says which"""
    response = client.post("/api/tasks", json=body)
    assert response.status_code == 400, (
        f"POST /api/tasks with {body!r} should be 400 Bad Request, not {response.status_code}"
    )
    assert field in error_message(response), (
        f"the 400 for {body!r} should say what is wrong (mention {field!r}), "
        f"its message is {error_message(response)!r}"
    )


def test_not_json_is_415(client):
    """a form instead of JSON is 415"""
    response = client.post("/api/tasks", data={"name": "buy milk"})
    assert response.status_code == 415, f"a form body should be 415 Unsupported Media Type, not {response.status_code}"


def test_malformed_json_is_400(client):
    """malformed JSON is 400"""
    response = client.post("/api/tasks", data="{name: oops", content_type="application/json")
    assert response.status_code == 400, f"malformed JSON should be 400, not {response.status_code}"
