"""Step 03: methods, one view per method, automatic 405, HEAD and OPTIONS."""

import pytest

STEP = "03_methods"


def test_one_view_branches_on_the_method(client):
    assert client.get("/login").text == "Pretending to show the login form."
    assert client.post("/login").text.startswith("Pretending to log you in")


@pytest.mark.parametrize(
    "method, url, body",
    [
        ("GET", "/tasks", "All the tasks."),
        ("POST", "/tasks", "Pretending to create a task."),
        ("PUT", "/tasks/7", "Pretending to replace task #7."),
        ("DELETE", "/tasks/7", "Pretending to delete task #7."),
        ("GET", "/tasks/7", "Task #7"),
    ],
)
def test_each_method_has_its_own_view(client, method, url, body):
    response = client.open(url, method=method)
    assert response.status_code == 200
    assert response.text == body


@pytest.mark.parametrize(
    "method, url, allowed",
    [
        ("DELETE", "/tasks", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("PUT", "/login", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("POST", "/tasks/7", {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}),
        ("POST", "/about", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_wrong_method_is_405_with_allow_header(client, method, url, allowed):
    response = client.open(url, method=method)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == allowed


def test_head_is_a_get_without_body(client):
    response = client.head("/tasks")
    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["Content-Length"] == str(len("All the tasks."))


def test_head_is_answered_only_where_get_is(app, client):
    # HEAD comes with GET: a URL that only takes POST refuses HEAD, but OPTIONS still answers.
    @app.post("/only-post")
    def only_post():
        return "posted"

    response = client.head("/only-post")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
    assert client.options("/only-post").status_code == 200


def test_options_lists_the_allowed_methods(client):
    response = client.options("/tasks")
    assert response.status_code == 200
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}


def test_unknown_method_is_not_allowed(client):
    # "PUTS" is not a method: the server refuses it instead of guessing.
    assert client.open("/tasks/7", method="PUTS").status_code == 405
