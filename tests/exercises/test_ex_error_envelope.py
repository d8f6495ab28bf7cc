"""Exercise error_envelope (step 08): every error in one JSON shape."""

import pytest

EXERCISE = "error_envelope"


def envelope(response, status):
    assert response.status_code == status, f"expected {status}, got {response.status_code}"
    assert response.is_json, (
        f"the {status} answers {response.mimetype}, not JSON: an API client cannot read an HTML error page"
    )
    body = response.get_json()
    assert isinstance(body, dict) and set(body) == {"error"}, f"the body should be {{'error': {{...}}}}, not {body}"
    return body["error"]


def test_404_of_a_view(client):
    """GET /api/v1/tasks/9 answers the envelope with status 404 and the view's message"""
    error = envelope(client.get("/api/v1/tasks/9"), 404)
    assert error == {"status": 404, "message": "There is no task 9."}, f"the 404's envelope is {error}"


def test_url_that_does_not_exist(client):
    """a URL the API does not have answers the envelope too"""
    error = envelope(client.get("/api/v1/nothing-here"), 404)
    assert error["status"] == 404 and error["message"], f"the 404's envelope is {error}"


def test_validation_error_names_the_fields(client):
    """a task without a name, with a number as note: 400 naming both fields"""
    error = envelope(client.post("/api/v1/tasks", json={"note": 3}), 400)
    assert error.get("fields") == {"name": "A task needs a name.", "note": "A note is text."}, (
        f"the 400's envelope should name each bad field under 'fields', it is {error}"
    )
    assert error["status"] == 400 and error["message"] == "Some fields are not valid."


@pytest.mark.parametrize("method", ["DELETE", "PUT"])
def test_405_keeps_allow(client, method):
    """a 405 answers the envelope and keeps its Allow header"""
    response = client.open("/api/v1/tasks", method=method)
    error = envelope(response, 405)
    assert "fields" not in error, "only a validation error has fields"
    assert "POST" in response.headers.get("Allow", ""), (
        f"the 405 lost its Allow header ({response.headers.get('Allow')!r}): "
        "clients read it to learn what the URL accepts"
    )


def test_success_is_untouched(client):
    """a good request still answers 201 with the task"""
    response = client.post("/api/v1/tasks", json={"name": "milk"})
    assert response.status_code == 201 and response.get_json()["name"] == "milk"
