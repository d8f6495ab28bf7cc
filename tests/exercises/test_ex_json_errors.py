"""Exercise json_errors (step 06): one JSON error envelope for the API, HTML errors elsewhere."""

EXERCISE = "json_errors"


def test_unknown_task_is_a_json_404(client):
    """GET /api/tasks/99 is a JSON 404"""
    response = client.get("/api/tasks/99")
    assert response.status_code == 404, f"GET /api/tasks/99 should be 404, not {response.status_code}"
    assert response.is_json, (
        f"the 404 of an API URL should be JSON, not {response.mimetype}: "
        "register an error handler for HTTPException"
    )
    assert response.get_json() == {"error": {"status": 404, "message": "There is no task #99."}}, (
        f"the error should be {{'error': {{'status': 404, 'message': 'There is no task #99.'}}}}, "
        f"not {response.get_json()}"
    )


def test_unknown_api_url_is_a_json_404(client):
    """an API URL that does not exist is a JSON 404 too"""
    response = client.get("/api/nothing-here")
    assert response.status_code == 404 and response.is_json, "GET /api/nothing-here should be a JSON 404"
    assert response.get_json()["error"]["status"] == 404, "the envelope's status should be 404"


def test_405_keeps_its_allow_header(client):
    """a 405 from the API is JSON and keeps its Allow header"""
    response = client.delete("/api/tasks")
    assert response.status_code == 405, f"DELETE /api/tasks should be 405, not {response.status_code}"
    assert response.is_json, "the 405 should be JSON"
    assert set(response.headers.get("Allow", "").split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}, (
        "the JSON 405 lost its Allow header: start from error.get_response(), which keeps it"
    )


def test_415_is_json(client):
    """a non-JSON body sent to the API gets a JSON 415"""
    response = client.post("/api/tasks", data="name=x", content_type="text/plain")
    assert response.status_code == 415, f"a text/plain body should be 415, not {response.status_code}"
    assert response.is_json and response.get_json()["error"]["status"] == 415, "the 415 should be a JSON error"


def test_pages_keep_html_errors(client):
    """a page outside /api/ keeps Flask's HTML 404"""
    response = client.get("/nothing-here")
    assert response.status_code == 404, f"GET /nothing-here should be 404, not {response.status_code}"
    assert response.mimetype == "text/html", (
        f"errors outside /api/ should stay HTML pages, not {response.mimetype}: return the error unchanged"
    )
