"""Exercise converters (step 02): int and uuid converters, and the free 404."""

import pytest

EXERCISE = "converters"
ADA = "0b6c3b5e-6f7a-4a8e-9a43-5f1c2f8d9e10"


def test_task_by_number(client):
    """GET /tasks/1 shows task 1"""
    response = client.get("/tasks/1")
    assert response.status_code == 200, (
        f"GET /tasks/1 should show task 1, but answers {response.status_code} {response.text!r}: "
        "the view still receives the text '1', and no task has that key"
    )
    assert response.text == "Task 1: Write the slides", f"GET /tasks/1 shows {response.text!r}"


@pytest.mark.parametrize("part", ["abc", "-1", "1.5"])
def test_task_id_that_is_not_a_whole_number_never_reaches_the_view(client, part):
    """/tasks/<not a whole number> is a 404 that the view never sees"""
    response = client.get(f"/tasks/{part}")
    assert response.status_code == 404, f"GET /tasks/{part} should be a 404, not {response.status_code}"
    assert "There is no task" not in response.text, (
        f"GET /tasks/{part} reached the view (it answered {response.text!r}): only whole numbers "
        "should match the rule, anything else should be Flask's own 404 page"
    )


def test_user_by_uuid(client):
    """GET /users/<ada's uuid> shows ada"""
    response = client.get(f"/users/{ADA}")
    assert response.status_code == 200 and response.text.endswith("is ada."), (
        f"GET /users/{ADA} should show ada, but answers {response.status_code} {response.text!r}"
    )


@pytest.mark.parametrize("part", ["42", "ada"])
def test_user_id_that_is_not_a_uuid_never_reaches_the_view(client, part):
    """/users/<not a uuid> is a 404 that the view never sees"""
    response = client.get(f"/users/{part}")
    assert response.status_code == 404 and "There is no user" not in response.text, (
        f"GET /users/{part} reached the view ({response.status_code} {response.text!r}): "
        "only a UUID should match the rule"
    )
