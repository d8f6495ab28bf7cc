"""Exercise converters (step 02): int and uuid converters give a 404 for other values."""

import pytest

EXERCISE = "converters"
SOME_UUID = "0d6bd5d4-6a8b-4a4a-9a47-2c2a4f3b8e3e"


def test_task_number_is_shown(client):
    """GET /tasks/7 shows task 7"""
    response = client.get("/tasks/7")
    assert response.status_code == 200, f"GET /tasks/7 should answer 200, not {response.status_code}"
    assert response.text == "Task #7", f"GET /tasks/7 should say 'Task #7', not {response.text[:80]!r}"


@pytest.mark.parametrize("value", ["abc", "7.5", "-3"])
def test_task_id_that_is_not_a_whole_number_is_404(client, value):
    """/tasks/<not a whole number> is a 404"""
    response = client.get(f"/tasks/{value}")
    assert response.status_code == 404, (
        f"GET /tasks/{value} should be 404, not {response.status_code}: "
        f"the int converter refuses {value!r}, so the view never runs"
    )


def test_view_gets_an_int(app):
    """the view receives the task id as an int"""
    adapter = app.url_map.bind("localhost")
    endpoint, values = adapter.match("/tasks/42")
    assert values["task_id"] == 42, (
        f"the route hands show_task {values['task_id']!r}, a {type(values['task_id']).__name__}; "
        "with the int converter it gets the number 42"
    )


def test_user_id_is_a_uuid(client):
    """GET /users/<uuid> hands the view a UUID object"""
    response = client.get(f"/users/{SOME_UUID}")
    assert response.status_code == 200, f"GET /users/{SOME_UUID} should answer 200, not {response.status_code}"
    assert response.text == f"User {SOME_UUID} (a UUID)", (
        f"show_user should receive a UUID object (the uuid converter), but the page says {response.text!r}"
    )


@pytest.mark.parametrize("value", ["42", "not-a-uuid"])
def test_user_id_that_is_not_a_uuid_is_404(client, value):
    """/users/<not a uuid> is a 404"""
    response = client.get(f"/users/{value}")
    assert response.status_code == 404, (
        f"GET /users/{value} should be 404, not {response.status_code}: the uuid converter refuses it"
    )
