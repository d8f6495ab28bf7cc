"""Exercise method_views (step 03): one view per method; Flask answers 405 for the others."""

import pytest

EXERCISE = "method_views"


def test_get_and_post_each_have_their_answer(client):
    """GET /tasks lists, POST /tasks creates"""
    assert client.get("/tasks").text == "All the tasks.", "GET /tasks should answer 'All the tasks.'"
    assert client.post("/tasks").text == "Pretending to create a task.", (
        "POST /tasks should answer 'Pretending to create a task.'"
    )


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_other_methods_are_405_with_allow(client, method):
    """other methods on /tasks get 405 Method Not Allowed with an Allow header"""
    response = client.open("/tasks", method=method)
    assert response.status_code == 405, (
        f"{method} /tasks answers {response.status_code}; it should be 405 Method Not Allowed. "
        "A 200 with 'not allowed' in the body tells the client it worked"
    )
    allowed = set(response.headers.get("Allow", "").split(", "))
    assert allowed == {"GET", "HEAD", "OPTIONS", "POST"}, (
        f"the Allow header of the 405 should list GET, HEAD, OPTIONS and POST, not {sorted(allowed)}"
    )


def test_one_view_per_method(app):
    """list_tasks answers GET and create_task answers POST"""
    rules = {rule.endpoint: rule.methods - {"HEAD", "OPTIONS"}
             for rule in app.url_map.iter_rules() if rule.rule == "/tasks"}
    assert rules == {"list_tasks": {"GET"}, "create_task": {"POST"}}, (
        f"/tasks should have two views, list_tasks for GET and create_task for POST "
        f"(@app.get and @app.post); it has {rules}"
    )


def test_head_is_a_get_without_body(client):
    """HEAD /tasks works by itself"""
    response = client.head("/tasks")
    assert response.status_code == 200, "HEAD /tasks should answer 200: Flask answers HEAD for every GET"
    assert response.data == b"", "the answer to HEAD has no body"
