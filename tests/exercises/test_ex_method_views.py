"""Exercise method_views (step 03): one view per method, and Flask's automatic 405."""

import pytest

EXERCISE = "method_views"


def test_get_and_post_still_work(client):
    """GET /tasks lists and POST /tasks creates, as before"""
    assert client.get("/tasks").text == "All the tasks.", "GET /tasks should answer 'All the tasks.'"
    response = client.post("/tasks")
    assert response.status_code == 200 and response.text == "Pretending to create a task.", (
        f"POST /tasks should answer 'Pretending to create a task.', got {response.status_code} {response.text!r}"
    )


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405_with_allow(client, method):
    """a method /tasks does not support is a 405 with an Allow header"""
    response = client.open("/tasks", method=method)
    assert response.status_code == 405, (
        f"{method} /tasks answers {response.status_code} {response.text[:60]!r}: a client reads that as "
        "success; a method the URL does not support should be 405 Method Not Allowed"
    )
    allowed = {m.strip() for m in response.headers.get("Allow", "").split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS", "POST"}, (
        f"the 405's Allow header should list GET, HEAD, OPTIONS, POST, not {response.headers.get('Allow')!r}"
    )


def test_head_and_options_still_answer(client):
    """HEAD and OPTIONS /tasks still answer 200"""
    head = client.head("/tasks")
    assert head.status_code == 200 and head.data == b"", "HEAD /tasks should answer 200 without a body"
    options = client.options("/tasks")
    assert options.status_code == 200 and "POST" in options.headers.get("Allow", ""), (
        "OPTIONS /tasks should answer 200 with an Allow header naming POST"
    )
