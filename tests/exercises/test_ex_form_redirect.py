"""Exercise form_redirect (step 05): validate the form, 400, and redirect after POST."""

import pytest

EXERCISE = "form_redirect"


def test_a_good_name_redirects_to_the_list(client):
    """a POST with a name adds it and redirects (303) to the list"""
    response = client.post("/tasks", data={"name": "  Print badges  "})
    assert response.status_code == 303, (
        f"POST /tasks answers {response.status_code}: after a successful POST the browser should be sent "
        "to the list (303 See Other), so that a reload does not post the form again"
    )
    assert response.headers["Location"] == "/tasks", (
        f"the redirect goes to {response.headers['Location']!r}, not /tasks"
    )
    assert "<li>Print badges</li>" in client.get("/tasks").text, "the list should show the new task, without its spaces"


def test_redirect_is_built_with_url_for(client):
    """mounted under /todo, the redirect goes to /todo/tasks"""
    response = client.post("/tasks", data={"name": "x"}, base_url="http://localhost/todo/")
    assert response.headers.get("Location") == "/todo/tasks", (
        f"served under /todo, the redirect goes to {response.headers.get('Location')!r}: a URL typed by hand "
        "does not know where the app is mounted; url_for() does"
    )


@pytest.mark.parametrize("form", [{}, {"name": ""}, {"name": "   "}])
def test_no_name_is_400(client, form):
    """a POST without a name, or with only spaces, is a 400 and adds nothing"""
    response = client.post("/tasks", data=form)
    assert response.status_code == 400, f"POST /tasks with {form} answers {response.status_code}, not 400"
    assert "A task needs a name." in response.text, "the 400 should say 'A task needs a name.'"
    assert client.get("/tasks").text.count("<li>") == 1, "a refused POST should add no task"
